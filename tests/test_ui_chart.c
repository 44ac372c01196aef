/* The chart: files of each format, what is drawn where, ticks, and the C API. */
#include <dirent.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/error.h"
#include "ui/base/cmd.h"
#include "ui/chart/chart.h"
#include "ui/chart/csv.h"

#define RUNS ORD_SOURCE_DIR "/tests/fixtures/runs/"
#define OUT ORD_BINARY_DIR "/test_ui_chart.out/"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int run_chart(const char *in, const char *out, const char *extra1, const char *extra2)
{
    char *argv[8] = {"chart", (char *)in, "-o", (char *)out};
    int argc = 4;
    if (extra1)
        argv[argc++] = (char *)extra1;
    if (extra2)
        argv[argc++] = (char *)extra2;
    argv[argc] = NULL;
    return ui_cmd_exec(&ui_cmd_chart_entry, argc, argv);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Open a PNG the chart wrote, as a reader would: its size, and how many pixels have
 * exactly the colour rgb (0xRRGGBB, opaque), and how many differ from the first one. */
struct png_look {
    int width, height;
    long with_rgb, not_background;
};

static struct png_look look_at_png(const char *path, uint32_t rgb)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        fail_msg("%s does not open as a PNG: %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
    struct png_look l = {cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), 0, 0};
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t background = *(const uint32_t *)(const void *)data;
    for (int y = 0; y < l.height; y++)
        for (int x = 0; x < l.width; x++) {
            uint32_t px = *(const uint32_t *)(const void *)(data + y * stride + x * 4);
            l.with_rgb += px == (0xFF000000u | rgb);
            l.not_background += px != background;
        }
    cairo_surface_destroy(s);
    return l;
}

/* needle somewhere in the n bytes at hay (a PDF holds NUL bytes: no strstr) */
static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

static void test_png_size(void **state)
{
    (void)state;
    unlink(OUT "spike.png");
    assert_int_equal(run_chart(RUNS "spike.csv", OUT "spike.png", "--size", "1200x700"), 0);
    size_t n;
    unsigned char *b = (unsigned char *)slurp(OUT "spike.png", &n);
    assert_true(n > 33);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b + 12, "IHDR", 4); /* the first chunk */
    assert_int_equal(be32(b + 16), 1200);
    assert_int_equal(be32(b + 20), 700);
    free(b);
    /* and it opens: every chunk is whole, the picture is drawn (sync vermillion) */
    struct png_look l = look_at_png(OUT "spike.png", 0xD55E00);
    assert_int_equal(l.width, 1200);
    assert_int_equal(l.height, 700);
    assert_true(l.with_rgb > 1200);
    assert_true(l.not_background > 1200 * 700 / 50);
}

static void test_pdf(void **state)
{
    (void)state;
    assert_int_equal(run_chart(RUNS "spike.csv", OUT "spike.pdf", "--lang", "zh"), 0);
    size_t n;
    char *b = slurp(OUT "spike.pdf", &n);
    assert_true(n > 1000);
    assert_memory_equal(b, "%PDF-1.", 7);
    assert_non_null(strstr(b + n - 32, "%%EOF"));
    /* one page, in a page tree a reader can find (cairo writes these uncompressed) */
    assert_true(contains(b, n, "/Type /Catalog"));
    assert_true(contains(b, n, "/Type /Pages"));
    assert_true(contains(b, n, "/Count 1\n"));
    assert_true(contains(b, n, "/Type /Page "));
    assert_true(contains(b, n, "/MediaBox [ 0 0 1600 900 ]"));
    free(b);
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        k++;
    return k;
}

/* cairo writes each stroke as one <path style="...stroke-width:W;...stroke:rgb(...)">.
 * In the latency panel alone, the sync colour at full line width and opacity is
 * stroked exactly by the p50 and p99 series and their two legend samples (markers
 * are fills; the 220 ms reference line is thinner and translucent). */
static void test_svg_paths(void **state)
{
    (void)state;
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a.svg", "--panels", "latency"), 0);
    size_t n;
    char *svg = slurp(OUT "a.svg", &n);
    assert_non_null(strstr(svg, "<svg"));
    const char *sync = "stroke-width:3.5;stroke-linecap:round;stroke-linejoin:round;"
                       "stroke:rgb(83.529412%,36.862745%,0%);stroke-opacity:1;";
    const char *async = "stroke-width:3.5;stroke-linecap:round;stroke-linejoin:round;"
                        "stroke:rgb(0%,44.705882%,69.803922%);stroke-opacity:1;";
    assert_int_equal(count(svg, sync), 4);
    assert_int_equal(count(svg, async), 4);
    free(svg);
    /* adding the throughput panel adds sync completed, rejected and failed (a.csv has
     * all three) with their legend samples; async has completed only */
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a2.svg", "--panels", "latency,throughput"), 0);
    svg = slurp(OUT "a2.svg", &n);
    assert_int_equal(count(svg, sync), 4 + 6);
    assert_int_equal(count(svg, async), 4 + 2);
    free(svg);
}

/* A fan-out run's CSV (per-service columns): the backlog panel strokes a thinner line
 * in the variant's colour for each service whose own backlog is not zero (its legend
 * entry is a grey key per service); services that never back up, and a one-service
 * CSV, add none. */
static void write_services_csv(const char *path, int y_backlog, bool services)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_not_equal(ui_csv_header_write_services(f, (const char *const[]){"x", "y"},
                                                      services ? 2 : 0),
                         EOF);
    for (int t = 0; t < 6; t++) {
        fprintf(f, "%d,async,100,100,0,0,100,25,25,25,50,60,%d,10,100", t, t * 30);
        if (services)
            fprintf(f, ",100,60,%d,100,100,60,%d,100", t * 30, y_backlog * t);
        fputc('\n', f);
    }
    fclose(f);
}

static void test_service_backlog_lines(void **state)
{
    (void)state;
    const char *svc = "stroke-width:2.625;stroke-linecap:round;stroke-linejoin:round;"
                      "stroke:rgb(0%,44.705882%,69.803922%);";
    const char *total = "stroke-width:3.5;stroke-linecap:round;stroke-linejoin:round;"
                        "stroke:rgb(0%,44.705882%,69.803922%);";
    const char *key = "stroke-width:2.625;stroke-linecap:round;stroke-linejoin:round;"
                      "stroke:rgb(33.333333%,33.333333%,33.333333%);";
    struct {
        int y_backlog;
        bool services;
        int want;
    } cases[] = {{0, true, 1}, {5, true, 2}, {0, false, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_services_csv(OUT "svc.csv", cases[i].y_backlog, cases[i].services);
        assert_int_equal(run_chart(OUT "svc.csv", OUT "svc.svg", "--panels", "backlog"), 0);
        size_t n;
        char *svg = slurp(OUT "svc.svg", &n);
        assert_int_equal(count(svg, svc), cases[i].want);
        assert_int_equal(count(svg, key), cases[i].want); /* a legend key per service */
        assert_int_equal(count(svg, total), 2); /* the variant's own line stays */
        free(svg);
    }
}

static bool is_sync_pixel(const unsigned char *px)
{
    /* ARGB32 little-endian: B, G, R, A; opaque vermillion 0xD55E00 */
    return px[0] == 0x00 && px[1] == 0x5E && px[2] == 0xD5 && px[3] == 0xFF;
}

static bool inside(const struct ui_chart_rect *r, int x, int y)
{
    return x >= r->x - 1 && x <= r->x + r->w + 1 && y >= r->y - 1 && y <= r->y + r->h + 1;
}

static double to_px(const struct ui_chart_rect *r, const struct ui_axis *a, double v)
{
    return r->x + ui_axis_frac(a, v) * r->w;
}

static double to_py(const struct ui_chart_rect *r, const struct ui_axis *a, double v)
{
    return r->y + r->h - ui_axis_frac(a, v) * r->h;
}

/* Render a.csv and look at the pixels: the sync colour appears only inside plot
 * rectangles and legends, and the p50 line passes where its data says. */
static void test_pixels(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[256];
    assert_int_equal(ui_rundata_load(&d, RUNS "a.csv", NULL, err, sizeof err), 0);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, o.width, o.height);
    cairo_t *cr = cairo_create(s);
    struct ui_chart_geom g;
    assert_int_equal(ui_chart_render(cr, &d, 1, &o, &g), 0);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    /* Point 9 of the narration issue: the database's queries/s and its capacity have
     * their own panel, never the backlog's messages axis. */
    assert_int_equal(g.npanels, 4);
    assert_int_equal(g.panel[0], UI_PANEL_LATENCY);
    assert_int_equal(g.panel[1], UI_PANEL_BACKLOG);
    assert_int_equal(g.panel[2], UI_PANEL_DATABASE);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    long in_latency = 0, stray = 0;
    for (int y = 0; y < o.height; y++)
        for (int x = 0; x < o.width; x++) {
            if (!is_sync_pixel(data + y * stride + x * 4))
                continue;
            bool ok = false;
            for (int p = 0; p < g.npanels; p++)
                ok |= inside(&g.plot[p], x, y) || inside(&g.legend[p], x, y);
            stray += !ok;
            in_latency += inside(&g.plot[0], x, y);
        }
    assert_int_equal(stray, 0);
    /* two lines across 4/6 of the width at >= 2.5 px: well over one plot width */
    assert_true(in_latency > g.plot[0].w);
    /* At t = 3 s the sync p50 line runs from (2.5 s, 600 ms) to (3.5 s, 800 ms):
     * 700 ms. Its pixels are there, and none lie between it and p99 (950 ms). */
    int x = (int)lround(to_px(&g.plot[0], &g.x, 3.0));
    double y50 = to_py(&g.plot[0], &g.y[0], 700), y99 = to_py(&g.plot[0], &g.y[0], 950);
    int near = 0, between = 0;
    for (int y = (int)g.plot[0].y; y < g.plot[0].y + g.plot[0].h; y++) {
        bool hit = is_sync_pixel(data + y * stride + x * 4);
        near += hit && fabs(y - y50) <= 3;
        between += hit && y < y50 - 6 && y > y99 + 6;
    }
    assert_true(near >= 2); /* a 3.5 px line */
    assert_int_equal(between, 0);
    cairo_surface_destroy(s);
    ui_rundata_free(&d);
}

/* Issue 11, point 12: while B is down every offered order fails, so the sync failed
 * line lies on the offered line inside the fault's hatch. The errors are a filled
 * area in the wiring's colour, so halfway up to the offered rate (where no line is)
 * the panel is vermillion across the whole outage, and nowhere outside an error. */
static bool is_reddish(const unsigned char *px)
{
    return px[2] > px[0] + 50 && px[2] > px[1] + 20; /* B, G, R, A */
}

static void test_failed_area(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[256];
    assert_int_equal(ui_rundata_load(&d, RUNS "spike.csv", NULL, err, sizeof err), 0);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    assert_int_equal(ui_chart_parse_panels(&o, "throughput", err, sizeof err), 0);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, o.width, o.height);
    cairo_t *cr = cairo_create(s);
    struct ui_chart_geom g;
    assert_int_equal(ui_chart_render(cr, &d, 1, &o, &g), 0);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    /* spike.csv: B down for t in [40, 45), sync offered ~1000/s and all of it failed;
     * points sit at the middle of their interval (40.5 .. 44.5 s). */
    int y = (int)lround(to_py(&g.plot[0], &g.y[0], 500));
    int x0 = (int)lround(to_px(&g.plot[0], &g.x, 40.7)),
        x1 = (int)lround(to_px(&g.plot[0], &g.x, 44.3));
    int red = 0;
    for (int x = x0; x <= x1; x++)
        red += is_reddish(data + y * stride + x * 4);
    assert_true(x1 - x0 > 40);
    assert_true(red >= (x1 - x0 + 1) * 9 / 10);
    /* before the outage (25-35 s: no sync error) nothing red at that height */
    x0 = (int)lround(to_px(&g.plot[0], &g.x, 25));
    x1 = (int)lround(to_px(&g.plot[0], &g.x, 35));
    red = 0;
    for (int x = x0; x <= x1; x++)
        red += is_reddish(data + y * stride + x * 4);
    assert_int_equal(red, 0);
    cairo_surface_destroy(s);
    ui_rundata_free(&d);
}

static void test_log_axis(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, NULL);
    char err[256];
    assert_int_equal(ui_rundata_load(&d, RUNS "spike.csv", NULL, err, sizeof err), 0);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    o.log_latency = true;
    assert_int_equal(ui_chart_parse_panels(&o, "latency", err, sizeof err), 0);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 800, 450);
    cairo_t *cr = cairo_create(s);
    o.width = 800;
    o.height = 450;
    struct ui_chart_geom g;
    assert_int_equal(ui_chart_render(cr, &d, 1, &o, &g), 0);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    /* data 25 ms .. 1010 ms: 1-2-5 ends 20 and 2000 (1010 x 1.05 > 1000) */
    assert_int_equal(g.y[0].scale, UI_SCALE_LOG);
    assert_true(fabs(g.y[0].lo - 20) < 1e-9 && fabs(g.y[0].hi - 2000) < 1e-9);
    const double want[] = {20, 50, 100, 200, 500, 1000, 2000};
    assert_int_equal(g.y[0].nticks, 7);
    for (int i = 0; i < 7; i++)
        assert_true(fabs(g.y[0].ticks[i] - want[i]) < 1e-9);
    /* the time axis is shared: 0 .. end of the last interval (90 s) */
    assert_true(g.x.lo == 0 && g.x.hi == 90);
    ui_rundata_free(&d);
}

static void test_nice_ticks(void **state)
{
    (void)state;
    double t[UI_AXIS_MAX_TICKS], step;
    int n = ui_nice_ticks(0, 10400, 5, t, UI_AXIS_MAX_TICKS, &step);
    assert_true(step == 2000); /* 10400 / 5 = 2080 -> 2 x 10^3 */
    assert_int_equal(n, 6);
    assert_true(t[5] == 10000);
    n = ui_nice_ticks(0, 6, 10, t, UI_AXIS_MAX_TICKS, &step);
    assert_true(step == 0.5 && n == 13);
    struct ui_axis a;
    ui_axis_init(&a, UI_SCALE_LINEAR, "x");
    ui_axis_include(&a, 3);
    ui_axis_include(&a, 1010);
    ui_axis_include(&a, NAN);
    ui_axis_fit(&a);
    /* from 0 (include_zero), 4 % headroom: 1050.4 / 5 ticks -> step 200, top 1200 */
    assert_true(a.lo == 0 && a.hi == 1200 && a.step == 200);
    char buf[32];
    ui_format_number(40000, 10000, buf, sizeof buf);
    assert_string_equal(buf, "40\xE2\x80\xAF"
                             "000");
    ui_format_number(2.5, 0.5, buf, sizeof buf);
    assert_string_equal(buf, "2.5");
    ui_format_number(6000, 1000, buf, sizeof buf);
    assert_string_equal(buf, "6000");
}

/* The CJK labels need a font with the glyphs: fontconfig must find one for the
 * family list the chart uses (Noto Sans CJK, from scripts/deps). */
static void test_cjk_font(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create(s);
    struct ui_canvas cv;
    ui_canvas_init(&cv, cr, 1);
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(cv.fonts);
    pango_font_description_set_absolute_size(fd, 20 * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, "用户等待时间 消息队列积压 吞吐量", -1);
    assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
    pango_font_description_free(fd);
    g_object_unref(l);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static int leftovers(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int k = 0;
    for (struct dirent *e; (e = readdir(d));)
        k += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return k;
}

/* The C API `ordersim run --chart` uses, and the failures that must leave nothing. */
static void test_api_and_failures(void **state)
{
    (void)state;
    struct ui_run_data d;
    ui_rundata_init(&d, "mem");
    int vi = ui_rundata_variant(&d, "async");
    for (int i = 0; i < 30; i++) {
        double row[UI_NCOLS] = {0};
        row[UI_COL_TIME] = i;
        row[UI_COL_OFFERED] = row[UI_COL_COMPLETED] = row[UI_COL_DB_QPS] = 1000;
        row[UI_COL_LATENCY_P50] = 25;
        row[UI_COL_LATENCY_P99] = 28;
        row[UI_COL_BACKLOG] = i < 15 ? i * 100 : 0;
        assert_int_equal(ui_rundata_append(&d, vi, row), 0);
    }
    d.meta.present = true;
    d.meta.db_capacity_qps = 6000;
    snprintf(d.meta.title, sizeof d.meta.title, "in memory");
    struct ui_fault_meta f = {"database", "slow", 5, 8, 3, NAN, ""};
    assert_int_equal(ui_rundata_add_fault(&d, &f), 0);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    char err[512];
    unlink(OUT "mem.svg");
    assert_int_equal(ui_chart_save(&d, 1, &o, OUT "mem.svg", err, sizeof err), 0);
    size_t n;
    char *svg = slurp(OUT "mem.svg", &n);
    assert_true(n > 1000);
    assert_memory_equal(svg, "<?xml", 5);
    assert_non_null(strstr(svg, "<svg "));
    assert_non_null(strstr(svg + n - 16, "</svg>"));
    assert_true(count(svg, "stroke:rgb(0%,44.705882%,69.803922%)") > 0); /* async drawn */
    free(svg);
    /* unsupported format: EINVAL naming the formats, nothing written */
    assert_int_equal(ui_chart_save(&d, 1, &o, OUT "mem.jpg", err, sizeof err), SIM_EINVAL);
    assert_non_null(strstr(err, ".png, .svg, .pdf"));
    assert_int_not_equal(access(OUT "mem.jpg", F_OK), 0);
    /* a render failure after the temp file exists: nothing left behind */
    assert_int_equal(ui_chart_save(&d, 0, &o, OUT "none.png", err, sizeof err), SIM_EINVAL);
    assert_int_not_equal(access(OUT "none.png", F_OK), 0);
    assert_int_equal(leftovers(OUT, ".none.png."), 0);
    /* an unwritable place */
    assert_int_equal(ui_chart_save(&d, 1, &o, OUT "no/such/dir/x.png", err, sizeof err), SIM_EINVAL);
    ui_rundata_free(&d);
    /* the command: unknown extension and bad options exit 2 */
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a.gif", NULL, NULL), 2);
    assert_int_not_equal(access(OUT "a.gif", F_OK), 0);
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a.png", "--panels", "latency,nope"), 2);
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a.png", "--lang", "fr"), 2);
    assert_int_equal(run_chart(RUNS "a.csv", OUT "a.png", "--size", "12x9"), 2);
    char *argv[] = {"chart", "--help", NULL};
    assert_int_equal(ui_cmd_exec(&ui_cmd_chart_entry, 2, argv), 0);
}

static void test_all_panels_overlay(void **state)
{
    (void)state;
    /* every panel, log scale, Chinese, two runs overlaid */
    struct ui_run_data runs[2];
    char err[512];
    ui_rundata_init(&runs[0], NULL);
    ui_rundata_init(&runs[1], "again");
    assert_int_equal(ui_rundata_load(&runs[0], RUNS "spike.csv", NULL, err, sizeof err), 0);
    assert_int_equal(ui_rundata_load(&runs[1], RUNS "a.csv", NULL, err, sizeof err), 0);
    struct ui_chart_opts o;
    ui_chart_opts_init(&o);
    o.lang = UI_LANG_ZH;
    o.log_latency = true;
    assert_int_equal(ui_chart_parse_panels(&o, "lag,throughput,backlog,latency", err, sizeof err),
                     0);
    unlink(OUT "overlay.png");
    assert_int_equal(ui_chart_save(runs, 2, &o, OUT "overlay.png", err, sizeof err), 0);
    ui_rundata_free(&runs[0]);
    ui_rundata_free(&runs[1]);
    /* open what was written: the default size, four panels of both variants drawn */
    struct png_look sync = look_at_png(OUT "overlay.png", 0xD55E00);
    struct png_look async = look_at_png(OUT "overlay.png", 0x0072B2);
    assert_int_equal(sync.width, 1600);
    assert_int_equal(sync.height, 900);
    assert_true(sync.with_rgb > 4 * 1600 / 4);
    assert_true(async.with_rgb > 4 * 1600 / 4);
    assert_true(sync.not_background > 1600 * 900 / 50);
}

/* The generic layer as the sweep chart uses it: log x, log y, error bars. The bar
 * at x = 100 spans 20..80 ms: its colour is found at both ends and not beyond. */
static void test_plot_errorbars(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 800, 500);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    struct ui_canvas cv;
    ui_canvas_init(&cv, cr, 0.5);
    struct ui_plot p;
    ui_plot_init(&p, &cv);
    ui_axis_init(&p.xa, UI_SCALE_LOG, "rate (orders/s)");
    ui_axis_init(&p.ya, UI_SCALE_LOG, "latency (ms)");
    const double x[] = {10, 100, 1000}, y[] = {5, 40, 300}, lo[] = {4, 20, 250},
                 hi[] = {6, 80, 400};
    struct ui_plot_series ser = {.x = x, .y = y, .n = 3, .ylo = lo, .yhi = hi};
    ser.style = (struct ui_line_style){
        ui_rgb(ui_okabe_ito[UI_OI_GREEN]), 3, UI_DASH_SOLID, UI_MARKER_NONE, 0, 0, 0};
    ser.label = "p99 (95 % CI)";
    assert_int_equal(ui_plot_add_series(&p, &ser), 0);
    ui_plot_fit(&p);
    assert_true(p.xa.lo == 10 && p.xa.hi == 2000); /* 1-2-5 ends around 10..1050 */
    assert_true(p.ya.lo == 2 && p.ya.hi == 500);
    ui_plot_set_rect(&p, 100, 50, 600, 380);
    ui_plot_draw(&p);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    int bx = (int)lround(ui_plot_px(&p, 100));
    int ytop = (int)lround(ui_plot_py(&p, 0, 80)), ybot = (int)lround(ui_plot_py(&p, 0, 20));
    int first = -1, last = -1;
    for (int yy = (int)p.y; yy < p.y + p.h; yy++) {
        const unsigned char *px = d + yy * stride + bx * 4; /* B, G, R, A of 0x009E73 */
        if (px[0] == 0x73 && px[1] == 0x9E && px[2] == 0x00 && px[3] == 0xFF) {
            first = first < 0 ? yy : first;
            last = yy;
        }
    }
    assert_true(abs(first - ytop) <= 2);
    assert_true(abs(last - ybot) <= 2);
    cairo_surface_destroy(s);
}

/* Issue 11, point 12: on an axis reaching seconds the ideal-latency lines (220 ms and
 * 25 ms) lie a few pixels apart; their labels must not be written over each other, and
 * each stays above its own line, inside the plot (the second one moves left). */
static void test_reference_labels_apart(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1600, 300);
    cairo_t *cr = cairo_create(s);
    struct ui_canvas cv;
    ui_canvas_init(&cv, cr, 1);
    for (int tall = 0; tall <= 1; tall++) {
        struct ui_plot p;
        ui_plot_init(&p, &cv);
        ui_axis_init(&p.ya, UI_SCALE_LINEAR, "latency (ms)");
        ui_axis_fix(&p.xa, 0, 90);
        ui_axis_fix(&p.ya, 0, tall ? 300 : 2500);
        struct ui_line_style st = {ui_rgb(ui_okabe_ito[UI_OI_VERMILLION]), 2, UI_DASH_LONG,
                                   UI_MARKER_NONE, 0, 0, 0};
        assert_int_equal(ui_plot_add_hline(&p, 0, 220, &st, "sync: A + B = 220 ms"), 0);
        st.color = ui_rgb(ui_okabe_ito[UI_OI_BLUE]);
        assert_int_equal(ui_plot_add_hline(&p, 0, 25, &st, "async: A + MQ = 25 ms"), 0);
        ui_plot_set_rect(&p, 100, 20, 1200, tall ? 240 : 100);
        ui_plot_draw(&p);
        const struct ui_plot_item *a = &p.items[0], *b = &p.items[1];
        assert_true(a->label_h > 0 && b->label_h > 0);
        /* apart: the boxes do not meet */
        assert_true(a->label_y + a->label_h <= b->label_y || b->label_y + b->label_h <= a->label_y ||
                    a->label_x + a->label_w <= b->label_x || b->label_x + b->label_w <= a->label_x);
        for (int k = 0; k < 2; k++) {
            const struct ui_plot_item *it = &p.items[k];
            double y = ui_plot_py(&p, 0, it->value);
            /* inside the plot, right above its own line */
            assert_true(it->label_y >= p.y - 1 && it->label_x >= p.x);
            assert_true(it->label_y + it->label_h <= y && it->label_y + it->label_h >= y - 12);
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static int setup(void **state)
{
    (void)state;
    mkdir(OUT, 0777);
    return 0;
}

int main(void)
{
    ui_chart_release_at_exit(); /* tests draw through the C API too */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_size),           cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_svg_paths),
        cmocka_unit_test(test_service_backlog_lines),          cmocka_unit_test(test_pixels),
        cmocka_unit_test(test_log_axis),           cmocka_unit_test(test_failed_area),
        cmocka_unit_test(test_nice_ticks),
        cmocka_unit_test(test_cjk_font),           cmocka_unit_test(test_api_and_failures),
        cmocka_unit_test(test_all_panels_overlay), cmocka_unit_test(test_plot_errorbars),
        cmocka_unit_test(test_reference_labels_apart),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
