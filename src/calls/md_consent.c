/* md_consent.c - Segment's consent information (context.consent.categoryPreferences, stamped on
 * every event by Segment's consent tools) to Matomo's consent calls; whether the remembered cart
 * may be stored. */
#include <string.h>

#include "md_internal.h"

/* 1 when every category of the setting is true in 'preferences', 0 when one is not, -1 when
 * the event says nothing of consent. */
static int md_consent_granted(const md_settings *settings, const cJSON *preferences)
{
    size_t i;
    if (!cJSON_IsObject(preferences)) {
        return -1;
    }
    if (settings->consent_categories.count == 0) {
        return cJSON_IsTrue(md_get(preferences, "Analytics"));
    }
    for (i = 0; i < settings->consent_categories.count; i++) {
        if (!cJSON_IsTrue(md_get(preferences, settings->consent_categories.pairs[i].key))) {
            return 0;
        }
    }
    return 1;
}

int md_consent_change(const md_context *context)
{
    const md_settings *settings = context->settings;
    int granted;

    if (settings->require_consent == MD_CONSENT_NONE) {
        return -1;
    }
    granted = md_consent_granted(settings, md_get_path(context->event, "context.consent.categoryPreferences"));
    return granted == context->state->consent_given ? -1 : granted;
}

void md_apply_consent(md_context *context)
{
    md_state *state = context->state;
    int cookies = context->settings->require_consent == MD_CONSENT_COOKIES;
    int granted = md_consent_change(context);

    if (granted < 0) {
        return; /* no information, or nothing changed */
    }
    if (granted && cookies) {
        md_begin(context, "setCookieConsentGiven");
    } else if (granted) {
        md_begin(context, "setConsentGiven");
    } else if (cookies) {
        md_begin(context, "forgetCookieConsentGiven");
    } else {
        md_begin(context, "forgetConsentGiven");
    }
    md_end(context);
    state->consent_given = granted;
    state->cart_version++; /* whether the cart may be stored changed with it */
}

int md_cart_storable(const md_destination *destination)
{
    const md_settings *settings = &destination->settings;
    return !settings->disable_cookies &&
           (settings->require_consent == MD_CONSENT_NONE || destination->state.consent_given);
}
