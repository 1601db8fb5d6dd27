/* md_calls.c - the call table: every call the core translates, its handler and the event fields
 * it reads. A new call is one row here and one handler; the binding, the JS shim and the golden
 * runners find it by name. Also md_translate() and md_event_fields(). */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

typedef struct md_call_row {
    const char *name;
    void (*handler)(md_context *context);
    const char *fields; /* the event fields read (JSON shape), or NULL: reads no event */
    int reads_paths;    /* whether the event paths the settings name (dimensions, consent) are
                           read too, and consent is applied */
    const char *lean_fields; /* NULL, or the fields read by an event for which 'reads_all' says
                                no: most events of the call read only these */
    int (*reads_all)(const md_settings *settings, const char *key); /* by md_event_key() */
} md_call_row;

static const md_call_row md_calls[] = {
    {"setup", md_call_setup, NULL, 0, NULL, NULL},
    {"page", md_call_page, md_page_fields, 1, NULL, NULL},
    {"identify", md_call_identify, md_identify_fields, 1, NULL, NULL},
    {"track", md_call_track, md_track_fields, 1, md_track_lean_fields, md_is_ecommerce_event},
    {"group", md_call_group, md_group_fields, 1, NULL, NULL},
    {"alias", md_call_alias, md_group_fields, 0, NULL, NULL},
    {"reset", md_call_reset, NULL, 0, NULL, NULL},
    {"hold", md_call_hold, NULL, 0, NULL, NULL},
    {"flush", md_call_flush, NULL, 0, NULL, NULL},
};

/* Whether this call's event is a product or category view that joins the page view held for
 * it: a track of such an event that does not change the consent first. */
static int md_joins_page_view(md_context *context, int call)
{
    char *key;
    int joins;
    const cJSON *name = md_get(context->event, "event");

    if (md_calls[call].handler != md_call_track || !cJSON_IsString(name) ||
        md_consent_change(context) >= 0) {
        return 0;
    }
    key = md_event_key(name->valuestring, strlen(name->valuestring));
    joins = key != NULL && md_is_view_event(context, key);
    free(key);
    return joins;
}

#define MD_CALL_COUNT ((int)(sizeof md_calls / sizeof md_calls[0]))

int md_call_find(const char *name, size_t length)
{
    int call;
    for (call = 0; call < MD_CALL_COUNT; call++) {
        if (strlen(md_calls[call].name) == length && memcmp(md_calls[call].name, name, length) == 0) {
            return call;
        }
    }
    return -1;
}

char *md_translate(md_destination *destination, int call, const char *event_json, size_t length,
                   size_t *length_out)
{
    md_buf out = {0};
    cJSON *event = NULL;
    md_context context;

    if (call < 0 || call >= MD_CALL_COUNT) {
        return NULL;
    }
    md_buf_raw(&out, "[", 1);
    if (md_calls[call].fields != NULL) {
        event = event_json != NULL ? cJSON_ParseWithLength(event_json, length) : NULL;
    }
    if (md_calls[call].fields == NULL || cJSON_IsObject(event)) {
        memset(&context, 0, sizeof context);
        context.settings = &destination->settings;
        context.state = &destination->state;
        context.event = event;
        context.out = &out;
        /* A held page view goes before anything of this call, unless this call joins it. */
        if (context.state->page_view_held && !md_joins_page_view(&context, call)) {
            md_release_page_view(&context, 0);
        }
        if (md_calls[call].reads_paths) {
            md_apply_consent(&context); /* before anything the call's hit carries */
        }
        md_calls[call].handler(&context);
        md_end_call(&context);
        free(md_buf_take(&context.action_data, NULL));
    }
#ifndef MD_PER_CALL_ARENA
    cJSON_Delete(event);
#endif
    md_buf_raw(&out, "]", 1);
    return md_buf_take(&out, length_out);
}

int md_reads_all_fields(const md_destination *destination, int call, const char *event_name,
                        size_t length)
{
    char *key;
    int all;

    if (call < 0 || call >= MD_CALL_COUNT || md_calls[call].lean_fields == NULL) {
        return 1;
    }
    key = md_event_key(event_name, length);
    if (key == NULL) {
        return 1;
    }
    all = md_calls[call].reads_all(&destination->settings, key);
    free(key);
    return all;
}

char *md_event_fields(const md_destination *destination, size_t *length_out)
{
    const md_map *maps[2];
    md_buf out = {0};
    size_t m;
    size_t i;
    size_t paths = 0;
    int call;

    maps[0] = &destination->settings.visit_dimensions;
    maps[1] = &destination->settings.action_dimensions;
    md_buf_raw(&out, "{\"calls\":[", 10);
    for (call = 0; call < MD_CALL_COUNT; call++) {
        const md_call_row *row = &md_calls[call];
        const char *fields = row->fields != NULL ? row->fields : "null";
        md_buf_raw(&out, call == 0 ? "[" : ",[", call == 0 ? 1 : 2);
        md_buf_string(&out, row->name, strlen(row->name));
        md_buf_raw(&out, ",", 1);
        md_buf_raw(&out, fields, strlen(fields));
        md_buf_raw(&out, row->reads_paths ? ",1," : ",0,", 3);
        fields = row->lean_fields != NULL ? row->lean_fields : "null";
        md_buf_raw(&out, fields, strlen(fields));
        md_buf_raw(&out, "]", 1);
    }
    md_buf_raw(&out, "],\"paths\":[", 11);
    if (destination->settings.require_consent != MD_CONSENT_NONE) {
        md_buf_string(&out, "context.consent.categoryPreferences", 35);
        paths++;
    }
    for (m = 0; m < 2; m++) {
        for (i = 0; i < maps[m]->count; i++) {
            if (paths++ > 0) {
                md_buf_raw(&out, ",", 1);
            }
            md_buf_string(&out, maps[m]->pairs[i].key, strlen(maps[m]->pairs[i].key));
        }
    }
    md_buf_raw(&out, "],\"keepPlace\":", 14);
    md_buf_raw(&out, md_keep_place, strlen(md_keep_place));
    md_buf_raw(&out, ",\"productViewWait\":", 19);
    md_buf_number(&out, destination->settings.product_view_wait);
    md_buf_raw(&out, destination->settings.additional_sites.count > 0 ? ",\"trackers\":2"
                                                                      : ",\"trackers\":1", 13);
    md_buf_raw(&out, destination->settings.respect_do_not_track ? ",\"doNotTrack\":1}"
                                                                : ",\"doNotTrack\":0}", 16);
    return md_buf_take(&out, length_out);
}
