/* ui/live/tui_flow.h: the flow diagram, the system itself drawn with its live figures.
 *
 *   sync    users ──▶ A ──▶ B ──▶ DB
 *   async   users ──▶ A ──▶ MQ ──▶ B ──▶ DB
 *
 * Each box shows what fills it (busy/total threads of A and B, the messages the MQ
 * holds, the database's capacity), each arrow the rate through it in the last closed
 * bucket, and a failed component says so in words ("DOWN", "HUNG", "SLOW") next to
 * an X, so the picture holds without colour. Every figure is read from the run's
 * record (the last closed bucket of each variant's series) or its config. */
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
