/* md_track.c - track(): the event, every goal its name fires, and the per-call custom
 * variables; md_map_goal(). */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

/* The fields of every track, then the e-commerce ones (md_is_ecommerce_event), then the options */
#define MD_TRACK_PLAIN                                                                             \
    "{\"event\":1,\"properties\":{\"category\":1,\"name\":1,\"label\":1,\"value\":1,"              \
    "\"revenue\":1,\"total\":1"
#define MD_TRACK_ECOMMERCE                                                                         \
    ",\"sku\":1,\"product_id\":1,\"price\":1,\"quantity\":1,\"products\":1,\"order_id\":1,"        \
    "\"subtotal\":1,\"tax\":1,\"shipping\":1,\"discount\":1,\"query\":1"
#define MD_TRACK_OPTIONS                                                                           \
    "},\"integrations\":{\"Piwik\":{\"customVars\":1,\"cvar\":1,\"customDimensions\":1},"          \
    "\"Matomo\":{\"customVars\":1,\"cvar\":1,\"customDimensions\":1}}}"

const char md_track_fields[] = MD_TRACK_PLAIN MD_TRACK_ECOMMERCE MD_TRACK_OPTIONS;
const char md_track_lean_fields[] = MD_TRACK_PLAIN MD_TRACK_OPTIONS;

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

size_t md_next_goal(const md_settings *settings, const char *key, size_t from)
{
    while (key[0] != '\0' && from < settings->goals.count &&
           strcmp(settings->goals.pairs[from].key, key) != 0) {
        from++;
    }
    return key[0] != '\0' ? from : settings->goals.count;
}

/* A revenue: an amount (md_read_amount) other than zero. */
static int md_read_revenue(const cJSON *item, double *revenue)
{
    double value = 0;
    if (!md_read_amount(item, &value) || value == 0) {
        return 0;
    }
    *revenue = value;
    return 1;
}

/* The custom variables of this call: integrations.Piwik's customVars (alias cvar), else
 * integrations.Matomo's. */
static const cJSON *md_custom_variables(const cJSON *event)
{
    const cJSON *vars = md_get_option(event, "customVars");
    return vars != NULL ? vars : md_get_option(event, "cvar");
}

/* Pushes setCustomVariable for each valid slot 1..limit; returns how many. They belong to this
 * call: md_translate() deletes them after its hits. */
static int md_write_custom_variables(md_context *context, const cJSON *vars)
{
    int index;
    int written = 0;

    for (index = 1; index <= context->settings->cvar_limit; index++) {
        char key[16];
        char name_scratch[32];
        char value_scratch[32];
        size_t name_length = 0;
        size_t value_length = 0;
        const cJSON *slot;
        const char *name;
        const char *value;

        md_format_number(index, key);
        slot = md_get(vars, key);
        if (!cJSON_IsArray(slot) || cJSON_GetArraySize(slot) != 2) {
            continue;
        }
        name = cJSON_IsString(slot->child)
                   ? md_read_text(slot->child, name_scratch, 0, &name_length)
                   : NULL;
        value = md_read_text(slot->child->next, value_scratch, 1, &value_length);
        if (name == NULL || value == NULL) {
            continue;
        }
        md_begin(context, "setCustomVariable");
        md_arg_number(context, index);
        md_arg_text(context, name, name_length);
        md_arg_text(context, value, value_length);
        md_arg_string(context, "page");
        md_end(context);
        written++;
        context->page_variables = 1; /* deleted after the call's hits (md_translate) */
    }
    return written;
}

void md_call_track(md_context *context)
{
    const md_settings *settings = context->settings;
    const cJSON *event = context->event;
    const cJSON *properties = md_get(event, "properties");
    char action_scratch[32];
    char category_scratch[32];
    char name_scratch[32];
    size_t action_length = 0;
    size_t category_length = 0;
    size_t name_length = 0;
    const char *action = md_read_text(md_get(event, "event"), action_scratch, 0, &action_length);
    const char *category;
    const char *name;
    char *key;
    double revenue = 0;
    double value = 0;
    int has_revenue;
    int has_value;
    size_t goal;

    md_write_visit_dimensions(context);
    if (action == NULL) {
        return; /* no event name: nothing to record (Matomo would reject the event) */
    }
    key = md_event_key(action, action_length);
    if (key == NULL) {
        context->out->failed = 1;
        return;
    }
    if (!cJSON_IsObject(properties)) {
        properties = NULL;
    }
    if (strcmp(key, "segmentconsentpreference") == 0 ||
        strcmp(key, "segmentconsentpreferenceupdated") == 0) {
        free(key);
        return; /* the announcement of a consent change: applied, not sent as an event */
    }
    has_revenue = md_read_revenue(md_get(properties, "revenue"), &revenue);
    if (!has_revenue && (strcmp(key, "ordercompleted") == 0 || strcmp(key, "completedorder") == 0)) {
        has_revenue = md_read_revenue(md_get(properties, "total"), &revenue);
    }
    md_gather_action_dimensions(context);
    /* Custom variables travel with this call's hits only, and are cleared after them. */
    md_write_custom_variables(context, md_custom_variables(event));
    for (goal = md_next_goal(settings, key, 0); goal < settings->goals.count;
         goal = md_next_goal(settings, key, goal + 1)) {
        md_begin_hit(context, "trackGoal");
        md_arg_number(context, settings->goals.pairs[goal].id);
        if (has_revenue) {
            md_arg_number(context, revenue);
        }
        md_end_hit(context, 3); /* trackGoal(id, revenue?, customData?) */
    }
    if (md_write_ecommerce(context, key)) {
        goto done; /* recorded by Matomo Ecommerce instead of as a plain event */
    }
    category = md_read_text(md_get(properties, "category"), category_scratch, 0, &category_length);
    name = md_read_text(md_get(properties, "name"), name_scratch, 0, &name_length);
    if (name == NULL) {
        name = md_read_text(md_get(properties, "label"), name_scratch, 0, &name_length);
    }
    has_value = md_read_amount(md_get(properties, "value"), &value);
    if (!has_value && has_revenue) {
        value = revenue;
        has_value = 1;
    }
    md_begin_hit(context, "trackEvent");
    md_arg_text(context, category != NULL ? category : "All", category != NULL ? category_length : 3);
    md_arg_text(context, action, action_length);
    if (name != NULL) {
        md_arg_text(context, name, name_length);
    } else if (has_value) {
        md_arg_undefined(context); /* the tracker then sends no e_n */
    }
    if (has_value) {
        md_arg_number(context, value);
    }
    md_end_hit(context, 5); /* trackEvent(category, action, name?, value?, customData?) */
done:
    free(key);
}

char *md_map_goal(const md_destination *destination, const char *event_name, size_t length,
                  size_t *length_out)
{
    const md_settings *settings = &destination->settings;
    md_buf out = {0};
    char *key = md_event_key(event_name, length);
    size_t goal;

    if (key == NULL) {
        return NULL;
    }
    md_buf_raw(&out, "[", 1);
    for (goal = md_next_goal(settings, key, 0); goal < settings->goals.count;
         goal = md_next_goal(settings, key, goal + 1)) {
        if (out.length > 1) {
            md_buf_raw(&out, ",", 1);
        }
        md_buf_number(&out, settings->goals.pairs[goal].id);
    }
    md_buf_raw(&out, "]", 1);
    free(key);
    return md_buf_take(&out, length_out);
}
