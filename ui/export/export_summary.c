/* ui/export/export_summary.c: the summary table `ordersim run` prints, one column per variant. */
#include "ui/export/export.h"

#include <stdbool.h>
#include <string.h>

#include "ui/base/termsafe.h"
#include "ui/base/text.h"

enum row_kind { ROW_COUNT, ROW_TIME, ROW_ERRTIME, ROW_RATE, ROW_BACKLOG, ROW_DRAINED };
/* Or'ed into a ROW_COUNT row shown only when some variant's count is not 0. */
#define ROW_IF_ANY 0x100

/* One row per figure: a table, so adding a figure is one line. */
struct summary_row {
    const char *label;
    int kind;      /* enum row_kind, maybe | ROW_IF_ANY */
    size_t offset; /* into struct ord_summary */
};

#define SUM_OFF(field) offsetof(struct ord_summary, field)
static const struct summary_row rows[] = {
    {"offered", ROW_COUNT, SUM_OFF(totals.offered)},
    {"accepted", ROW_COUNT, SUM_OFF(totals.accepted)},
    {"completed", ROW_COUNT, SUM_OFF(totals.completed)},
    {"rejected", ROW_COUNT, SUM_OFF(totals.rejected)},
    {"failed", ROW_COUNT, SUM_OFF(totals.failed)},
    {"in flight at end", ROW_COUNT, SUM_OFF(totals.in_flight)},
    {"latency p50", ROW_TIME, SUM_OFF(latency.p50)},
    {"latency p99", ROW_TIME, SUM_OFF(latency.p99)},
    {"latency max", ROW_TIME, SUM_OFF(latency.max)},
    {"error wait p50", ROW_ERRTIME, SUM_OFF(err_latency.p50)},
    {"error wait p99", ROW_ERRTIME, SUM_OFF(err_latency.p99)},
    {"completion lag p99", ROW_TIME, SUM_OFF(lag.p99)},
    {"throughput (load)", ROW_RATE, SUM_OFF(completed_load_per_s)},
    {"completed/s run avg", ROW_RATE, SUM_OFF(completed_per_s)},
    {"DB max/s", ROW_RATE, SUM_OFF(db_qps_max)},
    {"backlog max (at)", ROW_BACKLOG, SUM_OFF(backlog_max)},
    {"drained at", ROW_DRAINED, SUM_OFF(drained_at)},
    {"redelivered", ROW_COUNT, SUM_OFF(totals.redelivered)},
    {"DLQ", ROW_COUNT, SUM_OFF(totals.dlq)},
    {"MQ store full", ROW_COUNT | ROW_IF_ANY, SUM_OFF(totals.mq_store_full)},
    {"duplicates", ROW_COUNT | ROW_IF_ANY, SUM_OFF(totals.duplicates)},
    {"lost", ROW_COUNT | ROW_IF_ANY, SUM_OFF(totals.lost)},
};

/* A backlog of a few messages is the MQ at work, not a backlog that built up: at most
 * 20 messages or 50 ms of the run's mean arrivals (as the live caption's "B keeps
 * up"). */
static bool no_backlog(const struct ord_summary *s)
{
    double rate = s->duration_s > 0 ? (double)s->totals.offered / s->duration_s : 0;
    double limit = rate * 0.05 > 20 ? rate * 0.05 : 20;
    return (double)s->backlog_max <= limit;
}

static void cell(const struct summary_row *row, const struct ord_summary *s, char *buf,
                 size_t n)
{
    const char *p = (const char *)s + row->offset;
    char a[48];
    switch ((enum row_kind)(row->kind & ~ROW_IF_ANY)) {
    case ROW_COUNT:
        ui_fmt_count(buf, n, (int64_t) * (const uint64_t *)(const void *)p);
        return;
    case ROW_TIME:
        if (row->offset >= SUM_OFF(lag) ? s->totals.completed == 0 : s->totals.answered == 0)
            snprintf(buf, n, "-");
        else
            ui_fmt_duration(buf, n, *(const sim_time *)(const void *)p);
        return;
    case ROW_ERRTIME: /* users who got an error waited too; "-" when none did */
        if (s->errored == 0)
            snprintf(buf, n, "-");
        else
            ui_fmt_duration(buf, n, *(const sim_time *)(const void *)p);
        return;
    case ROW_RATE:
        ui_fmt_rate(buf, n, *(const double *)(const void *)p);
        return;
    case ROW_BACKLOG:
        if (s->backlog_max <= 0) {
            snprintf(buf, n, "-");
            return;
        }
        ui_fmt_count(a, sizeof a, s->backlog_max);
        if (no_backlog(s)) {
            snprintf(buf, n, "%s (none built up)", a);
            return;
        }
        char at[24];
        snprintf(buf, n, "%s (%s)", a, ui_fmt_clock(at, sizeof at, s->backlog_max_at, 1));
        return;
    case ROW_DRAINED:
        if (s->backlog_max <= 0 || no_backlog(s))
            snprintf(buf, n, "-");
        else if (s->drained_at == SIM_TIME_NEVER)
            snprintf(buf, n, "not drained");
        else
            ui_fmt_clock(buf, n, s->drained_at, 1);
        return;
    }
}

int ui_summary_cell(const char *label, const struct ord_summary *s, char *buf, size_t n)
{
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        if (strcmp(rows[k].label, label) == 0) {
            cell(&rows[k], s, buf, n);
            return 0;
        }
    if (n)
        buf[0] = '\0';
    return -1;
}

/* User latency of the orders that arrived in each load phase (the lesson's numbers:
 * 220 ms before a spike, 667 ms in it), from the per-phase histograms. */
static void print_phases(const struct ord_result *r, FILE *f)
{
    if (r->nvariants == 0 || r->v[0].nphases < 2)
        return;
    fprintf(f, "\nlatency p50 / p99 of orders arriving in each load phase:\n");
    for (size_t p = 0; p < r->v[0].nphases; p++) {
        const struct ord_phase_stats *ph0 = &r->v[0].phases[p];
        char span[48], rate[32];
        snprintf(span, sizeof span, "%.0f-%.0f s", sim_time_to_s(ph0->from),
                 sim_time_to_s(ph0->to));
        double secs = sim_time_to_s(ph0->to - ph0->from);
        ui_fmt_rate(rate, sizeof rate, secs > 0 ? (double)ph0->offered / secs : 0);
        char line[512];
        int len = snprintf(line, sizeof line, "  %-12s %-10s", span, rate);
        for (int i = 0; i < r->nvariants && len < (int)sizeof line; i++) {
            const struct sim_hist *h = &r->v[i].phases[p].latency;
            char a[32] = "-", b[32] = "-", cellbuf[80];
            if (sim_hist_count(h)) {
                ui_fmt_duration(a, sizeof a, sim_hist_percentile(h, 50));
                ui_fmt_duration(b, sizeof b, sim_hist_percentile(h, 99));
            }
            snprintf(cellbuf, sizeof cellbuf, "%s / %s", a, b);
            len += snprintf(line + len, sizeof line - (size_t)len, " %s %-20s", r->v[i].name,
                            cellbuf);
        }
        while (len > 0 && line[len - 1] == ' ')
            line[--len] = '\0';
        fprintf(f, "%s\n", line);
    }
}

/* Several services (the services form): one line per variant and service, from the
 * same figures as the JSON's variants.<v>.services.<name>. */
static void print_services(const struct ord_result *r, FILE *f)
{
    if (r->cfg->nservices == 0)
        return;
    fprintf(f, "\nper service: written, failed, dlq, lost, duplicates (skipped), backlog max, "
               "lag p99\n");
    for (int i = 0; i < r->nvariants; i++) {
        const struct ord_variant_result *v = &r->v[i];
        for (size_t k = 0; k < v->nservices; k++) {
            const struct ord_service_result *s = &v->services[k];
            char done[32], failed[32], dlq[32], lost[32], dup[32], skip[32], bl[32], lag[32];
            ui_fmt_count(done, sizeof done, (int64_t)s->completed);
            ui_fmt_count(failed, sizeof failed, (int64_t)s->failed);
            ui_fmt_count(dlq, sizeof dlq, (int64_t)s->dlq);
            ui_fmt_count(lost, sizeof lost, (int64_t)s->lost);
            ui_fmt_count(dup, sizeof dup, (int64_t)s->duplicates);
            ui_fmt_count(skip, sizeof skip, (int64_t)s->duplicates_skipped);
            ui_fmt_count(bl, sizeof bl, s->backlog_max);
            struct sim_hist_parts lags = ord_service_lag_of(s);
            if (sim_hist_parts_count(lags))
                ui_fmt_duration(lag, sizeof lag, sim_hist_parts_percentile(lags, 99));
            else
                snprintf(lag, sizeof lag, "-");
            fprintf(f, "  %-6s %-12s %9s %8s %6s %6s %7s (%s) %8s %9s\n", v->name, s->name, done,
                    failed, dlq, lost, dup, skip, bl, lag);
        }
    }
}

void ui_summary_print(const struct ord_result *r, FILE *f)
{
    const struct ord_config *c = r->cfg;
    struct ord_summary sums[ORD_MAX_VARIANTS];
    for (int i = 0; i < r->nvariants; i++)
        ord_summarize(&r->v[i], c, &sums[i]);
    char name[256], title[1024]; /* the user's text: control characters escaped */
    fprintf(f, "%s: %s\nseed %llu, %.0f s of load + %.0f s drain\n\n",
            ui_term_safe(c->name, name, sizeof name), ui_term_safe(c->title, title, sizeof title),
            (unsigned long long)c->seed, sim_time_to_s(c->duration), sim_time_to_s(c->drain));
    fprintf(f, "%-20s", "");
    for (int i = 0; i < r->nvariants; i++)
        fprintf(f, " %18s", r->v[i].name);
    fputc('\n', f);
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        if (rows[k].kind & ROW_IF_ANY) {
            bool any = false;
            for (int i = 0; i < r->nvariants; i++)
                any |= *(const uint64_t *)(const void *)((const char *)&sums[i] +
                                                          rows[k].offset) != 0;
            if (!any)
                continue;
        }
        fprintf(f, "%-20s", rows[k].label);
        for (int i = 0; i < r->nvariants; i++) {
            char buf[64];
            cell(&rows[k], &sums[i], buf, sizeof buf);
            fprintf(f, " %18s", buf);
        }
        fputc('\n', f);
    }
    print_services(r, f);
    print_phases(r, f);
}
