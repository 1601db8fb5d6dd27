/* md_wasm_host.c - the core's host hooks (src/port/md_host.h) in the browser or Node: three
 * imports of module "env" that the JS shim (js/translator.js) provides. */
#include "port/md_host.h"

__attribute__((import_module("env"), import_name("parse_number"))) double
mdw_host_parse_number(const char *text, size_t length);

__attribute__((import_module("env"), import_name("format_number"))) size_t
mdw_host_format_number(double value, char *out);

/* md_host_read_stored: the shim reads its stored cart, and hands it over with mdw_cart_space and
 * mdw_cart_import; or says whether it stored a new visit due (the import keeps its first name). */
__attribute__((import_module("env"), import_name("read_cart"))) int mdw_host_read_cart(int cart);

double md_host_parse_number(const char *text, size_t length)
{
    return mdw_host_parse_number(text, length);
}

size_t md_host_format_number(double value, char *out)
{
    return mdw_host_format_number(value, out);
}

int md_host_read_stored(int cart)
{
    return mdw_host_read_cart(cart);
}
