/* md_page.c - page(): page views with the URL, title and referrer of the call, so that every
 * route of a single-page app is reported as itself. */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

const char md_page_fields[] =
    "{\"name\":1,\"category\":1,"
    "\"properties\":{\"url\":1,\"referrer\":1,\"title\":1,\"category\":1},"
    "\"context\":{\"page\":{\"url\":1,\"referrer\":1,\"title\":1}},"
    "\"integrations\":{\"Piwik\":{\"customDimensions\":1},\"Matomo\":{\"customDimensions\":1}}}";

/* The text of properties.<name>, else of context.page.<name>, cut to MD_MAX_TEXT; NULL when
 * neither holds any. */
static const char *md_page_text(const cJSON *event, const char *name, char *scratch,
                                size_t *length)
{
    const char *text = md_read_text(md_get(md_get(event, "properties"), name), scratch, 0, length);
    if (text == NULL) {
        text = md_read_text(md_get(md_get(md_get(event, "context"), "page"), name), scratch, 0,
                            length);
    }
    if (text != NULL) {
        *length = md_cut_text(text, *length, MD_MAX_TEXT);
    }
    return text;
}

/* setDocumentTitle: the title (properties, else context.page, else the page name), or with
 * pageTitle "name" the page name after its category ("<category> / <name>"). */
static void md_write_title(md_context *context)
{
    const cJSON *event = context->event;
    char name_scratch[32];
    char category_scratch[32];
    size_t name_length = 0;
    size_t category_length = 0;
    const char *name = md_read_text(md_get(event, "name"), name_scratch, 0, &name_length);
    const char *category = NULL;
    const char *title = NULL;
    size_t title_length = 0;
    char title_scratch[32];

    if (context->settings->page_title == MD_TITLE_FROM_NAME && name != NULL) {
        category = md_read_text(md_get(event, "category"), category_scratch, 0, &category_length);
        if (category == NULL) {
            category = md_read_text(md_get(md_get(event, "properties"), "category"),
                                    category_scratch, 0, &category_length);
        }
    } else {
        title = md_page_text(event, "title", title_scratch, &title_length);
    }
    if (title == NULL && name == NULL) {
        return;
    }
    md_begin(context, "setDocumentTitle");
    if (title != NULL) {
        md_arg_text(context, title, title_length);
    } else if (category != NULL) {
        md_buf joined = {0};
        md_buf_raw(&joined, category, category_length);
        md_buf_raw(&joined, " / ", 3);
        md_buf_raw(&joined, name, name_length);
        if (joined.failed) {
            context->out->failed = 1;
        } else {
            md_arg_text(context, joined.data, md_cut_text(joined.data, joined.length, MD_MAX_TEXT));
        }
        free(md_buf_take(&joined, NULL));
    } else {
        md_arg_text(context, name, md_cut_text(name, name_length, MD_MAX_TEXT));
    }
    md_end(context);
}

void md_call_page(md_context *context)
{
    md_state *state = context->state;
    char scratch[32];
    size_t length = 0;
    const char *text;

    md_write_visit_dimensions(context);
    /* The referrer: the page's own on the first page view; after that the previous page's URL
     * (Analytics Next keeps reporting the document's original referrer after a route change). */
    if (state->pages == 0) {
        text = md_page_text(context->event, "referrer", scratch, &length);
    } else {
        text = state->last_url_length > 0 ? state->last_url : NULL;
        length = state->last_url_length;
    }
    if (text != NULL) {
        md_begin(context, "setReferrerUrl");
        md_arg_text(context, text, length);
        md_end(context);
    }
    text = md_page_text(context->event, "url", scratch, &length);
    if (text != NULL) {
        md_begin(context, "setCustomUrl");
        md_arg_text(context, text, length);
        md_end(context);
    }
    /* Remembered for the next page view's referrer (length <= MD_MAX_TEXT_BYTES). */
    state->last_url_length = text != NULL ? length : 0;
    if (text != NULL) {
        memcpy(state->last_url, text, length);
    }
    state->last_url[state->last_url_length] = '\0';
    state->pages++;
    md_write_title(context);
    md_gather_action_dimensions(context);
    if (md_hold_page_view(context)) {
        return; /* released by the next call, or by the host's "flush" */
    }
    md_begin_hit(context, "trackPageView");
    md_end_hit(context, 2); /* trackPageView(customTitle?, customData?) */
}

void md_call_hold(md_context *context)
{
    context->state->hold_page_views = 1;
}

void md_call_flush(md_context *context)
{
    md_release_page_view(context, 0);
}
