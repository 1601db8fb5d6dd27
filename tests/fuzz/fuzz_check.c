/* fuzz_check.c - the output checks of the fuzz targets (fuzz_check.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "fuzz_check.h"
#include "md_core.h"

/* The method names the command writer is called with, one "name", per line (written by the
 * Makefile from src/ with the pattern tests/tracker-contract.test.mjs uses). */
static const char *const known_methods[] = {
#include "methods.inc"
};

void fuzz_fail(const char *why, const char *text)
{
    fprintf(stderr, "fuzz check failed: %s\n  output: %.2000s\n", why, text ? text : "(null)");
    abort();
}

/* Its own UTF-8 check, not the core's md_is_utf8: the oracle must not share the code it judges. */
void fuzz_check_text(const char *text, size_t length)
{
    const unsigned char *at = (const unsigned char *)text;
    size_t i = 0;
    if (text == NULL) {
        fuzz_fail("NULL text", NULL);
    }
    if (length == 0) {
        length = strlen(text);
    } else if (text[length] != '\0' || strlen(text) != length) {
        fuzz_fail("the length given does not match the NUL-terminated text", text);
    }
    /* Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF. */
    while (i < length) {
        unsigned lead = at[i];
        size_t extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 4;
        unsigned low = 0x80;
        unsigned high = 0xbf;
        size_t k;
        if (extra == 4 || i + extra >= length + (extra == 0)) {
            fuzz_fail("invalid or cut UTF-8", text);
        }
        if (lead == 0xe0) {
            low = 0xa0;
        } else if (lead == 0xed) {
            high = 0x9f;
        } else if (lead == 0xf0) {
            low = 0x90;
        } else if (lead == 0xf4) {
            high = 0x8f;
        }
        for (k = 1; k <= extra; k++) {
            if (at[i + k] < (k == 1 ? low : 0x80) || at[i + k] > (k == 1 ? high : 0xbf)) {
                fuzz_fail("invalid UTF-8", text);
            }
        }
        i += extra + 1;
    }
}

static void check_numbers(const cJSON *item, const char *text)
{
    const cJSON *child;
    if (cJSON_IsNumber(item) && !isfinite(item->valuedouble)) {
        fuzz_fail("a number that is not finite", text);
    }
    for (child = item->child; child != NULL; child = child->next) {
        check_numbers(child, text);
    }
}

static cJSON *parse(const char *json, size_t length)
{
    cJSON *root;
    if (json == NULL) {
        fuzz_fail("NULL output", NULL);
    }
    fuzz_check_text(json, length);
    root = cJSON_ParseWithLength(json, strlen(json));
    if (root == NULL) {
        fuzz_fail("output is not JSON", json);
    }
    check_numbers(root, json);
    return root;
}

void fuzz_check_json(const char *json, size_t length)
{
    cJSON_Delete(parse(json, length));
}

static int known(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof known_methods / sizeof known_methods[0]; i++) {
        if (strcmp(known_methods[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

void fuzz_check_commands(const char *json, size_t length)
{
    cJSON *root = parse(json, length);
    const cJSON *command;
    if (!cJSON_IsArray(root)) {
        fuzz_fail("output is not an array", json);
    }
    cJSON_ArrayForEach(command, root)
    {
        const cJSON *name = cJSON_IsArray(command) ? command->child : NULL;
        if (name == NULL || !cJSON_IsString(name)) {
            fuzz_fail("a command without a method name (null or not a string)", json);
        }
        if (!known(name->valuestring)) {
            fuzz_fail("a method the core does not write", json);
        }
    }
    cJSON_Delete(root);
}

static int starts_with_any_case(const char *text, const char *prefix)
{
    for (; *prefix != '\0'; text++, prefix++) {
        if ((*text | 0x20) != *prefix) {
            return 0;
        }
    }
    return 1;
}

void fuzz_check_destination(const void *loaded)
{
    const md_destination *destination = loaded;
    size_t length = 0;
    char *text;
    fuzz_check_text(md_script_url(destination), 0);
    fuzz_check_text(md_warnings(destination), 0);
    fuzz_check_text(md_script_nonce(destination), 0);
    fuzz_check_text(md_site_id(destination), 0);
    if (!starts_with_any_case(md_script_url(destination), "https://") &&
        !starts_with_any_case(md_script_url(destination), "http://") &&
        !starts_with_any_case(md_script_url(destination), "//")) {
        fuzz_fail("a script URL that is not http(s)", md_script_url(destination));
    }
    text = md_event_fields(destination, &length);
    fuzz_check_json(text, length);
    free(text);
    text = md_cart_export(destination, &length);
    fuzz_check_json(text, length);
    free(text);
}
