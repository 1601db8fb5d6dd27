/*
 * md_core.h - the Segment -> Matomo mapping (the whole of it lives behind this header).
 *
 * Memory: every buffer this API returns is allocated with malloc() and owned by the caller,
 * who releases it with free(), unless its prototype says it is owned by the destination.
 * Inputs are borrowed for the duration of the call only and need not be NUL-terminated. The
 * core never prints, exits or aborts; failure is a NULL return. All text in and out is UTF-8;
 * all structured data in and out is JSON. Built with MD_PER_CALL_ARENA defined (the wasm build,
 * whose allocator releases all of a call's memory at once after it: src/wasm/md_wasm_alloc.c),
 * md_translate() leaves its event tree to that release instead of freeing it node by node.
 *
 * State: a destination is one translator instance. It holds the validated settings and the
 * state kept between its calls (the URL the last page view sent, a new visit due after a reset,
 * the visit dimensions it set, the cart, the consent it gave, a product view not yet recorded, a
 * page view held for a product view: `md_state` in md_internal.h; the rules of what the tracker
 * keeps are src/state/md_tracker.c). That state is created empty by
 * md_destination_create(), changed only by md_translate() on the same destination, and freed by
 * md_destination_free(); two destinations share nothing, so two translators on one page are
 * independent. A destination is not thread-safe: one call at a time.
 *
 * Input contract: a Segment event as JSON. For each call the core reads only the fields listed
 * by md_event_fields(); everything else may be left out by the caller.
 *
 * Output contract: a JSON array of Matomo `_paq` commands, each an array whose first element
 * is the tracker method name. A `null` argument stands for "undefined" (an argument that must
 * not be sent); trailing missing arguments are left out entirely.
 */
#ifndef MD_CORE_H
#define MD_CORE_H

#include <stddef.h>

/* A loaded, validated destination configuration and its state. Opaque. */
typedef struct md_destination md_destination;

/* Parses and validates settings JSON. Returns NULL when they are refused; then, when 'error' is
 * not NULL, a NUL-terminated message naming the setting and the fix is written to it (cut to
 * 'error_size' bytes, on a character boundary). Free the result with md_destination_free(). */
md_destination *md_destination_create(const char *settings_json, size_t length, char *error,
                                      size_t error_size);

/* Releases a destination and its state. No operation is performed if 'destination' is NULL. */
void md_destination_free(md_destination *destination);

/* The index of the call named 'name' ("setup", "page", "identify", "track", "group", "alias",
 * "reset", ...: the rows of the call table), or -1 when there is none. */
int md_call_find(const char *name, size_t length);

/* Translates one call (an index from md_call_find() or md_event_fields()). 'event_json' may be
 * NULL for calls that read no event; for the others, an event that is not a JSON object
 * translates to no command. Returns a NUL-terminated JSON array of commands whose length is
 * stored in '*length_out' (when not NULL); NULL only when memory ran out or there is no such
 * call. Caller frees. */
char *md_translate(md_destination *destination, int call, const char *event_json, size_t length,
                   size_t *length_out);

/* The call table as JSON: {"calls": [[name, fields, dimensions, lean], ...], "paths": [...]},
 * calls in index order. 'fields' is null for a call that reads no event, or an object whose key
 * maps to 1 when its whole value is read, or to an object listing the sub-fields read;
 * 'dimensions' is 1 when the call also reads every dotted path of "paths" (those the dimension
 * and consent settings name); 'lean' is null, or the part of 'fields' that an event reads when
 * md_reads_all_fields() says no for its name. Beside them, what the host needs to know of the
 * tracker: "keepPlace", the methods a call may write that change a state the tracker keeps (user
 * id, consent, cookie consent), each with the number of its state: before the tracker has
 * started, which applies some of them first, each change after the first of its state must keep
 * its place (the host pushes it as a function command); "productViewWait", the ms a held page view may wait (the host calls "flush" then);
 * "trackers", 2 when commands run on more than one tracker (a command's custom data is then
 * handed to each tracker as its own copy: the tracker deletes the keys it sends); "doNotTrack",
 * 1 when a browser that asks not to be tracked gets nothing sent and nothing stored.
 * NULL only when memory ran out. Caller frees. */
char *md_event_fields(const md_destination *destination, size_t *length_out);

/* Whether an event of call 'call' whose "event" field is the 'length' bytes at 'event_name'
 * reads all of the call's fields (1), or only its lean ones (0: see md_event_fields()). 1 for
 * a call without lean fields, and when memory runs out. */
int md_reads_all_fields(const md_destination *destination, int call, const char *event_name,
                        size_t length);

/* The goal ids an event name fires, as a NUL-terminated JSON array of numbers (maybe empty).
 * NULL only when memory ran out. Caller frees. */
char *md_map_goal(const md_destination *destination, const char *event_name, size_t length,
                  size_t *length_out);

/* The URL of the tracker script to load (NUL-terminated; owned by 'destination', valid until
 * md_destination_free()). */
const char *md_script_url(const md_destination *destination);

/* What the settings had that the core does not use, as one NUL-terminated message ("" when
 * nothing): the unknown setting names, each with the closest known name when there is one.
 * Owned by 'destination', valid until md_destination_free(). */
const char *md_warnings(const md_destination *destination);

/* The remembered cart (kept between calls, and across page loads by the host) as JSON:
 * [[sku, name, category, price or null, quantity], ...]. NULL only when memory ran out.
 * Caller frees. */
char *md_cart_export(const md_destination *destination, size_t *length_out);

/* Replaces the remembered cart with one the host stored (JSON as md_cart_export() gives it).
 * Anything malformed or past the bounds is skipped; never fails. */
void md_cart_import(md_destination *destination, const char *json, size_t length);

/* Whether a reset's new visit is still due (its next hit not sent yet): the host stores this
 * with the cart, and hands it to the next page (md_host_read_stored), so that a logout followed
 * at once by a navigation still starts a new visit there. */
int md_new_visit_due(const md_destination *destination);

/* A number that changes whenever the remembered cart or md_new_visit_due() changes: the host
 * stores them then. */
unsigned md_cart_version(const md_destination *destination);

/* Whether the remembered cart may be stored by the host (0 when the settings forbid cookies or
 * consent is required and not given). */
int md_cart_storable(const md_destination *destination);

/* The nonce attribute for the tracker script tag, "" when the settings give none (owned by
 * 'destination'). */
const char *md_script_nonce(const md_destination *destination);

/* How many seconds the host waits for the tracker script before it reports that the script did
 * not load and lets go of the calls it holds for it (setting "scriptTimeout"). */
int md_script_timeout(const md_destination *destination);
/* The site id as decimal text (owned by 'destination'). */
const char *md_site_id(const md_destination *destination);

#endif
