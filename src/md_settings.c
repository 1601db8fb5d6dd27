/* md_settings.c - settings validation and Server URL normalisation (md_destination_create). */
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "md_core.h"
#include "md_internal.h"
#include "md_text.h"

#define MD_DEFAULT_CVAR_LIMIT 5
#define MD_MAX_CVAR_LIMIT 50
#define MD_MAX_ID 2147483647.0
#define MD_SHOWN_LENGTH 40

/* The fix each kind of problem calls for, appended to its message. */
#define MD_URL_FIX " Set it to your Matomo Server URL, e.g. \"https://matomo.example.com\"."
#define MD_SITE_FIX " Set it to your Matomo site id (setSiteId in your tracking code), e.g. 1."
#define MD_GOALS_FIX                                                                            \
    " Map event names to goal ids: {\"Order Completed\": 1} or "                               \
    "[{\"key\": \"Order Completed\", \"value\": 1}]."
#define MD_NO_MEMORY "settings refused: out of memory."

/* Writes "Matomo destination: <problem>[ Got: <shown>.]" into 'error' (cut to 'error_size'). */
static void md_fail(char *error, size_t error_size, const char *problem, const cJSON *shown)
{
    static const char *const kinds[] = {"an array", "an object", "true", "false", "null"};
    md_buf message = {0};
    char *text;
    const char *source;
    size_t length = 0;

    md_buf_raw(&message, "Matomo destination: ", 20);
    md_buf_raw(&message, problem, strlen(problem));
    if (shown != NULL) {
        md_buf_raw(&message, " Got: ", 6);
        if (cJSON_IsString(shown)) {
            size_t shown_length = strlen(shown->valuestring);
            md_buf_string(&message, shown->valuestring,
                          shown_length > MD_SHOWN_LENGTH ? MD_SHOWN_LENGTH : shown_length);
        } else if (cJSON_IsNumber(shown)) {
            md_buf_number(&message, shown->valuedouble);
        } else {
            const char *kind = kinds[cJSON_IsArray(shown)    ? 0
                                     : cJSON_IsObject(shown) ? 1
                                     : cJSON_IsTrue(shown)   ? 2
                                     : cJSON_IsFalse(shown)  ? 3
                                                             : 4];
            md_buf_raw(&message, kind, strlen(kind));
        }
        md_buf_raw(&message, ".", 1);
    }
    text = md_buf_take(&message, &length);
    source = text != NULL ? text : "Matomo destination: " MD_NO_MEMORY;
    length = strlen(source);
    if (length >= error_size) {
        length = error_size - 1;
    }
    memcpy(error, source, length);
    error[length] = '\0';
    free(text);
}

/* A positive whole number up to 2^31-1, given as a JSON number or a string of digits. */
static int md_read_id(const cJSON *item, double *id)
{
    double value = 0;

    if (cJSON_IsNumber(item)) {
        value = item->valuedouble;
    } else if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        for (; *s != '\0'; s++) {
            if ((*s < '0' || *s > '9') && *s != ' ') {
                return 0;
            }
        }
        if (!md_parse_number_text(item->valuestring, strlen(item->valuestring), &value)) {
            return 0;
        }
    }
    if (!(value >= 1 && value <= MD_MAX_ID) || value != (double)(long)value) {
        return 0;
    }
    *id = value;
    return 1;
}

/* Whether 'text' of 'length' bytes ends with the lower-case 'suffix', in any case. */
static int md_ends_with(const char *text, size_t length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    size_t i;
    if (length < suffix_length) {
        return 0;
    }
    for (i = 0; i < suffix_length; i++) {
        char c = text[length - suffix_length + i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

static int md_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Normalises the Server URL into the tracker endpoint and the script URL. Returns NULL on
 * success, or the message naming what is wrong. */
static const char *md_read_url(const char *start, md_destination *destination)
{
    static const char *const tails[] = {"/matomo.php", "/matomo.js", "/piwik.php", "/piwik.js"};
    size_t length;
    size_t host = 0;
    size_t i;
    int piwik = 0;
    md_buf out = {0};

    /* Pasted values often carry surrounding white space: drop it, refuse any inside. */
    while (md_is_blank(*start)) {
        start++;
    }
    length = strlen(start);
    while (length > 0 && md_is_blank(start[length - 1])) {
        length--;
    }
    if (length == 0) {
        return "setting \"url\" is empty." MD_URL_FIX;
    }
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c <= ' ' || c == 0x7f || strchr("\"'<>\\`", c) != NULL) {
            return "setting \"url\" contains a space, quote, angle bracket, backslash or control "
                   "character." MD_URL_FIX;
        }
        if (c == '?' || c == '#') {
            return "setting \"url\" has a query or fragment ('?' or '#')." MD_URL_FIX;
        }
    }
    /* A scheme: a letter, then letters, digits, '+', '-' or '.', then ':' not followed by a
     * digit (that is host:port). */
    for (i = 0; i < length; i++) {
        char c = (char)(start[i] | 0x20);
        if (!((c >= 'a' && c <= 'z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
            break;
        }
    }
    if (i > 0 && i < length && start[i] == ':' && !(start[i + 1] >= '0' && start[i + 1] <= '9')) {
        if (!((i == 4 && md_ends_with(start, 4, "http")) ||
              (i == 5 && md_ends_with(start, 5, "https")))) {
            return "setting \"url\" must be an http or https address; javascript:, data: and "
                   "other schemes are refused." MD_URL_FIX;
        }
        if (strncmp(start + i + 1, "//", 2) != 0) {
            return "setting \"url\" must have \"//\" after its scheme." MD_URL_FIX;
        }
        host = i + 3;
    } else if (strncmp(start, "//", 2) == 0) {
        host = 2; /* protocol-relative: the page's own scheme */
    } else {
        md_buf_raw(&out, "https://", 8); /* a bare host/path */
    }
    if (host >= length || start[host] == '/') {
        free(md_buf_take(&out, NULL));
        return "setting \"url\" has no host name." MD_URL_FIX;
    }
    while (start[length - 1] == '/') {
        length--;
    }
    /* The address of the endpoint or the script itself: its folder, with its naming. */
    for (i = 0; i < 4; i++) {
        size_t tail = strlen(tails[i]);
        if (length - host > tail && md_ends_with(start, length, tails[i])) {
            length -= tail;
            piwik = i >= 2;
            break;
        }
    }
    md_buf_raw(&out, start, length);
    md_buf_raw(&out, piwik ? "/piwik.php" : "/matomo.php", piwik ? 10 : 11);
    destination->tracker_url = md_buf_take(&out, &length);
    if (destination->tracker_url == NULL) {
        return MD_NO_MEMORY;
    }
    md_buf_raw(&out, destination->tracker_url, length - 3); /* "php" becomes "js" */
    md_buf_raw(&out, "js", 2);
    destination->script_url = md_buf_take(&out, NULL);
    return destination->script_url == NULL ? MD_NO_MEMORY : NULL;
}

/* Reads the goals setting (an object map, or Segment's {key, value} array). Returns NULL or the
 * message; '*shown' gets the offending value. */
static const char *md_read_goals(const cJSON *goals, md_destination *destination,
                                 const cJSON **shown)
{
    const cJSON *entry;

    if (goals == NULL || cJSON_IsNull(goals)) {
        return NULL;
    }
    *shown = goals;
    if (!cJSON_IsObject(goals) && !cJSON_IsArray(goals)) {
        return "setting \"goals\" must be a map of event names to goal ids." MD_GOALS_FIX;
    }
    destination->goals =
        (md_goal *)calloc((size_t)cJSON_GetArraySize(goals) + 1, sizeof(md_goal));
    if (destination->goals == NULL) {
        return MD_NO_MEMORY;
    }
    cJSON_ArrayForEach(entry, goals)
    {
        const char *name = entry->string;
        const cJSON *id_item = entry;
        md_goal *goal = &destination->goals[destination->goal_count];

        *shown = entry;
        if (cJSON_IsArray(goals)) {
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(entry, "key");
            id_item = cJSON_GetObjectItemCaseSensitive(entry, "value");
            if (!cJSON_IsObject(entry)) {
                return "setting \"goals\" has an entry that is not a {key, value} pair."
                    MD_GOALS_FIX;
            }
            name = cJSON_GetStringValue(key);
            /* Rows left blank in a settings form are skipped. */
            if ((key == NULL || (name != NULL && name[0] == '\0')) &&
                (id_item == NULL || (cJSON_IsString(id_item) && id_item->valuestring[0] == '\0'))) {
                continue;
            }
            *shown = key;
        }
        if (name == NULL || name[0] == '\0') {
            return "setting \"goals\" has an entry without an event name." MD_GOALS_FIX;
        }
        *shown = id_item;
        if (!md_read_id(id_item, &goal->id)) {
            return "setting \"goals\" has a goal id that is not a positive whole number (see "
                   "Goals > Manage in Matomo)." MD_GOALS_FIX;
        }
        goal->key = md_event_key(name, strlen(name));
        if (goal->key == NULL) {
            return MD_NO_MEMORY;
        }
        destination->goal_count++;
    }
    *shown = NULL;
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
    double number = 0;

    settings = settings_json ? cJSON_ParseWithLength(settings_json, length) : NULL;
    if (!cJSON_IsObject(settings)) {
        problem = "settings must be an object like {\"siteId\": 1, \"url\": "
                  "\"https://matomo.example.com\"}.";
        goto fail;
    }
    destination = (md_destination *)calloc(1, sizeof *destination);
    if (destination == NULL) {
        problem = MD_NO_MEMORY;
        goto fail;
    }

    item = cJSON_GetObjectItemCaseSensitive(settings, "siteId");
    if (item == NULL || cJSON_IsNull(item) || (cJSON_IsString(item) && !item->valuestring[0])) {
        problem = "setting \"siteId\" is missing." MD_SITE_FIX;
        goto fail;
    }
    shown = item;
    if (!md_read_id(item, &number)) {
        problem = "setting \"siteId\" must be a positive whole number." MD_SITE_FIX;
        goto fail;
    }
    md_format_number(number, destination->site_id);

    item = cJSON_GetObjectItemCaseSensitive(settings, "url");
    shown = NULL;
    if (item == NULL || cJSON_IsNull(item)) {
        problem = "setting \"url\" is missing (the address before /matomo.php in your Matomo "
                  "tracking code)." MD_URL_FIX;
        goto fail;
    }
    shown = item;
    problem = cJSON_IsString(item) ? md_read_url(item->valuestring, destination)
                                   : "setting \"url\" must be a string." MD_URL_FIX;
    if (problem != NULL) {
        goto fail;
    }

    problem = md_read_goals(cJSON_GetObjectItemCaseSensitive(settings, "goals"), destination,
                            &shown);
    if (problem != NULL) {
        goto fail;
    }

    destination->cvar_limit = MD_DEFAULT_CVAR_LIMIT;
    item = cJSON_GetObjectItemCaseSensitive(settings, "customVariableLimit");
    shown = item;
    if (item != NULL && !cJSON_IsNull(item)) {
        int ok = cJSON_IsNumber(item) ? (number = item->valuedouble, 1)
                 : cJSON_IsString(item)
                     ? md_parse_number_text(item->valuestring, strlen(item->valuestring), &number)
                     : 0;
        if (!ok || !(number >= 0 && number <= MD_MAX_CVAR_LIMIT) || number != (int)number) {
            problem = "setting \"customVariableLimit\" must be a whole number from 0 to 50 (the "
                      "custom variable slots of your Matomo; 5 by default).";
            goto fail;
        }
        destination->cvar_limit = (int)number;
    }
    cJSON_Delete(settings);
    return destination;

fail:
    if (error != NULL && error_size > 0) {
        md_fail(error, error_size, problem, shown);
    }
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
