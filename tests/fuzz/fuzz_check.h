/*
 * fuzz_check.h - what every output of the core must be, checked by the fuzz targets
 * (fuzz_settings.c, fuzz_calls.c). A failed check aborts, which libFuzzer reports as a crash
 * and saves as an artifact (see the README's SECURITY section for turning one into a golden case).
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H
#include <stddef.h>

/* Reports 'why' (and the output 'text', when not NULL) and aborts: a finding. */
void fuzz_fail(const char *why, const char *text);
/* Aborts unless 'text' is valid UTF-8, NUL-terminated at 'length' (when length is not 0). */
void fuzz_check_text(const char *text, size_t length);
/* Aborts unless 'json' is a JSON array of commands: arrays whose first element is the name of a
 * method the core writes (build/fuzz/methods.inc, from the sources), every number finite. */
void fuzz_check_commands(const char *json, size_t length);
/* Aborts unless 'json' is valid JSON with finite numbers only. */
void fuzz_check_json(const char *json, size_t length);
/* Every read-only query of a loaded destination, each output checked. */
void fuzz_check_destination(const void *destination);
#endif
