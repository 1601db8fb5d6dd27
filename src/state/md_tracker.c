/* md_tracker.c - what Matomo's tracker keeps between hits, and how it reorders what it is
 * given: the one place where that state is set and ended by rule (md_internal.h, "the
 * tracker's state").
 *
 * What lasts in the tracker, and the rule for each:
 * - new visit (appendToTrackingUrl 'new_visit=1'): due after reset(), goes on the next hit only.
 * - product or category view (setEcommerceView): rides on the next page view, which records it;
 *   ended right after that page view (setEcommerceView with nothing), so that later hits and
 *   pages are no view of that product.
 * - page-scope custom variables: belong to the call that set them, deleted after its hits.
 * - custom URL, title and referrer: those of the last page(), kept for the hits after it (events
 *   after a route change belong to the new page).
 * - visit dimensions (setCustomDimension): kept for the visit, deleted by reset().
 * - user id and consent: changed by identify/reset and the events' consent information.
 * - a page view held for a product view that may follow it (see md_release_page_view).
 * Reordering: the tracker applies some methods first when it starts, wherever they stand in the
 * queue; md_keep_place names the state changes a call writes, so that the host keeps each but
 * the first of a state in its place. */
#include <string.h>

#include "md_internal.h"
#include "port/md_host.h"

/* The methods a call (not the start-up) may write that change a state Matomo's tracker keeps
 * (the user id 1, consent 2, cookie consent 3), and that it may apply first when it starts
 * (its applyFirst list, js/piwik.js): before the tracker script has run, the first change of a
 * state may go first, as Matomo intends (it marks the hits queued before it); every later one
 * must keep its place among the calls, so the host pushes it as a function command, which runs
 * in order (tests/tracker-contract.test.mjs checks these against the real tracker's list). */
const char md_keep_place[] = "{\"setUserId\":1,\"resetUserId\":1,\"setConsentGiven\":2,"
                             "\"forgetConsentGiven\":2,\"setCookieConsentGiven\":3,"
                             "\"forgetCookieConsentGiven\":3}";

static void md_append_to_tracking_url(md_context *context, const char *query)
{
    md_begin(context, "appendToTrackingUrl");
    md_arg_string(context, query);
    md_end(context);
}

void md_read_stored(md_state *state, int cart)
{
    int *asked = cart ? &state->cart_asked : &state->new_visit_asked;
    if (!*asked) {
        *asked = 1;
        if (md_host_read_stored(cart) && !cart) {
            state->new_visit_due = 1; /* a reset on an earlier page whose next hit never came */
        }
    }
}

void md_begin_hit(md_context *context, const char *method)
{
    md_read_stored(context->state, 0);
    if (context->state->new_visit_due) {
        md_append_to_tracking_url(context, "new_visit=1");
    }
    md_begin(context, method);
    context->page_view_hit = strcmp(method, "trackPageView") == 0;
}

/* Ends a hit with 'data' ("" or "{...}") as its custom data, argument 'data_position'. */
static void md_end_hit_with(md_context *context, int data_position, const char *data,
                            size_t length)
{
    md_state *state = context->state;
    if (length > 0 && data_position > 0) {
        while (context->arguments < data_position - 1) {
            md_arg_undefined(context);
        }
        md_buf_raw(context->out, ",", 1);
        md_buf_raw(context->out, data, length);
    }
    md_end(context);
    if (state->new_visit_due) {
        state->new_visit_due = 0;
        state->cart_version++; /* the stored new visit goes too */
        md_append_to_tracking_url(context, "");
    }
    if (context->page_view_hit && state->ecommerce_view) {
        state->ecommerce_view = 0;
        md_begin(context, "setEcommerceView"); /* recorded: ended for the hits after it */
        md_end(context);
    }
}

void md_end_hit(md_context *context, int data_position)
{
    md_end_hit_with(context, data_position, context->action_data.data,
                    context->action_data.length);
}

void md_end_call(md_context *context)
{
    if (context->page_variables) {
        md_begin(context, "deleteCustomVariables"); /* they belonged to this call */
        md_arg_string(context, "page");
        md_end(context);
    }
}

int md_hold_page_view(md_context *context)
{
    const md_settings *settings = context->settings;
    md_state *state = context->state;
    size_t length = context->action_data.length;

    if (!state->hold_page_views || settings->product_view_wait == 0 || !settings->ecommerce ||
        !settings->product_view_page_view || length > MD_HELD_DATA) {
        return 0;
    }
    memcpy(state->held_data, length > 0 ? context->action_data.data : "", length);
    state->held_data_length = length;
    state->page_view_held = 1;
    return 1;
}

void md_release_page_view(md_context *context, int joined)
{
    md_state *state = context->state;

    if (!state->page_view_held) {
        return;
    }
    state->page_view_held = 0;
    md_begin_hit(context, "trackPageView");
    /* joined: the call's own custom data, which md_gather_action_dimensions() merged with it */
    md_end_hit_with(context, 2, joined ? context->action_data.data : state->held_data,
                    joined ? context->action_data.length : state->held_data_length);
}

int md_new_visit_due(const md_destination *destination)
{
    return destination->state.new_visit_due;
}
