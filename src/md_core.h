/*
 * md_core.h - the Segment -> Matomo mapping (the whole of it lives behind this header).
 *
 * Memory: every buffer this API returns is allocated with malloc() and owned by the caller,
 * who releases it with free(). Inputs are borrowed for the duration of the call only and need
 * not be NUL-terminated. The core never prints, exits or aborts; failure is a NULL return.
 * All text in and out is UTF-8; all structured data in and out is JSON.
 *
 * Input contract: a Segment event as JSON. The core reads only the fields listed by
 * md_event_fields(); everything else may be left out by the caller.
 *
 * Output contract: a JSON array of Matomo `_paq` commands, each an array whose first element
 * is the tracker method name. A `null` argument stands for "undefined" (an argument that must
 * not be sent); trailing missing arguments are left out entirely.
 */
#ifndef MD_CORE_H
#define MD_CORE_H

#include <stddef.h>

/* A loaded, validated destination configuration. Opaque. */
typedef struct md_destination md_destination;

/* What md_translate() should translate. */
typedef enum md_call {
    MD_CALL_SETUP = 0,    /* start-up commands; the event is ignored */
    MD_CALL_PAGE = 1,     /* Segment page() */
    MD_CALL_IDENTIFY = 2, /* Segment identify() */
    MD_CALL_TRACK = 3     /* Segment track() */
} md_call;

/* Parses and validates settings JSON. Returns NULL when they are refused; then, when 'error' is
 * not NULL, a NUL-terminated message naming the setting and the fix is written to it (cut to
 * 'error_size' bytes). Free the result with md_destination_free(). */
md_destination *md_destination_create(const char *settings_json, size_t length, char *error,
                                      size_t error_size);

/* Releases a destination. No operation is performed if 'destination' is NULL. */
void md_destination_free(md_destination *destination);

/* Translates one call. 'event_json' may be NULL for MD_CALL_SETUP; an event that is not a JSON
 * object translates to no command. Returns a NUL-terminated JSON array of commands whose length
 * is stored in '*length' (when not NULL); NULL only when memory ran out. Caller frees. */
char *md_translate(const md_destination *destination, md_call call, const char *event_json,
                   size_t length, size_t *length_out);

/* The goal ids an event name fires, as a NUL-terminated JSON array of numbers (maybe empty).
 * NULL only when memory ran out. Caller frees. */
char *md_map_goal(const md_destination *destination, const char *event_name, size_t length,
                  size_t *length_out);

/* The URL of the tracker script to load (NUL-terminated; owned by 'destination', valid until
 * md_destination_free()). */
const char *md_script_url(const md_destination *destination);

/* The event fields the core reads, as a static NUL-terminated JSON object: a key maps to 1 when
 * its whole value is read, or to an object listing the sub-fields read. Not to be freed. */
const char *md_event_fields(void);

/* Host hooks: the core's number conversions handle the common exact cases themselves and hand
 * the rare rest to these, which each platform binding implements. */

/* Converts the 'length' bytes at 'text' (a JSON number) to the nearest double. */
double md_host_parse_number(const char *text, size_t length);

/* Writes the shortest decimal text that reads back as 'value' (finite) into 'out', which holds
 * at least 32 bytes, and returns its length; the caller adds the terminating NUL. */
size_t md_host_format_number(double value, char *out);

#endif
