/* Saving a chart: the output format by file extension, written atomically. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/error.h"
#include "ui/chart/chart_internal.h"
#include "ui/base/file.h"

enum chart_format { FMT_PNG, FMT_SVG, FMT_PDF };

static const struct {
    const char *ext;
    enum chart_format fmt;
} formats[] = {{".png", FMT_PNG}, {".svg", FMT_SVG}, {".pdf", FMT_PDF}};

const char ui_chart_formats[] = ".png, .svg, .pdf";

static int find_format(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return -1;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcasecmp(dot, formats[i].ext) == 0)
            return (int)formats[i].fmt;
    return -1;
}

bool ui_chart_format_ok(const char *path)
{
    return find_format(path) >= 0;
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draw onto a w x h surface of fmt writing to f. Returns 0, the drawing's error, or
 * SIM_EIO when cairo reports a failure (message in err). */
static int render_to(FILE *f, enum chart_format fmt, int w, int h, ui_draw_fn draw, void *ctx,
                     char *err, size_t errlen)
{
    cairo_surface_t *s;
    if (fmt == FMT_PNG)
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    else if (fmt == FMT_SVG)
        s = cairo_svg_surface_create_for_stream(write_cb, f, w, h);
    else
        s = cairo_pdf_surface_create_for_stream(write_cb, f, w, h);
    if (fmt == FMT_PDF) {
        /* A fixed date keeps the same run's chart byte-identical (same scenario and seed, same bytes). */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ordersim");
    }
    cairo_t *cr = cairo_create(s);
    int rc = draw(cr, ctx);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (!rc && st == CAIRO_STATUS_SUCCESS) {
        if (fmt == FMT_PNG)
            st = cairo_surface_write_to_png_stream(s, write_cb, f);
        cairo_surface_finish(s);
        if (st == CAIRO_STATUS_SUCCESS)
            st = cairo_surface_status(s);
    }
    cairo_surface_destroy(s);
    if (rc)
        return rc;
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "%s", cairo_status_to_string(st));
        return st == CAIRO_STATUS_NO_MEMORY ? SIM_ENOMEM : SIM_EIO;
    }
    return 0;
}

struct drawing_ctx {
    enum chart_format fmt;
    int w, h;
    ui_draw_fn draw;
    void *ctx;
};

static int drawing_fn(FILE *f, void *ctx, char *why, size_t n)
{
    struct drawing_ctx *d = ctx;
    return render_to(f, d->fmt, d->w, d->h, d->draw, d->ctx, why, n);
}

int ui_chart_save_drawing(const char *path, int w, int h, ui_draw_fn draw, void *ctx, char *err,
                          size_t errlen)
{
    int fmt = find_format(path);
    if (fmt < 0) {
        snprintf(err, errlen, "%s: unsupported output format (use %s)", path, ui_chart_formats);
        return SIM_EINVAL;
    }
    struct drawing_ctx d = {(enum chart_format)fmt, w, h, draw, ctx};
    return ui_write_atomic(path, drawing_fn, &d, err, errlen);
}

struct chart_ctx {
    const struct ui_run_data *runs;
    int nruns;
    const struct ui_chart_opts *o;
};

static int draw_chart(cairo_t *cr, void *ctx)
{
    struct chart_ctx *c = ctx;
    return ui_chart_render(cr, c->runs, c->nruns, c->o, NULL);
}

int ui_chart_save(const struct ui_run_data *runs, int nruns, const struct ui_chart_opts *o,
                  const char *path, char *err, size_t errlen)
{
    struct chart_ctx c = {runs, nruns, o};
    char why[512] = "";
    /* Refused paths first, so that SIM_EINVAL below means the drawing's own. */
    int rc = ui_file_check_output(path, err, errlen);
    if (rc)
        return rc;
    rc = ui_chart_save_drawing(path, o->width, o->height, draw_chart, &c, why, sizeof why);
    if (rc == SIM_EINVAL && ui_chart_format_ok(path))
        snprintf(err, errlen, "%s: nothing to chart (a run without variants or rows)", path);
    else if (rc == SIM_ERANGE)
        snprintf(err, errlen, "%s: too many series for one panel (use fewer runs or variants)",
                 path);
    else if (rc)
        snprintf(err, errlen, "%s", why);
    return rc;
}

void ui_chart_release(void)
{
    static bool released;
    if (released)
        return;
    released = true;
    /* In this order: Pango's fonts hold cairo's, cairo's hold fontconfig's. */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
}

void ui_chart_release_at_exit(void)
{
    static bool registered;
    if (!registered)
        registered = atexit(ui_chart_release) == 0;
}
