/* md_internal.h - what the core's own files share. Not public API. */
#ifndef MD_INTERNAL_H
#define MD_INTERNAL_H

#include <stddef.h>

/* One goal mapping: events whose md_event_key() equals 'key' fire goal 'id'. */
typedef struct md_goal {
    char *key; /* owned */
    double id;
} md_goal;

struct md_destination {
    char *tracker_url; /* owned; e.g. https://host/matomo.php */
    char *script_url;  /* owned; e.g. https://host/matomo.js */
    char site_id[32];  /* the site id as decimal text */
    int cvar_limit;    /* custom variable slots 1..cvar_limit are accepted */
    md_goal *goals;    /* owned; 'goal_count' entries */
    size_t goal_count;
};

/* The case- and separator-insensitive key of an event name: ASCII letters lower-cased, every
 * other ASCII character but digits dropped, other bytes kept ("Order Completed",
 * "order_completed" and "orderCompleted" share "ordercompleted"). Caller frees; NULL when
 * memory ran out. */
char *md_event_key(const char *name, size_t length);

#endif
