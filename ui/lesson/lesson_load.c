/* ui/lesson/lesson_load.c: the lesson tree -> struct ui_lesson, every key checked, every
 * scene's scenario loaded and overridden exactly as `ordersim run` would. */
#include "ui/lesson/lesson_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/base/file.h"
#include "ui/export/export.h"
#include "orders/scenario/builtin.h"
#include "sim/error.h"

/* The keys of a lesson and of a scene: the parser's check, "did you mean" and
 * scenarios/lessons/README.md. */
static const char *const top_keys[] = {"name", "title", "scenes"};
static const char *const scene_keys[] = {"name",  "title",  "scenario", "set",     "commands",
                                         "speed", "question", "reveal", "card", "diagram"};
static const char *const lang_keys[UI_TUI_NLANG] = {"en", "zh"};
#define NTOP ((int)(sizeof top_keys / sizeof top_keys[0]))
#define NSCENE ((int)(sizeof scene_keys / sizeof scene_keys[0]))

const struct ui_lesson_fig_info ui_lesson_figs[UI_LESSON_NFIGS] = {
#define UI_LESSON_FIG_ROW(e, name, en, zh) {name, {en, zh}},
    UI_LESSON_FIGS(UI_LESSON_FIG_ROW)
#undef UI_LESSON_FIG_ROW
};

static const enum ui_lesson_fig default_card[] = {
    UI_LESSON_FIG_LATENCY_P50, UI_LESSON_FIG_LATENCY_P99, UI_LESSON_FIG_REJECTED,
    UI_LESSON_FIG_BACKLOG_MAX};

struct load {
    struct ord_diag *d;
    const char *file;
    const char *base_dir;
    struct ui_lesson *l;
};

const char *ui_lesson_text_in(const struct ui_lesson_text *t, enum ui_tui_lang lang)
{
    if (t->t[lang])
        return t->t[lang];
    for (int i = 0; i < UI_TUI_NLANG; i++)
        if (t->t[i])
            return t->t[i];
    return "";
}

static void text_free(struct ui_lesson_text *t)
{
    for (int i = 0; i < UI_TUI_NLANG; i++)
        free(t->t[i]);
    memset(t, 0, sizeof *t);
}

static void scene_free(struct ui_lesson_scene *s)
{
    free(s->name);
    text_free(&s->title);
    text_free(&s->question);
    text_free(&s->reveal);
    free(s->scenario);
    for (size_t i = 0; i < s->nsets; i++)
        free(s->sets[i]);
    free(s->sets);
    ord_config_free(&s->cfg);
}

void ui_lesson_free(struct ui_lesson *l)
{
    for (size_t i = 0; i < l->nscenes; i++)
        scene_free(&l->scenes[i]);
    free(l->scenes);
    free(l->name);
    text_free(&l->title);
    memset(l, 0, sizeof *l);
}

/* ---- values ------------------------------------------------------------------------ */

static int need_scalar(struct load *x, const struct ui_lesson__node *v, const char *key,
                       const char *what)
{
    if (v->kind != UI_LESSON__SCALAR)
        return ui_lesson__fail(x->d, x->file, v, "`%s` must be %s", key, what);
    if (strlen(v->text) != v->len)
        return ui_lesson__fail(x->d, x->file, v, "`%s` holds a NUL byte", key);
    return 0;
}

static int check_keys(struct load *x, const struct ui_lesson__node *map, const char *const *keys,
                      int n, const char *where)
{
    for (size_t i = 0; i < map->n; i += 2) {
        const struct ui_lesson__node *k = map->items[i];
        bool known = false;
        for (int j = 0; j < n && !known; j++)
            known = strcmp(k->text, keys[j]) == 0;
        if (!known) {
            char hint[96];
            ui_lesson__suggest(k->text, keys, n, hint, sizeof hint);
            return ui_lesson__fail(x->d, x->file, k, "unknown key `%.60s` in %s%s", k->text, where,
                                   hint);
        }
    }
    return 0;
}

static int text_one(struct load *x, const struct ui_lesson__node *v, const char *key, char **out)
{
    int rc = need_scalar(x, v, key, "text");
    if (rc)
        return rc;
    if (v->len > UI_LESSON_MAX_TEXT)
        return ui_lesson__fail(x->d, x->file, v, "`%s` is longer than %d bytes", key,
                               UI_LESSON_MAX_TEXT);
    for (const unsigned char *p = (const unsigned char *)v->text; *p; p++)
        if (*p < 0x20 && *p != '\n' && *p != '\t')
            return ui_lesson__fail(x->d, x->file, v, "`%s` holds a control character", key);
    *out = strdup(v->text);
    return *out ? 0 : SIM_ENOMEM;
}

/* A text: one string (any language) or {en: ..., zh: ...}. */
static int get_text(struct load *x, const struct ui_lesson__node *v, const char *key,
                    struct ui_lesson_text *out)
{
    if (v->kind == UI_LESSON__SCALAR)
        return text_one(x, v, key, &out->t[UI_TUI_EN]);
    if (v->kind != UI_LESSON__MAP)
        return ui_lesson__fail(x->d, x->file, v, "`%s` must be text or {en: ..., zh: ...}", key);
    int rc = check_keys(x, v, lang_keys, UI_TUI_NLANG, key);
    if (rc)
        return rc;
    if (v->n == 0)
        return ui_lesson__fail(x->d, x->file, v, "`%s` needs `en` or `zh`", key);
    for (int i = 0; i < UI_TUI_NLANG; i++) {
        const struct ui_lesson__node *t = ui_lesson__map_get(v, lang_keys[i]);
        if (t && (rc = text_one(x, t, key, &out->t[i])) != 0)
            return rc;
    }
    return 0;
}

static bool is_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

static int get_name(struct load *x, const struct ui_lesson__node *v, const char *key, char **out)
{
    int rc = need_scalar(x, v, key, "a name");
    if (rc)
        return rc;
    if (!is_name(v->text))
        return ui_lesson__fail(x->d, x->file, v,
                               "`%s` must be a name (letters, digits, `.`, `_`, `-`; at most 64)",
                               key);
    *out = strdup(v->text);
    return *out ? 0 : SIM_ENOMEM;
}

/* ---- a scene's scenario, overrides and commands -------------------------------------- */

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int load_scenario(struct load *x, const struct ui_lesson__node *v,
                         struct ui_lesson_scene *s)
{
    int rc = need_scalar(x, v, "scenario", "a built-in scenario's name or a file");
    if (rc)
        return rc;
    if ((s->scenario = strdup(v->text)) == NULL)
        return SIM_ENOMEM;
    struct ord_diag sd;
    memset(&sd, 0, sizeof sd);
    if (ord_builtin_find(v->text)) {
        rc = ord_scenario_resolve(&s->cfg, v->text, &sd);
    } else {
        char path[1024];
        if (v->text[0] == '/' || !x->base_dir)
            snprintf(path, sizeof path, "%s", v->text);
        else
            snprintf(path, sizeof path, "%s/%s", x->base_dir, v->text);
        if (!file_exists(path)) {
            const char *names[256];
            int n = 0;
            for (int i = 0; i < ord_builtin_count && n < 256; i++)
                names[n++] = ord_builtins[i].name;
            char hint[96];
            ui_lesson__suggest(v->text, names, n, hint, sizeof hint);
            return ui_lesson__fail(x->d, x->file, v,
                                   "no built-in scenario or file `%.200s`%s (see 'ordersim "
                                   "scenarios')",
                                   v->text, hint);
        }
        rc = ord_scenario_load_file(&s->cfg, path, &sd);
    }
    if (rc == SIM_ENOMEM)
        return rc;
    if (rc) {
        char where[640];
        if (sd.line > 0)
            snprintf(where, sizeof where, "%.400s:%d:%d: %.200s", sd.file, sd.line, sd.col,
                     sd.msg);
        else
            snprintf(where, sizeof where, "%.400s: %.200s", sd.file, sd.msg);
        return ui_lesson__fail(x->d, x->file, v, "scenario `%.100s` does not load: %s", v->text,
                               where);
    }
    return 0;
}

static int keep_set(struct ui_lesson_scene *s, const char *text)
{
    char **v = realloc(s->sets, (s->nsets + 1) * sizeof *v);
    if (!v)
        return SIM_ENOMEM;
    s->sets = v;
    if ((v[s->nsets] = strdup(text)) == NULL)
        return SIM_ENOMEM;
    s->nsets++;
    return 0;
}

/* Apply one override; its errors point into the lesson at the override's node (col:
 * the node's column plus the column --set names inside the text). */
static int apply_set(struct load *x, struct ui_lesson_scene *s, const struct ui_lesson__node *at,
                     const char *text, bool exact_col)
{
    struct ord_diag sd;
    memset(&sd, 0, sizeof sd);
    int rc = ord_scenario_set(&s->cfg, text, &sd);
    if (rc == SIM_ENOMEM)
        return rc;
    if (rc) {
        struct ui_lesson__node pos = *at;
        if (exact_col && sd.col > 0)
            pos.col = at->col + (at->quoted ? 1 : 0) + sd.col - 1;
        return ui_lesson__fail(x->d, x->file, &pos, "%s", sd.msg);
    }
    return keep_set(s, text);
}

static int get_sets(struct load *x, const struct ui_lesson__node *v, struct ui_lesson_scene *s)
{
    if (v->kind == UI_LESSON__SCALAR) /* one override */
        return need_scalar(x, v, "set", "KEY=VALUE") ?: apply_set(x, s, v, v->text, true);
    if (v->kind != UI_LESSON__SEQ)
        return ui_lesson__fail(x->d, x->file, v, "`set` must be a list of KEY=VALUE overrides");
    if (v->n > UI_LESSON_MAX_SETS)
        return ui_lesson__fail(x->d, x->file, v, "more than %d overrides", UI_LESSON_MAX_SETS);
    for (size_t i = 0; i < v->n; i++) {
        const struct ui_lesson__node *it = v->items[i];
        int rc = need_scalar(x, it, "set", "KEY=VALUE (like --set)");
        if (!rc && !strchr(it->text, '='))
            rc = ui_lesson__fail(x->d, x->file, it, "`%.60s` is not KEY=VALUE", it->text);
        if (!rc)
            rc = apply_set(x, s, it, it->text, !it->text[strcspn(it->text, "\n")]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Append "key: \"value\"" to buf (value escaped for a YAML double-quoted string). */
static int append(char *buf, size_t n, size_t *used, const char *s)
{
    size_t len = strlen(s);
    if (*used + len + 1 > n)
        return -1;
    memcpy(buf + *used, s, len + 1);
    *used += len;
    return 0;
}

static int append_quoted(char *buf, size_t n, size_t *used, const char *s)
{
    if (append(buf, n, used, "\""))
        return -1;
    for (; *s; s++) {
        char c[3] = {*s, 0, 0};
        if (*s == '"' || *s == '\\') {
            c[0] = '\\';
            c[1] = *s;
        }
        if (append(buf, n, used, c))
            return -1;
    }
    return append(buf, n, used, "\"");
}

/* The live commands: each item a mapping of the scenario's command keys, checked by
 * the scenario's own parser as the override commands=[...] (which replaces the
 * scenario's own commands). Items are added one at a time, so an error names its item. */
static int get_commands(struct load *x, const struct ui_lesson__node *v, struct ui_lesson_scene *s)
{
    if (v->kind != UI_LESSON__SEQ)
        return ui_lesson__fail(x->d, x->file, v,
                               "`commands` must be a list of {at: ..., do: ..., target: ...}");
    if (v->n > UI_LESSON_MAX_CMDS)
        return ui_lesson__fail(x->d, x->file, v, "more than %d commands", UI_LESSON_MAX_CMDS);
    char buf[8192];
    size_t used = 0;
    append(buf, sizeof buf, &used, "commands=[");
    for (size_t i = 0; i < v->n; i++) {
        const struct ui_lesson__node *it = v->items[i];
        if (it->kind != UI_LESSON__MAP)
            return ui_lesson__fail(x->d, x->file, it,
                                   "a command is a mapping {at: ..., do: ..., target: ...}");
        bool ok = append(buf, sizeof buf, &used, i ? ", {" : "{") == 0;
        for (size_t k = 0; ok && k < it->n; k += 2) {
            const struct ui_lesson__node *val = it->items[k + 1];
            int rc = need_scalar(x, val, it->items[k]->text, "a plain value");
            if (rc)
                return rc;
            if (!is_name(it->items[k]->text))
                return ui_lesson__fail(x->d, x->file, it->items[k], "`%.60s` is not a key",
                                       it->items[k]->text);
            ok = append(buf, sizeof buf, &used, k ? ", " : "") == 0 &&
                 append(buf, sizeof buf, &used, it->items[k]->text) == 0 &&
                 append(buf, sizeof buf, &used, ": ") == 0 &&
                 append_quoted(buf, sizeof buf, &used, val->text) == 0;
        }
        ok = ok && append(buf, sizeof buf, &used, "}") == 0;
        if (!ok)
            return ui_lesson__fail(x->d, x->file, it, "the commands are too long");
        char trial[8200];
        snprintf(trial, sizeof trial, "%s]", buf);
        struct ord_config before;
        int rc = ord_config_copy(&before, &s->cfg);
        if (rc)
            return rc;
        rc = apply_set(x, s, it, trial, false);
        if (!rc && i + 1 < v->n) {
            /* kept only once all are in: undo this trial */
            free(s->sets[--s->nsets]);
            ord_config_free(&s->cfg);
            s->cfg = before;
        } else {
            ord_config_free(&before);
        }
        if (rc)
            return rc;
    }
    return 0;
}

static int get_card(struct load *x, const struct ui_lesson__node *v, struct ui_lesson_scene *s)
{
    if (v->kind != UI_LESSON__SEQ)
        return ui_lesson__fail(x->d, x->file, v, "`card` must be a list of figures");
    if (v->n == 0 || v->n > UI_LESSON_MAX_CARD)
        return ui_lesson__fail(x->d, x->file, v, "`card` lists 1 to %d figures",
                               UI_LESSON_MAX_CARD);
    const char *names[UI_LESSON_NFIGS];
    for (int f = 0; f < UI_LESSON_NFIGS; f++)
        names[f] = ui_lesson_figs[f].name;
    for (size_t i = 0; i < v->n; i++) {
        const struct ui_lesson__node *it = v->items[i];
        int rc = need_scalar(x, it, "card", "a figure's name");
        if (rc)
            return rc;
        int f = 0;
        while (f < UI_LESSON_NFIGS && strcmp(names[f], it->text) != 0)
            f++;
        if (f == UI_LESSON_NFIGS) {
            char hint[96];
            ui_lesson__suggest(it->text, names, UI_LESSON_NFIGS, hint, sizeof hint);
            return ui_lesson__fail(x->d, x->file, it, "unknown figure `%.60s`%s", it->text,
                                   hint);
        }
        s->card[s->ncard++] = (enum ui_lesson_fig)f;
    }
    return 0;
}

static int get_bool(struct load *x, const struct ui_lesson__node *v, const char *key, bool *out)
{
    int rc = need_scalar(x, v, key, "true or false");
    if (rc)
        return rc;
    if (strcmp(v->text, "true") == 0)
        *out = true;
    else if (strcmp(v->text, "false") == 0)
        *out = false;
    else
        return ui_lesson__fail(x->d, x->file, v, "`%s` must be true or false, not `%.60s`", key,
                               v->text);
    return 0;
}

static int get_speed(struct load *x, const struct ui_lesson__node *v, double *out)
{
    int rc = need_scalar(x, v, "speed", "a number");
    if (rc)
        return rc;
    char *end;
    errno = 0;
    double d = strtod(v->text, &end);
    if (end == v->text || *end || errno || !(d >= 0.1 && d <= 100))
        return ui_lesson__fail(x->d, x->file, v, "`speed` must be a number from 0.1 to 100");
    *out = d;
    return 0;
}

static int need(struct load *x, const struct ui_lesson__node *map, const char *key,
                const char *where, const struct ui_lesson__node **out)
{
    *out = ui_lesson__map_get(map, key);
    if (!*out)
        return ui_lesson__fail(x->d, x->file, map, "%s needs `%s`", where, key);
    return 0;
}

static int get_scene(struct load *x, const struct ui_lesson__node *v, size_t i,
                     struct ui_lesson_scene *s)
{
    char where[48];
    snprintf(where, sizeof where, "scene %zu", i + 1);
    if (v->kind != UI_LESSON__MAP)
        return ui_lesson__fail(x->d, x->file, v, "%s must be a mapping (title, scenario, ...)",
                               where);
    int rc = check_keys(x, v, scene_keys, NSCENE, where);
    const struct ui_lesson__node *n;
    s->speed = 5;
    if (!rc && (n = ui_lesson__map_get(v, "name")) != NULL)
        rc = get_name(x, n, "name", &s->name);
    if (!rc && !s->name) {
        char def[32];
        snprintf(def, sizeof def, "scene-%zu", i + 1);
        if ((s->name = strdup(def)) == NULL)
            rc = SIM_ENOMEM;
    }
    if (!rc)
        rc = need(x, v, "title", where, &n) ?: get_text(x, n, "title", &s->title);
    if (!rc)
        rc = need(x, v, "scenario", where, &n) ?: load_scenario(x, n, s);
    if (!rc && (n = ui_lesson__map_get(v, "set")) != NULL)
        rc = get_sets(x, n, s);
    if (!rc && (n = ui_lesson__map_get(v, "commands")) != NULL)
        rc = get_commands(x, n, s);
    if (!rc && (n = ui_lesson__map_get(v, "speed")) != NULL)
        rc = get_speed(x, n, &s->speed);
    if (!rc)
        rc = need(x, v, "question", where, &n) ?: get_text(x, n, "question", &s->question);
    if (!rc)
        rc = need(x, v, "reveal", where, &n) ?: get_text(x, n, "reveal", &s->reveal);
    if (!rc && (n = ui_lesson__map_get(v, "card")) != NULL) {
        rc = get_card(x, n, s);
    } else if (!rc) {
        s->ncard = (int)(sizeof default_card / sizeof default_card[0]);
        memcpy(s->card, default_card, sizeof default_card);
    }
    if (!rc && (n = ui_lesson__map_get(v, "diagram")) != NULL)
        rc = get_bool(x, n, "diagram", &s->diagram);
    return rc;
}

static int build(struct load *x, const struct ui_lesson__node *root, const char *default_name)
{
    struct ui_lesson *l = x->l;
    if (!root) {
        struct ui_lesson__node start = {.line = 1, .col = 1};
        return ui_lesson__fail(x->d, x->file, &start, "the lesson is empty (it needs `scenes`)");
    }
    if (root->kind != UI_LESSON__MAP)
        return ui_lesson__fail(x->d, x->file, root,
                               "a lesson is a mapping of `name`, `title` and `scenes`");
    int rc = check_keys(x, root, top_keys, NTOP, "the lesson");
    const struct ui_lesson__node *n;
    if (!rc && (n = ui_lesson__map_get(root, "name")) != NULL)
        rc = get_name(x, n, "name", &l->name);
    if (!rc && !l->name && (l->name = strdup(default_name)) == NULL)
        rc = SIM_ENOMEM;
    if (!rc)
        rc = need(x, root, "title", "the lesson", &n) ?: get_text(x, n, "title", &l->title);
    if (!rc)
        rc = need(x, root, "scenes", "the lesson", &n);
    if (rc)
        return rc;
    if (n->kind != UI_LESSON__SEQ || n->n == 0)
        return ui_lesson__fail(x->d, x->file, n, "`scenes` must be a list of at least one scene");
    if (n->n > UI_LESSON_MAX_SCENES)
        return ui_lesson__fail(x->d, x->file, n, "more than %d scenes", UI_LESSON_MAX_SCENES);
    if ((l->scenes = calloc(n->n, sizeof *l->scenes)) == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < n->n; i++) {
        l->nscenes = i + 1;
        if ((rc = get_scene(x, n->items[i], i, &l->scenes[i])) != 0)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->scenes[j].name, l->scenes[i].name) == 0) {
                const struct ui_lesson__node *at = ui_lesson__map_get(n->items[i], "name");
                return ui_lesson__fail(x->d, x->file, at ? at : n->items[i],
                                       "two scenes are called `%s`", l->scenes[i].name);
            }
    }
    return 0;
}

/* The file's name without directory and .yaml/.yml. */
static void base_name(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        *dot = '\0';
    if (!is_name(out))
        snprintf(out, n, "lesson");
}

int ui_lesson_load_text(struct ui_lesson *l, const char *text, size_t len, const char *display_name,
                        const char *base_dir, struct ord_diag *d)
{
    memset(l, 0, sizeof *l);
    memset(d, 0, sizeof *d);
    if (len > UI_LESSON_MAX_FILE_BYTES)
        return ui_lesson__fail(d, display_name, NULL, "larger than %u bytes",
                               UI_LESSON_MAX_FILE_BYTES);
    struct ui_lesson__node *root;
    int rc = ui_lesson__tree_parse(text, len, display_name, d, &root);
    if (rc)
        return rc;
    struct load x = {d, display_name, base_dir, l};
    char name[80];
    base_name(display_name, name, sizeof name);
    rc = build(&x, root, name);
    ui_lesson__tree_free(root);
    if (rc) {
        if (rc == SIM_ENOMEM && !d->msg[0])
            snprintf(d->msg, sizeof d->msg, "out of memory");
        ui_lesson_free(l);
    }
    return rc;
}

int ui_lesson_load_file(struct ui_lesson *l, const char *path, struct ord_diag *d)
{
    memset(l, 0, sizeof *l);
    memset(d, 0, sizeof *d);
    /* The one input opener: refuses a FIFO or device before reading (a FIFO would
     * block fopen() until a writer came), and stops at the size limit. */
    char *text, why[600];
    size_t len;
    int rc = ui_file_read_all(path, UI_LESSON_MAX_FILE_BYTES, &text, &len, why, sizeof why);
    if (rc) {
        size_t pl = strlen(path);
        const char *reason = strncmp(why, path, pl) == 0 && why[pl] == ':' ? why + pl + 2 : why;
        ui_lesson__fail(d, path, NULL, "%s", reason);
        return rc == SIM_ERANGE ? SIM_EINVAL : rc;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    rc = ui_lesson_load_text(l, text, len, path, slash ? dir : NULL, d);
    free(text);
    return rc;
}

static const struct ui_lesson_builtin *builtin_find(const char *name)
{
    for (int i = 0; i < ui_lesson_builtin_count; i++)
        if (strcmp(ui_lesson_builtins[i].name, name) == 0)
            return &ui_lesson_builtins[i];
    return NULL;
}

int ui_lesson_resolve(struct ui_lesson *l, const char *arg, struct ord_diag *d)
{
    if (!arg)
        arg = UI_LESSON_DEFAULT;
    size_t n = strlen(arg);
    bool looks_file = strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".yaml") == 0) ||
                      (n > 4 && strcmp(arg + n - 4, ".yml") == 0) || file_exists(arg);
    if (looks_file)
        return ui_lesson_load_file(l, arg, d);
    const struct ui_lesson_builtin *b = builtin_find(arg);
    if (b)
        return ui_lesson_load_text(l, b->text, b->len, b->name, NULL, d);
    memset(l, 0, sizeof *l);
    const char *names[64];
    int k = 0;
    for (int i = 0; i < ui_lesson_builtin_count && k < 64; i++)
        names[k++] = ui_lesson_builtins[i].name;
    char hint[96];
    ui_lesson__suggest(arg, names, k, hint, sizeof hint);
    ui_lesson__fail(d, arg, NULL, "no built-in lesson or file of that name%s (see 'ordersim "
                                  "lessons')",
                    hint);
    return SIM_ENOENT;
}

/* Quote for a POSIX shell: 'text' with ' as '\''. */
static void shell_quote(const char *s, char *buf, size_t n, size_t *used)
{
    char tmp[8];
    if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:+-") ==
                  strlen(s)) {
        append(buf, n, used, s); /* nothing the shell would read differently */
        return;
    }
    append(buf, n, used, "'");
    for (; *s; s++) {
        if (*s == '\'') {
            append(buf, n, used, "'\\''");
            continue;
        }
        tmp[0] = *s;
        tmp[1] = '\0';
        append(buf, n, used, tmp);
    }
    append(buf, n, used, "'");
}

size_t ui_lesson_run_command(const struct ui_lesson_scene *s, char *buf, size_t n)
{
    size_t used = 0;
    if (n == 0)
        return 0;
    buf[0] = '\0';
    append(buf, n, &used, "ordersim run ");
    shell_quote(s->scenario, buf, n, &used);
    for (size_t i = 0; i < s->nsets; i++) {
        append(buf, n, &used, " --set ");
        shell_quote(s->sets[i], buf, n, &used);
    }
    return used;
}

void ui_lesson_fig_value(enum ui_lesson_fig f, const struct ord_summary *s, char *buf, size_t n)
{
    if (ui_summary_cell(ui_lesson_figs[f].label[UI_TUI_EN], s, buf, n) != 0)
        snprintf(buf, n, "?");
}
