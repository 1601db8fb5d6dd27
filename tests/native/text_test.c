/*
 * text_test.c - the core's number conversions against the C library: md_strtod must give the
 * same double as strtod, and md_format_number's text must read back as the same double (and be
 * the shortest such text, as JavaScript's String() writes it, where that has no exponent), for
 * chosen edge cases and a million pseudo-random values. Also md_buf_string's escaping and its
 * mending of bytes that are not UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/md_text.h"

static int passed;
static int failed;

static void expect(int ok, const char *what, const char *detail)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: %s\n", what, detail);
    }
}

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next_random(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void check_parse(const char *text)
{
    char *end_mine;
    char *end_libc;
    double mine = md_strtod(text, &end_mine);
    double libc = strtod(text, &end_libc);
    char detail[200];
    snprintf(detail, sizeof detail, "\"%s\": md_strtod %.17g (end %d), strtod %.17g (end %d)",
             text, mine, (int)(end_mine - text), libc, (int)(end_libc - text));
    expect(same_double(mine, libc) && end_mine == end_libc, "md_strtod matches strtod", detail);
}

/* The shortest "%.*g" text that reads back as 'value': the digits JavaScript's String() writes. */
static void shortest_text(double value, char *out, size_t size)
{
    int precision;
    for (precision = 1; precision <= 17; precision++) {
        snprintf(out, size, "%.*g", precision, value);
        if (strtod(out, NULL) == value) {
            return;
        }
    }
}

static void check_format(double value, const char *wanted)
{
    char text[32];
    char shortest[40];
    char detail[200];
    size_t length = md_format_number(value, text);
    int ok = strlen(text) == length && strtod(text, NULL) == value;
    if (wanted != NULL) {
        ok = ok && strcmp(text, wanted) == 0;
    }
    /* Where the shortest text has no exponent, the core's must be that text. */
    shortest_text(value, shortest, sizeof shortest);
    if (strchr(shortest, 'e') == NULL) {
        ok = ok && strcmp(text, strcmp(shortest, "-0") == 0 ? "0" : shortest) == 0;
    }
    snprintf(detail, sizeof detail, "%.17g printed as \"%s\", wanted %s", value, text,
             wanted ? wanted : "a round trip");
    expect(ok, "md_format_number", detail);
}

int main(void)
{
    static const char *const texts[] = {
        "0", "-0", "1", "19.90", "0.1", "0.30000000000000004", "123456789012345678901234567890",
        "1e22", "1e23", "1.7976931348623157e308", "1e309", "4.9e-324", "2e-400", "-2.5E+3",
        "9007199254740993", "9007199254740992", "0.000000000000000000000000001", "5.", ".5",
        "+7", "1e", "1e+", "-", ".", "", "abc", "12abc", "1.5e-7", "00012", "1234567.875e-3",
        "1e00000000000000000000000000000000005", "-0.0e-99999999999999"};
    static const struct { double value; const char *text; } formats[] = {
        {0, "0"}, {-0.0, "0"}, {5000, "5000"}, {19.9, "19.9"}, {-4.5, "-4.5"}, {0.1, "0.1"},
        {1010.5, "1010.5"}, {3.25, "3.25"}, {9007199254740991.0, "9007199254740991"},
        {0.001, "0.001"}, {12.5, "12.5"}, {0.000001, "0.000001"}, {-0.05, "-0.05"},
        {123456.789, "123456.789"}, {0.123456789, "0.123456789"}, {1e15 + 0.5, "1000000000000000.5"}};
    size_t i;
    char text[64];
    md_buf buf = {0};
    char *escaped;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        check_parse(texts[i]);
    }
    {
        /* Found in review: an exponent past the reader's cap (1000), offset by a fraction of 999
         * zeros into the exact range. */
        static char long_number[1100] = "0.";
        memset(long_number + 2, '0', 999);
        strcpy(long_number + 1001, "1e10000");
        check_parse(long_number);
        long_number[1005] = '\0'; /* 0.000...1e10: within the cap */
        check_parse(long_number);
    }
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        check_format(formats[i].value, formats[i].text);
    }
    check_format(0.30000000000000004, NULL);
    check_format(1.5e300, NULL);
    check_format(1e-320, NULL);
    for (i = 0; i < 1000000; i++) {
        uint64_t r = next_random();
        double value;
        switch (i % 4) {
        case 0: /* short decimals, the common case */
            snprintf(text, sizeof text, "%llu.%02llu", (unsigned long long)(r % 100000),
                     (unsigned long long)((r >> 20) % 100));
            break;
        case 1: /* up to 17 significant digits with exponents */
            snprintf(text, sizeof text, "%.*e", (int)(r % 17), (double)(r >> 11) * 1e-8);
            break;
        case 2: /* any bit pattern that is a finite double */
            memcpy(&value, &r, sizeof value);
            if (!(value == value) || value - value != 0) {
                value = 1.0;
            }
            snprintf(text, sizeof text, "%.17g", value);
            break;
        default: /* integers, some past 2^53 */
            snprintf(text, sizeof text, "%llu", (unsigned long long)(r >> (r % 40)));
        }
        check_parse(text);
        check_format(strtod(text, NULL), NULL);
        if (failed > 20) {
            break;
        }
    }

    md_buf_string(&buf, "a\"b\\c\n\t\x01\xc3\xa9", 10);
    escaped = md_buf_take(&buf, NULL);
    expect(escaped != NULL && strcmp(escaped, "\"a\\\"b\\\\c\\u000a\\u0009\\u0001\xc3\xa9\"") == 0,
           "md_buf_string escapes quotes, backslashes and control characters", escaped);
    free(escaped);

    /* Bytes that are not UTF-8 (found by fuzzing: a settings value echoed in an error) are
     * written as U+FFFD; well-formed sequences of two to four bytes are kept. */
    md_buf_string(&buf, "a\x94" "b\xe2\x82" "c\xed\xa0\x80" "d\xf0\x9f\x98\x80" "e\xc0\xaf", 17);
    escaped = md_buf_take(&buf, NULL);
    expect(escaped != NULL &&
               strcmp(escaped, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                               "d\xf0\x9f\x98\x80" "e\xef\xbf\xbd\xef\xbf\xbd\"") == 0,
           "md_buf_string writes bytes that are not UTF-8 as U+FFFD", escaped);
    free(escaped);
    expect(md_is_utf8("\xc3\xa9\xe3\x80\x80\xf4\x8f\xbf\xbf", 9) && !md_is_utf8("\xf4\x90\x80\x80", 4) &&
               !md_is_utf8("\xe0\x80\xaf", 3) && !md_is_utf8("\xc3", 1) && md_is_utf8("", 0),
           "md_is_utf8 accepts well-formed UTF-8 only", "");

    printf("native text: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
