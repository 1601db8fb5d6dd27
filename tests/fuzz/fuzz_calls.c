/*
 * fuzz_calls.c - libFuzzer target: a sequence of calls on one translator, so that the state kept
 * between calls (last page, new visit after reset, visit dimensions, cart, consent, a held page
 * view and the product view that joins it) is fuzzed.
 *
 * Input: chunks separated by the byte 0x00. The first chunk is the settings JSON; when the core
 * refuses it, FALLBACK_SETTINGS (which turn on every area) are used instead, so every input
 * still reaches the calls. Each further chunk is one call: its first byte picks the call (modulo
 * the call table's size), the rest is the event JSON. After the calls the cart is exported and
 * imported into a second translator. Every output is checked (fuzz_check.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "md_core.h"

static const char FALLBACK_SETTINGS[] =
    "{\"siteId\":3,\"url\":\"https://matomo.example.com/sub\",\"goals\":{\"Signed Up\":1,\"Order Completed\":2},"
    "\"customVariableLimit\":5,\"pageTitle\":\"name\",\"visitDimensions\":{\"traits.plan\":1,\"traits.company.name\":2},"
    "\"actionDimensions\":{\"properties.category\":3,\"context.page.path\":4},\"requireConsent\":\"tracking\","
    "\"consentCategories\":[\"Analytics\"],\"heartBeat\":15,\"domains\":[\"*.example.com\"],"
    "\"additionalSites\":[{\"siteId\":4,\"url\":\"https://other.example.org\"}]}";

static int call_count(void)
{
    int count = 0;
    static const char *const names[] = {"setup", "page",  "identify", "track", "group",
                                        "alias", "reset", "hold",     "flush"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (md_call_find(names[i], strlen(names[i])) >= 0) {
            count++;
        }
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *end = text + size;
    const char *chunk_end = memchr(text, 0, size);
    md_destination *destination;
    md_destination *second;
    int calls = call_count();
    size_t length = 0;
    char *output;

    if (chunk_end == NULL) {
        chunk_end = end;
    }
    destination = md_destination_create(text, (size_t)(chunk_end - text), NULL, 0);
    if (destination == NULL) {
        char error[512];
        destination = md_destination_create(FALLBACK_SETTINGS, sizeof FALLBACK_SETTINGS - 1, error, sizeof error);
        if (destination == NULL) {
            fuzz_fail("the fallback settings are refused", error);
        }
    }
    while (chunk_end < end) {
        const char *chunk = chunk_end + 1;
        chunk_end = chunk < end ? memchr(chunk, 0, (size_t)(end - chunk)) : NULL;
        if (chunk_end == NULL) {
            chunk_end = end;
        }
        if (chunk < chunk_end) {
            int call = (unsigned char)chunk[0] % calls;
            /* the chunk's bytes as an event name too, under the sanitizers (the shim-level property
             * test compares lean and whole events: tests/lean-fields.test.mjs) */
            (void)md_reads_all_fields(destination, call, chunk + 1, (size_t)(chunk_end - chunk - 1));
            output = md_translate(destination, call, chunk + 1, (size_t)(chunk_end - chunk - 1), &length);
            fuzz_check_commands(output, length);
            free(output);
        }
    }
    fuzz_check_destination(destination);
    output = md_cart_export(destination, &length);
    second = md_destination_create(FALLBACK_SETTINGS, sizeof FALLBACK_SETTINGS - 1, NULL, 0);
    if (output != NULL && second != NULL) {
        md_cart_import(second, output, length);
        free(output);
        output = md_cart_export(second, &length);
        fuzz_check_json(output, length);
    }
    free(output);
    md_destination_free(second);
    md_destination_free(destination);
    return 0;
}
