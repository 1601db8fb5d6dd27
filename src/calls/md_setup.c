/* md_setup.c - the start-up commands, pushed before the tracker script is loaded. */
#include "md_internal.h"

void md_call_setup(md_context *context)
{
    md_begin(context, "setTrackerUrl");
    md_arg_string(context, context->settings->tracker_url);
    md_end(context);
    md_begin(context, "setSiteId");
    md_arg_string(context, context->settings->site_id);
    md_end(context);
    md_begin(context, "enableLinkTracking");
    md_end(context);
}
