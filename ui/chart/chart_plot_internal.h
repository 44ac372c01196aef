/* ui/chart/chart_plot_internal.h: shared by the plotting layer's two files only. */
#ifndef UI_CHART_PLOT_INTERNAL_H
#define UI_CHART_PLOT_INTERNAL_H

#include "ui/chart/chart_plot.h"

/* Height of the strip above the rectangle that holds x-window labels (0: none). */
double ui__plot_band_strip(struct ui_plot *p);

#endif
