/*
 * md_wasm.c - the WebAssembly binding: every export of the module (listed in exports.txt), the
 * two host imports, and the module's allocator. The only file that knows it runs as wasm.
 *
 * Exports are internal to the JS shim (js/translator.js), not public API.
 *
 * Memory: one module instance holds one destination. Memory below the "floor" holds that
 * destination; everything above it belongs to the current call and is released all at once by
 * mdw_release() or the next mdw_input(). Every pointer an export returns points into that
 * per-call memory and is valid until then; the shim never frees anything itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "md_core.h"

/* ---- host imports (module "env") ---- */

__attribute__((import_module("env"), import_name("parse_number"))) double
mdw_host_parse_number(const char *text, size_t length);

__attribute__((import_module("env"), import_name("format_number"))) size_t
mdw_host_format_number(double value, char *out);

double md_host_parse_number(const char *text, size_t length)
{
    return mdw_host_parse_number(text, length);
}

size_t md_host_format_number(double value, char *out)
{
    return mdw_host_format_number(value, out);
}

/* ---- allocator: a bump allocator with a floor ----
 * Each block is preceded by its size. free() takes back only the most recent block (enough for
 * the core's parse/free pattern); everything else waits for the floor reset. */

#define MDW_ALIGN 8
#define MDW_PAGE 65536

extern unsigned char __heap_base;

static uintptr_t mdw_top;   /* first free byte */
static uintptr_t mdw_floor; /* per-call memory starts here */
static uintptr_t mdw_end;   /* end of linear memory, as last seen */

static uintptr_t mdw_align(uintptr_t address)
{
    return (address + (MDW_ALIGN - 1)) & ~(uintptr_t)(MDW_ALIGN - 1);
}

static void mdw_start(void)
{
    if (mdw_top == 0) {
        mdw_top = mdw_floor = mdw_align((uintptr_t)&__heap_base);
    }
}

void *malloc(size_t size)
{
    uintptr_t block;
    uintptr_t end;
    uintptr_t available;

    mdw_start();
    if (size > 0x40000000u) {
        return NULL;
    }
    block = mdw_top + MDW_ALIGN;
    end = mdw_align(block + size);
    if (end > mdw_end) {
        available = (uintptr_t)__builtin_wasm_memory_size(0) * MDW_PAGE;
        if (end > available &&
            __builtin_wasm_memory_grow(0, (end - available + MDW_PAGE - 1) / MDW_PAGE) ==
                (size_t)-1) {
            return NULL;
        }
        mdw_end = (uintptr_t)__builtin_wasm_memory_size(0) * MDW_PAGE;
    }
    *(size_t *)(block - sizeof(size_t)) = size;
    mdw_top = end;
    return (void *)block;
}

void free(void *pointer)
{
    uintptr_t block = (uintptr_t)pointer;
    if (pointer != NULL && mdw_align(block + *(size_t *)(block - sizeof(size_t))) == mdw_top &&
        block - MDW_ALIGN >= mdw_floor) {
        mdw_top = block - MDW_ALIGN;
    }
}

void *realloc(void *pointer, size_t size)
{
    uintptr_t block = (uintptr_t)pointer;
    size_t old_size;
    void *moved;

    if (pointer == NULL) {
        return malloc(size);
    }
    old_size = *(size_t *)(block - sizeof(size_t));
    if (mdw_align(block + old_size) == mdw_top) {
        /* the last block grows in place */
        mdw_top = block - MDW_ALIGN;
        moved = malloc(size);
        return moved; /* same address: the contents stay */
    }
    moved = malloc(size);
    if (moved != NULL) {
        memcpy(moved, pointer, old_size < size ? old_size : size);
    }
    return moved;
}

void *calloc(size_t count, size_t size)
{
    void *block;
    if (size != 0 && count > (size_t)-1 / size) {
        return NULL;
    }
    block = malloc(count * size);
    if (block != NULL) {
        memset(block, 0, count * size);
    }
    return block;
}

/* ---- exports ---- */

static md_destination *mdw_destination;
static char mdw_error_text[512];
static size_t mdw_output_size;

/* Releases all per-call memory. */
void mdw_release(void)
{
    mdw_start();
    mdw_top = mdw_floor;
}

/* Releases all per-call memory, then returns 'size' bytes for the caller to fill with the input
 * of its next call (NULL when memory runs out). */
char *mdw_input(size_t size)
{
    mdw_release();
    return (char *)malloc(size);
}

/* Loads the settings JSON (once per instance). Returns 1, or 0 with mdw_error() set. The memory
 * used so far becomes permanent. */
int mdw_settings(const char *json, size_t length)
{
    if (mdw_destination != NULL) {
        return 1;
    }
    mdw_destination =
        md_destination_create(json, length, mdw_error_text, sizeof mdw_error_text);
    mdw_floor = mdw_top;
    return mdw_destination != NULL;
}

/* The message of the last refused mdw_settings() (static, NUL-terminated). */
const char *mdw_error(void)
{
    return mdw_error_text;
}

/* The byte length of the last output (without its NUL). */
size_t mdw_output_length(void)
{
    return mdw_output_size;
}

static char *mdw_call(md_call call, const char *event, size_t length)
{
    char *output = NULL;
    mdw_output_size = 0;
    if (mdw_destination != NULL) {
        output = md_translate(mdw_destination, call, event, length, &mdw_output_size);
    }
    return output;
}

/* Each returns NUL-terminated JSON in per-call memory, or NULL (no settings, or out of memory). */
char *mdw_setup(void)
{
    return mdw_call(MD_CALL_SETUP, NULL, 0);
}

char *mdw_page(const char *event, size_t length)
{
    return mdw_call(MD_CALL_PAGE, event, length);
}

char *mdw_identify(const char *event, size_t length)
{
    return mdw_call(MD_CALL_IDENTIFY, event, length);
}

char *mdw_track(const char *event, size_t length)
{
    return mdw_call(MD_CALL_TRACK, event, length);
}

char *mdw_map_goal(const char *name, size_t length)
{
    mdw_output_size = 0;
    return mdw_destination ? md_map_goal(mdw_destination, name, length, &mdw_output_size) : NULL;
}

/* Static NUL-terminated strings. */
const char *mdw_script_url(void)
{
    return mdw_destination ? md_script_url(mdw_destination) : "";
}

const char *mdw_event_fields(void)
{
    return md_event_fields();
}
