/*
 * md_internal.h - what the core's own files share: the settings, the state kept between calls,
 * the destination that owns both, and the context every call handler gets. Not public API.
 */
#ifndef MD_INTERNAL_H
#define MD_INTERNAL_H

#include <stddef.h>

#include "cJSON.h"
#include "md_core.h"
#include "util/md_text.h"

/* The longest URL, referrer or title kept whole, in UTF-16 units (Matomo stores action names
 * up to 4,096 characters); longer ones are cut. */
#define MD_MAX_TEXT 4096
/* The same in UTF-8 bytes at most (a UTF-16 unit takes at most 3 bytes). */
#define MD_MAX_TEXT_BYTES (3 * MD_MAX_TEXT)
/* The longest custom dimension value, in UTF-16 units (Matomo's column holds 255). */
#define MD_MAX_DIMENSION_VALUE 255

/* The largest id (site, goal, dimension) accepted. */
#define MD_MAX_ID 2147483647.0

/* The problem reported when memory runs out while the settings are read. */
#define MD_NO_MEMORY "could not be read: out of memory."

/* One entry of a name -> id setting (goals, dimensions). */
typedef struct md_pair {
    char *key; /* owned: an md_event_key() for goals, a dotted event path for dimensions */
    double id; /* a positive whole number */
} md_pair;

typedef struct md_map {
    md_pair *pairs; /* owned; 'count' entries */
    size_t count;
} md_map;

/* What page views are titled with (setting "pageTitle"). */
enum { MD_TITLE_FROM_TITLE = 0, MD_TITLE_FROM_NAME = 1 };

/* The validated settings; filled by md_destination_create() from the settings table
 * (src/settings/md_settings.c), read-only afterwards. */
typedef struct md_settings {
    char *tracker_url; /* owned; e.g. https://host/matomo.php */
    char *script_url;  /* owned; e.g. https://host/matomo.js */
    char site_id[32];  /* the site id as decimal text */
    int cvar_limit;    /* custom variable slots 1..cvar_limit are accepted */
    int page_title;    /* MD_TITLE_FROM_* */
    int ecommerce;     /* e-commerce events go to Matomo Ecommerce */
    int product_view_page_view; /* "Product Viewed" sends a page view too */
    md_map goals;
    md_map visit_dimensions;
    md_map action_dimensions;
    int require_consent;        /* MD_CONSENT_* */
    md_map consent_categories;  /* keys: the categories that must all be granted; ["Analytics"]
                                   when empty */
    int disable_cookies;
    int respect_do_not_track;
    char *cookie_domain;        /* owned, or NULL */
    md_map domains;             /* keys: the site's domains */
    int secure_cookie;
    int cookie_same_site;       /* -1 (not set) or an index of "Lax|Strict|None" */
    int link_tracking;
    int heart_beat;             /* seconds, 0 for none */
    int cross_domain_linking;
    int performance_tracking;
    int js_error_tracking;
    int request_method;         /* -1 (not set) or an index of "GET|POST" */
    char *script_nonce;         /* owned, or NULL */
    int script_timeout;         /* seconds the host waits for the tracker script */
    int product_view_wait;      /* ms a page view waits for a product view to join it (0: none) */
    md_map additional_sites;    /* keys: tracker endpoints; ids: site ids */
} md_settings;

/* Setting "requireConsent". */
enum { MD_CONSENT_NONE = 0, MD_CONSENT_TRACKING = 1, MD_CONSENT_COOKIES = 2 };

/* The remembered cart: at most MD_CART_LINES lines whose texts (sku, name, category, each cut
 * to MD_CART_TEXT UTF-16 units, NUL-terminated) are packed into 'pool'. Fixed in size. */
#define MD_CART_LINES 100
#define MD_CART_TEXT 255
#define MD_CART_POOL 32768

typedef struct md_cart_line {
    size_t sku;      /* offsets of the texts in the pool */
    size_t name;
    size_t category;
    double price;
    int has_price;
    double quantity; /* a whole number >= 1 */
} md_cart_line;

typedef struct md_cart {
    size_t count;
    size_t used; /* bytes of the pool in use */
    md_cart_line lines[MD_CART_LINES];
    char pool[MD_CART_POOL];
} md_cart;

/* The most custom data (action dimensions, as JSON) a held page view keeps; a page view with
 * more is sent at once. */
#define MD_HELD_DATA 2048

/* What lasts between the calls of one destination. Owned by it: zeroed when it is created,
 * changed only by the call handlers through md_translate(), released with it. Fixed in size,
 * so it never grows with the calls. */
typedef struct md_state {
    size_t pages;          /* page views translated so far */
    int new_visit_due;     /* after reset(): the next hit starts a new visit */
    unsigned char *visit_dimension_set; /* owned; per visit dimension setting: set since the
                                           last reset (so reset() deletes it) */
    size_t last_url_length;
    char last_url[MD_MAX_TEXT_BYTES + 1]; /* the URL the last page view sent ("" if none) */
    unsigned cart_version; /* changes whenever the cart or a due new visit does (the host stores
                              them then) */
    int consent_given;     /* the consent categories were all granted (setConsentGiven sent) */
    md_cart cart;          /* the remembered cart (src/calls/md_ecommerce.c) */
    int cart_asked;        /* the host was asked for its stored cart (md_host_read_stored) */
    int new_visit_asked;   /* the host was asked whether it stored a new visit */
    /* The tracker's state, set and ended by rule in src/state/md_tracker.c: */
    int ecommerce_view;    /* a product or category view is set (setEcommerceView) that no page
                              view has recorded yet */
    int hold_page_views;   /* the host releases held page views (calls "hold" and "flush") */
    int page_view_held;    /* page() wrote all but its trackPageView, which waits for a product
                              view that may follow (md_release_page_view) */
    size_t held_data_length;
    char held_data[MD_HELD_DATA + 1]; /* the held page view's custom data: "" or "{...}" */
} md_state;

struct md_destination {
    md_settings settings;
    md_state state;
    char *warnings; /* owned; "" or the one message naming unknown settings */
};

/* One call being translated: what its handler reads and where it writes. */
typedef struct md_context {
    const md_settings *settings;
    md_state *state;
    const cJSON *event; /* the parsed event (an object), or NULL for calls that read none */
    md_buf *out;        /* the JSON array being written (its '[' already there) */
    int arguments;      /* arguments written to the command begun last */
    md_buf action_data; /* the action dimensions of this call's hits: "" or "{...}" */
    int page_view_hit;  /* the hit begun last is a page view */
    int page_variables; /* page-scope custom variables were set: deleted after the call */
} md_context;

/* ---- settings (src/settings/) ---- */

/* Validates the address at 'text' as the Server URL is validated. With 'script', normalises it
 * into the tracker endpoint ('*endpoint', e.g. https://host/matomo.php) and the script URL;
 * without ('script' NULL), '*endpoint' gets the address itself. What was there is freed. Returns
 * NULL on success, or the problem ("must ...", "has ...") to report for the setting. */
const char *md_read_url(const char *text, char **endpoint, char **script);

/* The settings table as JSON, for documentation and types: [{name, kind, required, default?,
 * minimum?, maximum?, choices?, help}, ...]. Caller frees; NULL when memory ran out. */
char *md_settings_schema(size_t *length_out);

/* The case- and separator-insensitive key of an event name: ASCII letters lower-cased, every
 * other ASCII character but digits dropped, other bytes kept ("Order Completed",
 * "order_completed" and "orderCompleted" share "ordercompleted"). Caller frees; NULL when
 * memory ran out. */
char *md_event_key(const char *name, size_t length);

/* ---- the call handlers (src/calls/), one file per area; the table is src/calls/md_calls.c ---- */

void md_call_setup(md_context *context);    /* md_setup.c */
void md_call_page(md_context *context);     /* md_page.c */
void md_call_identify(md_context *context); /* md_identify.c: identify, reset, group, alias */
void md_call_reset(md_context *context);
void md_call_group(md_context *context);
void md_call_alias(md_context *context);
void md_call_track(md_context *context);    /* md_track.c: track, goals, custom variables */
void md_call_hold(md_context *context);     /* md_page.c: the host releases held page views */
void md_call_flush(md_context *context);    /* md_page.c: the held page view goes now */

/* The event fields each handler reads (JSON shapes as md_event_fields() describes). */
extern const char md_page_fields[];
extern const char md_identify_fields[];
extern const char md_group_fields[];
extern const char md_track_fields[];
/* The fields a track reads when md_is_ecommerce_event() says no: md_track_fields without the
 * e-commerce ones. */
extern const char md_track_lean_fields[];

/* The index of the next goal at or after 'from' that 'key' (an md_event_key()) fires, or
 * settings->goals.count when there is none. */
size_t md_next_goal(const md_settings *settings, const char *key, size_t from);

/* ---- consent (src/calls/md_consent.c) ---- */

/* Pushes setConsentGiven / forgetConsentGiven (their cookie forms in cookies mode) when the
 * event's context.consent.categoryPreferences changes the consent this destination gave. */
void md_apply_consent(md_context *context);
/* The consent md_apply_consent() would give (1) or withdraw (0) for this call; -1 for none. */
int md_consent_change(const md_context *context);

/* ---- ecommerce (src/calls/md_ecommerce.c) ---- */

/* Translates 'context''s track event when it is one of Segment's e-commerce events that Matomo
 * Ecommerce records (the key is its md_event_key()): writes its commands between the goals
 * (written first, by the caller) and returns 1. Returns 0, having written nothing, for every
 * other event: it is then a plain event. */
int md_write_ecommerce(md_context *context, const char *key);

/* Whether a track event of this key (md_event_key()) is one md_write_ecommerce() may record:
 * only such an event reads the e-commerce fields of md_track_fields. */
int md_is_ecommerce_event(const md_settings *settings, const char *key);

/* Whether 'context''s track event (its key: md_event_key()) is a product or category view that
 * Matomo Ecommerce records: then it may join a held page view. */
int md_is_view_event(const md_context *context, const char *key);

/* Empties the remembered cart (reset: the next user does not inherit it). */
void md_cart_forget(md_state *state);

/* ---- custom dimensions (src/calls/md_dimensions.c) ---- */

/* Pushes setCustomDimension for every visit dimension whose path holds a value in the event,
 * and remembers it as set. */
void md_write_visit_dimensions(md_context *context);

/* Pushes deleteCustomDimension for every visit dimension set since the last reset, and forgets
 * them. */
void md_delete_visit_dimensions(md_context *context);

/* Gathers the action dimensions of this call's hits into context->action_data: those mapped by
 * the settings, then the per-call integrations.(Piwik|Matomo).customDimensions, then, for a call
 * that joins a held page view, the dimensions of that page (which win). */
void md_gather_action_dimensions(md_context *context);

/* ---- command writer (src/util/md_command.c) ---- */

/* Begins the command ["method"; arguments follow, then md_end(). */
void md_begin(md_context *context, const char *method);
void md_arg_text(md_context *context, const char *text, size_t length);
void md_arg_string(md_context *context, const char *text); /* NUL-terminated */
void md_arg_number(md_context *context, double value);     /* finite */
void md_arg_undefined(md_context *context);
void md_end(md_context *context);
/* ---- the tracker's state (src/state/md_tracker.c) ---- */

/* The methods a call may write that change the user id, consent or cookie consent: a JSON
 * object of each name and the state it changes (1, 2, 3). */
extern const char md_keep_place[];

/* Asks the host, once per destination each, for what it stored: with 'cart', before the first
 * use of the cart, its stored cart; without, before the first hit, whether a new visit is due
 * (after a reset on an earlier page). */
void md_read_stored(md_state *state, int cart);

/* Begins a command that sends a hit: when a new visit is due, it is preceded by
 * ['appendToTrackingUrl', 'new_visit=1']. End it with md_end_hit(). */
void md_begin_hit(md_context *context, const char *method);
/* Ends a hit begun with md_begin_hit(): the call's action dimensions go in as its custom data,
 * its argument number 'data_position' (1-based; undefined arguments fill the gap before it; 0
 * for a hit that takes none); then, when it started a new visit, ['appendToTrackingUrl', '']
 * follows, and after a page view that recorded a product view, ['setEcommerceView'] ends it. */
void md_end_hit(md_context *context, int data_position);

/* After a call's handler: what belonged to the call alone ends (its custom variables). */
void md_end_call(md_context *context);

/* Whether page() may hold its page view (the host releases held ones, a product view could
 * join it, its custom data fits): then it is held, and 1 returned; else 0 (write it now). */
int md_hold_page_view(md_context *context);
/* Writes the held page view, if there is one, with its own custom data, or (when 'joined', by
 * a product view) with the call's, which holds the page's too (md_gather_action_dimensions). */
void md_release_page_view(md_context *context, int joined);

/* ---- reading the event (src/util/md_event.c) ---- */

/* The member 'name' of 'object' (NULL when either is missing). */
const cJSON *md_get(const cJSON *object, const char *name);
/* The value at a dotted path ("traits.plan") of 'object', or NULL. */
const cJSON *md_get_path(const cJSON *object, const char *path);
/* A per-call option: integrations.Piwik.<name>, else integrations.Matomo.<name>, when that is
 * an object; NULL otherwise. */
const cJSON *md_get_option(const cJSON *event, const char *name);

/* A finite number from a JSON number or a numeric string ("5", " 19.90"). The one place where
 * numbers are read: out-of-range JSON numbers (1e999) are no number. */
int md_read_number(const cJSON *item, double *value);

/* An amount (revenue, value, total, subtotal, tax, shipping, discount, price): a number as
 * md_read_number() reads it, or a string read after dropping its '$' signs and ',' separators
 * ("$1,010.50" is 1010.5). The one reader of every amount field. */
int md_read_amount(const cJSON *item, double *value);

/* An id (1..MD_MAX_ID) written as text: digits, maybe surrounded by spaces. Returns 1 and
 * stores it, or returns 0. */
int md_read_id_text(const char *text, double *id);

/* Text of a field read as a string: a string that is not blank (or, with 'allow_blank', any
 * string), or a finite number in its JavaScript form (written into 'scratch', >= 32 bytes).
 * Returns NULL for anything else; the length goes to '*length'. */
const char *md_read_text(const cJSON *item, char *scratch, int allow_blank, size_t *length);

#endif
