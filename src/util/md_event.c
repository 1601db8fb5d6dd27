/* md_event.c - reading the fields of a parsed Segment event (see md_internal.h). */
#include <string.h>

#include "md_internal.h"

const cJSON *md_get(const cJSON *object, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(object, name);
}

const cJSON *md_get_path(const cJSON *object, const char *path)
{
    while (object != NULL) {
        size_t length = md_span(path, '.');
        const cJSON *child = cJSON_IsObject(object) ? object->child : NULL;
        while (child != NULL &&
               !(strncmp(child->string, path, length) == 0 && child->string[length] == '\0')) {
            child = child->next;
        }
        if (path[length] == '\0') {
            return child;
        }
        object = child;
        path += length + 1;
    }
    return NULL;
}

const cJSON *md_get_option(const cJSON *event, const char *name)
{
    const cJSON *integrations = md_get(event, "integrations");
    const cJSON *option = md_get(md_get(integrations, "Piwik"), name);
    if (!cJSON_IsObject(option)) {
        option = md_get(md_get(integrations, "Matomo"), name);
    }
    return cJSON_IsObject(option) ? option : NULL;
}

int md_read_number(const cJSON *item, double *value)
{
    if (cJSON_IsNumber(item)) {
        double number = item->valuedouble;
        /* finite: NaN fails the first test, infinities the second */
        if (!(number == number) || number - number != 0.0) {
            return 0;
        }
        *value = number;
        return 1;
    }
    if (cJSON_IsString(item)) {
        return md_parse_number_text(item->valuestring, strlen(item->valuestring), value);
    }
    return 0;
}

const char *md_read_text(const cJSON *item, char *scratch, int allow_blank, size_t *length)
{
    double number;

    if (cJSON_IsString(item)) {
        size_t size = strlen(item->valuestring);
        if (!allow_blank && md_is_blank(item->valuestring, size)) {
            return NULL;
        }
        *length = size;
        return item->valuestring;
    }
    if (cJSON_IsNumber(item) && md_read_number(item, &number)) {
        *length = md_format_number(number, scratch);
        return scratch;
    }
    return NULL;
}

int md_read_amount(const cJSON *item, double *value)
{
    char digits[64];
    size_t count = 0;
    const char *p;

    if (!cJSON_IsString(item)) {
        return md_read_number(item, value);
    }
    for (p = item->valuestring; *p != '\0'; p++) {
        if (*p == '$' || *p == ',') {
            continue;
        }
        if (count == sizeof digits) {
            return 0;
        }
        digits[count++] = *p;
    }
    return md_parse_number_text(digits, count, value);
}

int md_read_id_text(const char *text, double *id)
{
    const char *p;
    for (p = text; *p != '\0'; p++) {
        if ((*p < '0' || *p > '9') && *p != ' ') {
            return 0;
        }
    }
    return md_parse_number_text(text, strlen(text), id) && *id >= 1 && *id <= MD_MAX_ID &&
           *id == (double)(long)*id;
}
