/* md_setup.c - the start-up commands, pushed before the tracker script is loaded: the tracker,
 * the sites, consent and every tracker option that is set. */
#include "md_internal.h"

static void md_command(md_context *context, const char *method)
{
    md_begin(context, method);
    md_end(context);
}

static void md_command_text(md_context *context, const char *method, const char *text)
{
    md_begin(context, method);
    md_arg_string(context, text);
    md_end(context);
}

/* The index-th of the '|'-separated 'choices', as an argument of 'method'. */
static void md_command_choice(md_context *context, const char *method, const char *choices,
                              int index)
{
    while (index-- > 0) {
        choices += md_span(choices, '|') + 1;
    }
    md_begin(context, method);
    md_arg_text(context, choices, md_span(choices, '|'));
    md_end(context);
}

void md_call_setup(md_context *context)
{
    const md_settings *settings = context->settings;
    size_t i;

    md_command_text(context, "setTrackerUrl", settings->tracker_url);
    md_command_text(context, "setSiteId", settings->site_id);
    for (i = 0; i < settings->additional_sites.count; i++) {
        char id[32];
        md_format_number(settings->additional_sites.pairs[i].id, id);
        md_begin(context, "addTracker");
        md_arg_string(context, settings->additional_sites.pairs[i].key);
        md_arg_string(context, id);
        md_end(context);
    }
    if (settings->require_consent == MD_CONSENT_TRACKING) {
        md_command(context, "requireConsent");
    } else if (settings->require_consent == MD_CONSENT_COOKIES) {
        md_command(context, "requireCookieConsent");
    }
    if (settings->disable_cookies) {
        md_command(context, "disableCookies");
    }
    if (settings->respect_do_not_track) {
        md_begin(context, "setDoNotTrack");
        md_buf_raw(context->out, ",true", 5);
        md_end(context);
    }
    if (settings->cookie_domain != NULL) {
        md_command_text(context, "setCookieDomain", settings->cookie_domain);
    }
    if (settings->domains.count > 0) {
        md_begin(context, "setDomains");
        md_buf_raw(context->out, ",[", 2);
        for (i = 0; i < settings->domains.count; i++) {
            if (i > 0) {
                md_buf_raw(context->out, ",", 1);
            }
            md_buf_string(context->out, settings->domains.pairs[i].key,
                          md_span(settings->domains.pairs[i].key, '\0'));
        }
        md_buf_raw(context->out, "]", 1);
        md_end(context);
    }
    if (settings->secure_cookie) {
        md_begin(context, "setSecureCookie");
        md_buf_raw(context->out, ",true", 5);
        md_end(context);
    }
    if (settings->cookie_same_site >= 0) {
        md_command_choice(context, "setCookieSameSite", "Lax|Strict|None|",
                          settings->cookie_same_site);
    }
    if (settings->request_method >= 0) {
        md_command_choice(context, "setRequestMethod", "GET|POST|", settings->request_method);
    }
    if (settings->cross_domain_linking) {
        md_command(context, "enableCrossDomainLinking");
    }
    if (!settings->performance_tracking) {
        md_command(context, "disablePerformanceTracking");
    }
    if (settings->js_error_tracking) {
        md_command(context, "enableJSErrorTracking");
    }
    if (settings->heart_beat > 0) {
        md_begin(context, "enableHeartBeatTimer");
        md_arg_number(context, settings->heart_beat);
        md_end(context);
    }
    if (settings->link_tracking) {
        md_command(context, "enableLinkTracking");
    }
}
