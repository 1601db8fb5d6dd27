/*
 * md_wasm.c - the WebAssembly binding: every export of the module (listed in exports.txt). With
 * md_wasm_alloc.c (the allocator) and md_wasm_host.c (the host imports), the only code that
 * knows it runs as wasm.
 *
 * Exports are internal to the JS shim (js/translator.js), not public API.
 *
 * Memory: one module instance holds one destination (one translator). The destination and its
 * state live below the allocator's floor; everything above it belongs to the current call and
 * is released all at once by mdw_release() or the next mdw_input(). Every pointer an export
 * returns points into that per-call memory (or static memory, where said) and is valid until
 * then; the shim never frees anything itself.
 */
#include <stddef.h>
#include <stdlib.h>

#include "md_core.h"
#include "wasm/md_wasm_alloc.h"

static md_destination *mdw_destination;
static char mdw_error_text[512];
static size_t mdw_output_size;

/* Releases all per-call memory. */
void mdw_release(void)
{
    mdw_alloc_release();
}

/* Releases all per-call memory, then returns 'size' bytes for the caller to fill with the input
 * of its next call (NULL when memory runs out). */
char *mdw_input(size_t size)
{
    mdw_alloc_release();
    return (char *)malloc(size);
}

/* Loads the settings JSON (once per instance). Returns 1, or 0 with mdw_error() set. The memory
 * used so far becomes permanent. */
int mdw_settings(const char *json, size_t length)
{
    if (mdw_destination != NULL) {
        return 1;
    }
    mdw_destination = md_destination_create(json, length, mdw_error_text, sizeof mdw_error_text);
    mdw_alloc_keep();
    return mdw_destination != NULL;
}

/* The message of the last refused mdw_settings() (static, NUL-terminated). */
const char *mdw_error(void)
{
    return mdw_error_text;
}

/* The unknown-settings warning, "" when none (owned by the destination, NUL-terminated). */
const char *mdw_warnings(void)
{
    return mdw_destination ? md_warnings(mdw_destination) : "";
}

/* The byte length of the last output (without its NUL). */
size_t mdw_output_length(void)
{
    return mdw_output_size;
}

/* The call table with the fields each call reads (md_event_fields), NUL-terminated JSON. */
char *mdw_calls(void)
{
    mdw_output_size = 0;
    return mdw_destination ? md_event_fields(mdw_destination, &mdw_output_size) : NULL;
}

/* Translates call number 'call' of the table for the event JSON at 'event'. NUL-terminated JSON,
 * or NULL (no settings, no such call, or out of memory). */
char *mdw_translate(int call, const char *event, size_t length)
{
    mdw_output_size = 0;
    return mdw_destination ? md_translate(mdw_destination, call, event, length, &mdw_output_size)
                           : NULL;
}

/* Whether a call's event named by the input at 'name' reads all of the call's fields
 * (md_reads_all_fields; 1 before the settings are loaded). */
int mdw_reads_all_fields(int call, const char *name, size_t length)
{
    return mdw_destination ? md_reads_all_fields(mdw_destination, call, name, length) : 1;
}

char *mdw_map_goal(const char *name, size_t length)
{
    mdw_output_size = 0;
    return mdw_destination ? md_map_goal(mdw_destination, name, length, &mdw_output_size) : NULL;
}

/* The tracker script URL (owned by the destination, NUL-terminated). */
const char *mdw_script_url(void)
{
    return mdw_destination ? md_script_url(mdw_destination) : "";
}

/* The remembered cart as JSON (md_cart_export), NUL-terminated in per-call memory; NULL when it
 * may not be stored or memory ran out. */
char *mdw_cart_export(void)
{
    mdw_output_size = 0;
    if (mdw_destination == NULL || !md_cart_storable(mdw_destination)) {
        return NULL;
    }
    return md_cart_export(mdw_destination, &mdw_output_size);
}

/* 'size' bytes of per-call memory, without releasing any (NULL when memory runs out): where the
 * shim puts a stored cart for mdw_cart_import, also during env.read_cart (md_host_read_stored),
 * in the middle of a call. */
char *mdw_cart_space(size_t size)
{
    return (char *)malloc(size);
}

/* Replaces the remembered cart with the stored JSON at 'json' (md_cart_import). */
void mdw_cart_import(const char *json, size_t length)
{
    if (mdw_destination != NULL) {
        md_cart_import(mdw_destination, json, length);
    }
}

/* Changes whenever the remembered cart or a due new visit does (md_cart_version). */
unsigned mdw_cart_version(void)
{
    return mdw_destination ? md_cart_version(mdw_destination) : 0;
}

/* 1 while a reset's new visit is due (md_new_visit_due): the shim stores it beside the cart. */
int mdw_new_visit_due(void)
{
    return mdw_destination ? md_new_visit_due(mdw_destination) : 0;
}

/* Seconds to wait for the tracker script (0 before settings are loaded). */
int mdw_script_timeout(void)
{
    return mdw_destination ? md_script_timeout(mdw_destination) : 0;
}

/* The site id as decimal text (owned by the destination, NUL-terminated). */
const char *mdw_site_id(void)
{
    return mdw_destination ? md_site_id(mdw_destination) : "";
}

/* The nonce for the tracker script tag, "" when the settings give none (owned by the
 * destination, NUL-terminated). */
const char *mdw_script_nonce(void)
{
    return mdw_destination ? md_script_nonce(mdw_destination) : "";
}
