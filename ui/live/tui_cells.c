#include "ui/live/tui_cells.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

int ui_tui_cells_resize(struct ui_tui_cells *b, int w, int h)
{
    if (w < 1 || h < 1)
        return SIM_EINVAL;
    size_t n = (size_t)w * (size_t)h;
    if (n > b->cap) {
        struct ui_tui_cell *c = realloc(b->c, n * sizeof *c);
        if (!c)
            return SIM_ENOMEM;
        b->c = c;
        b->cap = n;
    }
    b->w = w;
    b->h = h;
    ui_tui_cells_clear(b);
    return 0;
}

void ui_tui_cells_free(struct ui_tui_cells *b)
{
    free(b->c);
    memset(b, 0, sizeof *b);
}

static void set_blank(struct ui_tui_cell *c, enum ui_tui_style st)
{
    c->g[0] = ' ';
    c->g[1] = '\0';
    c->width = 1;
    c->style = (uint8_t)st;
}

void ui_tui_cells_clear(struct ui_tui_cells *b)
{
    size_t n = (size_t)b->w * (size_t)b->h;
    for (size_t i = 0; i < n; i++)
        set_blank(&b->c[i], UI_TUI_ST_NORMAL);
}

int ui_tui_utf8_decode(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!u[0]) {
        *cp = 0;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    int len = (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t v = len == 2 ? (u[0] & 0x1Fu) : len == 3 ? (u[0] & 0x0Fu) : (u[0] & 0x07u);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            len = 0;
            break;
        }
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    if (len == 0 || v > 0x10FFFF || (len == 2 && v < 0x80) || (len == 3 && v < 0x800) ||
        (len == 4 && v < 0x10000)) {
        *cp = '?';
        return 1;
    }
    *cp = v;
    return len;
}

int ui_tui_utf8_encode(uint32_t cp, char *out)
{
    int n;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    out[n] = '\0';
    return n;
}

/* East Asian Wide and Fullwidth ranges (Unicode UAX #11) that our texts can hold.
 * A fixed table rather than wcwidth() so that golden screens do not depend on the
 * machine's locale data. */
int ui_tui_cp_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F},   {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},   {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F},   {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x20000, 0x2FFFD},
        {0x30000, 0x3FFFD},
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

int ui_tui_text_width(const char *utf8, int cols, size_t *bytes)
{
    int w = 0;
    size_t off = 0;
    for (;;) {
        uint32_t cp;
        int n = ui_tui_utf8_decode(utf8 + off, &cp);
        if (n == 0 || cp == '\n')
            break;
        int cw = ui_tui_cp_width(cp);
        if (cols >= 0 && w + cw > cols)
            break;
        w += cw;
        off += (size_t)n;
    }
    if (bytes)
        *bytes = off;
    return w;
}

char ui_tui_ascii_of(uint32_t cp)
{
    static const struct {
        uint32_t cp;
        char c;
    } map[] = {
        {0x00B7, '.'}, {0x2192, '>'}, {0x2191, '^'}, {0x2014, '-'}, {0x2013, '-'}, {0x2500, '-'},
        {0x2501, '='}, {0x2502, '|'}, {0x250A, ':'}, {0x2524, '+'}, {0x251C, '+'}, {0x250C, '+'},
        {0x2510, '+'}, {0x2514, '+'}, {0x2518, '+'}, {0x256C, '+'}, {0x25A0, '#'}, {0x25B6, '>'},
        {0x275A, '|'}, {0x2026, '.'}, {0x00D7, 'x'}, {0x2248, '~'},
    };
    if (cp < 0x80)
        return (char)cp;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].cp == cp)
            return map[i].c;
    return '?';
}

/* Before overwriting cell (x, y), break up any wide glyph it is half of. */
static void unsplit(struct ui_tui_cells *b, int x, int y)
{
    struct ui_tui_cell *c = ui_tui_cells_at(b, x, y);
    if (c->width == 0 && x > 0)
        set_blank(ui_tui_cells_at(b, x - 1, y), ui_tui_cells_at(b, x - 1, y)->style);
    if (c->width == 2 && x + 1 < b->w)
        set_blank(ui_tui_cells_at(b, x + 1, y), ui_tui_cells_at(b, x + 1, y)->style);
}

int ui_tui_cells_put(struct ui_tui_cells *b, int x, int y, int maxw, enum ui_tui_style st,
                     const char *utf8)
{
    if (y < 0 || y >= b->h || x < 0 || x >= b->w)
        return 0;
    int limit = b->w - x < maxw ? b->w - x : maxw, col = 0;
    const char *s = utf8;
    for (;;) {
        uint32_t cp;
        int n = ui_tui_utf8_decode(s, &cp);
        if (n == 0 || cp == '\n')
            break;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            cp = '?'; /* C0, DEL, C1: never a control sequence on the terminal */
        if (b->ascii)
            cp = (uint32_t)(unsigned char)ui_tui_ascii_of(cp);
        int cw = ui_tui_cp_width(cp);
        if (col + cw > limit)
            break;
        unsplit(b, x + col, y);
        struct ui_tui_cell *c = ui_tui_cells_at(b, x + col, y);
        ui_tui_utf8_encode(cp, c->g);
        c->width = (uint8_t)cw;
        c->style = (uint8_t)st;
        if (cw == 2) {
            unsplit(b, x + col + 1, y);
            struct ui_tui_cell *c2 = ui_tui_cells_at(b, x + col + 1, y);
            c2->g[0] = '\0';
            c2->width = 0;
            c2->style = (uint8_t)st;
        }
        col += cw;
        s += n;
    }
    return col;
}

void ui_tui_cells_fill(struct ui_tui_cells *b, int x, int y, int w, int h, enum ui_tui_style st,
                       const char *glyph)
{
    for (int r = y; r < y + h; r++)
        for (int q = x; q < x + w; q++)
            if (r >= 0 && r < b->h && q >= 0 && q < b->w)
                ui_tui_cells_put(b, q, r, 1, st, glyph);
}

void ui_tui_cells_style(struct ui_tui_cells *b, int x, int y, int w, int h, enum ui_tui_style st)
{
    for (int r = y; r < y + h; r++)
        for (int q = x; q < x + w; q++)
            if (r >= 0 && r < b->h && q >= 0 && q < b->w)
                ui_tui_cells_at(b, q, r)->style = (uint8_t)st;
}

bool ui_tui_cells_blank(const struct ui_tui_cells *b, int x, int y)
{
    const struct ui_tui_cell *c = &b->c[(size_t)y * (size_t)b->w + (size_t)x];
    return c->width == 1 && c->g[0] == ' ' && c->g[1] == '\0';
}

bool ui_tui_cells_equal(const struct ui_tui_cells *a, const struct ui_tui_cells *b)
{
    if (a->w != b->w || a->h != b->h)
        return false;
    size_t n = (size_t)a->w * (size_t)a->h;
    for (size_t i = 0; i < n; i++)
        if (a->c[i].style != b->c[i].style || a->c[i].width != b->c[i].width ||
            strcmp(a->c[i].g, b->c[i].g) != 0)
            return false;
    return true;
}

void ui_tui_cells_dump(const struct ui_tui_cells *b, FILE *f)
{
    for (int y = 0; y < b->h; y++) {
        int last = -1;
        for (int x = 0; x < b->w; x++)
            if (!ui_tui_cells_blank(b, x, y))
                last = x;
        for (int x = 0; x <= last; x++)
            fputs(b->c[(size_t)y * (size_t)b->w + (size_t)x].g, f);
        fputc('\n', f);
    }
}

/* ------------------------------------------------------------------------------ */

int ui_tui_canvas_reset(struct ui_tui_canvas *cv, enum ui_tui_plot_mode mode, int x0, int y0,
                        int cw, int ch)
{
    if (cw < 0)
        cw = 0;
    if (ch < 0)
        ch = 0;
    size_t n = (size_t)cw * (size_t)ch;
    if (n > cv->cap) {
        uint8_t *bits = realloc(cv->bits, n);
        if (bits)
            cv->bits = bits;
        char *ascii = realloc(cv->ascii, n);
        if (ascii)
            cv->ascii = ascii;
        int8_t *z = realloc(cv->z, n);
        if (z)
            cv->z = z;
        uint8_t *style = realloc(cv->style, n);
        if (style)
            cv->style = style;
        if (!bits || !ascii || !z || !style)
            return SIM_ENOMEM;
        cv->cap = n;
    }
    cv->mode = mode;
    cv->x0 = x0;
    cv->y0 = y0;
    cv->cw = cw;
    cv->ch = ch;
    cv->dw = mode == UI_TUI_BRAILLE ? cw * 2 : cw;
    cv->dh = mode == UI_TUI_BRAILLE ? ch * 4 : ch;
    if (n) {
        memset(cv->bits, 0, n);
        memset(cv->ascii, 0, n);
        memset(cv->z, -1, n);
        memset(cv->style, 0, n);
    }
    return 0;
}

void ui_tui_canvas_free(struct ui_tui_canvas *cv)
{
    free(cv->bits);
    free(cv->ascii);
    free(cv->z);
    free(cv->style);
    memset(cv, 0, sizeof *cv);
}

uint8_t ui_tui_braille_bit(int col, int row)
{
    static const uint8_t bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    return bit[col & 1][row & 3];
}

uint32_t ui_tui_braille(uint8_t bits)
{
    return 0x2800u + bits;
}

static void set_dot(struct ui_tui_canvas *cv, int dx, int dy, const struct ui_tui_pen *p)
{
    if (dx < 0 || dy < 0 || dx >= cv->dw || dy >= cv->dh)
        return;
    bool braille = cv->mode == UI_TUI_BRAILLE;
    int cx = braille ? dx / 2 : dx, cy = braille ? dy / 4 : dy;
    size_t i = (size_t)cy * (size_t)cv->cw + (size_t)cx;
    if (braille)
        cv->bits[i] |= ui_tui_braille_bit(dx % 2, dy % 4);
    if (p->z >= cv->z[i]) {
        cv->z[i] = (int8_t)p->z;
        cv->style[i] = (uint8_t)p->style;
        cv->ascii[i] = p->ascii;
    }
}

void ui_tui_canvas_dot(struct ui_tui_canvas *cv, int dx, int dy, const struct ui_tui_pen *p)
{
    if (p->dotted && (dx & 1))
        return;
    set_dot(cv, dx, dy, p);
    if (p->thick && cv->mode == UI_TUI_BRAILLE) {
        /* A 2x2 pen: the neighbouring dot inside the same cell column pair and the
         * one below, so a thick line reads as a band even where it is flat. */
        set_dot(cv, dx ^ 1, dy, p);
        set_dot(cv, dx, dy + 1, p);
        set_dot(cv, dx ^ 1, dy + 1, p);
    }
}

void ui_tui_canvas_line(struct ui_tui_canvas *cv, int x1, int y1, int x2, int y2,
                        const struct ui_tui_pen *p)
{
    int dx = abs(x2 - x1), sx = x1 < x2 ? 1 : -1;
    int dy = -abs(y2 - y1), sy = y1 < y2 ? 1 : -1;
    int err = dx + dy;
    for (int guard = 0; guard < 100000; guard++) {
        ui_tui_canvas_dot(cv, x1, y1, p);
        if (x1 == x2 && y1 == y2)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x1 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y1 += sy;
        }
    }
}

void ui_tui_canvas_flush(const struct ui_tui_canvas *cv, struct ui_tui_cells *b)
{
    for (int cy = 0; cy < cv->ch; cy++)
        for (int cx = 0; cx < cv->cw; cx++) {
            size_t i = (size_t)cy * (size_t)cv->cw + (size_t)cx;
            if (cv->z[i] < 0)
                continue;
            char g[8];
            if (cv->mode == UI_TUI_BRAILLE)
                ui_tui_utf8_encode(ui_tui_braille(cv->bits[i]), g);
            else {
                g[0] = cv->ascii[i] ? cv->ascii[i] : '*';
                g[1] = '\0';
            }
            ui_tui_cells_put(b, cv->x0 + cx, cv->y0 + cy, 1, (enum ui_tui_style)cv->style[i], g);
        }
}
