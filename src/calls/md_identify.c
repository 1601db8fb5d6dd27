/* md_identify.c - the user's lifecycle: identify (setUserId), reset (logout: the next hit
 * starts a new visit), group (visit dimensions), alias (nothing: Matomo has no alias). */
#include "md_internal.h"

const char md_identify_fields[] = "{\"userId\":1}";
const char md_group_fields[] = "{}";

void md_call_identify(md_context *context)
{
    char scratch[32];
    size_t length = 0;
    /* Without a user id nothing changes: the anonymous id is never the Matomo User ID. */
    const char *user_id = md_read_text(md_get(context->event, "userId"), scratch, 0, &length);

    md_write_visit_dimensions(context);
    if (user_id != NULL) {
        md_begin(context, "setUserId");
        md_arg_text(context, user_id, length);
        md_end(context);
    }
}

void md_call_reset(md_context *context)
{
    md_begin(context, "resetUserId");
    md_end(context);
    md_delete_visit_dimensions(context);
    md_cart_forget(context->state);
    context->state->new_visit_due = 1;
    context->state->cart_version++; /* stored, in case the page is gone before the next hit */
}

void md_call_group(md_context *context)
{
    md_write_visit_dimensions(context);
}

void md_call_alias(md_context *context)
{
    (void)context;
}
