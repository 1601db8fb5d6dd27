/* settings_schema.c - prints the settings table of the core (md_settings_schema) as JSON, for
 * the README check (tests/readme.test.mjs) and generated documentation. */
#include <stdio.h>
#include <stdlib.h>

#include "md_internal.h"

int main(void)
{
    char *schema = md_settings_schema(NULL);
    if (schema == NULL) {
        return 1;
    }
    puts(schema);
    free(schema);
    return 0;
}
