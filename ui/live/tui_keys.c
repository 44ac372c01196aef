#include "ui/live/tui_keys.h"

#include <stdio.h>
#include <string.h>

#include "ui/live/tui_cells.h"

const struct ui_tui_key ui_tui_keys[] = {
    {" ",
     "space",
     UI_TUI_ACT_PAUSE,
     1,
     false,
     NULL,
     {"pause", "暂停"},
     {"pause / resume the simulation", "暂停 / 继续"}},
    {"+=",
     "+",
     UI_TUI_ACT_FASTER,
     7,
     false,
     "+/-",
     {"speed", "速度"},
     {"faster (0.1x ... 100x)", "加快（0.1x … 100x）"}},
    {"-", "-", UI_TUI_ACT_SLOWER, 0, false, NULL, {NULL, NULL}, {"slower", "减慢"}},
    {"s",
     "s",
     UI_TUI_ACT_SPIKE,
     2,
     false,
     NULL,
     {"spike", "突发"},
     {"spike now: 10 s at 10 000 orders/s", "立刻突发：10 秒内每秒 10 000 个订单"}},
    {"b",
     "b",
     UI_TUI_ACT_B_DOWN,
     3,
     false,
     NULL,
     {"B down", "B宕机"},
     {"B down / back up", "B 宕机 / 恢复"}},
    {"h",
     "h",
     UI_TUI_ACT_B_HANG,
     4,
     false,
     NULL,
     {"B hang", "B卡死"},
     {"B hangs (each call holds a thread for b.timeout, then fails) / recovers",
      "B 卡死（每个调用占线程 b.timeout 后失败）/ 恢复"}},
    {"d",
     "d",
     UI_TUI_ACT_DB_SLOW,
     5,
     false,
     NULL,
     {"DB slow", "库变慢"},
     {"database 5x slower / normal again", "数据库慢 5 倍 / 恢复"}},
    {"m",
     "m",
     UI_TUI_ACT_MQ_DOWN,
     6,
     false,
     NULL,
     {"MQ down", "MQ宕机"},
     {"MQ down / back up", "MQ 宕机 / 恢复"}},
    {"c",
     "c",
     UI_TUI_ACT_JOIN,
     14,
     false,
     NULL,
     {"+service", "加服务"},
     {"a new subscriber joins now (sync A must call it too)", "新订阅服务现在加入（同步的 A 也得调用它）"}},
    {"r",
     "r",
     UI_TUI_ACT_RESTART,
     8,
     false,
     NULL,
     {"restart", "重来"},
     {"restart the scenario from 0 s", "从 0 秒重新开始"}},
    {"z",
     "z",
     UI_TUI_ACT_ZERO,
     13,
     false,
     NULL,
     {"zero", "清零"},
     {"count rejected / failed of this episode from now", "本阶段的拒绝 / 失败从现在重新计数"}},
    {"l",
     "l",
     UI_TUI_ACT_LOG,
     9,
     false,
     NULL,
     {"log", "对数"},
     {"latency axis: log / linear", "等待时间坐标：对数 / 线性"}},
    {"f",
     "f",
     UI_TUI_ACT_FLOW,
     13,
     false,
     NULL,
     {"flow", "流程图"},
     {"the flow diagram (boxes and arrows) / the charts", "流程图（方框和箭头）/ 图表"}},
    {"n",
     "n",
     UI_TUI_ACT_NOTES,
     10,
     false,
     NULL,
     {"notes", "说明"},
     {"the scenario's notes", "场景说明"}},
    {"?", "?", UI_TUI_ACT_HELP, 11, true, NULL, {"help", "帮助"}, {"this help", "本帮助"}},
    {"qQ", "q", UI_TUI_ACT_QUIT, 12, true, NULL, {"quit", "退出"}, {"quit", "退出"}},
};
const int ui_tui_nkeys = (int)(sizeof ui_tui_keys / sizeof ui_tui_keys[0]);

const struct ui_tui_key *ui_tui_key_find(int ch)
{
    if (ch <= 0 || ch > 127)
        return NULL;
    for (int i = 0; i < ui_tui_nkeys; i++)
        if (strchr(ui_tui_keys[i].keys, ch))
            return &ui_tui_keys[i];
    return NULL;
}

/* "cap word" of a row in the footer. */
static void footer_item(char *buf, size_t n, const struct ui_tui_key *k, enum ui_tui_lang lang)
{
    snprintf(buf, n, "%s %s", k->fcap ? k->fcap : k->cap, k->footer[lang == UI_TUI_ZH]);
}

int ui_tui_footer(char *buf, size_t n, int width, enum ui_tui_lang lang)
{
    enum { SEP = 2 }; /* columns between items */
    bool shown[64] = {false};
    char item[96];
    int w = 0;
    /* Choose: the pinned rows first, then by rank while they fit. */
    for (int pass = 0; pass < 2; pass++)
        for (int rank = 1; rank <= ui_tui_nkeys + 12; rank++)
            for (int i = 0; i < ui_tui_nkeys && i < 64; i++) {
                const struct ui_tui_key *k = &ui_tui_keys[i];
                if (k->rank != rank || k->pinned != (pass == 0) || !k->footer[0])
                    continue;
                footer_item(item, sizeof item, k, lang);
                int iw = ui_tui_text_width(item, -1, NULL) + (w ? SEP : 0);
                if (w + iw <= width) {
                    shown[i] = true;
                    w += iw;
                }
            }
    /* Show in table order. */
    size_t used = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < ui_tui_nkeys && i < 64; i++) {
        if (!shown[i])
            continue;
        footer_item(item, sizeof item, &ui_tui_keys[i], lang);
        int len = snprintf(buf + used, n - used, "%s%s", used ? "  " : "", item);
        if (len < 0 || (size_t)len >= n - used)
            break;
        used += (size_t)len;
    }
    return ui_tui_text_width(buf, -1, NULL);
}

void ui_tui_help_line(char *buf, size_t n, int i, enum ui_tui_lang lang)
{
    if (i < 0 || i >= ui_tui_nkeys) {
        snprintf(buf, n, "%s", "");
        return;
    }
    const struct ui_tui_key *k = &ui_tui_keys[i];
    snprintf(buf, n, "%-6s %s", k->cap, k->help[lang == UI_TUI_ZH]);
}

const double ui_tui_speeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100};
const int ui_tui_nspeeds = (int)(sizeof ui_tui_speeds / sizeof ui_tui_speeds[0]);

double ui_tui_speed_step(double speed, int dir)
{
    /* A speed between two steps (from --speed 3) moves to the neighbouring step. */
    if (dir > 0) {
        for (int i = 0; i < ui_tui_nspeeds; i++)
            if (ui_tui_speeds[i] > speed * 1.0001)
                return ui_tui_speeds[i];
        return speed;
    }
    for (int i = ui_tui_nspeeds - 1; i >= 0; i--)
        if (ui_tui_speeds[i] < speed / 1.0001)
            return ui_tui_speeds[i];
    return speed;
}
