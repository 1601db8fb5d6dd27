/* md_text.c - see md_text.h. */
#include "util/md_text.h"

#include <stdlib.h>
#include <string.h>

#include "port/md_host.h"

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

size_t md_utf8_length(const char *text, size_t length)
{
    const unsigned char *at = (const unsigned char *)text;
    size_t units = at[0] >= 0xc2 && at[0] <= 0xdf ? 2 : at[0] >= 0xe0 && at[0] <= 0xef ? 3
                   : at[0] >= 0xf0 && at[0] <= 0xf4                              ? 4
                                                                                 : 0;
    unsigned low = at[0] == 0xe0 ? 0xa0 : at[0] == 0xf0 ? 0x90 : 0x80;
    unsigned high = at[0] == 0xed ? 0x9f : at[0] == 0xf4 ? 0x8f : 0xbf;
    size_t i;
    if (units == 0 || units > length) {
        return 0;
    }
    for (i = 1; i < units; i++) {
        if (at[i] < (i == 1 ? low : 0x80) || at[i] > (i == 1 ? high : 0xbf)) {
            return 0;
        }
    }
    return units;
}

int md_is_utf8(const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        size_t units = (unsigned char)text[i] < 0x80 ? 1 : md_utf8_length(text + i, length - i);
        if (units == 0) {
            return 0;
        }
        i += units;
    }
    return 1;
}

void md_buf_string(md_buf *buf, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    char *out;
    size_t i;

    if (!md_buf_reserve(buf, length * 6 + 2)) { /* every byte escaped, and the quotes */
        return;
    }
    out = buf->data + buf->length;
    *out++ = '"';
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            size_t units = md_utf8_length(text + i, length - i);
            if (units == 0) {
                *out++ = (char)0xef; /* U+FFFD */
                *out++ = (char)0xbf;
                *out++ = (char)0xbd;
            } else {
                memcpy(out, text + i, units);
                out += units;
                i += units - 1;
            }
        } else if (c >= 0x20 && c != '"' && c != '\\') {
            *out++ = (char)c;
        } else if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = (char)c;
        } else {
            *out++ = '\\';
            *out++ = 'u';
            *out++ = '0';
            *out++ = '0';
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
        }
    }
    *out++ = '"';
    buf->length = (size_t)(out - buf->data);
}

void md_buf_number(md_buf *buf, double value)
{
    char text[32];
    if (value - value != 0) { /* Infinity or NaN (a sum that overflowed): JSON has no such number */
        md_buf_raw(buf, "null", 4);
        return;
    }
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

int md_list_index(const char *list, const char *text, size_t text_length)
{
    int index = 0;
    while (*list != '\0') {
        size_t length = md_span(list, '|');
        if (length == text_length && memcmp(list, text, length) == 0) {
            return index;
        }
        list += length + 1;
        index++;
    }
    return -1;
}

static int md_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 10^n for 0 <= n <= 22: each product is exact, as 10^22 is the last power a double holds. */
static double md_power_of_ten(int n)
{
    double power = 1.0;
    while (n-- > 0) {
        power *= 10.0;
    }
    return power;
}

#define MD_EXACT_POWER 22
#define MD_EXACT_DIGITS 15 /* any 15-digit integer is a double exactly */

/* Numbers of at most 15 digits whose exponent (after the fraction's) is within +-22 are read
 * here, exactly: the digits as a whole number and the power of ten are both exact doubles, and
 * one IEEE multiplication or division rounds correctly (Clinger's fast path). Every other
 * number is read by the host, exactly. */
double md_strtod(const char *text, char **end)
{
    const char *p = text;
    const char *digits;
    int count = 0;    /* digits read into 'whole' (leading zeros not counted) */
    int exponent = 0; /* the power of ten 'whole' is to be scaled by */
    int exact = 1;
    double whole = 0.0;
    double value;

    if (*p == '+' || *p == '-') {
        p++;
    }
    for (digits = p; md_is_digit(*p); p++) {
        whole = whole * 10.0 + (*p - '0');
        count += count > 0 || *p != '0';
    }
    if (*p == '.') {
        const char *fraction = ++p;
        for (; md_is_digit(*p); p++) {
            whole = whole * 10.0 + (*p - '0');
            count += count > 0 || *p != '0';
            exponent--;
        }
        if (p == fraction && fraction - 1 == digits) {
            p = digits; /* a lone '.' is no number */
        }
    }
    if (p == digits) {
        if (end != NULL) {
            *end = (char *)text;
        }
        return 0.0;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int sign = 1;
        int written = 0;
        if (*q == '+' || *q == '-') {
            sign = *q++ == '-' ? -1 : 1;
        }
        if (md_is_digit(*q)) {
            for (; md_is_digit(*q); q++) {
                if (written < 1000) {
                    written = written * 10 + (*q - '0');
                }
            }
            exponent += sign * written;
            exact = written < 1000; /* past it, 'written' stopped growing: the host reads it */
            p = q;
        }
    }
    if (end != NULL) {
        *end = (char *)p;
    }
    exact = exact && count <= MD_EXACT_DIGITS && exponent >= -MD_EXACT_POWER &&
            exponent <= MD_EXACT_POWER;
    if (!exact) {
        return md_host_parse_number(text, (size_t)(p - text));
    }
    value = exponent < 0 ? whole / md_power_of_ten(-exponent) : whole * md_power_of_ten(exponent);
    return text[0] == '-' ? -value : value;
}

size_t md_span(const char *text, char stop)
{
    size_t length = 0;
    while (text[length] != '\0' && text[length] != stop) {
        length++;
    }
    return length;
}

char *md_strdup(const char *text)
{
    size_t size = strlen(text) + 1;
    char *copy = (char *)malloc(size);
    if (copy != NULL) {
        memcpy(copy, text, size);
    }
    return copy;
}

int md_is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* \t \n \v \f \r */
}

size_t md_space_length(const char *text, size_t length)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned code;

    if (length == 0) {
        return 0;
    }
    if (p[0] < 0x80) {
        return md_is_space((char)p[0]) ? 1 : 0;
    }
    if (p[0] == 0xc2 && length >= 2) {
        return p[1] == 0xa0 ? 2 : 0; /* U+00A0 */
    }
    if ((p[0] & 0xf0) != 0xe0 || length < 3) {
        return 0;
    }
    code = ((unsigned)(p[0] & 0x0f) << 12) | ((unsigned)(p[1] & 0x3f) << 6) | (unsigned)(p[2] & 0x3f);
    return code == 0x1680 || (code >= 0x2000 && code <= 0x200a) || code == 0x2028 ||
                   code == 0x2029 || code == 0x202f || code == 0x205f || code == 0x3000 ||
                   code == 0xfeff
               ? 3
               : 0;
}

int md_is_blank(const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        size_t space = md_space_length(text + i, length - i);
        if (space == 0) {
            return 0;
        }
        i += space;
    }
    return 1;
}

size_t md_cut_text(const char *text, size_t length, size_t max_units)
{
    size_t at = 0;
    size_t units = 0;

    while (at < length) {
        unsigned char lead = (unsigned char)text[at];
        size_t size = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        size_t cost = size == 4 ? 2 : 1;
        if (units + cost > max_units || at + size > length) {
            break;
        }
        units += cost;
        at += size;
    }
    return at;
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

/* Writes 'digits' (a whole number below 2^53) in decimal at 'out', with a '.' before its last
 * 'fraction' digits ("0.05" for 5 and 2), NUL-terminated; returns the length. */
static size_t md_write_decimal(unsigned long long digits, int fraction, int negative, char *out)
{
    char reversed[24];
    int count = 0;
    size_t length = 0;

    do {
        reversed[count++] = (char)('0' + (int)(digits % 10));
        digits /= 10;
    } while (digits != 0);
    while (count <= fraction) {
        reversed[count++] = '0'; /* a digit before the '.' */
    }
    if (negative) {
        out[length++] = '-';
    }
    while (count > 0) {
        out[length++] = reversed[--count];
        if (count == fraction && fraction > 0) {
            out[length++] = '.';
        }
    }
    out[length] = '\0';
    return length;
}

/* Numbers with at most 9 decimals whose digits make a whole number below 2^49, and from 1e-6
 * up (below, JavaScript writes an exponent), are written here: with the fewest decimals that
 * read back as the same double, which is JavaScript's text (String(value)) for them. Below 2^49
 * the scaled value is within 1/8 of its nearest whole number's exact product, so that number is
 * the closest decimal. Every other number is written by the host. */
#define MD_SHORT_DIGITS_LIMIT 562949953421312.0 /* 2^49 */
size_t md_format_number(double value, char *out)
{
    size_t length;
    double magnitude = value < 0 ? -value : value;
    int fraction;

    if (magnitude < MD_SHORT_DIGITS_LIMIT && (magnitude == 0.0 || magnitude >= 1e-6)) {
        double power = 1.0;
        for (fraction = 0; fraction <= 9; fraction++, power *= 10.0) {
            double scaled = magnitude * power;
            double digits;
            if (scaled >= MD_SHORT_DIGITS_LIMIT) {
                break;
            }
            digits = (double)(unsigned long long)(scaled + 0.5);
            if (digits / power == magnitude) {
                return md_write_decimal((unsigned long long)digits, fraction, value < 0, out);
            }
        }
    }
    length = md_host_format_number(value, out);
    out[length] = '\0';
    return length;
}
