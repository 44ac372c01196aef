/* ui/base/json_text.c: unsigned 64-bit integers through JSON text. */
#include "ui/base/json_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ui_json_u64_mark(uint64_t v, char *buf, size_t n)
{
    snprintf(buf, n, UI_JSON_U64_PREFIX "%llu", (unsigned long long)v);
    return buf;
}

void ui_json_u64_unmark(char *text)
{
    static const char esc[] = "\"\\u0001u64:";
    const size_t elen = sizeof esc - 1;
    char *w = text;
    for (const char *r = text; *r;) {
        if (strncmp(r, esc, elen) == 0) {
            const char *d = r + elen;
            size_t nd = strspn(d, "0123456789");
            if (nd > 0 && d[nd] == '"') {
                memmove(w, d, nd);
                w += nd;
                r = d + nd + 1;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
}

bool ui_json_u64_parse(const char *s, uint64_t *v)
{
    size_t plen = strlen(UI_JSON_U64_PREFIX);
    if (strncmp(s, UI_JSON_U64_PREFIX, plen) != 0)
        return false;
    s += plen;
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *v = (uint64_t)x;
    return true;
}

/* An integer token at t (digits only, not followed by . e E) above INT64_MAX. */
static size_t big_integer(const char *t, const char *end)
{
    size_t n = 0;
    while (t + n < end && t[n] >= '0' && t[n] <= '9')
        n++;
    if (n < 19 || n > 20 || (t + n < end && (t[n] == '.' || t[n] == 'e' || t[n] == 'E')))
        return 0;
    char digits[24];
    memcpy(digits, t, n);
    digits[n] = '\0';
    errno = 0;
    unsigned long long x = strtoull(digits, NULL, 10);
    if (errno || x <= (unsigned long long)INT64_MAX)
        return 0;
    return n;
}

char *ui_json_u64_protect(const char *text, size_t len, size_t *out_len)
{
    /* Each big integer grows by the quotes and the escaped prefix: at most len / 19
     * of them. */
    size_t cap = len + (len / 19 + 1) * 16 + 1;
    char *out = malloc(cap), *w = out;
    if (!out)
        return NULL;
    bool in_string = false;
    const char *end = text + len;
    for (const char *r = text; r < end;) {
        char c = *r;
        if (in_string) {
            *w++ = *r++;
            if (c == '\\' && r < end)
                *w++ = *r++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c >= '0' && c <= '9' && (r == text || !strchr("-.0123456789eE+", r[-1]))) {
            size_t n = big_integer(r, end);
            if (n) {
                w += sprintf(w, "\"\\u0001u64:%.*s\"", (int)n, r);
                r += n;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
    *out_len = (size_t)(w - out);
    return out;
}
