/* orders/scenario/scenario_keys.c: the rows of the key table (scenario_keys.h) as
 * data: the parser's ord__keys and the public ord_key_docs; lookup by path (for input)
 * and "did you mean". */
#include "orders/scenario/scenario_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CFG(f) offsetof(struct ord_config, f)
#define PHASE(f) offsetof(struct ord_phase, f)
#define FAULT(f) offsetof(struct ord_fault, f)
#define CMD(f) offsetof(struct ord_command, f)
#define SVC(f) offsetof(struct ord_service, f)
#define DBS(f) offsetof(struct ord_database, f)
#define O ORD__OMIT
#define WEEK_NS 604800e9
#define HOUR_NS 3600e9
#define Z ORD__ZERO
#define U ORD__UNLIMITED
#define R ORD__REQUIRED

const struct ord__key ord__keys[ORD__NKEYS] = {
#define ORD__KEY_ROW(id, path, type, offset, min, max, flags, tname, dflt, doc)                    \
    {path, ORD__T_##type, offset, min, max, flags},
    ORD__KEYS(ORD__KEY_ROW)
#undef ORD__KEY_ROW
};
const int ord__nkeys = ORD__NKEYS;

const struct ord_key_doc ord_key_docs[] = {
#define ORD__DOC_ROW(id, path, type, offset, min, max, flags, tname, dflt, doc)                    \
    {path, tname, dflt, doc},
    ORD__KEYS(ORD__DOC_ROW)
#undef ORD__DOC_ROW
};
const int ord_key_doc_count = (int)(sizeof ord_key_docs / sizeof ord_key_docs[0]);

const struct ord__key *ord__key_find(const char *path)
{
    for (int i = 0; i < ord__nkeys; i++)
        if (strcmp(ord__keys[i].path, path) == 0)
            return &ord__keys[i];
    return NULL;
}

/* The last component of a path ("queue_timeout" of "database.queue_timeout"). */
static const char *leaf(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

/* Does path lie directly under prefix ("database." or "" for the top level)? */
static bool directly_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && strchr(path + n, '.') == NULL;
}

void ord__key_suggest(const char *prefix, const char *name, char *buf, size_t n)
{
    const char *best = NULL;
    int best_d = (int)strlen(name) / 3 > 2 ? (int)strlen(name) / 3 : 2;
    for (int i = 0; i < ord__nkeys; i++) {
        if (!directly_under(ord__keys[i].path, prefix))
            continue;
        int d = ord__edit_distance(name, leaf(ord__keys[i].path), best_d);
        if (d <= best_d && (!best || d < best_d)) {
            best = ord__keys[i].path;
            best_d = d;
        }
    }
    if (best) {
        snprintf(buf, n, " (did you mean `%s`?)", leaf(best));
        return;
    }
    /* The right name in the wrong section: "b.queue_timeout" -> database's. */
    for (int i = 0; i < ord__nkeys; i++) {
        if (strcmp(leaf(ord__keys[i].path), name) == 0 && !strstr(ord__keys[i].path, "[]")) {
            snprintf(buf, n, " (did you mean `%s`?)", ord__keys[i].path);
            return;
        }
    }
    buf[0] = '\0';
}
