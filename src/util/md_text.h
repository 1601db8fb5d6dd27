/*
 * md_text.h - text helpers of the core: a growable output buffer that writes JSON, and number
 * conversions that need neither printf nor strtod. Internal to the core.
 */
#ifndef MD_TEXT_H
#define MD_TEXT_H

#include <stddef.h>

/* A growable byte buffer. After any allocation failure 'failed' is set and further writes are
 * ignored, so callers check once at the end. 'data' is owned by the buffer until md_buf_take(). */
typedef struct md_buf {
    char *data;
    size_t length;
    size_t capacity;
    int failed;
} md_buf;

/* Appends 'length' raw bytes. */
void md_buf_raw(md_buf *buf, const char *bytes, size_t length);

/* The length of the well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong
 * form, no surrogate, nothing past U+10FFFF) that starts 'text' (of 'length' bytes), 0 when
 * there is none. */
size_t md_utf8_length(const char *text, size_t length);

/* Whether the 'length' bytes at 'text' are well-formed UTF-8. */
int md_is_utf8(const char *text, size_t length);

/* Appends a JSON string literal holding the 'length' UTF-8 bytes at 'text'; a byte that does not
 * start a well-formed UTF-8 sequence (RFC 3629) is written as U+FFFD, so the output is UTF-8
 * whatever the input. */
void md_buf_string(md_buf *buf, const char *text, size_t length);

/* Appends a JSON number; 'value' must be finite (the readers of md_event.h only give such). */
void md_buf_number(md_buf *buf, double value);

/* Returns the NUL-terminated contents (caller frees) and its length in '*length', or NULL if
 * any write failed; the buffer is left empty either way. */
char *md_buf_take(md_buf *buf, size_t *length);

/* Whether 'c' is ASCII white space (space, \t, \n, \r, \f, \v): where numbers and settings
 * are trimmed. */
int md_is_space(char c);

/* The byte length of the white-space character that starts the 'length' bytes at 'text', or 0
 * when there is none. White space is what JavaScript's String.prototype.trim removes: the ASCII
 * ones, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF. */
size_t md_space_length(const char *text, size_t length);

/* Whether the 'length' bytes at 'text' are all white space (md_space_length), or none: the one
 * definition of blank. */
int md_is_blank(const char *text, size_t length);

/* The byte length of the longest prefix of the UTF-8 'text' ('length' bytes) that holds at
 * most 'max_units' UTF-16 code units (JavaScript's string length: a character above U+FFFF
 * counts two), cut on a character boundary. */
size_t md_cut_text(const char *text, size_t length, size_t max_units);

/* The number of bytes of 'text' before the first 'stop' or its NUL. */
size_t md_span(const char *text, char stop);

/* The index of the 'text_length' bytes at 'text' in 'list' (texts each followed by '|'), or -1. */
int md_list_index(const char *list, const char *text, size_t text_length);

/* A malloc'ed copy of the NUL-terminated 'text' (caller frees), or NULL. */
char *md_strdup(const char *text);

/* Parses the longest prefix of 'text' that is a decimal number: [+-] digits [. digits]
 * [(e|E) [+-] digits], at least one digit before the exponent. Same contract as strtod():
 * '*end' (when not NULL) is set past the number, or to 'text' when there is none. cJSON is
 * built with strtod renamed to this function. */
double md_strtod(const char *text, char **end);

/* Reads a whole string as a number: surrounding white space is allowed, nothing else.
 * Returns 1 and stores a finite value in '*value', or returns 0. */
int md_parse_number_text(const char *text, size_t length, double *value);

/* Writes the shortest text that reads back as 'value' (finite) into 'out' (>= 32 bytes);
 * integers print without a fraction, like JavaScript's String(). Returns the length. */
size_t md_format_number(double value, char *out);

#endif
