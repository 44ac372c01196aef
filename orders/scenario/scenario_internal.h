/* orders/scenario/scenario_internal.h: shared by config.c, scenario*.c and trace.c only.
 *
 * The loader works in two steps: YAML text -> a small tree of nodes that remember
 * their line and column (scenario_tree.c), then tree -> struct ord_config, driven by
 * the key table (scenario_keys.c, scenario_build.c). ord_scenario_set() turns a
 * config back into a tree (scenario_dump.c), applies the override to the tree and
 * builds again, so an override is checked exactly like a file. Names carry the ord__
 * prefix (private to the orders layer). */
#ifndef ORD_SCENARIO_INTERNAL_H
#define ORD_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "orders/scenario/config.h"
#include "orders/scenario/scenario.h"
#include "orders/scenario/scenario_keys.h"

/* Limits on input, so that no file can make the loader allocate without bound. */
#define ORD__MAX_FILE_BYTES (16u << 20)    /* a scenario file */
#define ORD__MAX_NODES 1000000             /* YAML nodes in one document */
#define ORD__MAX_DEPTH 32                  /* nesting of mappings and lists */
#define ORD__MAX_MAP_KEYS 256              /* keys in one mapping */
#define ORD__MAX_TRACE_BYTES (256u << 20)  /* a trace file (read whole: memory) */
#define ORD__MAX_TRACE_ROWS 10000000       /* rows in a trace */
#define ORD__MAX_TRACE_LINE 4096           /* bytes in one trace line */
#define ORD__MAX_WRITE_INLINE 100000       /* trace rows written inline */
#define ORD__MAX_BUCKETS 100000            /* (duration + drain) / interval */
#define ORD__MAX_TOTAL_THREADS 1000000ull /* instances x threads: bounds memory */
#define ORD__WEEK (7 * 24 * SIM_HOUR)

/* Where a config came from: enough to resolve its trace again when ord_scenario_set
 * rebuilds it. */
struct ord_scenario_src {
    char *dir;    /* directory relative trace paths resolve against; NULL: the cwd */
    bool builtin; /* a built-in: relative traces are the embedded ones */
};

/* A deep copy (NULL in, NULL out) and its release; NULL with *err = SIM_ENOMEM when
 * out of memory. */
struct ord_scenario_src *ord__src_new(const char *dir, bool builtin, int *err);
struct ord_scenario_src *ord__src_copy(const struct ord_scenario_src *s, int *err);
void ord__src_free(struct ord_scenario_src *s);

/* strdup that accepts NULL (gives NULL) and sets *err = SIM_ENOMEM on failure. */
char *ord__strdup(const char *s, int *err);

/* ---- the tree (scenario_tree.c) ---- */

enum ord__kind { ORD__SCALAR, ORD__SEQ, ORD__MAP };

struct ord__node {
    enum ord__kind kind;
    int line, col; /* 1-based; 0 for nodes made by the program */
    bool from_set; /* parsed from a --set value or key */
    bool flow;     /* SEQ/MAP: write in flow style ({...}, [...]) */
    bool literal;  /* SCALAR: write as a literal block (|) */
    bool quoted;   /* SCALAR: was quoted in the input */
    char *text;    /* SCALAR: NUL-terminated (may also hold NULs: see len) */
    size_t len;
    struct ord__node **items; /* SEQ: items; MAP: key, value, key, value, ... */
    size_t n, cap;            /* n counts items (MAP: 2 x pairs) */
};

/* Diagnostics context: where errors are reported. */
struct ord__ctx {
    struct ord_diag *d;
    const char *file; /* name diagnostics give */
    int set_col;      /* > 0 in --set mode: the column for nodes with no position */
    int set_line;     /* with set_col: which --set (1-based; 0 means 1) */
    size_t nodes;     /* nodes made so far (against ORD__MAX_NODES) */
};

/* Fill the diag from a node's position (or the context's) and return SIM_EPARSE. */
int ord__fail(struct ord__ctx *x, const struct ord__node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ord__diag_set(struct ord_diag *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* rc, after making sure a failure out of memory says so ("file: out of memory")
 * when nothing filled the diag. */
int ord__diag_oom(struct ord_diag *d, const char *file, int rc);

/* Parse one YAML document; positions are shifted by line0/col0 (used for --set).
 * *root is NULL for an empty document. Returns 0, SIM_EPARSE or SIM_ENOMEM. */
int ord__tree_parse(struct ord__ctx *x, const char *text, size_t len, int line0, int col0,
                    bool from_set, struct ord__node **root);
void ord__tree_free(struct ord__node *n);
/* Write the tree as YAML. Returns 0 or SIM_EIO. */
int ord__tree_emit(const struct ord__node *root, FILE *out);

/* Constructors for trees made by the program. They record SIM_ENOMEM in *err and
 * return NULL; put/push take ownership and accept NULL (after a failure). */
struct ord__node *ord__scalar(const char *text, int *err);
struct ord__node *ord__container(enum ord__kind kind, bool flow, int *err);
void ord__map_put(struct ord__node *map, const char *key, struct ord__node *value, int *err);
void ord__seq_push(struct ord__node *seq, struct ord__node *item, int *err);
/* The value of key in map, or NULL; its index (of the key) in *at if at != NULL. */
struct ord__node *ord__map_get(const struct ord__node *map, const char *key, size_t *at);
/* Append a pair / remove the pair at key index i (takes ownership of k and v). */
int ord__map_add(struct ord__node *map, struct ord__node *k, struct ord__node *v);
void ord__map_remove(struct ord__node *map, size_t i);

/* ---- values (scenario_value.c) ---- */

/* Parse a duration ("250ms", "0.5s", "12345678901ns", "0"); "unlimited" gives
 * SIM_TIME_NEVER when allow_unlimited. On error returns SIM_EPARSE and points *why at
 * a static reason. */
int ord__parse_duration(const char *s, bool allow_unlimited, sim_time *out, const char **why);
/* Seconds as written in a trace ("12.5"): a duration with unit s. */
int ord__parse_seconds(const char *s, size_t len, sim_time *out, const char **why);
/* "1000/s", "60000/m", "2/h", "1000" (per second); "unlimited" gives 0 when allowed. */
int ord__parse_rate(const char *s, bool allow_unlimited, double *per_s, const char **why);
/* A plain decimal number (factors), finite. */
int ord__parse_number(const char *s, double *out, const char **why);
/* A whole number; "unlimited" gives UINT64_MAX when allowed. */
int ord__parse_count(const char *s, bool allow_unlimited, uint64_t *out, const char **why);

/* Exact text for a duration ("60s", "12345678901ns", "unlimited") and a rate
 * ("1000/s", "16.666666666666668/s"): each parses back to the same value. */
void ord__fmt_duration(sim_time t, char *buf, size_t n);
void ord__fmt_rate(double per_s, char *buf, size_t n);
void ord__fmt_number(double v, char *buf, size_t n);

/* Levenshtein distance, capped: returns cap + 1 when larger (or strings too long). */
int ord__edit_distance(const char *a, const char *b, int cap);

/* ---- the key table (scenario_keys.c) ---- */

enum ord__type {
    ORD__T_SECTION,  /* a mapping of further keys */
    ORD__T_NAME,     /* an identifier (the scenario's name) */
    ORD__T_STRING,   /* one line of text */
    ORD__T_TEXT,     /* free text (notes) */
    ORD__T_SEED,     /* uint64 */
    ORD__T_DURATION, /* sim_time */
    ORD__T_COUNT32,  /* uint32_t (ORD_UNLIMITED) */
    ORD__T_COUNT64,  /* uint64_t (MQ_UNLIMITED) */
    ORD__T_RATE,     /* double per second (0 = unlimited where allowed) */
    ORD__T_FACTOR,   /* double */
    ORD__T_SERVICE,  /* struct sim_dist */
    ORD__T_ARRIVALS, /* enum ord_arrivals */
    ORD__T_TARGET,   /* enum ord_target */
    ORD__T_KIND,     /* enum ord_fault_kind */
    ORD__T_DO,       /* enum ord_command_kind */
    ORD__T_TRACE,    /* a path (char *) */
    ORD__T_TIMES,    /* list of durations */
    ORD__T_PHASES,   /* list of {at, rate} */
    ORD__T_VARIANTS, /* list of variant names */
    ORD__T_FAULTS,   /* list of faults */
    ORD__T_COMMANDS, /* list of commands */
    ORD__T_IDENT,    /* a service's or database's name: char[ORD_NAME_MAX], [a-z0-9_-] */
    ORD__T_BOOL,     /* bool */
    ORD__T_SERVICES, /* list of services */
    ORD__T_DATABASES, /* mapping of name: database */
    ORD__T_CALLS,    /* enum ord_calls */
    ORD__T_FLUSH,    /* bool flush_sync, written async | sync */
};

enum {
    ORD__ZERO = 1,      /* zero allowed */
    ORD__UNLIMITED = 2, /* "unlimited" allowed */
    ORD__REQUIRED = 4,  /* list items: must be given */
    ORD__OMIT = 8,      /* written only when it differs from the default */
};

struct ord__key {
    const char *path; /* "database.queue_timeout", "load.phases[].at" */
    enum ord__type type;
    size_t offset;   /* into struct ord_config, or into the list item's struct */
    double min, max; /* numeric bounds (ns for durations) */
    unsigned flags;
};

/* The rows in the order of enum ord__key_id: ord__keys[ORD__K_LOAD_TRACE]. */
extern const struct ord__key ord__keys[ORD__NKEYS];
extern const int ord__nkeys;

/* The row for a full path as written in input, or NULL when there is none (an
 * unknown key: the caller reports it). Code names rows by ORD__K_... instead. */
const struct ord__key *ord__key_find(const char *path);
/* " (did you mean `x`?)" for an unknown key at path (prefix + name), or "". */
void ord__key_suggest(const char *prefix, const char *name, char *buf, size_t n);

/* ---- tree <-> config (scenario_build.c, scenario_dump.c) ---- */

/* How relative trace paths resolve while building. */
struct ord__origin {
    const char *dir;  /* NULL: the current directory */
    bool builtin;     /* relative traces are the embedded ones */
    const char *name; /* name when the file has no `name` key */
    /* Rows already read from the trace of that name (an override rebuilding a config
     * whose trace did not change): shared, not read again. NULL: read the file. */
    struct ord_trace_rows *reuse;
};

/* The shared rows of a trace (struct ord_load.rows). ord__rows_new takes ownership of
 * phases and times (either may be NULL) and copies trace; NULL on ENOMEM (then it
 * freed nothing). Retain/release count references (thread-safe); the last release
 * frees the rows. */
struct ord_trace_rows *ord__rows_new(const char *trace, struct ord_phase *phases, size_t nphases,
                                     sim_time *times, size_t ntimes);
struct ord_trace_rows *ord__rows_retain(struct ord_trace_rows *r);
void ord__rows_release(struct ord_trace_rows *r);
/* Put r's rows into load (retaining r), dropping what load held. */
void ord__load_use_rows(struct ord_load *load, struct ord_trace_rows *r);
/* Free load's phases or times unless the shared rows own them. */
void ord__load_drop_phases(struct ord_load *load);
void ord__load_drop_times(struct ord_load *load);
/* The trace path the rows were read for (as written in the scenario). */
const char *ord__rows_trace(const struct ord_trace_rows *r);

/* Build a validated config from a tree (root may be NULL: all defaults). On error
 * returns SIM_EPARSE / SIM_ENOENT / SIM_EIO / SIM_ENOMEM with the diag filled and c
 * untouched. */
int ord__build(struct ord__ctx *x, const struct ord__node *root, const struct ord__origin *o,
               struct ord_config *c);

/* The state of one build (scenario_build.c, scenario_lists.c). */
struct ord__build {
    struct ord__ctx *x;
    const struct ord__origin *o;
    struct ord_config c;                          /* being built, from the defaults */
    bool seen[ORD__NKEYS];                     /* top-level rows given */
    const struct ord__node *where[ORD__NKEYS]; /* their value nodes */
};

/* Walk a mapping of keys under tprefix (table path, "faults[].") into base; dprefix
 * names it in messages ("faults.2."). seen/where are indexed by key row. */
int ord__walk(struct ord__build *b, const struct ord__node *map, const char *tprefix,
              const char *dprefix, void *base, bool *seen, const struct ord__node **where);
/* Check v is a scalar without NUL bytes; `what` says what was expected. */
int ord__need_scalar(struct ord__build *b, const char *disp, const struct ord__node *v,
                     const char *what);
/* A duration value for key, range-checked. */
int ord__get_duration(struct ord__build *b, const struct ord__key *key, const char *disp,
                      const struct ord__node *v, sim_time *out);
/* One of names[0..n) (index in *out), with a suggestion when unknown. */
int ord__get_name(struct ord__build *b, const char *disp, const struct ord__node *v,
                  const char *const *names, int n, int *out);
/* The list-valued and service keys (scenario_lists.c). */
int ord__set_list(struct ord__build *b, const struct ord__key *key, const char *disp,
                  const struct ord__node *v);
int ord__set_service(struct ord__build *b, const struct ord__key *key, const char *disp,
                     const struct ord__node *v, struct sim_dist *out);
/* A fault's unit while its target is a name not yet resolved (scenario_services.c
 * resolves it to a service or a database once the whole file is read). */
#define ORD__UNIT_BY_NAME 255u

/* The services list and the databases map (scenario_services.c). */
int ord__set_services(struct ord__build *b, const char *disp, const struct ord__node *v);
int ord__set_databases(struct ord__build *b, const char *disp, const struct ord__node *v);
/* A service's or database's name (1..31 of a-z0-9_-). */
int ord__check_ident(struct ord__build *b, const char *disp, const struct ord__node *v);
/* After the walk: the services and databases forms checked against each other,
 * database names resolved, b and db made copies of the first service's. */
int ord__finish_services(struct ord__build *b);
/* The top-level row's value node, or NULL when not given. */
const struct ord__node *ord__where(const struct ord__build *b, enum ord__key_id k);
/* A node's text made safe to print (control characters replaced, cut at 60 bytes). */
const char *ord__show(const struct ord__node *v, char *buf, size_t n);

enum ord__dump_mode {
    ORD__DUMP_SET,   /* keeps `trace:` so the rebuild reads it again */
    ORD__DUMP_WRITE, /* self-contained: phases and times inline */
};
/* The tree of a config (every key explicit). NULL with *err on failure. */
struct ord__node *ord__dump(const struct ord_config *c, enum ord__dump_mode mode, int *err);

/* ---- traces (trace.c) ---- */

/* Parse trace text (CSV, see scenarios/README.md). Rate traces fill *phases, time
 * traces fill *times (exactly one of the two is non-NULL on success). Errors name
 * file:line:column. Returns 0, SIM_EPARSE or SIM_ENOMEM. */
int ord__trace_parse(const char *text, size_t len, const char *file, struct ord_phase **phases,
                     size_t *nphases, sim_time **times, size_t *ntimes, struct ord_diag *d);
/* Read a whole regular file of at most max bytes into a malloc'd NUL-terminated
 * buffer. Returns 0, SIM_ENOENT, SIM_EIO (diag: path and OS error), SIM_EINVAL (not a
 * regular file), SIM_EPARSE (too large) or SIM_ENOMEM. */
int ord__read_file(const char *path, size_t max, char **text, size_t *len, struct ord_diag *d);

#endif
