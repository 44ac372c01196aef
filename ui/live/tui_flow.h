/* ui/live/tui_flow.h: the flow diagram, the system itself drawn with its live figures.
 *
 *   sync    users ──▶ A ──▶ B ──▶ DB
 *   async   users ──▶ A ──▶ MQ ──▶ B ──▶ DB
 *
 * Each box shows what fills it: busy/total threads of A and B (the most busy in the
 * last closed bucket), the messages the MQ holds, the database's busy/total
 * connections, and what waits (B's accept queue in sync, the queries waiting for a
 * connection) at the bucket's end, as the model's sampled gauges recorded them
 * (orders/model.h; "-" for a record without them). Each arrow shows the rate through
 * it in that bucket, the database's capacity under the arrow into it. A failed
 * component says so in words ("DOWN", "HUNG", "SLOW", "CRASH") next to an X, so the
 * picture holds without colour. With several services a line per service shows its
 * threads, accept queue, database and totals. Every figure is read from the run's
 * record (the last closed bucket of each series) or its config. */
#ifndef UI_TUI_FLOW_H
#define UI_TUI_FLOW_H

#include "ui/live/tui_screen.h"

/* The narrowest and lowest rectangle the diagram fits in (two wirings). */
#define UI_TUI_FLOW_MIN_W 78
#define UI_TUI_FLOW_MIN_H 13

/* Draw the diagram of s into the rectangle (x, y, w, h) of b (w >= UI_TUI_FLOW_MIN_W,
 * h >= UI_TUI_FLOW_MIN_H; smaller draws only what fits). */
void ui_tui_flow_draw(struct ui_tui_cells *b, const struct ui_tui_snapshot *s,
                      const struct ui_tui_opts *o, int x, int y, int w, int h);

#endif
