/* ui/live/tui_cells.h: the TUI's off-screen cell buffer and its plotting canvas.
 *
 * Every frame is drawn into a ui_tui_cells buffer (one UTF-8 glyph and one style per
 * terminal cell) and only then copied to curses, so a frame never shows half-drawn
 * and golden tests compare the same buffer the terminal gets. Wide glyphs (CJK) take
 * two cells: the head holds the glyph with width 2, the next cell width 0.
 *
 * The canvas plots dots into a rectangle of cells: 2x4 Braille dots per cell where
 * the terminal speaks UTF-8, one character per cell otherwise (ASCII). Each cell
 * keeps the style of the highest-z pen that touched it. */
#ifndef UI_TUI_CELLS_H
#define UI_TUI_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Styles, mapped to colours/attributes only when copied to curses. */
#define UI_TUI_STYLES(X)                                                                           \
    X(NORMAL)                                                                                      \
    X(DIM)     /* axes, tick labels, markers */                                                    \
    X(BOLD)    /* the caption, values */                                                           \
    X(HEADER)  /* the header bar (reverse) */                                                      \
    X(TITLE)   /* chart titles */                                                                  \
    X(SYNC)    /* the sync variant's lines and numbers */                                          \
    X(ASYNC)   /* the async variant's */                                                           \
    X(OFFERED) /* arrivals */                                                                      \
    X(REF)     /* reference and capacity lines */                                                  \
    X(WARN)    /* rejected, failed, active faults */                                               \
    X(KEY)     /* key names in the footer and help */

enum ui_tui_style {
#define UI_TUI_STYLE_ENUM(n) UI_TUI_ST_##n,
    UI_TUI_STYLES(UI_TUI_STYLE_ENUM)
#undef UI_TUI_STYLE_ENUM
        UI_TUI_NSTYLES
};

struct ui_tui_cell {
    char g[7];     /* NUL-terminated UTF-8 glyph; "" in a wide glyph's second cell */
    uint8_t width; /* 1, 2 (head of a wide glyph) or 0 (its second cell) */
    uint8_t style; /* enum ui_tui_style */
};

struct ui_tui_cells {
    int w, h;
    struct ui_tui_cell *c; /* w * h, row-major */
    size_t cap;            /* cells allocated */
    bool ascii;            /* only ASCII glyphs: others are transliterated on put */
};

/* Size the buffer to w x h (reusing memory when it fits) and clear it. Returns 0,
 * SIM_EINVAL (w or h < 1) or SIM_ENOMEM (buffer unchanged). */
int ui_tui_cells_resize(struct ui_tui_cells *b, int w, int h);
void ui_tui_cells_free(struct ui_tui_cells *b);
/* Every cell a space in NORMAL style. */
void ui_tui_cells_clear(struct ui_tui_cells *b);
static inline struct ui_tui_cell *ui_tui_cells_at(struct ui_tui_cells *b, int x, int y)
{
    return &b->c[(size_t)y * (size_t)b->w + (size_t)x];
}
/* Write UTF-8 text at (x, y), at most maxw columns (clipped at the right edge too);
 * stops at a newline. Returns the columns written. Invalid bytes show as '?'. In an
 * ascii buffer, box drawing, arrows and dots become their ASCII look-alikes and any
 * other non-ASCII character '?', so an ASCII terminal gets only ASCII. */
int ui_tui_cells_put(struct ui_tui_cells *b, int x, int y, int maxw, enum ui_tui_style st,
                     const char *utf8);
/* Fill a rectangle with one single-width glyph. */
void ui_tui_cells_fill(struct ui_tui_cells *b, int x, int y, int w, int h, enum ui_tui_style st,
                       const char *glyph);
/* Set the style of a rectangle, glyphs untouched. */
void ui_tui_cells_style(struct ui_tui_cells *b, int x, int y, int w, int h, enum ui_tui_style st);
bool ui_tui_cells_blank(const struct ui_tui_cells *b, int x, int y);
/* Same size and every glyph and style equal. */
bool ui_tui_cells_equal(const struct ui_tui_cells *a, const struct ui_tui_cells *b);
/* The glyphs as text, one line per row, trailing spaces dropped (golden files). */
void ui_tui_cells_dump(const struct ui_tui_cells *b, FILE *f);

/* Display width of UTF-8 text (CJK and fullwidth forms count 2); the number of bytes
 * of its first `cols` columns in *bytes when bytes is not NULL. */
int ui_tui_text_width(const char *utf8, int cols, size_t *bytes);
/* Decode one UTF-8 sequence at s; returns its length (1 for an invalid byte, with
 * *cp = '?'), 0 at the end of the string. */
int ui_tui_utf8_decode(const char *s, uint32_t *cp);
/* The ASCII look-alike of a code point ('?' if none). */
char ui_tui_ascii_of(uint32_t cp);
/* Columns a code point takes: 2 for wide (CJK) ones, 1 otherwise. */
int ui_tui_cp_width(uint32_t cp);
/* Encode cp as UTF-8 into out (>= 5 bytes, NUL-terminated); returns the length. */
int ui_tui_utf8_encode(uint32_t cp, char *out);

/* ------------------------------------------------------------------------------ */

enum ui_tui_plot_mode { UI_TUI_BRAILLE, UI_TUI_ASCII };

/* How a line is drawn. Thick lines use a 2x2 pen in Braille; dotted ones set every
 * other dot column (Braille) or every other cell (ASCII). `ascii` is the character
 * a point shows in ASCII mode. Higher z wins a cell's style and ASCII glyph. */
struct ui_tui_pen {
    enum ui_tui_style style;
    char ascii;
    bool thick, dotted;
    int z;
};

struct ui_tui_canvas {
    enum ui_tui_plot_mode mode;
    int x0, y0, cw, ch; /* the cell rectangle in the buffer */
    int dw, dh;         /* dot resolution: cw*2 x ch*4 (Braille) or cw x ch */
    uint8_t *bits;      /* per cell: Braille dot bits */
    char *ascii;        /* per cell: ASCII glyph or 0 */
    int8_t *z;          /* per cell: z of the pen that owns it, -1 empty */
    uint8_t *style;     /* per cell */
    size_t cap;
};

/* Prepare the canvas over cells (x0, y0, cw, ch), empty; memory is reused across
 * frames. Returns 0 or SIM_ENOMEM. */
int ui_tui_canvas_reset(struct ui_tui_canvas *cv, enum ui_tui_plot_mode mode, int x0, int y0,
                        int cw, int ch);
void ui_tui_canvas_free(struct ui_tui_canvas *cv);
/* Set one dot; (0, 0) is the top-left dot; points outside are ignored. */
void ui_tui_canvas_dot(struct ui_tui_canvas *cv, int dx, int dy, const struct ui_tui_pen *p);
/* A straight line between two dots (Bresenham), pen applied at every dot. */
void ui_tui_canvas_line(struct ui_tui_canvas *cv, int x1, int y1, int x2, int y2,
                        const struct ui_tui_pen *p);
/* The Braille code point for a cell's dot bits (U+2800 + bits). Bit layout (dot
 * column, row): (0,0)=0x01 (0,1)=0x02 (0,2)=0x04 (1,0)=0x08 (1,1)=0x10 (1,2)=0x20
 * (0,3)=0x40 (1,3)=0x80, as Unicode numbers the dots 1-8. */
uint32_t ui_tui_braille(uint8_t bits);
/* The bit of dot (col 0..1, row 0..3) in a Braille cell. */
uint8_t ui_tui_braille_bit(int col, int row);
/* Copy the touched cells into the buffer (untouched cells stay as they are). */
void ui_tui_canvas_flush(const struct ui_tui_canvas *cv, struct ui_tui_cells *b);

#endif
