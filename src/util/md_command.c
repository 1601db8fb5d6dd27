/* md_command.c - writes the `_paq` commands of a call (see md_internal.h). */
#include <string.h>

#include "md_internal.h"

void md_begin(md_context *context, const char *method)
{
    md_buf *out = context->out;
    if (out->length > 1) {
        md_buf_raw(out, ",", 1);
    }
    md_buf_raw(out, "[\"", 2);
    md_buf_raw(out, method, strlen(method));
    md_buf_raw(out, "\"", 1);
    context->arguments = 0;
}

void md_arg_text(md_context *context, const char *text, size_t length)
{
    md_buf_raw(context->out, ",", 1);
    md_buf_string(context->out, text, length);
    context->arguments++;
}

void md_arg_string(md_context *context, const char *text)
{
    md_arg_text(context, text, strlen(text));
}

void md_arg_number(md_context *context, double value)
{
    md_buf_raw(context->out, ",", 1);
    md_buf_number(context->out, value);
    context->arguments++;
}

void md_arg_undefined(md_context *context)
{
    md_buf_raw(context->out, ",null", 5);
    context->arguments++;
}

void md_end(md_context *context)
{
    md_buf_raw(context->out, "]", 1);
}
