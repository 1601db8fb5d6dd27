/* md_wasm_alloc.h - the module's allocator: malloc, calloc, realloc and free over linear
 * memory as a bump allocator with a floor. Memory below the floor is permanent (the
 * destination and its state); everything above it belongs to the current call. */
#ifndef MD_WASM_ALLOC_H
#define MD_WASM_ALLOC_H

/* Makes everything allocated so far permanent. */
void mdw_alloc_keep(void);

/* Releases everything allocated since the last mdw_alloc_keep(), all at once. */
void mdw_alloc_release(void);

#endif
