/* alloc_probe.c - the module's allocator (src/wasm/md_wasm_alloc.c) alone in a small wasm with
 * at most two 64 KiB pages, so that tests/allocator.test.mjs can make its requests fail. */
#include <stddef.h>
#include <stdlib.h>

#include "wasm/md_wasm_alloc.h"

void *probe_malloc(size_t size)
{
    return malloc(size);
}

void *probe_realloc(void *block, size_t size)
{
    return realloc(block, size);
}

void probe_free(void *block)
{
    free(block);
}

void probe_keep(void)
{
    mdw_alloc_keep();
}

void probe_release(void)
{
    mdw_alloc_release();
}
