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
#include "util/md_text.h"

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

/* Runs one call ("setup", "page", ... or the pseudo-calls "mapGoal", "scriptUrl" and
 * "warnings") on 'destination' and checks its output against 'expected'. */
static void run_call(const char *file, const char *name, md_destination *destination,
                     const char *call, const cJSON *test)
{
    const cJSON *event = cJSON_GetObjectItemCaseSensitive(test, "event");
    const cJSON *event_json = cJSON_GetObjectItemCaseSensitive(test, "event_json");
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(test, "expect");

    if (strcmp(call, "mapGoal") == 0) {
        const char *event_name = cJSON_GetStringValue(event);
        char *output = md_map_goal(destination, event_name ? event_name : "",
                                   event_name ? strlen(event_name) : 0, NULL);
        check_output(file, name, output, expected);
        free(output);
    } else if (strcmp(call, "scriptUrl") == 0 || strcmp(call, "warnings") == 0) {
        cJSON *text = cJSON_CreateString(call[0] == 's' ? md_script_url(destination)
                                                        : md_warnings(destination));
        char *printed = cJSON_PrintUnformatted(text);
        check_output(file, name, printed, expected);
        free(printed);
        cJSON_Delete(text);
    } else {
        /* "event_json": the event's text as is (numbers cJSON would not print back, 1e999) */
        char *event_text = cJSON_IsString(event_json) ? md_strdup(event_json->valuestring)
                           : event                    ? cJSON_PrintUnformatted(event)
                                                      : NULL;
        size_t length = 0;
        int index = md_call_find(call, strlen(call));
        char *output = index < 0 ? NULL
                                 : md_translate(destination, index, event_text,
                                                event_text ? strlen(event_text) : 0, &length);
        if (index < 0) {
            fail_case(file, name, "no such call", call, expected);
        } else if (output != NULL && length != strlen(output)) {
            fail_case(file, name, "reported length differs from the output", output, expected);
        } else {
            check_output(file, name, output, expected);
        }
        free(output);
        free(event_text);
    }
}

#define MAX_TRANSLATORS 4

/* A case is one call ("call", "event", "expect"), refused settings ("error"), or a sequence of
 * calls on the same translators ("steps": [{"call", "event", "expect", "on"}], where "on"
 * picks one of up to four translators made from the same settings; 0 by default). A call's
 * "event_json" gives the event's text as is, for numbers cJSON would not print back (1e999). */
static void run_case(const char *file, const cJSON *defaults, const cJSON *test)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(test, "name"));
    const char *call = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(test, "call"));
    const cJSON *settings = cJSON_GetObjectItemCaseSensitive(test, "settings");
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(test, "steps");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(test, "error");
    const cJSON *step;
    char *settings_text;
    char message[512];
    md_destination *destinations[MAX_TRANSLATORS] = {NULL};
    int i;

    if (name == NULL || (call == NULL && !cJSON_IsArray(steps) && error == NULL)) {
        fail_case(file, name ? name : "(unnamed)", "a case needs \"name\" and \"call\", \"steps\" or \"error\"",
                  NULL, NULL);
        return;
    }
    settings_text = cJSON_PrintUnformatted(settings ? settings : defaults);
    for (i = 0; i < MAX_TRANSLATORS; i++) {
        destinations[i] = md_destination_create(settings_text, strlen(settings_text), message,
                                                sizeof message);
    }
    free(settings_text);
    if (cJSON_IsString(error)) {
        if (destinations[0] != NULL) {
            fail_case(file, name, "settings were accepted, expected refused", NULL, error);
        } else if (strstr(message, error->valuestring) == NULL ||
                   strncmp(message, "Matomo destination: ", 20) != 0) {
            fail_case(file, name, "error message lacks the expected text", message, error);
        } else {
            passed++;
        }
    } else if (destinations[0] == NULL) {
        fail_case(file, name, "settings refused", message, NULL);
    } else if (call != NULL) {
        run_call(file, name, destinations[0], call, test);
    } else {
        int count = 0;
        cJSON_ArrayForEach(step, steps)
        {
            char step_name[300];
            const char *step_call = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(step, "call"));
            const cJSON *on = cJSON_GetObjectItemCaseSensitive(step, "on");
            int which = cJSON_IsNumber(on) ? on->valueint : 0;
            snprintf(step_name, sizeof step_name, "%s (step %d)", name, ++count);
            if (step_call == NULL || which < 0 || which >= MAX_TRANSLATORS) {
                fail_case(file, step_name, "a step needs \"call\" (and \"on\" from 0 to 3)", NULL, NULL);
                continue;
            }
            run_call(file, step_name, destinations[which], step_call, step);
        }
    }
    for (i = 0; i < MAX_TRANSLATORS; i++) {
        md_destination_free(destinations[i]);
    }
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
