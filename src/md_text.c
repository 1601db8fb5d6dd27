/* md_text.c - see md_text.h. */
#include "md_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "md_core.h"

/* Powers of ten that a double holds exactly. */
static const double md_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#define MD_MAX_EXACT_POW10 22
#define MD_TWO_POW_53 9007199254740992.0

static int md_buf_reserve(md_buf *buf, size_t extra)
{
    size_t needed;
    size_t capacity;
    char *grown;

    if (buf->failed) {
        return 0;
    }
    needed = buf->length + extra + 1; /* room for the final NUL */
    if (needed <= buf->capacity) {
        return 1;
    }
    capacity = buf->capacity ? buf->capacity : 128;
    while (capacity < needed) {
        capacity *= 2;
    }
    grown = (char *)realloc(buf->data, capacity);
    if (grown == NULL) {
        buf->failed = 1;
        return 0;
    }
    buf->data = grown;
    buf->capacity = capacity;
    return 1;
}

void md_buf_raw(md_buf *buf, const char *bytes, size_t length)
{
    if (!md_buf_reserve(buf, length)) {
        return;
    }
    memcpy(buf->data + buf->length, bytes, length);
    buf->length += length;
}

void md_buf_string(md_buf *buf, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    size_t run = 0; /* start of the pending run of bytes that need no escape */

    md_buf_raw(buf, "\"", 1);
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        char escape[6] = {'\\', 'u', '0', '0', 0, 0};
        size_t escape_length = 2;

        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        md_buf_raw(buf, text + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            escape[1] = (char)c;
        } else if (c == '\n') {
            escape[1] = 'n';
        } else if (c == '\t') {
            escape[1] = 't';
        } else if (c == '\r') {
            escape[1] = 'r';
        } else {
            escape[4] = hex[c >> 4];
            escape[5] = hex[c & 15];
            escape_length = 6;
        }
        md_buf_raw(buf, escape, escape_length);
    }
    md_buf_raw(buf, text + run, length - run);
    md_buf_raw(buf, "\"", 1);
}

void md_buf_number(md_buf *buf, double value)
{
    char text[32];
    md_buf_raw(buf, text, md_format_number(value, text));
}

char *md_buf_take(md_buf *buf, size_t *length)
{
    char *data;

    md_buf_reserve(buf, 0);
    if (buf->failed) {
        free(buf->data);
        data = NULL;
    } else {
        data = buf->data;
        data[buf->length] = '\0';
        if (length != NULL) {
            *length = buf->length;
        }
    }
    memset(buf, 0, sizeof *buf);
    return data;
}

static int md_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

double md_strtod(const char *text, char **end)
{
    const char *p = text;
    uint64_t mantissa = 0;
    int digits = 0;          /* significant digits kept in 'mantissa' */
    int dropped = 0;         /* nonzero digits that did not fit in 'mantissa' */
    int exponent = 0;        /* decimal exponent applied to 'mantissa' */
    int seen_digit = 0;
    int negative = 0;
    double value;

    if (*p == '+' || *p == '-') {
        negative = (*p == '-');
        p++;
    }
    for (; md_is_digit(*p); p++) {
        seen_digit = 1;
        if (digits < 19) {
            mantissa = mantissa * 10 + (uint64_t)(*p - '0');
            digits += (mantissa != 0);
        } else {
            exponent++;
            dropped |= (*p != '0');
        }
    }
    if (*p == '.') {
        const char *fraction = ++p;
        for (; md_is_digit(*p); p++) {
            if (digits < 19) {
                mantissa = mantissa * 10 + (uint64_t)(*p - '0');
                digits += (mantissa != 0);
                exponent--;
            } else {
                dropped |= (*p != '0');
            }
        }
        seen_digit |= (p != fraction);
    }
    if (!seen_digit) {
        if (end != NULL) {
            *end = (char *)text;
        }
        return 0.0;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int exponent_negative = 0;
        int written = 0;
        if (*q == '+' || *q == '-') {
            exponent_negative = (*q == '-');
            q++;
        }
        if (md_is_digit(*q)) {
            for (; md_is_digit(*q); q++) {
                if (written < 100000) {
                    written = written * 10 + (*q - '0');
                }
            }
            exponent += exponent_negative ? -written : written;
            p = q;
        }
    }
    if (end != NULL) {
        *end = (char *)p;
    }
    /* Exact when both operands are exact doubles: one correctly rounded operation. */
    if (!dropped && mantissa <= (uint64_t)MD_TWO_POW_53 && exponent >= -MD_MAX_EXACT_POW10 &&
        exponent <= MD_MAX_EXACT_POW10) {
        value = (double)mantissa;
        value = exponent < 0 ? value / md_pow10[-exponent] : value * md_pow10[exponent];
        return negative ? -value : value;
    }
    if (mantissa == 0 && !dropped) {
        return negative ? -0.0 : 0.0;
    }
    return md_host_parse_number(text, (size_t)(p - text));
}

static int md_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int md_parse_number_text(const char *text, size_t length, double *value)
{
    char buffer[64];
    char *end;
    double parsed;

    while (length > 0 && md_is_space(text[0])) {
        text++;
        length--;
    }
    while (length > 0 && md_is_space(text[length - 1])) {
        length--;
    }
    if (length == 0 || length >= sizeof buffer) {
        return 0;
    }
    memcpy(buffer, text, length);
    buffer[length] = '\0';
    parsed = md_strtod(buffer, &end);
    /* finite: NaN fails the first test, infinities the second */
    if (end != buffer + length || !(parsed == parsed) || parsed - parsed != 0.0) {
        return 0;
    }
    *value = parsed;
    return 1;
}

static size_t md_format_integer(uint64_t integer, char *out)
{
    char reversed[24];
    size_t count = 0;
    size_t i;

    do {
        reversed[count++] = (char)('0' + integer % 10);
        integer /= 10;
    } while (integer != 0);
    for (i = 0; i < count; i++) {
        out[i] = reversed[count - 1 - i];
    }
    return count;
}

size_t md_format_number(double value, char *out)
{
    double magnitude = value < 0 ? -value : value;
    size_t length = 0;
    int places;

    if (value == 0) {
        out[0] = '0';
        out[1] = '\0';
        return 1;
    }
    if (magnitude < MD_TWO_POW_53) {
        /* The fewest decimal places p such that round(v * 10^p) / 10^p == v exactly. */
        for (places = 0; places <= 15; places++) {
            double scaled = magnitude * md_pow10[places];
            uint64_t digits;
            if (scaled >= MD_TWO_POW_53) {
                break;
            }
            digits = (uint64_t)(scaled + 0.5);
            if ((double)digits / md_pow10[places] == magnitude) {
                char text[24];
                size_t count = md_format_integer(digits, text);
                size_t integer_digits = count > (size_t)places ? count - (size_t)places : 0;
                if (value < 0) {
                    out[length++] = '-';
                }
                if (integer_digits == 0) {
                    out[length++] = '0';
                } else {
                    memcpy(out + length, text, integer_digits);
                    length += integer_digits;
                }
                if (places > 0) {
                    size_t zeros = (size_t)places - (count - integer_digits);
                    out[length++] = '.';
                    memset(out + length, '0', zeros);
                    length += zeros;
                    memcpy(out + length, text + integer_digits, count - integer_digits);
                    length += count - integer_digits;
                }
                out[length] = '\0';
                return length;
            }
        }
    }
    return md_host_format_number(value, out);
}
