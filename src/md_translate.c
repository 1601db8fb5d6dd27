/* md_translate.c - Segment calls to Matomo `_paq` commands (md_translate, md_map_goal). */
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "md_core.h"
#include "md_internal.h"
#include "md_text.h"

const char *md_event_fields(void)
{
    return "{\"event\":1,\"userId\":1,"
           "\"properties\":{\"category\":1,\"name\":1,\"label\":1,\"value\":1,\"revenue\":1,"
           "\"total\":1},"
           "\"integrations\":{\"Piwik\":{\"customVars\":1,\"cvar\":1},"
           "\"Matomo\":{\"customVars\":1,\"cvar\":1}}}";
}

char *md_event_key(const char *name, size_t length)
{
    char *key = (char *)malloc(length + 1);
    size_t count = 0;
    size_t i;

    if (key == NULL) {
        return NULL;
    }
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 'A' && c <= 'Z') {
            key[count++] = (char)(c + ('a' - 'A'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            key[count++] = (char)c;
        }
    }
    key[count] = '\0';
    return key;
}

/* Text of a field read as a string: a string that is not blank, or a number in its JavaScript
 * form (into 'scratch', >= 32 bytes). Returns NULL for anything else. */
static const char *md_text_field(const cJSON *item, char *scratch, int allow_blank)
{
    if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        if (!allow_blank) {
            const char *p = s;
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
                p++;
            }
            if (*p == '\0') {
                return NULL;
            }
        }
        return s;
    }
    if (cJSON_IsNumber(item)) {
        md_format_number(item->valuedouble, scratch);
        return scratch;
    }
    return NULL;
}

/* A finite number from a JSON number or a numeric string ("5", "19.90"). */
static int md_number_field(const cJSON *item, double *value)
{
    if (cJSON_IsNumber(item)) {
        *value = item->valuedouble;
        return 1;
    }
    if (cJSON_IsString(item)) {
        return md_parse_number_text(item->valuestring, strlen(item->valuestring), value);
    }
    return 0;
}

/* A revenue amount: a number, or a string whose '$' signs and ',' separators are dropped
 * ("$1,010.50"). Zero and anything unparsable are no revenue. */
static int md_revenue_field(const cJSON *item, double *revenue)
{
    double value = 0;

    if (cJSON_IsString(item)) {
        char digits[64];
        size_t count = 0;
        const char *p;
        for (p = item->valuestring; *p != '\0'; p++) {
            if (*p == '$' || *p == ',') {
                continue;
            }
            if (count == sizeof digits) {
                return 0;
            }
            digits[count++] = *p;
        }
        if (!md_parse_number_text(digits, count, &value)) {
            return 0;
        }
    } else if (!md_number_field(item, &value)) {
        return 0;
    }
    if (value == 0) {
        return 0;
    }
    *revenue = value;
    return 1;
}

static void md_begin_command(md_buf *out, const char *method)
{
    if (out->length > 1) {
        md_buf_raw(out, ",", 1);
    }
    md_buf_raw(out, "[\"", 2);
    md_buf_raw(out, method, strlen(method));
    md_buf_raw(out, "\"", 1);
}

static void md_string_argument(md_buf *out, const char *text)
{
    md_buf_raw(out, ",", 1);
    md_buf_string(out, text, strlen(text));
}

static void md_number_argument(md_buf *out, double value)
{
    md_buf_raw(out, ",", 1);
    md_buf_number(out, value);
}

static void md_end_command(md_buf *out)
{
    md_buf_raw(out, "]", 1);
}

/* The per-call options object: integrations.Piwik, else integrations.Matomo, whichever holds
 * custom variables. */
static const cJSON *md_custom_variables(const cJSON *event)
{
    static const char *const names[] = {"Piwik", "Matomo"};
    const cJSON *integrations = cJSON_GetObjectItemCaseSensitive(event, "integrations");
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const cJSON *options = cJSON_GetObjectItemCaseSensitive(integrations, names[i]);
        const cJSON *vars = cJSON_GetObjectItemCaseSensitive(options, "customVars");
        if (!cJSON_IsObject(vars)) {
            vars = cJSON_GetObjectItemCaseSensitive(options, "cvar");
        }
        if (cJSON_IsObject(vars)) {
            return vars;
        }
    }
    return NULL;
}

/* Pushes setCustomVariable for each valid slot 1..limit; returns how many. */
static int md_write_custom_variables(md_buf *out, const cJSON *vars, int limit)
{
    int index;
    int written = 0;

    for (index = 1; index <= limit; index++) {
        char key[16];
        char name_scratch[32];
        char value_scratch[32];
        const cJSON *slot;
        const char *name;
        const char *value;

        md_format_number(index, key);
        slot = cJSON_GetObjectItemCaseSensitive(vars, key);
        if (!cJSON_IsArray(slot) || cJSON_GetArraySize(slot) != 2) {
            continue;
        }
        name = cJSON_IsString(slot->child) ? md_text_field(slot->child, name_scratch, 0) : NULL;
        value = md_text_field(slot->child->next, value_scratch, 1);
        if (name == NULL || value == NULL) {
            continue;
        }
        md_begin_command(out, "setCustomVariable");
        md_number_argument(out, index);
        md_string_argument(out, name);
        md_string_argument(out, value);
        md_string_argument(out, "page");
        md_end_command(out);
        written++;
    }
    return written;
}

static void md_write_track(md_buf *out, const md_destination *destination, const cJSON *event)
{
    const cJSON *properties = cJSON_GetObjectItemCaseSensitive(event, "properties");
    const cJSON *vars = md_custom_variables(event);
    char action_scratch[32];
    char category_scratch[32];
    char name_scratch[32];
    const char *action = md_text_field(cJSON_GetObjectItemCaseSensitive(event, "event"),
                                       action_scratch, 0);
    const char *category;
    const char *name;
    char *key = NULL;
    double revenue = 0;
    double value = 0;
    int has_revenue;
    int has_value;
    int goals = 0;
    size_t i;

    if (!cJSON_IsObject(properties)) {
        properties = NULL;
    }
    if (action != NULL) {
        key = md_event_key(action, strlen(action));
        if (key == NULL) {
            out->failed = 1;
            return;
        }
    }
    has_revenue = md_revenue_field(cJSON_GetObjectItemCaseSensitive(properties, "revenue"),
                                   &revenue);
    if (!has_revenue && key != NULL &&
        (strcmp(key, "ordercompleted") == 0 || strcmp(key, "completedorder") == 0)) {
        has_revenue =
            md_revenue_field(cJSON_GetObjectItemCaseSensitive(properties, "total"), &revenue);
    }
    for (i = 0; key != NULL && key[0] != '\0' && i < destination->goal_count; i++) {
        goals += strcmp(destination->goals[i].key, key) == 0;
    }
    /* Custom variables only travel with a hit of this call, and are cleared after it. */
    if (vars != NULL && action != NULL) {
        vars = md_write_custom_variables(out, vars, destination->cvar_limit) > 0 ? vars : NULL;
    } else {
        vars = NULL;
    }
    for (i = 0; goals > 0 && i < destination->goal_count; i++) {
        if (strcmp(destination->goals[i].key, key) != 0) {
            continue;
        }
        md_begin_command(out, "trackGoal");
        md_number_argument(out, destination->goals[i].id);
        if (has_revenue) {
            md_number_argument(out, revenue);
        }
        md_end_command(out);
    }
    if (action != NULL) {
        category = md_text_field(cJSON_GetObjectItemCaseSensitive(properties, "category"),
                                 category_scratch, 0);
        name = md_text_field(cJSON_GetObjectItemCaseSensitive(properties, "name"), name_scratch,
                             0);
        if (name == NULL) {
            name = md_text_field(cJSON_GetObjectItemCaseSensitive(properties, "label"),
                                 name_scratch, 0);
        }
        has_value = md_number_field(cJSON_GetObjectItemCaseSensitive(properties, "value"), &value);
        if (!has_value && has_revenue) {
            value = revenue;
            has_value = 1;
        }
        md_begin_command(out, "trackEvent");
        md_string_argument(out, category != NULL ? category : "All");
        md_string_argument(out, action);
        if (name != NULL) {
            md_string_argument(out, name);
        } else if (has_value) {
            md_buf_raw(out, ",null", 5); /* undefined: the tracker then sends no e_n */
        }
        if (has_value) {
            md_number_argument(out, value);
        }
        md_end_command(out);
    }
    if (vars != NULL) {
        md_begin_command(out, "deleteCustomVariables");
        md_string_argument(out, "page");
        md_end_command(out);
    }
    free(key);
}

char *md_translate(const md_destination *destination, md_call call, const char *event_json,
                   size_t length, size_t *length_out)
{
    md_buf out = {0};
    cJSON *event = NULL;

    md_buf_raw(&out, "[", 1);
    if (call == MD_CALL_SETUP) {
        md_begin_command(&out, "setTrackerUrl");
        md_string_argument(&out, destination->tracker_url);
        md_end_command(&out);
        md_begin_command(&out, "setSiteId");
        md_string_argument(&out, destination->site_id);
        md_end_command(&out);
        md_begin_command(&out, "enableLinkTracking");
        md_end_command(&out);
    } else if (event_json != NULL &&
               cJSON_IsObject(event = cJSON_ParseWithLength(event_json, length))) {
        if (call == MD_CALL_PAGE) {
            md_begin_command(&out, "trackPageView");
            md_end_command(&out);
        } else if (call == MD_CALL_IDENTIFY) {
            char scratch[32];
            const char *user_id =
                md_text_field(cJSON_GetObjectItemCaseSensitive(event, "userId"), scratch, 1);
            if (user_id != NULL && user_id[0] != '\0') {
                md_begin_command(&out, "setUserId");
                md_string_argument(&out, user_id);
                md_end_command(&out);
            }
        } else if (call == MD_CALL_TRACK) {
            md_write_track(&out, destination, event);
        }
    }
    cJSON_Delete(event);
    md_buf_raw(&out, "]", 1);
    return md_buf_take(&out, length_out);
}

char *md_map_goal(const md_destination *destination, const char *event_name, size_t length,
                  size_t *length_out)
{
    md_buf out = {0};
    char *key = md_event_key(event_name, length);
    size_t i;

    if (key == NULL) {
        return NULL;
    }
    md_buf_raw(&out, "[", 1);
    for (i = 0; key[0] != '\0' && i < destination->goal_count; i++) {
        if (strcmp(destination->goals[i].key, key) == 0) {
            if (out.length > 1) {
                md_buf_raw(&out, ",", 1);
            }
            md_buf_number(&out, destination->goals[i].id);
        }
    }
    md_buf_raw(&out, "]", 1);
    free(key);
    return md_buf_take(&out, length_out);
}
