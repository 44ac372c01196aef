#include "ui/lesson/lesson_screen.h"

#include <stdio.h>
#include <string.h>

#include "ui/base/text.h"
#include "ui/live/tui_chart.h"
#include "ui/live/tui_plot.h"

static const char *const words[UI_LESSON_NWORDS][UI_TUI_NLANG] = {
#define UI_LESSON_WORD_ROW(e, en, zh) {en, zh},
    UI_LESSON_WORDS(UI_LESSON_WORD_ROW)
#undef UI_LESSON_WORD_ROW
};

const char *ui_lesson_word(enum ui_lesson_word w, enum ui_tui_lang lang)
{
    return words[w][lang];
}

void ui_lesson_card_value(enum ui_lesson_fig f, const struct ord_summary *s, enum ui_tui_lang lang,
                          char *buf, size_t n)
{
    ui_lesson_fig_value(f, s, buf, n);
    if (strcmp(buf, "not drained") == 0)
        snprintf(buf, n, "%s", ui_lesson_word(UI_LESSON_W_NOT_DRAINED, lang));
}

/* ---- pieces ------------------------------------------------------------------------ */

/* Wrap text into rows y .. y + max - 1; returns the rows used. */
static int put_wrapped(struct ui_tui_cells *b, int x, int y, int w, int max, enum ui_tui_style st,
                       const char *text)
{
    return ui_tui_put_wrapped(b, x, y, w, max, st, text);
}

static void header(struct ui_tui_cells *b, const struct ui_lesson_frame *f)
{
    enum ui_tui_lang lang = f->o->lang;
    ui_tui_cells_fill(b, 0, 0, b->w, 1, UI_TUI_ST_HEADER, " ");
    char right[64], left[512];
    snprintf(right, sizeof right, " %s %zu / %zu ", ui_lesson_word(UI_LESSON_W_SCENE, lang),
             f->scene + 1, f->l->nscenes);
    int rw = ui_tui_text_width(right, -1, NULL);
    snprintf(left, sizeof left, " %s", ui_lesson_text_in(&f->l->title, lang));
    int room = b->w - rw - 1;
    if (ui_tui_text_width(left, -1, NULL) > room && room > 3) {
        /* A title too long for the line ends in an ellipsis, not in a cut word. */
        bool utf8 = f->o->mode == UI_TUI_BRAILLE;
        const char *dots = utf8 ? "…" : "...";
        int dw = utf8 ? 1 : 3;
        ui_tui_cells_put(b, 0, 0, room - dw, UI_TUI_ST_HEADER, left);
        ui_tui_cells_put(b, room - dw, 0, dw, UI_TUI_ST_HEADER, dots);
    } else {
        ui_tui_cells_put(b, 0, 0, room, UI_TUI_ST_HEADER, left);
    }
    ui_tui_cells_put(b, b->w - rw, 0, rw, UI_TUI_ST_HEADER, right);
}

struct foot_item {
    const char *cap;
    enum ui_lesson_word word;
    const char *live; /* a live key's footer word instead (from ui_tui_keys), or NULL */
};

/* The footer: as many items as fit, key names in KEY style. */
static void footer(struct ui_tui_cells *b, const struct ui_lesson_frame *f,
                   const struct foot_item *items, int n)
{
    bool utf8 = f->o->mode == UI_TUI_BRAILLE;
    int y = b->h - 1, x = 1;
    ui_tui_cells_fill(b, 0, y, b->w, 1, UI_TUI_ST_NORMAL, " ");
    for (int i = 0; i < n; i++) {
        const char *cap = items[i].cap;
        if (!utf8 && strcmp(cap, "→") == 0)
            cap = "right";
        else if (!utf8 && strcmp(cap, "→/space") == 0)
            cap = "right/space";
        else if (!utf8 && strcmp(cap, "←") == 0)
            cap = "left";
        const char *word = ui_lesson_word(items[i].word, f->o->lang);
        if (items[i].live) {
            const struct ui_tui_key *k = ui_tui_key_find(items[i].live[0]);
            word = k ? k->footer[f->o->lang == UI_TUI_ZH] : "";
        }
        int cw = ui_tui_text_width(cap, -1, NULL), ww = ui_tui_text_width(word, -1, NULL);
        if (x + cw + 1 + ww > b->w - 1)
            break;
        ui_tui_cells_put(b, x, y, cw, UI_TUI_ST_KEY, cap);
        ui_tui_cells_put(b, x + cw + 1, y, ww, UI_TUI_ST_NORMAL, word);
        x += cw + 1 + ww + 2;
    }
}

/* ---- the question card -------------------------------------------------------------- */

static void question(struct ui_tui_cells *b, const struct ui_lesson_frame *f)
{
    enum ui_tui_lang lang = f->o->lang;
    const struct ui_lesson_scene *sc = &f->l->scenes[f->scene];
    header(b, f);
    int x = 2, w = b->w - 4, y = 2;
    y += put_wrapped(b, x, y, w, 2, UI_TUI_ST_TITLE, ui_lesson_text_in(&sc->title, lang)) + 1;
    ui_tui_cells_put(b, x, y++, w, UI_TUI_ST_DIM, ui_lesson_word(UI_LESSON_W_QUESTION, lang));
    y += put_wrapped(b, x, y, w, b->h - y - 4, UI_TUI_ST_BOLD,
                     ui_lesson_text_in(&sc->question, lang)) +
         1;
    char line[512];
    const char *title = lang == UI_TUI_ZH && sc->cfg.title_zh ? sc->cfg.title_zh
                        : sc->cfg.title                      ? sc->cfg.title
                                                             : sc->cfg.name;
    snprintf(line, sizeof line, "%s%s%s", ui_lesson_word(UI_LESSON_W_SCENARIO, lang),
             lang == UI_TUI_ZH ? "：" : ": ", title);
    if (y < b->h - 2)
        ui_tui_cells_put(b, x, y, w, UI_TUI_ST_DIM, line);
    static const struct foot_item items[] = {{"→/space", UI_LESSON_W_START, NULL},
                                             {"←", UI_LESSON_W_BACK, NULL},
                                             {"q", UI_LESSON_W_QUIT, NULL}};
    footer(b, f, items, 3);
}

/* ---- the closing card --------------------------------------------------------------- */

static bool big_fig(enum ui_lesson_fig g)
{
    return g == UI_LESSON_FIG_LATENCY_P50 || g == UI_LESSON_FIG_LATENCY_P99 ||
           g == UI_LESSON_FIG_BACKLOG_MAX;
}

/* The number part of a value ("40 085" of "40 085 (20.0 s)", "667" of "667 ms") and
 * the unit that follows it (" ms"), for block digits. */
static void split_number(const char *v, char *num, size_t nn, char *unit, size_t un)
{
    size_t i = 0;
    while (v[i] && (strchr("0123456789.", v[i]) || (v[i] == ' ' && strchr("0123456789", v[i + 1]))))
        i++;
    snprintf(num, nn, "%.*s", (int)i, v);
    const char *rest = v + i;
    if (strchr(rest, '('))
        rest = "";
    snprintf(unit, un, "%s", rest);
}

/* --big: the card's latency and backlog figures in block digits, side by side, from
 * row y; returns the rows used (0 when they do not fit). */
static int big_strip(struct ui_tui_cells *b, const struct ui_lesson_frame *f,
                     const struct ord_summary *sums, int y, int max_rows)
{
    const struct ui_lesson_scene *sc = &f->l->scenes[f->scene];
    const struct ord_result *r = f->s->res;
    bool utf8 = f->o->mode == UI_TUI_BRAILLE;
    if (max_rows < UI_LESSON_BIG_H + 2)
        return 0;
    int x = 2;
    for (int k = 0; k < sc->ncard; k++) {
        if (!big_fig(sc->card[k]))
            continue;
        for (int i = 0; i < r->nvariants; i++) {
            char val[64], num[64], unit[64], label[96];
            ui_lesson_card_value(sc->card[k], &sums[i], f->o->lang, val, sizeof val);
            split_number(val, num, sizeof num, unit, sizeof unit);
            int nw = num[0] ? ui_lesson_big_text(NULL, 0, 0, UI_TUI_ST_BOLD, utf8, num) : -1;
            if (nw < 0)
                continue;
            int uw = ui_tui_text_width(unit, -1, NULL);
            snprintf(label, sizeof label, "%s %s", ui_tui_variant_label(&r->v[i], f->o->lang),
                     ui_lesson_figs[sc->card[k]].label[f->o->lang]);
            int lw = ui_tui_text_width(label, -1, NULL);
            int bw = (nw + uw > lw ? nw + uw : lw) + 4;
            if (x + bw > b->w - 1)
                return UI_LESSON_BIG_H + 2;
            enum ui_tui_style st = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN).style;
            ui_tui_cells_put(b, x, y, lw, UI_TUI_ST_DIM, label);
            ui_lesson_big_text(b, x, y + 1, st, utf8, num);
            ui_tui_cells_put(b, x + nw + 1, y + UI_LESSON_BIG_H, uw, UI_TUI_ST_BOLD, unit);
            x += bw;
        }
    }
    return x > 2 ? UI_LESSON_BIG_H + 2 : 0;
}

static void card(struct ui_tui_cells *b, const struct ui_lesson_frame *f)
{
    enum ui_tui_lang lang = f->o->lang;
    const struct ui_lesson_scene *sc = &f->l->scenes[f->scene];
    const struct ord_result *r = f->s->res;
    header(b, f);
    int x = 2, w = b->w - 4, y = 2;
    y += put_wrapped(b, x, y, w, 2, UI_TUI_ST_TITLE, ui_lesson_text_in(&sc->title, lang)) + 1;
    ui_tui_cells_put(b, x, y++, w, UI_TUI_ST_DIM, ui_lesson_word(UI_LESSON_W_KEY_NUMBERS, lang));
    struct ord_summary sums[ORD_MAX_VARIANTS];
    for (int i = 0; i < r->nvariants; i++)
        ord_summarize(&r->v[i], r->cfg, &sums[i]);
    int label_w = 0, col_w = 18;
    for (int k = 0; k < sc->ncard; k++) {
        int lw = ui_tui_text_width(ui_lesson_figs[sc->card[k]].label[lang], -1, NULL);
        label_w = lw > label_w ? lw : label_w;
    }
    label_w += 2;
    int n = r->nvariants;
    while (n > 1 && x + label_w + n * col_w > b->w - 1)
        n--;
    for (int i = 0; i < n; i++) {
        const char *name = ui_tui_variant_label(&r->v[i], lang);
        int nw = ui_tui_text_width(name, -1, NULL);
        enum ui_tui_style st = ui_tui_variant_pen(r->v[i].kind, UI_TUI_PEN_MAIN).style;
        ui_tui_cells_put(b, x + label_w + (i + 1) * col_w - nw, y, nw, st, name);
    }
    y++;
    for (int k = 0; k < sc->ncard && y < b->h - 3; k++, y++) {
        ui_tui_cells_put(b, x, y, label_w, UI_TUI_ST_NORMAL,
                         ui_lesson_figs[sc->card[k]].label[lang]);
        for (int i = 0; i < n; i++) {
            char val[64];
            ui_lesson_card_value(sc->card[k], &sums[i], lang, val, sizeof val);
            int vw = ui_tui_text_width(val, col_w - 1, NULL);
            ui_tui_cells_put(b, x + label_w + (i + 1) * col_w - vw, y, vw, UI_TUI_ST_BOLD, val);
        }
    }
    if (f->s->ncmds > 0 && y < b->h - 3)
        ui_tui_cells_put(b, x, y++, w, UI_TUI_ST_WARN, ui_lesson_word(UI_LESSON_W_LIVE_CMDS, lang));
    y++;
    if (f->big)
        y += big_strip(b, f, sums, y, b->h - 8 - y);
    if (y < b->h - 2) {
        ui_tui_cells_put(b, x, y++, w, UI_TUI_ST_DIM,
                         ui_lesson_word(UI_LESSON_W_WHAT_HAPPENED, lang));
        put_wrapped(b, x, y, w, b->h - 1 - y, UI_TUI_ST_NORMAL,
                    ui_lesson_text_in(&sc->reveal, lang));
    }
    bool last = f->scene + 1 >= f->l->nscenes;
    struct foot_item items[] = {{"→", last ? UI_LESSON_W_FINISH : UI_LESSON_W_NEXT_SCENE, NULL},
                                {"←", UI_LESSON_W_THE_RUN, NULL},
                                {"r", UI_LESSON_W_REPLAY, NULL},
                                {"q", UI_LESSON_W_QUIT, NULL}};
    footer(b, f, items, 4);
}

static void the_end(struct ui_tui_cells *b, const struct ui_lesson_frame *f)
{
    enum ui_tui_lang lang = f->o->lang;
    header(b, f);
    int y = 2;
    ui_tui_cells_put(b, 2, y, b->w - 4, UI_TUI_ST_TITLE, ui_lesson_word(UI_LESSON_W_END, lang));
    y += 2;
    for (size_t i = 0; i < f->l->nscenes && y < b->h - 2; i++, y++)
        ui_tui_cells_put(b, 4, y, b->w - 6, UI_TUI_ST_NORMAL,
                         ui_lesson_text_in(&f->l->scenes[i].title, lang));
    static const struct foot_item items[] = {{"←", UI_LESSON_W_BACK, NULL},
                                             {"q", UI_LESSON_W_QUIT, NULL}};
    footer(b, f, items, 2);
}

static bool area_blank(const struct ui_tui_cells *b, int x, int y, int w, int h)
{
    for (int yy = y; yy < y + h; yy++)
        for (int xx = x; xx < x + w; xx++)
            if (xx < 0 || yy < 0 || xx >= b->w || yy >= b->h || !ui_tui_cells_blank(b, xx, yy))
                return false;
    return true;
}

/* --big during the run: the MQ backlog and each wiring's user latency (last second) in
 * block digits, in the longest run of blank rows beside the charts (under or inside the
 * side panel), where the terminal is large enough to have one; nothing is drawn over
 * anything. */
struct big_item {
    char num[48], unit[16], label[96];
    enum ui_tui_style st;
};

static int big_items(const struct ui_lesson_frame *f, struct big_item *it, int max)
{
    const struct ord_result *r = f->s->res;
    int n = 0;
    for (int k = 0; k < r->nvariants && n < max; k++) {
        const struct sim_series *ser = &r->v[k].series;
        size_t closed = sim_series_closed(ser);
        if (r->v[k].kind == ORD_VARIANT_SYNC || closed == 0)
            continue;
        ui_fmt_count(it[n].num, sizeof it[n].num, sim_series_get(ser, closed - 1, ORD_COL_BACKLOG));
        it[n].unit[0] = '\0';
        snprintf(it[n].label, sizeof it[n].label, "%s",
                 ui_tui_word(UI_TUI_W_BACKLOG_SHORT, f->o->lang));
        it[n++].st = UI_TUI_ST_BOLD;
        break;
    }
    for (int k = 0; k < r->nvariants && n < max; k++) {
        const struct sim_series *ser = &r->v[k].series;
        size_t closed = sim_series_closed(ser);
        if (closed == 0)
            continue;
        struct sim_hist_summary lat = sim_series_hist(ser, closed - 1, ORD_H_LATENCY);
        if (lat.count == 0)
            continue;
        char val[48];
        ui_fmt_duration(val, sizeof val, lat.p50);
        char *sp = strchr(val, ' ');
        if (!sp)
            continue;
        snprintf(it[n].unit, sizeof it[n].unit, "%s", sp + 1);
        *sp = '\0';
        snprintf(it[n].num, sizeof it[n].num, "%s", val);
        snprintf(it[n].label, sizeof it[n].label, "%s %s",
                 ui_tui_variant_label(&r->v[k], f->o->lang),
                 ui_lesson_figs[UI_LESSON_FIG_LATENCY_P50].label[f->o->lang]);
        it[n++].st = ui_tui_variant_pen(r->v[k].kind, UI_TUI_PEN_MAIN).style;
    }
    return n;
}

static void big_live(struct ui_tui_cells *b, const struct ui_lesson_frame *f)
{
    bool utf8 = f->o->mode == UI_TUI_BRAILLE;
    struct ui_tui_layout L;
    ui_tui_layout(b->w, b->h, &L);
    int x = L.panel_x, w = L.panel_w;
    /* The longest run of blank rows in the panel's columns. */
    int best_y = 0, best_n = 0, run_y = 0, run_n = 0;
    for (int y = L.panel_y; y < L.panel_y + L.panel_h; y++) {
        if (area_blank(b, x, y, w, 1)) {
            if (run_n++ == 0)
                run_y = y;
            if (run_n > best_n) {
                best_n = run_n;
                best_y = run_y;
            }
        } else {
            run_n = 0;
        }
    }
    struct big_item it[ORD_MAX_VARIANTS + 1];
    int n = big_items(f, it, ORD_MAX_VARIANTS + 1);
    int y = best_y + 1, end = best_y + best_n - 1; /* a blank row kept above and below */
    for (int i = 0; i < n && y + UI_LESSON_BIG_H + 1 <= end; i++) {
        int nw = ui_lesson_big_text(NULL, 0, 0, it[i].st, utf8, it[i].num);
        int uw = ui_tui_text_width(it[i].unit, -1, NULL);
        if (nw < 0 || nw + 1 + uw > w - 1)
            continue;
        ui_tui_cells_put(b, x, y, w, UI_TUI_ST_DIM, it[i].label);
        ui_lesson_big_text(b, x, y + 1, it[i].st, utf8, it[i].num);
        ui_tui_cells_put(b, x + nw + 1, y + UI_LESSON_BIG_H, uw, UI_TUI_ST_BOLD, it[i].unit);
        y += UI_LESSON_BIG_H + 2;
    }
}

int ui_lesson_screen_render(struct ui_tui_cells *b, struct ui_tui_view *v,
                            const struct ui_lesson_frame *f, int64_t wall_ns)
{
    if (f->step == UI_LESSON_RUN || b->w < UI_TUI_MIN_W || b->h < UI_TUI_MIN_H) {
        /* The live view (or its "enlarge the terminal"), with the lesson's keys. */
        int rc = ui_tui_screen_render(b, v, f->s, f->o, wall_ns);
        if (rc || b->w < UI_TUI_MIN_W || b->h < UI_TUI_MIN_H)
            return rc;
        if (v->help || v->notes)
            return 0;
        if (f->big && !v->flow)
            big_live(b, f);
        /* The lesson's own keys, then the live view's keys from its table (by rank;
         * space, r and q mean next, replay and quit here), q always last. */
        static const struct foot_item own[] = {{"→", UI_LESSON_W_CARD, NULL},
                                               {"p", UI_LESSON_W_PAUSE, NULL},
                                               {"r", UI_LESSON_W_REPLAY, NULL}};
        static const struct foot_item quit = {"q", UI_LESSON_W_QUIT, NULL};
        struct foot_item shown[48];
        int n = 0;
        int width = 1 + 2 + ui_tui_text_width(ui_lesson_word(UI_LESSON_W_QUIT, f->o->lang), -1,
                                               NULL) + 2;
        for (int i = 0; i < 3; i++) {
            width += ui_tui_text_width(own[i].cap, -1, NULL) + 1 +
                     ui_tui_text_width(ui_lesson_word(own[i].word, f->o->lang), -1, NULL) + 2;
            shown[n++] = own[i];
        }
        static char caps[48][2];
        bool taken[64] = {false};
        /* first the help and the flow diagram (a lesson's picture), then by rank */
        for (int pass = 0; pass < 2; pass++)
        for (int rank = 0; rank <= ui_tui_nkeys + 16 && n < 46; rank++)
            for (int i = 0; i < ui_tui_nkeys && i < 64 && n < 46; i++) {
                const struct ui_tui_key *k = &ui_tui_keys[i];
                bool first = k->pinned || k->action == UI_TUI_ACT_FLOW;
                if (taken[i] || (pass == 0 ? !first || rank > 0 : k->rank != rank))
                    continue;
                if (!k->footer[0] || k->action == UI_TUI_ACT_PAUSE ||
                    k->action == UI_TUI_ACT_RESTART || k->action == UI_TUI_ACT_QUIT ||
                    k->action == UI_TUI_ACT_FASTER || k->action == UI_TUI_ACT_SLOWER)
                    continue;
                const char *word = k->footer[f->o->lang == UI_TUI_ZH];
                int iw = 1 + 1 + ui_tui_text_width(word, -1, NULL) + 2;
                if (width + iw > b->w - 1)
                    continue;
                width += iw;
                taken[i] = true;
                caps[n][0] = k->keys[0];
                caps[n][1] = '\0';
                shown[n] = (struct foot_item){caps[n], 0, caps[n]};
                n++;
            }
        shown[n++] = quit;
        footer(b, f, shown, n);
        return 0;
    }
    b->ascii = f->o->mode == UI_TUI_ASCII;
    ui_tui_cells_clear(b);
    if (f->step == UI_LESSON_QUESTION)
        question(b, f);
    else if (f->step == UI_LESSON_CARD)
        card(b, f);
    else
        the_end(b, f);
    return 0;
}
