#include "ui/lesson/handout.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sim/error.h"
#include "ui/chart/chart.h"
#include "ui/cli/cli.h"
#include "ui/lesson/lesson_screen.h"
#include "ui/live/tui_plot.h"

#define MARGIN 42.0
/* Text stays text in the PDF (selectable, searchable), in both languages: English in
 * DejaVu Sans, Chinese in Noto Sans CJK, which cairo embeds as a subset of the font
 * (under ASan its subsetter's leak is suppressed for the test: tests/lsan.supp). */
#define FONTS_EN "DejaVu Sans, sans"
#define FONTS_ZH "Noto Sans CJK SC, DejaVu Sans, sans"
#define FONTS (h->lang == UI_TUI_ZH ? FONTS_ZH : FONTS_EN)
#define BOLD(fonts) (h->lang == UI_TUI_ZH ? FONTS_ZH " Bold" : FONTS_EN " Bold")
#define CHART_H 290.0

/* Every scene's finished run, made once for all pages. */
struct handout {
    const struct ui_lesson *l;
    enum ui_tui_lang lang;
    struct ord_run *runs;
    size_t page; /* PNG: the one page to draw; PDF: all */
    double scale;
    int error;
};

/* Is code point c one of the scripts written without spaces (CJK ideographs, kana,
 * hangul, their punctuation and full-width forms)? A line may break beside one. */
static bool cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* No line break inside s[from, to). */
static void keep_together(PangoAttrList *attrs, const char *s, const char *from, const char *to)
{
    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
    a->start_index = (guint)(from - s);
    a->end_index = (guint)(to - s);
    pango_attr_list_insert(attrs, a);
}

/* Lines break at spaces and beside CJK characters only: Pango's own rules would also
 * break after a slash ("queries/ s"), a hyphen or inside "6 000". Each stretch of other
 * characters (a space between two digits belongs to it) is kept together. */
static PangoAttrList *no_breaks_inside_words(const char *s)
{
    PangoAttrList *attrs = pango_attr_list_new();
    const char *p = s, *word = NULL;
    gunichar prev = 0;
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        bool digit_space = c == ' ' && g_unichar_isdigit(prev) &&
                           g_unichar_isdigit(g_utf8_get_char(g_utf8_next_char(p)));
        bool inside = (!g_unichar_isspace(c) && !cjk(c)) || (word && digit_space);
        if (inside && !word)
            word = p;
        else if (!inside && word) {
            keep_together(attrs, s, word, p);
            word = NULL;
        }
        prev = c;
    }
    if (word)
        keep_together(attrs, s, word, p);
    return attrs;
}

/* A layout of s in font at size, wrapped to width w (points). */
static PangoLayout *layout_new(cairo_t *cr, const char *font, double size, double w, const char *s)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(lay, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
    pango_layout_set_text(lay, s, -1);
    PangoAttrList *attrs = no_breaks_inside_words(s);
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    return lay;
}

/* Text at (x, y) wrapped to width w; returns its height. */
static double text(cairo_t *cr, double x, double y, double w, const char *font, double size,
                   double grey, const char *s)
{
    PangoLayout *lay = layout_new(cr, font, size, w, s);
    cairo_set_source_rgb(cr, grey, grey, grey);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, lay);
    int pw, ph;
    pango_layout_get_pixel_size(lay, &pw, &ph);
    g_object_unref(lay);
    return ph;
}

size_t ui_lesson_handout_breaks(const char *s, enum ui_tui_lang lang, double size, double width,
                                size_t *at, size_t max)
{
    ui_chart_release_at_exit(); /* the font caches Pango fills, at exit */
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(surf);
    PangoLayout *lay = layout_new(cr, lang == UI_TUI_ZH ? FONTS_ZH : FONTS_EN, size, width, s);
    size_t n = 0;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    while (pango_layout_iter_next_line(it))
        if (n < max)
            at[n++] = (size_t)pango_layout_iter_get_index(it);
    pango_layout_iter_free(it);
    g_object_unref(lay);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    return n;
}

static double text_width(cairo_t *cr, const char *font, double size, const char *s)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_layout_set_text(lay, s, -1);
    int pw, ph;
    pango_layout_get_pixel_size(lay, &pw, &ph);
    pango_font_description_free(fd);
    g_object_unref(lay);
    return pw;
}

/* The scene's live commands as fault windows on the chart, like its scheduled faults:
 * a fault command from its time for its length, or until a clear of its target. */
static int command_windows(struct ui_run_data *d, const struct ord_config *c)
{
    for (size_t i = 0; i < c->ncommands; i++) {
        const struct ord_command *cmd = &c->commands[i];
        if (cmd->kind != ORD_CMD_FAULT)
            continue;
        const struct ord_fault *f = &cmd->fault;
        sim_time end = f->length == SIM_TIME_NEVER ? SIM_TIME_NEVER : cmd->at + f->length;
        for (size_t k = i + 1; k < c->ncommands; k++)
            if (c->commands[k].kind == ORD_CMD_CLEAR &&
                ord_clear_ends(c->commands[k].fault.target, c->commands[k].fault.unit, f) &&
                (end == SIM_TIME_NEVER || c->commands[k].at < end)) {
                end = c->commands[k].at;
                break;
            }
        struct ui_fault_meta fm = {
            .from_s = sim_time_to_s(cmd->at), .factor = NAN, .rate_per_s = NAN};
        snprintf(fm.target, sizeof fm.target, "%s", ord_target_name(f->target));
        snprintf(fm.kind, sizeof fm.kind, "%s", ord_fault_kind_name(f->kind));
        fm.to_s = end == SIM_TIME_NEVER ? INFINITY : sim_time_to_s(end);
        if (f->kind == ORD_FAULT_SLOW)
            fm.factor = f->factor;
        if (f->kind == ORD_FAULT_SPIKE)
            fm.rate_per_s = f->rate_per_s;
        if (ui_rundata_add_fault(d, &fm))
            return SIM_ENOMEM;
    }
    return 0;
}

static int chart(cairo_t *cr, const struct handout *h, size_t i, double x, double y, double w)
{
    const struct ord_result *r = ord_run_result(&h->runs[i]);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    o.width = (int)w;
    o.height = (int)CHART_H;
    o.lang = h->lang == UI_TUI_ZH ? UI_LANG_ZH : UI_LANG_EN;
    o.log_latency = true;
    o.npanels = 2;
    o.panels[0] = UI_PANEL_LATENCY;
    o.panels[1] = UI_PANEL_BACKLOG;
    o.title = ui_lesson_text_in(&h->l->scenes[i].title, h->lang);
    struct ui_run_data d;
    ui_rundata_init(&d, r->cfg->name);
    int rc = ui_rundata_from_result(&d, r);
    if (!rc)
        rc = command_windows(&d, r->cfg);
    if (!rc) {
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_rectangle(cr, 0, 0, w, CHART_H);
        cairo_clip(cr);
        rc = ui_chart_render(cr, &d, 1, &o, NULL);
        cairo_restore(cr);
    }
    ui_rundata_free(&d);
    return rc;
}

/* The key numbers: a row per figure, a column per wiring. Returns the height. */
static double numbers(cairo_t *cr, const struct handout *h, size_t i, double x, double y)
{
    const struct ui_lesson_scene *sc = &h->l->scenes[i];
    const struct ord_result *r = ord_run_result(&h->runs[i]);
    const double size = 10.5, row = 16, col = 130;
    double label_w = 0;
    for (int k = 0; k < sc->ncard; k++) {
        double lw = text_width(cr, FONTS, size, ui_lesson_figs[sc->card[k]].label[h->lang]);
        label_w = lw > label_w ? lw : label_w;
    }
    label_w += 16;
    for (int v = 0; v < r->nvariants; v++) {
        const char *name = ui_tui_variant_label(&r->v[v], h->lang);
        double nw = text_width(cr, BOLD(FONTS), size, name);
        text(cr, x + label_w + (v + 1) * col - nw, y, col, BOLD(FONTS), size, 0.1, name);
    }
    double yy = y + row + 2;
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, yy - 2);
    cairo_line_to(cr, x + label_w + r->nvariants * col, yy - 2);
    cairo_stroke(cr);
    for (int k = 0; k < sc->ncard; k++, yy += row) {
        text(cr, x, yy, label_w, FONTS, size, 0.25, ui_lesson_figs[sc->card[k]].label[h->lang]);
        for (int v = 0; v < r->nvariants; v++) {
            struct ord_summary s;
            char val[64];
            ord_summarize(&r->v[v], r->cfg, &s);
            ui_lesson_card_value(sc->card[k], &s, h->lang, val, sizeof val);
            double vw = text_width(cr, FONTS, size, val);
            text(cr, x + label_w + (v + 1) * col - vw, yy, col, FONTS, size, 0.0, val);
        }
    }
    return yy - y;
}

static int page(cairo_t *cr, const struct handout *h, size_t i)
{
    const struct ui_lesson *l = h->l;
    const struct ui_lesson_scene *sc = &l->scenes[i];
    enum ui_tui_lang lang = h->lang;
    double w = UI_HANDOUT_W - 2 * MARGIN, y = MARGIN;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char line[512];
    snprintf(line, sizeof line, "%s · %s %zu / %zu", ui_lesson_text_in(&l->title, lang),
             ui_lesson_word(UI_LESSON_W_SCENE, lang), i + 1, l->nscenes);
    y += text(cr, MARGIN, y, w, FONTS, 9, 0.45, line) + 6;
    y += text(cr, MARGIN, y, w, BOLD(FONTS), 18, 0.0, ui_lesson_text_in(&sc->title, lang)) + 12;
    y += text(cr, MARGIN, y, w, BOLD(FONTS), 11, 0.3, ui_lesson_word(UI_LESSON_W_QUESTION, lang)) +
         4;
    y += text(cr, MARGIN, y, w, FONTS, 11.5, 0.0, ui_lesson_text_in(&sc->question, lang)) + 12;
    int rc = chart(cr, h, i, MARGIN, y, w);
    if (rc)
        return rc;
    y += CHART_H + 12;
    y += text(cr, MARGIN, y, w, BOLD(FONTS), 11, 0.3,
              ui_lesson_word(UI_LESSON_W_KEY_NUMBERS, lang)) +
         4;
    y += numbers(cr, h, i, MARGIN, y) + 12;
    y += text(cr, MARGIN, y, w, BOLD(FONTS), 11, 0.3,
              ui_lesson_word(UI_LESSON_W_WHAT_HAPPENED, lang)) +
         4;
    text(cr, MARGIN, y, w, FONTS, 11, 0.0, ui_lesson_text_in(&sc->reveal, lang));
    char cmd[2048];
    ui_lesson_run_command(sc, cmd, sizeof cmd);
    text(cr, MARGIN, UI_HANDOUT_H - MARGIN - 12, w, "DejaVu Sans Mono, monospace", 7, 0.45, cmd);
    return 0;
}

static int draw_all(cairo_t *cr, void *ctx)
{
    const struct handout *h = ctx;
    for (size_t i = 0; i < h->l->nscenes; i++) {
        int rc = page(cr, h, i);
        if (rc)
            return rc;
        if (i + 1 < h->l->nscenes)
            cairo_show_page(cr);
    }
    return 0;
}

static int draw_one(cairo_t *cr, void *ctx)
{
    const struct handout *h = ctx;
    cairo_scale(cr, h->scale, h->scale);
    return page(cr, h, h->page);
}

static void close_runs(struct handout *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ord_run_close(&h->runs[i]);
    free(h->runs);
    h->runs = NULL;
}

static int run_all(struct handout *h, char *err, size_t errlen)
{
    h->runs = calloc(h->l->nscenes, sizeof *h->runs);
    if (!h->runs) {
        snprintf(err, errlen, "out of memory");
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < h->l->nscenes; i++) {
        int rc = ord_run_init(&h->runs[i], &h->l->scenes[i].cfg);
        if (!rc) {
            rc = ord_run_finish(&h->runs[i]);
            if (rc)
                ord_run_close(&h->runs[i]);
        }
        if (rc) {
            snprintf(err, errlen, "scene %zu (%s): the model stopped: %s", i + 1,
                     h->l->scenes[i].name, sim_strerror(rc));
            close_runs(h, i);
            return rc;
        }
    }
    return 0;
}

int ui_lesson_handout_pdf(const struct ui_lesson *l, enum ui_tui_lang lang, const char *path,
                          char *err, size_t errlen)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".pdf") != 0) {
        snprintf(err, errlen, "%s: the handout is a PDF (FILE.pdf; --handout-dir for PNGs)", path);
        return SIM_EINVAL;
    }
    struct handout h = {l, lang, NULL, 0, 1, 0};
    int rc = run_all(&h, err, errlen);
    if (rc)
        return rc;
    ui_chart_release_at_exit();
    rc = ui_chart_save_drawing(path, UI_HANDOUT_W, UI_HANDOUT_H, draw_all, &h, err, errlen);
    close_runs(&h, l->nscenes);
    return rc;
}

int ui_lesson_handout_pngs(const struct ui_lesson *l, enum ui_tui_lang lang, const char *dir,
                           char *err, size_t errlen)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return SIM_EIO;
    }
    struct handout h = {l, lang, NULL, 0, UI_HANDOUT_PNG_SCALE, 0};
    int rc = run_all(&h, err, errlen);
    if (rc)
        return rc;
    ui_chart_release_at_exit();
    for (size_t i = 0; i < l->nscenes && !rc; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%02zu-%s.png", dir, i + 1, l->scenes[i].name);
        h.page = i;
        rc = ui_chart_save_drawing(path, UI_HANDOUT_W * UI_HANDOUT_PNG_SCALE,
                                   UI_HANDOUT_H * UI_HANDOUT_PNG_SCALE, draw_one, &h, err, errlen);
    }
    close_runs(&h, l->nscenes);
    return rc;
}
