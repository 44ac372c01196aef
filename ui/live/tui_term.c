#include "ui/live/tui_term.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "sim/error.h"

/* ---- restoring the terminal on a crash ----------------------------------------------
 * A signal handler has only globals to go by: the one curses session of the process
 * and the handlers it replaced. */
static const int crash_signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE};
#define NCRASH ((int)(sizeof crash_signals / sizeof crash_signals[0]))
static struct sigaction crash_saved[NCRASH];
static volatile sig_atomic_t crash_curses_on;

static void on_crash(int sig)
{
    /* SA_RESETHAND already put the default action back: restore the terminal, then
     * raise again so the process dies of the same signal (and dumps core). */
    if (crash_curses_on) {
        crash_curses_on = 0;
        endwin();
    }
    raise(sig);
}

static void crash_handlers(bool on)
{
    for (int i = 0; i < NCRASH; i++) {
        if (on) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_crash;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
            sigaction(crash_signals[i], &sa, &crash_saved[i]);
        } else {
            sigaction(crash_signals[i], &crash_saved[i], NULL);
        }
    }
    crash_curses_on = on;
}

/* ---- colours and drawing ---------------------------------------------------------- */

struct style_attr {
    short fg;     /* with colours (-1: the terminal's own) */
    attr_t color; /* attributes with colours */
    attr_t mono;  /* without: the styles must stay apart by attributes alone */
};

static const struct style_attr style_attrs[UI_TUI_NSTYLES] = {
    [UI_TUI_ST_NORMAL] = {-1, A_NORMAL, A_NORMAL},
    [UI_TUI_ST_DIM] = {-1, A_DIM, A_DIM},
    [UI_TUI_ST_BOLD] = {-1, A_BOLD, A_BOLD},
    [UI_TUI_ST_HEADER] = {-1, A_REVERSE | A_BOLD, A_REVERSE},
    [UI_TUI_ST_TITLE] = {-1, A_BOLD, A_UNDERLINE},
    [UI_TUI_ST_SYNC] = {COLOR_MAGENTA, A_BOLD, A_BOLD},
    [UI_TUI_ST_ASYNC] = {COLOR_CYAN, A_BOLD, A_NORMAL},
    [UI_TUI_ST_OFFERED] = {-1, A_BOLD, A_NORMAL},
    [UI_TUI_ST_REF] = {COLOR_YELLOW, A_NORMAL, A_DIM},
    [UI_TUI_ST_WARN] = {COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE},
    [UI_TUI_ST_KEY] = {COLOR_YELLOW, A_BOLD, A_BOLD},
};

static void setup_colors(const struct ui_tui_term *t)
{
    if (!t->color)
        return;
    start_color();
    use_default_colors();
    for (int i = 0; i < UI_TUI_NSTYLES; i++)
        init_pair((short)(i + 1), style_attrs[i].fg, -1);
}

static void put_cell(const struct ui_tui_term *t, int x, int y, const struct ui_tui_cell *c)
{
    uint32_t cp;
    if (c->width == 0 || ui_tui_utf8_decode(c->g, &cp) == 0)
        return;
    const struct style_attr *sa = &style_attrs[c->style < UI_TUI_NSTYLES ? c->style : 0];
    wchar_t wc[2] = {(wchar_t)cp, L'\0'};
    cchar_t cc;
    setcchar(&cc, wc, t->color ? sa->color : sa->mono, t->color ? (short)(c->style + 1) : 0, NULL);
    mvadd_wch(y, x, &cc);
}

void ui_tui_term_show(struct ui_tui_term *t, struct ui_tui_cells *f, bool force)
{
    struct ui_tui_cells *s = &t->shown;
    bool all = force || s->w != f->w || s->h != f->h;
    if (!all && ui_tui_cells_equal(f, s))
        return;
    if (all)
        erase();
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x < f->w; x++) {
            const struct ui_tui_cell *c = ui_tui_cells_at(f, x, y);
            if (!all) {
                const struct ui_tui_cell *o = ui_tui_cells_at(s, x, y);
                if (o->style == c->style && o->width == c->width && strcmp(o->g, c->g) == 0)
                    continue;
            }
            put_cell(t, x, y, c);
        }
    wnoutrefresh(stdscr);
    doupdate();
    struct ui_tui_cells tmp = t->shown;
    t->shown = *f;
    *f = tmp;
}

/* ---- taking and giving back the terminal --------------------------------------------- */

int ui_tui_term_open(struct ui_tui_term *t, bool no_color, char *why, size_t n)
{
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        snprintf(why, n, "cannot drive this terminal (TERM=%s)",
                 getenv("TERM") ? getenv("TERM") : "");
        return SIM_EIO;
    }
    t->screen = screen;
    set_term(screen);
    crash_handlers(true);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    const char *nc = getenv("NO_COLOR");
    t->color = !no_color && !(nc && *nc) && has_colors();
    setup_colors(t);
    return 0;
}

void ui_tui_term_close(struct ui_tui_term *t)
{
    if (!t->screen)
        return;
    endwin();
    crash_handlers(false);
    delscreen(t->screen);
    t->screen = NULL;
}
