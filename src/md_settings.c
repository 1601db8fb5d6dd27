/* md_settings.c - settings validation and Server URL normalisation (md_destination_create). */
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "md_core.h"
#include "md_internal.h"
#include "md_text.h"

/* Settings as Segment names them (its "Piwik" destination). */
#define MD_DEFAULT_CVAR_LIMIT 5
#define MD_MAX_CVAR_LIMIT 50
#define MD_MAX_ID 2147483647.0
#define MD_SHOWN_VALUE_LENGTH 40

/* Writes "Matomo destination: <what>" into 'error'. 'shown' (may be NULL) is quoted after the
 * message, cut to a readable length. */
static void md_fail(char *error, size_t error_size, const char *what, const cJSON *shown)
{
    md_buf message = {0};
    char *text;
    size_t length = 0;

    if (error == NULL || error_size == 0) {
        return;
    }
    md_buf_raw(&message, "Matomo destination: ", 20);
    md_buf_raw(&message, what, strlen(what));
    if (shown != NULL) {
        md_buf_raw(&message, " Got: ", 6);
        if (cJSON_IsString(shown)) {
            size_t shown_length = strlen(shown->valuestring);
            if (shown_length > MD_SHOWN_VALUE_LENGTH) {
                md_buf_string(&message, shown->valuestring, MD_SHOWN_VALUE_LENGTH);
                md_buf_raw(&message, " (cut)", 6);
            } else {
                md_buf_string(&message, shown->valuestring, shown_length);
            }
        } else if (cJSON_IsNumber(shown)) {
            md_buf_number(&message, shown->valuedouble);
        } else if (cJSON_IsBool(shown)) {
            md_buf_raw(&message, cJSON_IsTrue(shown) ? "true" : "false",
                       cJSON_IsTrue(shown) ? 4 : 5);
        } else if (cJSON_IsNull(shown)) {
            md_buf_raw(&message, "null", 4);
        } else {
            md_buf_raw(&message, cJSON_IsArray(shown) ? "an array" : "an object",
                       cJSON_IsArray(shown) ? 8 : 9);
        }
        md_buf_raw(&message, ".", 1);
    }
    text = md_buf_take(&message, &length);
    if (text == NULL) {
        text = (char *)"Matomo destination: settings refused (out of memory).";
        length = strlen(text);
        if (length >= error_size) {
            length = error_size - 1;
        }
        memcpy(error, text, length);
        error[length] = '\0';
        return;
    }
    if (length >= error_size) {
        length = error_size - 1;
    }
    memcpy(error, text, length);
    error[length] = '\0';
    free(text);
}

/* A positive whole number up to 2^31-1, given as a JSON number or a string of digits. */
static int md_read_id(const cJSON *item, double *id)
{
    double value;

    if (cJSON_IsNumber(item)) {
        value = item->valuedouble;
    } else if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        size_t length = strlen(s);
        size_t i;
        while (length > 0 && (*s == ' ')) {
            s++;
            length--;
        }
        while (length > 0 && s[length - 1] == ' ') {
            length--;
        }
        for (i = 0; i < length; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return 0;
            }
        }
        if (!md_parse_number_text(s, length, &value)) {
            return 0;
        }
    } else {
        return 0;
    }
    if (!(value >= 1 && value <= MD_MAX_ID) || value != (double)(long)value) {
        return 0;
    }
    *id = value;
    return 1;
}

static int md_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int md_ends_with(const char *text, size_t length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    size_t i;
    if (length < suffix_length) {
        return 0;
    }
    for (i = 0; i < suffix_length; i++) {
        if (md_lower((unsigned char)text[length - suffix_length + i]) != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

static char *md_join(const char *base, size_t base_length, const char *tail)
{
    md_buf joined = {0};
    md_buf_raw(&joined, base, base_length);
    md_buf_raw(&joined, tail, strlen(tail));
    return md_buf_take(&joined, NULL);
}

/* Normalises the Server URL into the tracker endpoint and the script URL. Returns NULL on
 * success, or the message naming what is wrong. */
static const char *md_read_url(const char *url, md_destination *destination)
{
    const char *start = url;
    size_t length = strlen(url);
    size_t scheme_length = 0;
    size_t i;
    size_t host_start;
    md_buf base = {0};
    char *folder;
    size_t folder_length = 0;
    const char *endpoint = "/matomo.php";
    const char *script = "/matomo.js";
    static const char *const tails[] = {"/matomo.php", "/matomo.js", "/piwik.php", "/piwik.js"};

    /* Pasted values often carry surrounding white space: drop it, refuse any inside. */
    while (length > 0 && (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')) {
        start++;
        length--;
    }
    while (length > 0 && (start[length - 1] == ' ' || start[length - 1] == '\t' ||
                          start[length - 1] == '\n' || start[length - 1] == '\r')) {
        length--;
    }
    if (length == 0) {
        return "setting \"url\" is empty. Set it to your Matomo Server URL, e.g. "
               "\"https://matomo.example.com\".";
    }
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
            c == '\\' || c == '`') {
            return "setting \"url\" contains a space, quote, angle bracket, backslash or control "
                   "character. Set it to the plain Server URL from your Matomo tracking code, "
                   "e.g. \"https://matomo.example.com\".";
        }
        if (c == '?' || c == '#') {
            return "setting \"url\" has a query or fragment ('?' or '#'). Set it to the Server "
                   "URL alone, e.g. \"https://matomo.example.com\".";
        }
    }
    /* A scheme is letters then ':' not followed by a digit (which would be host:port). */
    if ((start[0] >= 'a' && start[0] <= 'z') || (start[0] >= 'A' && start[0] <= 'Z')) {
        for (i = 1; i < length; i++) {
            char c = start[i];
            if (c == ':') {
                if (i + 1 >= length || !(start[i + 1] >= '0' && start[i + 1] <= '9')) {
                    scheme_length = i + 1;
                }
                break;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '-' || c == '.')) {
                break;
            }
        }
    }
    if (scheme_length > 0) {
        int is_http = (scheme_length == 5 && md_ends_with(start, 5, "http:")) ||
                      (scheme_length == 6 && md_ends_with(start, 6, "https:"));
        if (!is_http) {
            return "setting \"url\" must be an http or https address; other schemes "
                   "(javascript:, data:, ftp:...) are refused. Use e.g. "
                   "\"https://matomo.example.com\".";
        }
        if (length < scheme_length + 2 || start[scheme_length] != '/' ||
            start[scheme_length + 1] != '/') {
            return "setting \"url\" must have \"//\" after its scheme, e.g. "
                   "\"https://matomo.example.com\".";
        }
        host_start = scheme_length + 2;
    } else if (length >= 2 && start[0] == '/' && start[1] == '/') {
        host_start = 2; /* protocol-relative: the page's own scheme */
    } else {
        host_start = 0;
        if (start[0] == '/') {
            return "setting \"url\" is a path without a host. Set it to the full Server URL, "
                   "e.g. \"https://matomo.example.com\".";
        }
        md_buf_raw(&base, "https://", 8); /* a bare host/path: https */
    }
    if (host_start >= length || start[host_start] == '/') {
        free(md_buf_take(&base, NULL));
        return "setting \"url\" has no host name. Set it to the full Server URL, e.g. "
               "\"https://matomo.example.com\".";
    }
    while (length > host_start && start[length - 1] == '/') {
        length--;
    }
    /* An address of the endpoint or script itself: use its folder, keep its naming. */
    for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        if (md_ends_with(start, length, tails[i]) && length - strlen(tails[i]) > host_start) {
            length -= strlen(tails[i]);
            if (tails[i][1] == 'p') {
                endpoint = "/piwik.php";
                script = "/piwik.js";
            }
            break;
        }
    }
    md_buf_raw(&base, start, length);
    folder = md_buf_take(&base, &folder_length);
    if (folder == NULL) {
        return "settings refused: out of memory.";
    }
    destination->tracker_url = md_join(folder, folder_length, endpoint);
    destination->script_url = md_join(folder, folder_length, script);
    free(folder);
    if (destination->tracker_url == NULL || destination->script_url == NULL) {
        return "settings refused: out of memory.";
    }
    return NULL;
}

static int md_add_goal(md_destination *destination, const char *event_name, double id)
{
    md_goal *goal = &destination->goals[destination->goal_count];
    goal->key = md_event_key(event_name, strlen(event_name));
    if (goal->key == NULL) {
        return 0;
    }
    goal->id = id;
    destination->goal_count++;
    return 1;
}

#define MD_GOALS_HELP                                                                           \
    " Map event names to Matomo goal ids, as {\"Order Completed\": 1} or "                     \
    "[{\"key\": \"Order Completed\", \"value\": 1}]."

/* Reads the goals setting (object map or Segment's {key, value} array). Returns NULL or the
 * message; '*shown' gets the offending value. */
static const char *md_read_goals(const cJSON *goals, md_destination *destination,
                                 const cJSON **shown)
{
    const cJSON *entry;
    int count = cJSON_GetArraySize(goals);

    if (goals == NULL || cJSON_IsNull(goals)) {
        return NULL;
    }
    if (!cJSON_IsObject(goals) && !cJSON_IsArray(goals)) {
        *shown = goals;
        return "setting \"goals\" must be a map of event names to goal ids." MD_GOALS_HELP;
    }
    destination->goals = (md_goal *)calloc((size_t)(count > 0 ? count : 1), sizeof(md_goal));
    if (destination->goals == NULL) {
        return "settings refused: out of memory.";
    }
    cJSON_ArrayForEach(entry, goals)
    {
        const char *event_name;
        const cJSON *id_item;
        double id;

        if (cJSON_IsObject(goals)) {
            event_name = entry->string;
            id_item = entry;
        } else {
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(entry, "key");
            id_item = cJSON_GetObjectItemCaseSensitive(entry, "value");
            if (!cJSON_IsObject(entry)) {
                *shown = entry;
                return "setting \"goals\" has an entry that is not a {key, value} pair."
                    MD_GOALS_HELP;
            }
            /* Rows left blank in a settings form are skipped. */
            if ((key == NULL || (cJSON_IsString(key) && key->valuestring[0] == '\0')) &&
                (id_item == NULL || (cJSON_IsString(id_item) && id_item->valuestring[0] == '\0'))) {
                continue;
            }
            if (!cJSON_IsString(key) || key->valuestring[0] == '\0') {
                *shown = key;
                return "setting \"goals\" has an entry without an event name in \"key\"."
                    MD_GOALS_HELP;
            }
            event_name = key->valuestring;
        }
        if (event_name[0] == '\0') {
            return "setting \"goals\" maps an empty event name." MD_GOALS_HELP;
        }
        if (!md_read_id(id_item, &id)) {
            *shown = id_item;
            return "setting \"goals\" has a goal id that is not a positive whole number (the "
                   "goal id shown in Matomo under Goals > Manage)." MD_GOALS_HELP;
        }
        if (!md_add_goal(destination, event_name, id)) {
            return "settings refused: out of memory.";
        }
    }
    return NULL;
}

md_destination *md_destination_create(const char *settings_json, size_t length, char *error,
                                      size_t error_size)
{
    md_destination *destination = NULL;
    cJSON *settings = NULL;
    const cJSON *item;
    const cJSON *shown = NULL;
    const char *problem = NULL;
    double site_id;

    if (error != NULL && error_size > 0) {
        error[0] = '\0';
    }
    settings = settings_json ? cJSON_ParseWithLength(settings_json, length) : NULL;
    if (!cJSON_IsObject(settings)) {
        problem = "settings must be an object such as {\"siteId\": 1, \"url\": "
                  "\"https://matomo.example.com\"}.";
        goto fail;
    }
    destination = (md_destination *)calloc(1, sizeof *destination);
    if (destination == NULL) {
        problem = "settings refused: out of memory.";
        goto fail;
    }

    item = cJSON_GetObjectItemCaseSensitive(settings, "siteId");
    if (item == NULL || cJSON_IsNull(item) ||
        (cJSON_IsString(item) && item->valuestring[0] == '\0')) {
        problem = "setting \"siteId\" is missing. Set it to your Matomo site id (the number in "
                  "setSiteId in your Matomo tracking code, e.g. 1).";
        goto fail;
    }
    if (!md_read_id(item, &site_id)) {
        shown = item;
        problem = "setting \"siteId\" must be a positive whole number (the number in setSiteId "
                  "in your Matomo tracking code, e.g. 1).";
        goto fail;
    }
    md_format_number(site_id, destination->site_id);

    item = cJSON_GetObjectItemCaseSensitive(settings, "url");
    if (item == NULL || cJSON_IsNull(item)) {
        problem = "setting \"url\" is missing. Set it to your Matomo Server URL (the address "
                  "before /matomo.php in your Matomo tracking code), e.g. "
                  "\"https://matomo.example.com\".";
        goto fail;
    }
    if (!cJSON_IsString(item)) {
        shown = item;
        problem = "setting \"url\" must be a string, e.g. \"https://matomo.example.com\".";
        goto fail;
    }
    problem = md_read_url(item->valuestring, destination);
    if (problem != NULL) {
        shown = item;
        goto fail;
    }

    problem = md_read_goals(cJSON_GetObjectItemCaseSensitive(settings, "goals"), destination,
                            &shown);
    if (problem != NULL) {
        goto fail;
    }

    destination->cvar_limit = MD_DEFAULT_CVAR_LIMIT;
    item = cJSON_GetObjectItemCaseSensitive(settings, "customVariableLimit");
    if (item != NULL && !cJSON_IsNull(item)) {
        double limit;
        int ok = cJSON_IsNumber(item) ? (limit = item->valuedouble, 1)
                 : cJSON_IsString(item)
                     ? md_parse_number_text(item->valuestring, strlen(item->valuestring), &limit)
                     : 0;
        if (!ok || !(limit >= 0 && limit <= MD_MAX_CVAR_LIMIT) || limit != (double)(int)limit) {
            shown = item;
            problem = "setting \"customVariableLimit\" must be a whole number from 0 to 50 (the "
                      "number of custom variable slots of your Matomo; Matomo has 5 by "
                      "default).";
            goto fail;
        }
        destination->cvar_limit = (int)limit;
    }
    cJSON_Delete(settings);
    return destination;

fail:
    md_fail(error, error_size, problem, shown);
    cJSON_Delete(settings);
    md_destination_free(destination);
    return NULL;
}

void md_destination_free(md_destination *destination)
{
    size_t i;
    if (destination == NULL) {
        return;
    }
    for (i = 0; i < destination->goal_count; i++) {
        free(destination->goals[i].key);
    }
    free(destination->goals);
    free(destination->tracker_url);
    free(destination->script_url);
    free(destination);
}

const char *md_script_url(const md_destination *destination)
{
    return destination->script_url;
}
