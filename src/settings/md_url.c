/* md_url.c - the Server URL setting: validated and normalised into the tracker endpoint and the
 * script URL (md_read_url, see md_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"

/* Whether 'text' of 'length' bytes ends with the lower-case 'suffix', in any case. */
static int md_ends_with(const char *text, size_t length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    size_t i;
    if (length < suffix_length) {
        return 0;
    }
    for (i = 0; i < suffix_length; i++) {
        char c = text[length - suffix_length + i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

/* Checks the host[:port] part that starts the 'length' bytes at 'authority' (up to its first
 * '/'): no user info, a host of letters, digits, '-', '.' (or non-ASCII, for IDN) or an IPv6
 * address in brackets, and a port of 1 to 65535. Returns NULL or the problem. */
static const char *md_check_authority(const char *authority, size_t length)
{
    size_t end = 0;
    size_t host_end;
    size_t i;

    while (end < length && authority[end] != '/') {
        end++;
    }
    for (i = 0; i < end; i++) {
        if (authority[i] == '@') {
            return "has a user name or password before its host ('@'): give the Matomo address "
                   "alone.";
        }
    }
    if (authority[0] == '[') {
        host_end = 1;
        while (host_end < end && authority[host_end] != ']') {
            char c = (char)(authority[host_end] | 0x20);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || authority[host_end] == ':' ||
                  authority[host_end] == '.')) {
                return "has an invalid host name.";
            }
            host_end++;
        }
        if (host_end == end || host_end == 1) {
            return "has an invalid host name.";
        }
        host_end++;
    } else {
        host_end = 0;
        while (host_end < end && authority[host_end] != ':') {
            unsigned char c = (unsigned char)authority[host_end];
            char lower = (char)(c | 0x20);
            if (!((lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '.' || c >= 0x80)) {
                return "has an invalid host name: letters, digits, '-' and '.' only.";
            }
            host_end++;
        }
        if (host_end == 0) {
            return "has no host name.";
        }
    }
    if (host_end < end) {
        double port = 0;
        if (authority[host_end] != ':' || host_end + 1 == end) {
            return "has an invalid port: a number from 1 to 65535 after ':'.";
        }
        for (i = host_end + 1; i < end; i++) {
            if (authority[i] < '0' || authority[i] > '9' || i - host_end > 5) {
                return "has an invalid port: a number from 1 to 65535 after ':'.";
            }
            port = port * 10 + (authority[i] - '0');
        }
        if (port < 1 || port > 65535) {
            return "has an invalid port: a number from 1 to 65535 after ':'.";
        }
    }
    return NULL;
}

const char *md_read_url(const char *start, char **endpoint, char **script)
{
    static const char *const tails[] = {"/matomo.php", "/matomo.js", "/piwik.php", "/piwik.js"};
    size_t length;
    size_t host = 0;
    size_t i;
    int piwik = 0;
    md_buf out = {0};

    /* Pasted values often carry surrounding white space: drop it, refuse any inside. */
    while (md_is_space(*start)) {
        start++;
    }
    length = strlen(start);
    while (length > 0 && md_is_space(start[length - 1])) {
        length--;
    }
    if (length == 0) {
        return "is empty.";
    }
    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)start[i];
        /* control characters: C0, DEL and C1 (U+0080-U+009F, 0xC2 0x80-0x9F in UTF-8) */
        int control = c < ' ' || c == 0x7f ||
                      (c == 0xc2 && i + 1 < length && (unsigned char)start[i + 1] < 0xa0);
        if (c == ' ' || control || md_space_length(start + i, length - i) > 0 ||
            strchr("\"'<>\\`", c) != NULL) {
            return "contains a space, quote, angle bracket, backslash or control "
                   "character.";
        }
        if (c == '?' || c == '#') {
            return "has a query or fragment ('?' or '#').";
        }
    }
    /* A scheme: a letter, then letters, digits, '+', '-' or '.', then ':' not followed by a
     * digit (that is host:port). */
    for (i = 0; i < length; i++) {
        char c = (char)(start[i] | 0x20);
        if (!((c >= 'a' && c <= 'z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
            break;
        }
    }
    if (i > 0 && i < length && start[i] == ':' && !(start[i + 1] >= '0' && start[i + 1] <= '9')) {
        if (!((i == 4 && md_ends_with(start, 4, "http")) ||
              (i == 5 && md_ends_with(start, 5, "https")))) {
            return "must be an http or https address; javascript:, data: and "
                   "other schemes are refused.";
        }
        if (strncmp(start + i + 1, "//", 2) != 0) {
            return "must have \"//\" after its scheme.";
        }
        host = i + 3;
    } else if (strncmp(start, "//", 2) == 0) {
        host = 2; /* protocol-relative: the page's own scheme */
    } else {
        md_buf_raw(&out, "https://", 8); /* a bare host/path */
    }
    if (host >= length || start[host] == '/') {
        free(md_buf_take(&out, NULL));
        return "has no host name.";
    }
    {
        const char *problem = md_check_authority(start + host, length - host);
        if (problem != NULL) {
            free(md_buf_take(&out, NULL));
            return problem;
        }
    }
    if (script == NULL) { /* an exact address: used as given */
        md_buf_raw(&out, start, length);
        free(*endpoint);
        *endpoint = md_buf_take(&out, NULL);
        return *endpoint == NULL ? MD_NO_MEMORY : NULL;
    }
    while (start[length - 1] == '/') {
        length--;
    }
    /* The address of the endpoint or the script itself: its folder, with its naming. */
    for (i = 0; i < 4; i++) {
        size_t tail = strlen(tails[i]);
        if (length - host > tail && md_ends_with(start, length, tails[i])) {
            length -= tail;
            piwik = i >= 2;
            break;
        }
    }
    md_buf_raw(&out, start, length);
    md_buf_raw(&out, piwik ? "/piwik.php" : "/matomo.php", piwik ? 10 : 11);
    free(*endpoint);
    *endpoint = md_buf_take(&out, &length);
    if (*endpoint == NULL) {
        return MD_NO_MEMORY;
    }
    md_buf_raw(&out, *endpoint, length - 3); /* "php" becomes "js" */
    md_buf_raw(&out, "js", 2);
    free(*script);
    *script = md_buf_take(&out, NULL);
    return *script == NULL ? MD_NO_MEMORY : NULL;
}

