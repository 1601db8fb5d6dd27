/* host_native.c - the core's host hooks for native builds (tests), on the C library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_core.h"
#include "port/md_host.h"

double md_host_parse_number(const char *text, size_t length)
{
    char *buffer = malloc(length + 1);
    double value;
    if (buffer == NULL) {
        return 0.0;
    }
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    value = strtod(buffer, NULL);
    free(buffer);
    return value;
}

/* No storage here: nothing to hand over, no new visit stored. */
int md_host_read_stored(int cart)
{
    (void)cart;
    return 0;
}

size_t md_host_format_number(double value, char *out)
{
    int precision;
    for (precision = 15; precision <= 17; precision++) {
        snprintf(out, 32, "%.*g", precision, value);
        if (strtod(out, NULL) == value) {
            break;
        }
    }
    return strlen(out);
}
