/* md_dimensions.c - custom dimensions: visit dimensions (setCustomDimension, kept by Matomo
 * for every later hit, deleted on reset) and action dimensions (custom data of one hit). */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

/* The value a dimension takes from 'item': non-blank text or a finite number, cut to 255
 * characters. NULL when there is none. */
static const char *md_dimension_value(const cJSON *item, char *scratch, size_t *length)
{
    const char *text = md_read_text(item, scratch, 0, length);
    if (text != NULL) {
        *length = md_cut_text(text, *length, MD_MAX_DIMENSION_VALUE);
    }
    return text;
}

void md_write_visit_dimensions(md_context *context)
{
    const md_map *map = &context->settings->visit_dimensions;
    size_t i;

    for (i = 0; i < map->count; i++) {
        char scratch[32];
        size_t length = 0;
        const char *value =
            md_dimension_value(md_get_path(context->event, map->pairs[i].key), scratch, &length);
        if (value == NULL) {
            continue;
        }
        md_begin(context, "setCustomDimension");
        md_arg_number(context, map->pairs[i].id);
        md_arg_text(context, value, length);
        md_end(context);
        context->state->visit_dimension_set[i] = 1;
    }
}

void md_delete_visit_dimensions(md_context *context)
{
    const md_map *map = &context->settings->visit_dimensions;
    unsigned char *set = context->state->visit_dimension_set;
    size_t i;
    size_t j;

    for (i = 0; i < map->count; i++) {
        if (!set[i]) {
            continue;
        }
        for (j = i + 1; j < map->count; j++) { /* each id once */
            set[j] = set[j] && map->pairs[j].id != map->pairs[i].id;
        }
        set[i] = 0;
        md_begin(context, "deleteCustomDimension");
        md_arg_number(context, map->pairs[i].id);
        md_end(context);
    }
}

/* One action dimension of a hit. */
typedef struct md_dimension {
    double id;
    const char *value;
    size_t length;
    char scratch[32];
} md_dimension;

/* Sets dimension 'id' of the list to the value of 'item', replacing the value it had; an item
 * without a value changes nothing. Returns the new count. */
static size_t md_set_dimension(md_dimension *list, size_t count, double id, const cJSON *item)
{
    md_dimension *slot = list;
    md_dimension *spare = list + count; /* room for one more, kept for this */
    spare->value = md_dimension_value(item, spare->scratch, &spare->length);
    if (spare->value == NULL) {
        return count;
    }
    while (slot < spare && slot->id != id) {
        slot++;
    }
    if (slot < spare) {
        slot->value = spare->value == spare->scratch ? slot->scratch : spare->value;
        slot->length = spare->length;
        memcpy(slot->scratch, spare->scratch, sizeof slot->scratch);
        return count;
    }
    spare->id = id;
    return count + 1;
}

/* Adds the dimensions of 'object' (keys: the id after 'prefix' characters) to the list. */
static size_t md_add_dimensions(md_dimension *list, size_t count, const cJSON *object,
                                size_t prefix)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, object)
    {
        double id;
        if (strlen(item->string) >= prefix && md_read_id_text(item->string + prefix, &id)) {
            count = md_set_dimension(list, count, id, item);
        }
    }
    return count;
}

void md_gather_action_dimensions(md_context *context)
{
    const md_map *map = &context->settings->action_dimensions;
    const cJSON *overrides = md_get_option(context->event, "customDimensions");
    md_state *state = context->state;
    /* held here only while a product view joins it: {"dimensionN": "v", ...} */
    cJSON *page = state->page_view_held
                      ? cJSON_ParseWithLength(state->held_data, state->held_data_length)
                      : NULL;
    md_dimension *list;
    size_t count = 0;
    size_t i;

    if (map->count == 0 && overrides == NULL && page == NULL) {
        return;
    }
    list = (md_dimension *)malloc(sizeof *list * (map->count + (size_t)cJSON_GetArraySize(overrides) +
                                                  (size_t)cJSON_GetArraySize(page) + 1));
    if (list == NULL) {
        context->out->failed = 1;
        cJSON_Delete(page);
        return;
    }
    for (i = 0; i < map->count; i++) {
        count = md_set_dimension(list, count, map->pairs[i].id,
                                 md_get_path(context->event, map->pairs[i].key));
    }
    count = md_add_dimensions(list, count, overrides, 0);
    count = md_add_dimensions(list, count, page, 9); /* after "dimension" */
    for (i = 0; i < count; i++) {
        md_buf_raw(&context->action_data, i == 0 ? "{\"dimension" : ",\"dimension", 11);
        md_buf_number(&context->action_data, list[i].id);
        md_buf_raw(&context->action_data, "\":", 2);
        md_buf_string(&context->action_data, list[i].value, list[i].length);
    }
    if (count > 0) {
        md_buf_raw(&context->action_data, "}", 1);
    }
    free(list);
    cJSON_Delete(page);
}
