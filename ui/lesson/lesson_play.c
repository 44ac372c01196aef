#include "ui/lesson/lesson_play.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "sim/error.h"
#include "ui/lesson/lesson_screen.h"

const int ui_lesson_key_right = KEY_RIGHT, ui_lesson_key_left = KEY_LEFT;

void ui_lesson_play_init(struct ui_lesson_play *p, const struct ui_lesson *l, size_t first,
                         bool big)
{
    memset(p, 0, sizeof *p);
    p->l = l;
    p->scene = first < l->nscenes ? first : 0;
    p->step = UI_LESSON_QUESTION;
    p->big = big;
}

/* Put scene i's scenario in the session at 0 s, paused, with the scene's speed and
 * diagram. */
static int load_scene(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v,
                      size_t i)
{
    const struct ui_lesson_scene *sc = &p->l->scenes[i];
    struct ord_config cfg;
    int rc = ord_config_copy(&cfg, &sc->cfg);
    if (!rc)
        rc = ui_tui_session_load(s, &cfg);
    if (rc)
        return p->error = rc;
    p->scene = i;
    ui_pace_set_paused(&s->pace, true);
    ui_pace_set_speed(&s->pace, sc->speed);
    v->flow = sc->diagram;
    v->help = v->notes = false;
    ui_tui_view_reset_scales(v);
    return 0;
}

static int start_run(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v)
{
    int rc = load_scene(p, s, v, p->scene);
    if (rc)
        return rc;
    ui_pace_set_paused(&s->pace, false);
    p->step = UI_LESSON_RUN;
    return 0;
}

/* Run the rest of the scene at once and show its card. */
static int to_card(struct ui_lesson_play *p, struct ui_tui_session *s)
{
    int rc = ui_tui_session_finish(s);
    if (rc)
        return p->error = rc;
    ui_pace_set_paused(&s->pace, true);
    p->step = UI_LESSON_CARD;
    return 0;
}

int ui_lesson_play_start(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v)
{
    p->step = UI_LESSON_QUESTION;
    return load_scene(p, s, v, p->scene);
}

static int next(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v)
{
    switch (p->step) {
    case UI_LESSON_QUESTION:
        return start_run(p, s, v);
    case UI_LESSON_RUN:
        return to_card(p, s);
    case UI_LESSON_CARD:
        if (p->scene + 1 >= p->l->nscenes) {
            p->step = UI_LESSON_END;
            return 0;
        }
        p->step = UI_LESSON_QUESTION;
        return load_scene(p, s, v, p->scene + 1);
    case UI_LESSON_END:
        return 0;
    }
    return 0;
}

static int back(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v)
{
    switch (p->step) {
    case UI_LESSON_QUESTION:
        if (p->scene == 0)
            return 0;
        /* The previous scene's card: its run, played to the end. */
        if (load_scene(p, s, v, p->scene - 1))
            return p->error;
        return to_card(p, s);
    case UI_LESSON_RUN:
        p->step = UI_LESSON_QUESTION;
        return load_scene(p, s, v, p->scene);
    case UI_LESSON_CARD:
        p->step = UI_LESSON_RUN; /* the finished run's charts */
        return 0;
    case UI_LESSON_END:
        p->step = UI_LESSON_CARD;
        return 0;
    }
    return 0;
}

int ui_lesson_play_key(struct ui_lesson_play *p, struct ui_tui_session *s, struct ui_tui_view *v,
                       int ch, bool *quit)
{
    int rc = 0;
    if (ch == 'q' || ch == 'Q') {
        *quit = true;
        return 1;
    }
    if (ch == KEY_RIGHT || ch == ' ' || ch == '\n' || ch == '\r' || ch == KEY_ENTER)
        rc = next(p, s, v);
    else if (ch == KEY_LEFT)
        rc = back(p, s, v);
    else if (ch == 'r' || ch == 'R')
        rc = p->step == UI_LESSON_END ? 0 : start_run(p, s, v);
    else if (ch == 'p' || ch == 'P') {
        if (p->step == UI_LESSON_RUN)
            ui_pace_set_paused(&s->pace, !s->pace.paused);
    } else if (p->step == UI_LESSON_RUN) {
        return 0; /* the live keys: s, b, h, d, m, +, -, l, f, n, ? */
    }
    return rc < 0 ? rc : 1;
}

int ui_lesson_play_render(struct ui_lesson_play *p, struct ui_tui_cells *b, struct ui_tui_view *v,
                          const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                          int64_t wall_ns)
{
    struct ui_lesson_frame f = {p->l, p->scene, p->step, p->big, s, o};
    return ui_lesson_screen_render(b, v, &f, wall_ns);
}

static int front_start(void *ctx, struct ui_tui_session *s, struct ui_tui_view *v)
{
    return ui_lesson_play_start(ctx, s, v);
}

static int front_key(void *ctx, struct ui_tui_session *s, struct ui_tui_view *v, int ch,
                     bool *quit)
{
    return ui_lesson_play_key(ctx, s, v, ch, quit);
}

static int front_render(void *ctx, struct ui_tui_cells *b, struct ui_tui_view *v,
                        const struct ui_tui_snapshot *s, const struct ui_tui_opts *o,
                        int64_t wall_ns)
{
    return ui_lesson_play_render(ctx, b, v, s, o, wall_ns);
}

static uint64_t front_state(void *ctx)
{
    const struct ui_lesson_play *p = ctx;
    return (uint64_t)p->scene << 8 | (uint64_t)p->step << 1 | (uint64_t)p->big;
}

struct ui_tui_front ui_lesson_play_front(struct ui_lesson_play *p)
{
    struct ui_tui_front f = {p, front_start, front_key, front_render, front_state};
    return f;
}
