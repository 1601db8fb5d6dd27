/* md_settings.c - the settings table (every setting declared once: name, kind, default, bounds,
 * help text), the reader of each kind, md_destination_create() and the settings schema that
 * documentation is generated from. */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

#define MD_SHOWN_LENGTH 40 /* characters of a refused value shown in the message */
#define MD_MAX_PATH 255    /* bytes of a dimension path */
#define MD_UNKNOWN_SHOWN 10 /* unknown setting names named in the warning */

typedef struct md_setting md_setting;

/* The kinds of setting; their names are in md_kind_names (for the schema). */
enum {
    MD_KIND_ID,
    MD_KIND_URL,
    MD_KIND_GOALS,
    MD_KIND_DIMENSIONS,
    MD_KIND_INTEGER, /* INTEGER to BOOLEAN: the kinds whose errors say what is accepted and */
    MD_KIND_CHOICE,  /* do not quote the help (MD_DOC_ONLY, md_fail): keep them together */
    MD_KIND_BOOLEAN,
    MD_KIND_ADDRESS, /* an exact http(s) address */
    MD_KIND_TEXTS,   /* a list of texts */
    MD_KIND_DOMAIN,
    MD_KIND_DOMAINS,
    MD_KIND_NONCE,
    MD_KIND_SITES
};

/* Reads the present, non-null 'value' of 'setting' into 'settings'. Returns NULL, or the
 * problem to report (it may name {min}, {max} and {choices} of the row); '*shown' is the value
 * to show with it. */
typedef const char *(*md_setting_reader)(const md_setting *setting, const cJSON *value,
                                         md_settings *settings, const cJSON **shown);

struct md_setting {
    const char *name;
    int kind;         /* MD_KIND_* */
    md_setting_reader read;
    int required;
    int minimum;         /* integer: bounds */
    int maximum;
    int fallback;        /* integer: the default; choice: the index of the default */
    const char *choices; /* choice: the accepted texts, each followed by '|' */
    size_t offset;       /* where the value goes in md_settings (an int or an md_map) */
    const char *help;    /* what it takes: in the README and types, and in errors ("Expected: ...")
                            but for MD_DOC_ONLY kinds */
};

static const char *md_read_site_id_setting(const md_setting *, const cJSON *, md_settings *,
                                           const cJSON **);
static const char *md_read_url_setting(const md_setting *, const cJSON *, md_settings *,
                                       const cJSON **);
static const char *md_read_map_setting(const md_setting *, const cJSON *, md_settings *,
                                       const cJSON **);
static const char *md_read_integer_setting(const md_setting *, const cJSON *, md_settings *,
                                           const cJSON **);
static const char *md_read_choice_setting(const md_setting *, const cJSON *, md_settings *,
                                          const cJSON **);
static const char *md_read_boolean_setting(const md_setting *, const cJSON *, md_settings *,
                                           const cJSON **);
static const char *md_read_address_setting(const md_setting *, const cJSON *, md_settings *,
                                           const cJSON **);
static const char *md_read_texts_setting(const md_setting *, const cJSON *, md_settings *,
                                         const cJSON **);
static const char *md_read_domain_setting(const md_setting *, const cJSON *, md_settings *,
                                          const cJSON **);
static const char *md_read_sites_setting(const md_setting *, const cJSON *, md_settings *,
                                         const cJSON **);

#define MD_AT(field) offsetof(md_settings, field)

/* The help of a setting whose errors do not quote it, because the problem already says what is
 * accepted ("must be true or false.", "must be a whole number from 0 to 50.", "must be one of
 * ..."): integers, choices and booleans. It documents the setting (README, types: the schema
 * of the native build) and is left out of the wasm build (MD_NO_DOC_ONLY). */
#ifdef MD_NO_DOC_ONLY
#define MD_DOC_ONLY(help) NULL
#else
#define MD_DOC_ONLY(help) help
#endif

static const md_setting md_setting_table[] = {
    {"siteId", MD_KIND_ID, md_read_site_id_setting, 1, 0, 0, 0, NULL, 0,
     "your Matomo site id (setSiteId in your Matomo tracking code), e.g. 1."},
    {"url", MD_KIND_URL, md_read_url_setting, 1, 0, 0, 0, NULL, 0,
     "your Matomo Server URL, the address before /matomo.php in your Matomo tracking code, e.g. "
     "\"https://matomo.example.com\" (optional when trackerUrl and scriptUrl are both given)."},
    {"trackerUrl", MD_KIND_ADDRESS, md_read_address_setting, 0, 0, 0, 0, NULL, MD_AT(tracker_url),
     "the tracking endpoint itself, when it is not <url>/matomo.php (a proxy such as "
     "\"https://example.com/stats/m.php\")."},
    {"scriptUrl", MD_KIND_ADDRESS, md_read_address_setting, 0, 0, 0, 0, NULL, MD_AT(script_url),
     "the tracker script itself, when it is not <url>/matomo.js (e.g. Matomo Cloud's CDN "
     "script)."},
    {"goals", MD_KIND_GOALS, md_read_map_setting, 0, 0, 0, 0, NULL, MD_AT(goals),
     "event names mapped to Matomo goal ids: {\"Order Completed\": 1} or Segment's "
     "[{\"key\": \"Order Completed\", \"value\": \"1\"}]."},
    {"customVariableLimit", MD_KIND_INTEGER, md_read_integer_setting, 0, 0, 50, 5, NULL,
     MD_AT(cvar_limit),
     MD_DOC_ONLY("how many custom variable slots to fill (your Matomo's slots; 0 turns them "
                 "off).")},
    {"pageTitle", MD_KIND_CHOICE, md_read_choice_setting, 0, 0, 0, 0, "title|name|",
     MD_AT(page_title),
     MD_DOC_ONLY("what page views are titled with: \"title\" (the page's title) or \"name\" "
                 "(the page name, after its category: \"Docs / Setup\").")},
    {"visitDimensions", MD_KIND_DIMENSIONS, md_read_map_setting, 0, 0, 0, 0, NULL,
     MD_AT(visit_dimensions),
     "event fields sent as visit-scope custom dimensions, as dotted paths mapped to dimension "
     "ids: {\"traits.plan\": 1}, or Segment's [{\"key\": \"traits.plan\", \"value\": \"1\"}]."},
    {"actionDimensions", MD_KIND_DIMENSIONS, md_read_map_setting, 0, 0, 0, 0, NULL,
     MD_AT(action_dimensions),
     "event fields sent as action-scope custom dimensions with the call's hit, as dotted paths "
     "mapped to dimension ids: {\"properties.section\": 2}."},
    {"ecommerce", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 1, NULL,
     MD_AT(ecommerce),
     MD_DOC_ONLY("whether Segment's e-commerce events go to Matomo Ecommerce (product views, "
                 "the whole cart, orders, site search); false sends them as plain events.")},
    {"productViewPageView", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 1, NULL,
     MD_AT(product_view_page_view),
     MD_DOC_ONLY("whether \"Product Viewed\" also sends the page view Matomo records a product "
                 "view with; false on sites that call page() after it.")},
    {"productViewWait", MD_KIND_INTEGER, md_read_integer_setting, 0, 0, 10000, 500, NULL,
     MD_AT(product_view_wait),
     MD_DOC_ONLY("milliseconds a page view waits for a \"Product Viewed\" (or \"Product List "
                 "Viewed\") that follows it, so that one page view records the product view "
                 "(with productViewPageView); 0 sends every page view at once.")},
    {"requireConsent", MD_KIND_CHOICE, md_read_choice_setting, 0, 0, 0, 0, "none|tracking|cookies|",
     MD_AT(require_consent),
     MD_DOC_ONLY("\"none\", \"tracking\" (nothing is sent until consent) or \"cookies\" (hits "
                 "without cookies until consent); consent comes from Segment's consent "
                 "information.")},
    {"consentCategories", MD_KIND_TEXTS, md_read_texts_setting, 0, 0, 0, 0, NULL,
     MD_AT(consent_categories),
     "the Segment consent categories that must all be granted for Matomo, e.g. [\"C0002\"] "
     "with OneTrust; [\"Analytics\"] by default."},
    {"disableCookies", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 0, NULL,
     MD_AT(disable_cookies),
     MD_DOC_ONLY("whether Matomo sets no cookie at all (disableCookies).")},
    {"respectDoNotTrack", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 0, NULL,
     MD_AT(respect_do_not_track),
     MD_DOC_ONLY("whether browsers that ask not to be tracked send nothing (setDoNotTrack).")},
    {"cookieDomain", MD_KIND_DOMAIN, md_read_domain_setting, 0, 0, 0, 0, NULL,
     MD_AT(cookie_domain), "the domain of Matomo's cookies, e.g. \"*.example.com\"."},
    {"domains", MD_KIND_DOMAINS, md_read_texts_setting, 0, 0, 0, 0, NULL, MD_AT(domains),
     "the site's own domains (setDomains), e.g. [\"*.example.com\"]: links to others are "
     "outlinks."},
    {"secureCookie", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 0, NULL,
     MD_AT(secure_cookie),
     MD_DOC_ONLY("whether Matomo's cookies are sent over https only.")},
    {"cookieSameSite", MD_KIND_CHOICE, md_read_choice_setting, 0, 0, 0, -1, "Lax|Strict|None|",
     MD_AT(cookie_same_site),
     MD_DOC_ONLY("the SameSite attribute of Matomo's cookies.")},
    {"linkTracking", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 1, NULL,
     MD_AT(link_tracking),
     MD_DOC_ONLY("whether outlink and download clicks are tracked (enableLinkTracking).")},
    {"heartBeat", MD_KIND_INTEGER, md_read_integer_setting, 0, 1, 86400, 0, NULL,
     MD_AT(heart_beat),
     MD_DOC_ONLY("seconds between heartbeat pings that measure the time spent on the last page; "
                 "none by default.")},
    {"crossDomainLinking", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 0, NULL,
     MD_AT(cross_domain_linking),
     MD_DOC_ONLY("whether the visitor is kept across the domains of the site "
                 "(enableCrossDomainLinking).")},
    {"performanceTracking", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 1, NULL,
     MD_AT(performance_tracking),
     MD_DOC_ONLY("whether page load times are sent with page views.")},
    {"jsErrorTracking", MD_KIND_BOOLEAN, md_read_boolean_setting, 0, 0, 0, 0, NULL,
     MD_AT(js_error_tracking),
     MD_DOC_ONLY("whether JavaScript errors of the page are tracked as events.")},
    {"requestMethod", MD_KIND_CHOICE, md_read_choice_setting, 0, 0, 0, -1, "GET|POST|",
     MD_AT(request_method),
     MD_DOC_ONLY("how hits are sent (setRequestMethod); Matomo's default otherwise.")},
    {"scriptNonce", MD_KIND_NONCE, md_read_domain_setting, 0, 0, 0, 0, NULL, MD_AT(script_nonce),
     "the nonce of the inserted tracker script, for a nonce-based Content-Security-Policy."},
    {"scriptTimeout", MD_KIND_INTEGER, md_read_integer_setting, 0, 1, 3600, 30, NULL,
     MD_AT(script_timeout),
     MD_DOC_ONLY("seconds to wait for the tracker script; then its not loading is reported once "
                 "and the calls held for it are let go.")},
    {"additionalSites", MD_KIND_SITES, md_read_sites_setting, 0, 0, 0, 0, NULL,
     MD_AT(additional_sites),
     "more Matomo sites every hit also goes to: [{\"siteId\": 2, \"url\": "
     "\"https://other.example.com\"}] (url defaults to the main one)."},
};

#define MD_SETTING_COUNT (sizeof md_setting_table / sizeof md_setting_table[0])

/* Fields that Segment's own settings carry beside a destination's: ignored without a word. */
static const char md_segment_fields[] = "versionSettings|type|bundlingStatus|bundledConfigIds|"
                                        "unbundledConfigIds|maybeBundledConfigIds|"
                                        "addBundledMetadata|unbundledIntegrations|consentSettings|";

/* Writes "Matomo destination: [setting "<name>" ]<problem>[ Expected: <help>][ Got: <shown>.]"
 * into 'error' (cut to 'error_size' on a character boundary). */
static void md_fail(char *error, size_t error_size, const md_setting *setting,
                    const char *problem, const cJSON *shown)
{
    static const char *const kinds[] = {"an array", "an object", "true", "false", "null",
                                        "a number out of range"};
    md_buf message = {0};
    char *text;
    const char *source;
    const char *p;
    size_t length = 0;

    md_buf_raw(&message, "Matomo destination: ", 20);
    if (setting != NULL) {
        md_buf_raw(&message, "setting \"", 9);
        md_buf_raw(&message, setting->name, strlen(setting->name));
        md_buf_raw(&message, "\" ", 2);
    }
    for (p = problem; *p != '\0'; p++) {
        if (setting != NULL && strncmp(p, "{min}", 5) == 0) {
            md_buf_number(&message, setting->minimum);
            p += 4;
        } else if (setting != NULL && strncmp(p, "{max}", 5) == 0) {
            md_buf_number(&message, setting->maximum);
            p += 4;
        } else if (setting != NULL && strncmp(p, "{choices}", 9) == 0) {
            const char *choice = setting->choices;
            while (*choice != '\0') {
                size_t span = md_span(choice, '|');
                md_buf_raw(&message, choice == setting->choices ? "\"" : ", \"",
                           choice == setting->choices ? 1 : 3);
                md_buf_raw(&message, choice, span);
                md_buf_raw(&message, "\"", 1);
                choice += span + 1;
            }
            p += 8;
        } else {
            md_buf_raw(&message, p, 1);
        }
    }
    if (setting != NULL && setting->help != NULL &&
        (setting->kind < MD_KIND_INTEGER || setting->kind > MD_KIND_BOOLEAN)) { /* MD_DOC_ONLY */
        md_buf_raw(&message, " Expected: ", 11);
        md_buf_raw(&message, setting->help, strlen(setting->help));
    }
    if (shown != NULL) {
        double number;
        md_buf_raw(&message, " Got: ", 6);
        if (cJSON_IsString(shown)) {
            size_t shown_length = strlen(shown->valuestring);
            md_buf_string(&message, shown->valuestring,
                          md_cut_text(shown->valuestring, shown_length, MD_SHOWN_LENGTH));
        } else if (md_read_number(shown, &number)) {
            md_buf_number(&message, number);
        } else {
            const char *kind = kinds[cJSON_IsArray(shown)    ? 0
                                     : cJSON_IsObject(shown) ? 1
                                     : cJSON_IsTrue(shown)   ? 2
                                     : cJSON_IsFalse(shown)  ? 3
                                     : cJSON_IsNull(shown)   ? 4
                                                             : 5];
            md_buf_raw(&message, kind, strlen(kind));
        }
        md_buf_raw(&message, ".", 1);
    }
    text = md_buf_take(&message, &length);
    source = text != NULL ? text : "Matomo destination: settings " MD_NO_MEMORY;
    length = strlen(source);
    if (length >= error_size) {
        length = error_size - 1;
        while (length > 0 && ((unsigned char)source[length] & 0xc0) == 0x80) {
            length--; /* not inside a character */
        }
    }
    memcpy(error, source, length);
    error[length] = '\0';
    free(text);
}

/* A positive whole number up to 2^31-1, given as a JSON number or a string of digits. */
static int md_read_id(const cJSON *item, double *id)
{
    if (cJSON_IsString(item)) {
        return md_read_id_text(item->valuestring, id);
    }
    return md_read_number(item, id) && *id >= 1 && *id <= MD_MAX_ID && *id == (double)(long)*id;
}

static const char *md_read_site_id_setting(const md_setting *setting, const cJSON *value,
                                           md_settings *settings, const cJSON **shown)
{
    double id = 0;
    (void)setting;
    if (cJSON_IsString(value) && value->valuestring[0] == '\0') {
        *shown = NULL;
        return "is missing.";
    }
    if (!md_read_id(value, &id)) {
        return "must be a positive whole number.";
    }
    md_format_number(id, settings->site_id);
    return NULL;
}

static const char *md_read_url_setting(const md_setting *setting, const cJSON *value,
                                       md_settings *settings, const cJSON **shown)
{
    (void)setting;
    (void)shown;
    return cJSON_IsString(value)
               ? md_read_url(value->valuestring, &settings->tracker_url, &settings->script_url)
               : "must be a string.";
}

static const char *md_read_address_setting(const md_setting *setting, const cJSON *value,
                                           md_settings *settings, const cJSON **shown)
{
    (void)shown;
    return cJSON_IsString(value)
               ? md_read_url(value->valuestring,
                             (char **)(void *)((char *)settings + setting->offset), NULL)
               : "must be a string.";
}

/* Whether 'text' holds only what its kind allows: host characters, '*' and '.' for domains;
 * base64 and '-', '_' for a nonce. Never empty, at most 255 bytes. */
static int md_is_token(const char *text, int kind)
{
    size_t i;
    for (i = 0; text[i] != '\0'; i++) {
        char c = text[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || (kind == MD_KIND_NONCE ? (c == '+' || c == '/' || c == '=' || c == '_')
                                                    : (c == '.' || c == '*'));
        if (!ok || i >= 255) {
            return 0;
        }
    }
    return i > 0;
}

static const char *md_read_domain_setting(const md_setting *setting, const cJSON *value,
                                          md_settings *settings, const cJSON **shown)
{
    char **text = (char **)(void *)((char *)settings + setting->offset);
    (void)shown;
    if (!cJSON_IsString(value) || !md_is_token(value->valuestring, setting->kind)) {
        return setting->kind == MD_KIND_NONCE
                   ? "must be a nonce: letters, digits, '+', '/', '=', '-' or '_'."
                   : "must be a domain: letters, digits, '-', '.' and '*' only.";
    }
    *text = md_strdup(value->valuestring);
    return *text != NULL ? NULL : MD_NO_MEMORY;
}

/* A list of 1 to 100 texts (non-blank; domains as md_is_token() allows), into an md_map. */
static const char *md_read_texts_setting(const md_setting *setting, const cJSON *value,
                                         md_settings *settings, const cJSON **shown)
{
    md_map *map = (md_map *)(void *)((char *)settings + setting->offset);
    const cJSON *item;
    int size = cJSON_GetArraySize(value);

    if (!cJSON_IsArray(value) || size < 1 || size > 100) {
        return "must be a list of 1 to 100 texts.";
    }
    map->pairs = (md_pair *)calloc((size_t)size, sizeof(md_pair));
    if (map->pairs == NULL) {
        return MD_NO_MEMORY;
    }
    cJSON_ArrayForEach(item, value)
    {
        *shown = item;
        if (!cJSON_IsString(item) || md_is_blank(item->valuestring, strlen(item->valuestring)) ||
            (setting->kind == MD_KIND_DOMAINS && !md_is_token(item->valuestring, MD_KIND_DOMAINS))) {
            return setting->kind == MD_KIND_DOMAINS
                       ? "has an entry that is not a domain: letters, digits, '-', '.' and '*' only."
                       : "has an entry that is not a non-blank text.";
        }
        if ((map->pairs[map->count].key = md_strdup(item->valuestring)) == NULL) {
            return MD_NO_MEMORY;
        }
        map->count++;
    }
    *shown = NULL;
    return NULL;
}

/* [{siteId, url?}, ...]: the tracker endpoint of each (the main one without url), and its id. */
static const char *md_read_sites_setting(const md_setting *setting, const cJSON *value,
                                         md_settings *settings, const cJSON **shown)
{
    md_map *map = (md_map *)(void *)((char *)settings + setting->offset);
    const cJSON *site;
    int size = cJSON_GetArraySize(value);

    if (!cJSON_IsArray(value) || size > 20) {
        return "must be a list of at most 20 sites like {\"siteId\": 2, \"url\": "
               "\"https://matomo.example.com\"}.";
    }
    map->pairs = (md_pair *)calloc((size_t)size + 1, sizeof(md_pair));
    if (map->pairs == NULL) {
        return MD_NO_MEMORY;
    }
    cJSON_ArrayForEach(site, value)
    {
        const cJSON *url = md_get(site, "url");
        md_pair *pair = &map->pairs[map->count];
        *shown = site;
        if (!cJSON_IsObject(site) || !md_read_id(md_get(site, "siteId"), &pair->id)) {
            return "has an entry without a positive whole siteId.";
        }
        if (url == NULL || cJSON_IsNull(url)) {
            pair->key = settings->tracker_url != NULL ? md_strdup(settings->tracker_url) : NULL;
            if (pair->key == NULL) {
                return "has an entry without url, and there is no main url.";
            }
        } else {
            char *script = NULL;
            const char *problem =
                cJSON_IsString(url) ? md_read_url(url->valuestring, &pair->key, &script)
                                    : "has a url that is not a string.";
            free(script);
            *shown = url;
            if (problem != NULL) {
                free(pair->key);
                pair->key = NULL;
                return problem;
            }
        }
        map->count++;
    }
    *shown = NULL;
    return NULL;
}

/* Whether 'path' names a field of a Segment event: a field of its own, or a dotted path into
 * properties, traits or context. */
static int md_is_event_path(const char *path)
{
    static const char *const whole[] = {"userId", "anonymousId", "groupId", "previousId",
                                        "event",  "name",        "category", "type"};
    static const char *const objects[] = {"properties.", "traits.", "context."};
    size_t length = strlen(path);
    size_t i;
    const char *segment;

    if (length == 0 || length > MD_MAX_PATH || path[length - 1] == '.' ||
        strstr(path, "..") != NULL) {
        return 0;
    }
    /* JavaScript's own names: a path through them would reach the host's prototypes */
    for (segment = path; segment != NULL;) {
        size_t span = md_span(segment, '.');
        if (md_list_index("__proto__|constructor|prototype|", segment, span) >= 0) {
            return 0;
        }
        segment = segment[span] == '.' ? segment + span + 1 : NULL;
    }
    for (i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        if (strcmp(path, whole[i]) == 0) {
            return 1;
        }
    }
    for (i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        if (strncmp(path, objects[i], strlen(objects[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A name -> id map: an object, or Segment's array of {key, value} rows (fully blank rows, as a
 * settings form leaves them, are skipped). Goals are keyed by md_event_key() of the event name,
 * dimensions by their event path. */
static const char *md_read_map_setting(const md_setting *setting, const cJSON *value,
                                       md_settings *settings, const cJSON **shown)
{
    int goals = setting->kind == MD_KIND_GOALS;
    md_map *map = (md_map *)(void *)((char *)settings + setting->offset);
    const cJSON *entry;

    if (!cJSON_IsObject(value) && !cJSON_IsArray(value)) {
        return goals ? "must be a map of event names to goal ids."
                     : "must be a map of event fields to custom dimension ids.";
    }
    map->pairs = (md_pair *)calloc((size_t)cJSON_GetArraySize(value) + 1, sizeof(md_pair));
    if (map->pairs == NULL) {
        return MD_NO_MEMORY;
    }
    cJSON_ArrayForEach(entry, value)
    {
        const char *name = entry->string;
        const cJSON *id_item = entry;
        md_pair *pair = &map->pairs[map->count];

        *shown = entry;
        if (cJSON_IsArray(value)) {
            const cJSON *key = md_get(entry, "key");
            id_item = md_get(entry, "value");
            if (!cJSON_IsObject(entry)) {
                return "has an entry that is not a {key, value} pair.";
            }
            name = cJSON_GetStringValue(key);
            if ((key == NULL || (name != NULL && name[0] == '\0')) &&
                (id_item == NULL || (cJSON_IsString(id_item) && id_item->valuestring[0] == '\0'))) {
                continue;
            }
            *shown = key;
        }
        if (name == NULL || name[0] == '\0') {
            return goals ? "has an entry without an event name." : "has an entry without a path.";
        }
        if (!goals && !md_is_event_path(name)) {
            *shown = entry->string != NULL ? NULL : *shown;
            return "has a path that names no field of a Segment event (use \"traits.<name>\", "
                   "\"properties.<name>\", \"context.<path>\", \"userId\", \"groupId\", "
                   "\"name\" or \"event\"; __proto__, constructor and prototype are refused).";
        }
        *shown = id_item;
        if (!md_read_id(id_item, &pair->id)) {
            return goals ? "has a goal id that is not a positive whole number (see Goals > "
                           "Manage in Matomo)."
                         : "has a dimension id that is not a positive whole number (see "
                           "Custom Dimensions in Matomo's administration).";
        }
        pair->key = goals ? md_event_key(name, strlen(name)) : md_strdup(name);
        if (pair->key == NULL) {
            return MD_NO_MEMORY;
        }
        map->count++;
    }
    *shown = NULL;
    return NULL;
}

static const char *md_read_integer_setting(const md_setting *setting, const cJSON *value,
                                           md_settings *settings, const cJSON **shown)
{
    double number = 0;
    (void)shown;
    if (!md_read_number(value, &number) || !(number >= setting->minimum && number <= setting->maximum) ||
        number != (int)number) {
        return "must be a whole number from {min} to {max}.";
    }
    *(int *)(void *)((char *)settings + setting->offset) = (int)number;
    return NULL;
}

static const char *md_read_choice_setting(const md_setting *setting, const cJSON *value,
                                          md_settings *settings, const cJSON **shown)
{
    int index = cJSON_IsString(value) ? md_list_index(setting->choices, value->valuestring, strlen(value->valuestring)) : -1;
    (void)shown;
    if (index < 0) {
        return "must be one of {choices}.";
    }
    *(int *)(void *)((char *)settings + setting->offset) = index;
    return NULL;
}

static const char *md_read_boolean_setting(const md_setting *setting, const cJSON *value,
                                           md_settings *settings, const cJSON **shown)
{
    (void)shown;
    if (!cJSON_IsBool(value)) {
        return "must be true or false.";
    }
    *(int *)(void *)((char *)settings + setting->offset) = cJSON_IsTrue(value);
    return NULL;
}

/* The edit distance of 'a' and 'b', ASCII letters compared in any case; names over 31 bytes
 * are never close. */
static size_t md_distance(const char *a, const char *b)
{
    size_t row[32];
    size_t m = strlen(b);
    size_t i;
    size_t j;

    if (strlen(a) > 31 || m > 31) {
        return 99;
    }
    for (j = 0; j <= m; j++) {
        row[j] = j;
    }
    for (i = 1; a[i - 1] != '\0'; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (j = 1; j <= m; j++) {
            size_t above = row[j];
            size_t best = diagonal + ((a[i - 1] | 0x20) != (b[j - 1] | 0x20));
            best = above + 1 < best ? above + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diagonal = above;
            row[j] = best;
        }
    }
    return row[m];
}

/* The one warning about settings the core does not know ("" when there are none). */
static char *md_unknown_settings(const cJSON *settings)
{
    const cJSON *item;
    md_buf message = {0};
    int count = 0;

    cJSON_ArrayForEach(item, settings)
    {
        const char *closest = NULL;
        size_t closest_distance = 3; /* a suggestion is at most 2 edits away, */
        size_t i;

        for (i = 0; i < MD_SETTING_COUNT && strcmp(md_setting_table[i].name, item->string) != 0; i++) {
        }
        if (i < MD_SETTING_COUNT || md_list_index(md_segment_fields, item->string, strlen(item->string)) >= 0 ||
            ++count > MD_UNKNOWN_SHOWN) {
            continue; /* known, or past the names shown (which bounds the work) */
        }
        for (i = 0; i < MD_SETTING_COUNT && closest_distance > 0; i++) {
            size_t distance = md_distance(item->string, md_setting_table[i].name);
            if (distance < closest_distance && distance * 3 <= strlen(item->string)) {
                closest = md_setting_table[i].name; /* and at most a third of the name */
                closest_distance = distance;
            }
        }
        if (count == 1) {
            md_buf_raw(&message, "Matomo destination: unknown setting \"", 37);
        } else {
            md_buf_raw(&message, ", \"", 3);
        }
        md_buf_raw(&message, item->string, md_cut_text(item->string, strlen(item->string), MD_SHOWN_LENGTH));
        md_buf_raw(&message, "\"", 1);
        if (closest != NULL) {
            md_buf_raw(&message, " (did you mean \"", 16);
            md_buf_raw(&message, closest, strlen(closest));
            md_buf_raw(&message, "\"?)", 3);
        }
    }
    if (count > MD_UNKNOWN_SHOWN) {
        md_buf_raw(&message, " and ", 5);
        md_buf_number(&message, count - MD_UNKNOWN_SHOWN);
        md_buf_raw(&message, " more", 5);
    }
    if (count > 0) {
        md_buf_raw(&message, count > 1 ? " are ignored." : " is ignored.", count > 1 ? 13 : 12);
    }
    md_buf_raw(&message, "", 0);
    return md_buf_take(&message, NULL);
}

md_destination *md_destination_create(const char *settings_json, size_t length, char *error,
                                      size_t error_size)
{
    md_destination *destination = NULL;
    cJSON *settings = NULL;
    const md_setting *setting = NULL;
    const cJSON *shown = NULL;
    const char *problem = NULL;
    size_t i;

    if (settings_json != NULL && !md_is_utf8(settings_json, length)) {
        problem = "settings must be UTF-8 text (the JSON holds bytes that are not).";
        goto fail;
    }
    settings = settings_json ? cJSON_ParseWithLength(settings_json, length) : NULL;
    if (!cJSON_IsObject(settings)) {
        problem = "settings must be an object like {\"siteId\": 1, \"url\": "
                  "\"https://matomo.example.com\"}.";
        goto fail;
    }
    destination = (md_destination *)calloc(1, sizeof *destination);
    if (destination == NULL) {
        problem = "settings " MD_NO_MEMORY;
        goto fail;
    }
    for (i = 0; i < MD_SETTING_COUNT; i++) {
        const cJSON *value;
        setting = &md_setting_table[i];
        value = md_get(settings, setting->name);
        shown = value;
        if (value == NULL || cJSON_IsNull(value)) {
            if (setting->required &&
                !(setting->kind == MD_KIND_URL && md_get(settings, "trackerUrl") != NULL &&
                  md_get(settings, "scriptUrl") != NULL)) {
                problem = "is missing.";
                shown = NULL;
                goto fail;
            }
            if (setting->kind == MD_KIND_INTEGER || setting->kind == MD_KIND_CHOICE ||
                setting->kind == MD_KIND_BOOLEAN) { /* -1: not set */
                *(int *)(void *)((char *)&destination->settings + setting->offset) = setting->fallback;
            }
            continue;
        }
        problem = setting->read(setting, value, &destination->settings, &shown);
        if (problem != NULL) {
            goto fail;
        }
    }
    destination->state.visit_dimension_set =
        (unsigned char *)calloc(destination->settings.visit_dimensions.count + 1, 1);
    destination->warnings = md_unknown_settings(settings);
    if (destination->state.visit_dimension_set == NULL || destination->warnings == NULL) {
        setting = NULL;
        problem = "settings " MD_NO_MEMORY;
        goto fail;
    }
    cJSON_Delete(settings);
    return destination;

fail:
    if (error != NULL && error_size > 0) {
        md_fail(error, error_size, problem == NULL || destination == NULL ? NULL : setting,
                problem, shown);
    }
    cJSON_Delete(settings);
    md_destination_free(destination);
    return NULL;
}

static void md_map_free(md_map *map)
{
    size_t i;
    for (i = 0; i < map->count; i++) {
        free(map->pairs[i].key);
    }
    free(map->pairs);
}

void md_destination_free(md_destination *destination)
{
    if (destination == NULL) {
        return;
    }
    md_map_free(&destination->settings.goals);
    md_map_free(&destination->settings.visit_dimensions);
    md_map_free(&destination->settings.action_dimensions);
    md_map_free(&destination->settings.consent_categories);
    md_map_free(&destination->settings.domains);
    md_map_free(&destination->settings.additional_sites);
    free(destination->settings.cookie_domain);
    free(destination->settings.script_nonce);
    free(destination->settings.tracker_url);
    free(destination->settings.script_url);
    free(destination->state.visit_dimension_set);
    free(destination->warnings);
    free(destination);
}

const char *md_script_url(const md_destination *destination)
{
    return destination->settings.script_url;
}

int md_script_timeout(const md_destination *destination)
{
    return destination->settings.script_timeout;
}

const char *md_script_nonce(const md_destination *destination)
{
    return destination->settings.script_nonce != NULL ? destination->settings.script_nonce : "";
}

const char *md_warnings(const md_destination *destination)
{
    return destination->warnings;
}

char *md_settings_schema(size_t *length_out)
{
    static const char *const md_kind_names[] = {
        "id",      "url",    "goals",   "dimensions", "integer", "choice", "boolean",
        "address", "texts",  "domain",  "domains",    "nonce",   "sites"};
    md_buf out = {0};
    size_t i;

    md_buf_raw(&out, "[", 1);
    for (i = 0; i < MD_SETTING_COUNT; i++) {
        const md_setting *setting = &md_setting_table[i];
        md_buf_raw(&out, i == 0 ? "{\"name\":" : ",{\"name\":", i == 0 ? 8 : 9);
        md_buf_string(&out, setting->name, strlen(setting->name));
        md_buf_raw(&out, ",\"kind\":", 8);
        md_buf_string(&out, md_kind_names[setting->kind], strlen(md_kind_names[setting->kind]));
        md_buf_raw(&out, setting->required ? ",\"required\":true" : ",\"required\":false",
                   setting->required ? 16 : 17);
        if (setting->kind == MD_KIND_BOOLEAN) {
            md_buf_raw(&out, setting->fallback ? ",\"default\":true" : ",\"default\":false",
                       setting->fallback ? 15 : 16);
        }
        if (setting->kind == MD_KIND_INTEGER) {
            if (setting->fallback >= setting->minimum) { /* else: none */
                md_buf_raw(&out, ",\"default\":", 11);
                md_buf_number(&out, setting->fallback);
            }
            md_buf_raw(&out, ",\"minimum\":", 11);
            md_buf_number(&out, setting->minimum);
            md_buf_raw(&out, ",\"maximum\":", 11);
            md_buf_number(&out, setting->maximum);
        }
        if (setting->choices != NULL) {
            const char *choice = setting->choices;
            if (setting->fallback == 0) {
                md_buf_raw(&out, ",\"default\":", 11);
                md_buf_string(&out, choice, md_span(choice, '|'));
            }
            md_buf_raw(&out, ",\"choices\":[", 12);
            while (*choice != '\0') {
                size_t length = md_span(choice, '|');
                if (choice != setting->choices) {
                    md_buf_raw(&out, ",", 1);
                }
                md_buf_string(&out, choice, length);
                choice += length + 1;
            }
            md_buf_raw(&out, "]", 1);
        }
        md_buf_raw(&out, ",\"help\":", 8);
        if (setting->help != NULL) {
            md_buf_string(&out, setting->help, strlen(setting->help));
        } else {
            md_buf_raw(&out, "null", 4); /* MD_NO_DOC_ONLY: the wasm build has no schema reader */
        }
        md_buf_raw(&out, "}", 1);
    }
    md_buf_raw(&out, "]", 1);
    return md_buf_take(&out, length_out);
}
