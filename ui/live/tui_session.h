/* ui/live/tui_session.h: a live session without the terminal: the scenario, its run, the
 * real-time pace, the commands given with keys, and the record of them.
 *
 * Each frame the pace says how far virtual time has got; the session advances the
 * run there. A key that changes the model becomes an ord_command at the run's
 * current virtual time, is applied at once (ord_run_fault / ord_run_clear) and kept,
 * so the session can be written as a scenario file with its commands (--record) and
 * replayed exactly: the run applies a command after every event at or before its
 * time, which is where the live run stood when the key was pressed. */
#ifndef UI_TUI_SESSION_H
#define UI_TUI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "orders/model.h"
#include "ui/live/pace.h"
#include "ui/live/tui_keys.h"
#include "ui/live/tui_screen.h"

/* What the s key does: 10 s at 10 000 orders/s. */
#define UI_TUI_SPIKE_RATE 10000.0
#define UI_TUI_SPIKE_LENGTH (10 * SIM_S)
/* What the d key does: every database query takes 5x longer. */
#define UI_TUI_DB_SLOW_FACTOR 5.0

/* What the c key did last, for the screen to say (cleared by the next key). */
enum ui_tui_notice {
    UI_TUI_NOTICE_NONE,
    UI_TUI_NOTICE_NO_SERVICE, /* c: none of the scenario's services nor a built-in left */
};

struct ui_tui_session {
    struct ord_config cfg; /* the scenario (owned), with the subscribers c added */
    /* After c added a built-in subscriber, the run reads this copy of cfg with the live
     * commands given before it (it was replayed to that moment); owned, or NULL. */
    struct ord_config *run_cfg;
    enum ui_tui_notice notice;
    struct ord_run run;
    bool run_open, finished;
    struct ui_pace pace;
    bool pace_open;
    struct ord_command *cmds; /* given live since the last restart, by time */
    size_t ncmds, cap;
    struct ord_span *spans; /* every fault so far, scheduled and live (ord_fault_spans) */
    size_t nspans;
    struct ui_tui_episode *eps; /* by time; eps[0] is the run's start */
    size_t neps, eps_cap;
    const char *record_path; /* where --record writes, or NULL */
    char record_err[256];    /* why the last write of the record failed */
};

/* Take ownership of *cfg (moved: *cfg is zeroed) and start its run at 0 s with a pace
 * on loop (NULL for a pace driven only by ui_tui_session_frame) and clock (NULL:
 * the monotonic clock). Returns 0, SIM_EINVAL or SIM_ENOMEM; on failure the config
 * is freed and nothing needs closing. */
int ui_tui_session_init(struct ui_tui_session *s, struct ord_config *cfg, uv_loop_t *loop,
                        ui_clock_fn clock, void *clock_ctx, double speed);
/* Close the run and the pace and free everything. With a loop, the session's memory
 * must stay valid until the loop has run once more to finish closing the timer. */
void ui_tui_session_close(struct ui_tui_session *s);

/* Advance the run to target (the pace's). At the end, the run is finished (its last
 * bucket closed). Returns 0 or the model's error. */
int ui_tui_session_advance(struct ui_tui_session *s, sim_time target);
/* The same within a time budget (wall ns; 0: none), for the live view's frames: the
 * model fires events in bounded steps and stops when the budget is spent, short of
 * target; the next call goes on from there (episodes open at the same times). */
int ui_tui_session_advance_within(struct ui_tui_session *s, sim_time target, uint64_t budget_ns);
/* One frame without a loop: tick the pace, then advance. */
int ui_tui_session_frame(struct ui_tui_session *s);

/* The command an action means now, given the active faults (UI_TUI_FAULT_BIT):
 * s spike, b B down or up, h B hang or recover, d database slow or normal, m MQ down
 * or up. Returns false for actions that do not touch the model. */
bool ui_tui_action_command(enum ui_tui_action a, uint32_t faults, sim_time now,
                           struct ord_command *out);
/* Apply a model action now and keep its command (and rewrite the record file).
 * Returns 0 (also when the action has no command or the run is over), SIM_ENOMEM,
 * the model's error, or SIM_EIO when the record could not be written. */
int ui_tui_session_command(struct ui_tui_session *s, enum ui_tui_action a);
/* The c key: the first service of the scenario that has not joined yet joins now (a
 * template: a later `start`, or `unlimited`); with none left, the first built-in
 * subscriber (ord_subscribers: points, sms, stock) not yet in the scenario is added to
 * it and joins now. Adding one rebuilds the run on the scenario with it and replays it
 * to the current time with the commands given so far (the same run: a service that has
 * not joined changes nothing). The JOIN command is kept and recorded like the others.
 * With nothing left to add, nothing happens and s->notice says so. Returns as
 * ui_tui_session_command. */
int ui_tui_session_join(struct ui_tui_session *s);
/* Count the current episode's rejections, failures and backlog from now (the z key). */
void ui_tui_session_zero(struct ui_tui_session *s);
/* Play another scenario in the same session: takes ownership of *cfg (zeroed) and
 * starts its run at 0 s, no live commands, the pace at 0 (speed and pause kept).
 * Returns 0, SIM_EINVAL or SIM_ENOMEM; on failure *cfg is freed and the session
 * keeps its scenario, its run started over. */
int ui_tui_session_load(struct ui_tui_session *s, struct ord_config *cfg);
/* Start over at 0 s: a new run, no live commands, the pace at 0. */
int ui_tui_session_restart(struct ui_tui_session *s);
/* Everything the screen needs, read from the run now. */
void ui_tui_session_snapshot(const struct ui_tui_session *s, struct ui_tui_snapshot *out);
uint32_t ui_tui_session_faults(const struct ui_tui_session *s);

/* The scenario with the live commands merged into its own (by time): what --record
 * saves. Caller frees out with ord_config_free. Returns 0 or SIM_ENOMEM. */
int ui_tui_session_recording(const struct ui_tui_session *s, struct ord_config *out);
/* Write the recording to path (atomically). Returns 0 or SIM_EIO with errbuf set. */
int ui_tui_session_save(const struct ui_tui_session *s, const char *path, char *errbuf,
                        size_t errlen);
/* Run to the end (no more commands) and close the last bucket. */
int ui_tui_session_finish(struct ui_tui_session *s);

/* Handle one key's action: model commands, pause, speed, restart and the view's
 * toggles (log, overlays). Sets *quit for q. Returns as ui_tui_session_command. */
int ui_tui_dispatch(struct ui_tui_session *s, struct ui_tui_view *v, enum ui_tui_action a,
                    bool *quit);

#endif
