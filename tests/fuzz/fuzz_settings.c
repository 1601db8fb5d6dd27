/*
 * fuzz_settings.c - libFuzzer target: any bytes as settings JSON. A refusal must give a
 * readable message (valid UTF-8, naming "Matomo destination"); an accepted configuration must
 * answer every query with checked output (fuzz_check.c), and its start-up commands too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "md_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char error[512];
    size_t length = 0;
    md_destination *destination;
    char *output;
    error[0] = '\0';
    destination = md_destination_create((const char *)data, size, error, sizeof error);
    if (destination == NULL) {
        fuzz_check_text(error, 0);
        if (strstr(error, "Matomo destination") == NULL) {
            fuzz_fail("a refusal without its message", error);
        }
        return 0;
    }
    fuzz_check_destination(destination);
    output = md_translate(destination, md_call_find("setup", 5), NULL, 0, &length);
    fuzz_check_commands(output, length);
    free(output);
    output = md_map_goal(destination, (const char *)data, size > 64 ? 64 : size, &length);
    fuzz_check_json(output, length);
    free(output);
    md_destination_free(destination);
    return 0;
}
