/* ui/lesson/lesson_big.c: block digits for --big (a projector at the back of a room). */
#include "ui/lesson/lesson_play.h"

#include <string.h>

/* Each glyph: UI_LESSON_BIG_H rows of '#' (a block) and ' ', all of one width. */
struct big_glyph {
    char c;
    const char *rows[UI_LESSON_BIG_H];
};

static const struct big_glyph glyphs[] = {
    {'0', {"###", "# #", "# #", "# #", "###"}}, {'1', {" # ", "## ", " # ", " # ", "###"}},
    {'2', {"###", "  #", "###", "#  ", "###"}}, {'3', {"###", "  #", "###", "  #", "###"}},
    {'4', {"# #", "# #", "###", "  #", "  #"}}, {'5', {"###", "#  ", "###", "  #", "###"}},
    {'6', {"###", "#  ", "###", "# #", "###"}}, {'7', {"###", "  #", "  #", "  #", "  #"}},
    {'8', {"###", "# #", "###", "# #", "###"}}, {'9', {"###", "# #", "###", "  #", "###"}},
    {'.', {" ", " ", " ", " ", "#"}},           {' ', {" ", " ", " ", " ", " "}},
    {'-', {"   ", "   ", "###", "   ", "   "}},
};

static const struct big_glyph *glyph_of(char c)
{
    for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++)
        if (glyphs[i].c == c)
            return &glyphs[i];
    return NULL;
}

int ui_lesson_big_text(struct ui_tui_cells *b, int x, int y, enum ui_tui_style st, bool utf8,
                       const char *text)
{
    int w = 0;
    for (const char *p = text; *p; p++) {
        const struct big_glyph *g = glyph_of(*p);
        if (!g)
            return -1;
        int gw = (int)strlen(g->rows[0]);
        for (int r = 0; b && r < UI_LESSON_BIG_H; r++)
            for (int k = 0; k < gw; k++)
                if (g->rows[r][k] == '#' && x + w + k < b->w && y + r < b->h)
                    ui_tui_cells_put(b, x + w + k, y + r, 1, st, utf8 ? "█" : "#");
        w += gw + (p[1] ? 1 : 0);
    }
    return w;
}
