/*
 * md_host.h - what the core needs from the platform it runs on, beyond malloc/realloc/free.
 * The core's number conversions handle the common exact cases themselves and hand the rare rest
 * to two hooks; a third lets the host hand over a stored cart only when one is needed. Each
 * platform implements them: src/wasm/md_wasm_host.c (JavaScript's Number() and String(), the
 * page's storage) and tests/native/host_native.c (the C library, no storage).
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

/* Called at most twice per destination. With 'cart' 1: during the first call that reads or
 * changes the remembered cart, and before it does: the host may now replace the cart with the
 * one it stored, through md_cart_import() on that destination (memory it needs for it: the
 * current call's); the result is ignored. With 'cart' 0: during the first call that sends a hit,
 * before it: returns 1 when the host stored that a new visit is due (md_new_visit_due(): a
 * reset whose next hit was on a page that is gone), else 0. So a page without cart events never
 * reads the cart. The hook names no destination: a host keeps one per instance (the wasm
 * binding) or knows which call it is in. */
int md_host_read_stored(int cart);

#endif
