/* ui/base/termsafe.c: user text made safe to print on a terminal. */
#include "ui/base/termsafe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0. *cp gets its code point. */
static int utf8_seq(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || (len == 3 && s[0] > 0xEF))
        return 0;
    uint32_t c = s[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0; /* overlong, out of range, or a surrogate */
    *cp = c;
    return len;
}

/* The bidirectional controls (embeddings, overrides, isolates): printed raw they
 * reorder what follows on the line, so a title could make a number read backwards. */
static int is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

const char *ui_term_safe(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    if (!s)
        return buf;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = 0;
        int len = utf8_seq(p, &cp);
        char esc[16];
        const char *piece;
        size_t plen;
        if (len == 0 || cp < 0x20 || cp == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02x", p[0]);
            piece = esc;
            plen = 4;
            len = 1;
        } else if ((cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp)) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            piece = esc;
            plen = 6;
        } else {
            piece = (const char *)p;
            plen = (size_t)len;
        }
        if (o + plen + 1 > n)
            break; /* cut to fit, never in the middle of a character */
        memcpy(buf + o, piece, plen);
        o += plen;
        p += len;
    }
    buf[o] = '\0';
    return buf;
}
