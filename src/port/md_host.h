/*
 * md_host.h - what the core needs from the platform it runs on, beyond malloc/realloc/free.
 * The core's number conversions handle the common exact cases themselves and hand the rare rest
 * to these two hooks, which each platform implements: src/wasm/md_wasm_host.c (JavaScript's
 * Number() and String()) and tests/native/host_native.c (the C library).
 */
#ifndef MD_HOST_H
#define MD_HOST_H

#include <stddef.h>

/* Converts the 'length' bytes at 'text' (a JSON number) to the nearest double (may be
 * infinite for out-of-range text; the core checks). */
double md_host_parse_number(const char *text, size_t length);

/* Writes the shortest decimal text that reads back as 'value' (finite) into 'out', which holds
 * at least 32 bytes, and returns its length; the caller adds the terminating NUL. */
size_t md_host_format_number(double value, char *out);

#endif
