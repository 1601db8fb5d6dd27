/* md_wasm_alloc.c - see md_wasm_alloc.h. Each block is preceded by its size. free() takes back
 * only the most recent block (enough for the core's parse/free pattern) and realloc() grows the
 * most recent block in place; everything else waits for mdw_alloc_release(). A request that
 * cannot be met returns NULL and leaves every block as it was. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/md_wasm_alloc.h"

#define MDW_ALIGN 8
#define MDW_PAGE 65536
#define MDW_MAX_BLOCK 0x40000000u

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

/* Makes sure memory reaches 'end', growing it if need be. Returns 0 when it cannot. */
static int mdw_reach(uintptr_t end)
{
    uintptr_t available;
    if (end <= mdw_end) {
        return 1;
    }
    available = (uintptr_t)__builtin_wasm_memory_size(0) * MDW_PAGE;
    if (end > available &&
        __builtin_wasm_memory_grow(0, (end - available + MDW_PAGE - 1) / MDW_PAGE) == (size_t)-1) {
        return 0;
    }
    mdw_end = (uintptr_t)__builtin_wasm_memory_size(0) * MDW_PAGE;
    return 1;
}

static size_t *mdw_size_of(uintptr_t block)
{
    return (size_t *)(block - sizeof(size_t));
}

void *malloc(size_t size)
{
    uintptr_t block;
    uintptr_t end;

    mdw_start();
    if (size > MDW_MAX_BLOCK) {
        return NULL;
    }
    block = mdw_top + MDW_ALIGN;
    end = mdw_align(block + size);
    if (!mdw_reach(end)) {
        return NULL;
    }
    *mdw_size_of(block) = size;
    mdw_top = end;
    return (void *)block;
}

void free(void *pointer)
{
    uintptr_t block = (uintptr_t)pointer;
    if (pointer != NULL && mdw_align(block + *mdw_size_of(block)) == mdw_top &&
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
    if (size > MDW_MAX_BLOCK) {
        return NULL;
    }
    old_size = *mdw_size_of(block);
    if (mdw_align(block + old_size) == mdw_top && block - MDW_ALIGN >= mdw_floor) {
        /* the most recent block grows in place, once the memory for it is there */
        uintptr_t end = mdw_align(block + size);
        if (!mdw_reach(end)) {
            return NULL;
        }
        *mdw_size_of(block) = size;
        mdw_top = end;
        return pointer;
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

void mdw_alloc_keep(void)
{
    mdw_start();
    mdw_floor = mdw_top;
}

void mdw_alloc_release(void)
{
    mdw_start();
    mdw_top = mdw_floor;
}
