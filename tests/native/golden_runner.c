/*
 * golden_runner.c - runs the golden case files (tests/golden/, one JSON file each) against the native build of
 * the core. Prints one line per failure and a closing "N passed, N failed" line; exits 1 on any
 * failure. The same files run against the wasm build in tests/golden.test.mjs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "md_core.h"

static int passed;
static int failed;

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (file == NULL) {
        return NULL;
    }
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
        text = malloc((size_t)size + 1);
        if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
            free(text);
            text = NULL;
        } else if (text != NULL) {
            text[size] = '\0';
        }
    }
    fclose(file);
    return text;
}

static void fail_case(const char *file, const char *name, const char *why, const char *got,
                      const cJSON *expected)
{
    char *want = expected ? cJSON_PrintUnformatted(expected) : NULL;
    failed++;
    printf("FAIL %s: %s\n  %s\n  got:      %s\n  expected: %s\n", file, name, why,
           got ? got : "(null)", want ? want : "(none)");
    free(want);
}

/* Compares output JSON text with the expected JSON value. */
static void check_output(const char *file, const char *name, const char *output,
                         const cJSON *expected)
{
    cJSON *got = output ? cJSON_Parse(output) : NULL;
    if (got == NULL) {
        fail_case(file, name, "output is not JSON", output, expected);
    } else if (!cJSON_Compare(got, expected, 1)) {
        fail_case(file, name, "output differs", output, expected);
    } else {
        passed++;
    }
    cJSON_Delete(got);
}

static md_call call_of(const char *call)
{
    if (strcmp(call, "page") == 0) return MD_CALL_PAGE;
    if (strcmp(call, "identify") == 0) return MD_CALL_IDENTIFY;
    if (strcmp(call, "track") == 0) return MD_CALL_TRACK;
    return MD_CALL_SETUP;
}

static void run_case(const char *file, const cJSON *defaults, const cJSON *test)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(test, "name"));
    const char *call = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(test, "call"));
    const cJSON *settings = cJSON_GetObjectItemCaseSensitive(test, "settings");
    const cJSON *event = cJSON_GetObjectItemCaseSensitive(test, "event");
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(test, "expect");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(test, "error");
    char *settings_text;
    char message[512];
    md_destination *destination;

    if (name == NULL || call == NULL) {
        fail_case(file, "(unnamed)", "a case needs \"name\" and \"call\"", NULL, NULL);
        return;
    }
    settings_text = cJSON_PrintUnformatted(settings ? settings : defaults);
    destination = md_destination_create(settings_text, strlen(settings_text), message,
                                        sizeof message);
    free(settings_text);
    if (cJSON_IsString(error)) {
        if (destination != NULL) {
            fail_case(file, name, "settings were accepted, expected refused", NULL, error);
        } else if (strstr(message, error->valuestring) == NULL ||
                   strncmp(message, "Matomo destination: ", 20) != 0) {
            fail_case(file, name, "error message lacks the expected text", message, error);
        } else {
            passed++;
        }
    } else if (destination == NULL) {
        fail_case(file, name, "settings refused", message, expected);
    } else if (strcmp(call, "mapGoal") == 0) {
        const char *event_name = cJSON_GetStringValue(event);
        char *output = md_map_goal(destination, event_name ? event_name : "",
                                   event_name ? strlen(event_name) : 0, NULL);
        check_output(file, name, output, expected);
        free(output);
    } else if (strcmp(call, "scriptUrl") == 0) {
        cJSON *url = cJSON_CreateString(md_script_url(destination));
        char *text = cJSON_PrintUnformatted(url);
        check_output(file, name, text, expected);
        free(text);
        cJSON_Delete(url);
    } else {
        char *event_text = event ? cJSON_PrintUnformatted(event) : NULL;
        size_t length = 0;
        char *output = md_translate(destination, call_of(call), event_text,
                                    event_text ? strlen(event_text) : 0, &length);
        if (output != NULL && length != strlen(output)) {
            fail_case(file, name, "reported length differs from the output", output, expected);
        } else {
            check_output(file, name, output, expected);
        }
        free(output);
        free(event_text);
    }
    md_destination_free(destination);
}

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        char *text = read_file(argv[i]);
        cJSON *suite = text ? cJSON_Parse(text) : NULL;
        const cJSON *test;
        if (suite == NULL) {
            printf("FAIL %s: cannot read or parse the file\n", argv[i]);
            failed++;
            free(text);
            continue;
        }
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(suite, "cases"))
        {
            run_case(argv[i], cJSON_GetObjectItemCaseSensitive(suite, "settings"), test);
        }
        cJSON_Delete(suite);
        free(text);
    }
    printf("native golden: %d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
