/* orders/scenario/scenario_keys.c: the one table of scenario keys.
 *
 * Each row drives the parser (type, where the value goes, bounds), the unknown-key
 * check and its "did you mean", the public ord_key_docs (help) and, by hand,
 * scenarios/README.md (a test checks every path appears there). List items are
 * written `list[].key`; their offsets are into the item's struct. */
#include "orders/scenario/scenario_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CFG(f) offsetof(struct ord_config, f)
#define PHASE(f) offsetof(struct ord_phase, f)
#define FAULT(f) offsetof(struct ord_fault, f)
#define CMD(f) offsetof(struct ord_command, f)
#define WEEK_NS 604800e9
#define HOUR_NS 3600e9
#define Z ORD__ZERO
#define U ORD__UNLIMITED
#define R ORD__REQUIRED

/* X(path, type, offset, min, max, flags, type name, default, doc) */
#define ORD__KEYS(X)                                                                               \
    X("name", NAME, CFG(name), 0, 0, 0, "name", "the file's name",                                 \
      "Identifier used in outputs: letters, digits, `.`, `_`, `-` (at most 64). A built-in's "     \
      "name is its file name.")                                                                    \
    X("title", STRING, CFG(title), 0, 0, 0, "string", "the name",                                  \
      "One line shown in the TUI and on charts (at most 200 bytes).")                              \
    X("notes", TEXT, CFG(notes), 0, 0, 0, "text", "none",                                          \
      "The lesson: free text in any language (at most 64 KiB).")                                   \
    X("seed", SEED, CFG(seed), 0, 0, Z, "integer", "42",                                           \
      "Random seed (0 to 2^64-1); the same scenario and seed give identical results.")             \
    X("duration", DURATION, CFG(duration), 1e6, WEEK_NS, 0, "duration", "60s",                     \
      "Load time: orders arrive from 0 until duration.")                                           \
    X("drain", DURATION, CFG(drain), 0, WEEK_NS, Z, "duration", "30s",                             \
      "Time after the load ends, to let queues empty.")                                            \
    X("interval", DURATION, CFG(interval), 1e6, HOUR_NS, 0, "duration", "1s",                      \
      "Time-series bucket: one CSV row, one chart point.")                                         \
    X("load", SECTION, 0, 0, 0, 0, "mapping", "", "The arrivals of orders.")                       \
    X("load.arrivals", ARRIVALS, CFG(load.arrivals), 0, 0, 0, "poisson | even | times", "poisson", \
      "poisson: exponential gaps at the phase's rate; even: evenly spaced; times: the exact "      \
      "times of load.times or of a time_s trace.")                                                 \
    X("load.phases", PHASES, 0, 0, 0, 0, "list of {at, rate}", "[{at: 0s, rate: 1000/s}]",         \
      "Piecewise-constant rate: a phase lasts until the next one's `at`; the first starts "        \
      "at 0s; `at` strictly increasing.")                                                          \
    X("load.phases[].at", DURATION, PHASE(at), 0, WEEK_NS, Z | R, "duration", "required",          \
      "When the phase starts.")                                                                    \
    X("load.phases[].rate", RATE, PHASE(rate_per_s), 0, 1e7, Z | R, "rate", "required",            \
      "Orders per second during the phase (0 allowed).")                                           \
    X("load.trace", TRACE, CFG(load.trace), 0, 0, 0, "path", "none",                               \
      "A CSV trace instead of phases or times, relative to the scenario file.")                    \
    X("load.times", TIMES, 0, 0, WEEK_NS, Z, "list of durations", "none",                          \
      "Exact arrival times (sorted) instead of phases; implies arrivals: times.")                  \
    X("a", SECTION, 0, 0, 0, 0, "mapping", "", "System A, the order service users call.")          \
    X("a.instances", COUNT32, CFG(a.instances), 1, 1e6, 0, "count", "20", "Instances of A.")       \
    X("a.threads", COUNT32, CFG(a.threads), 1, 1e6, 0, "count", "200",                             \
      "Threads per instance; an order arriving when all are busy is rejected.")                    \
    X("a.service", SERVICE, CFG(a.service), 0, WEEK_NS, Z, "service", "20ms",                      \
      "A's own work per order.")                                                                   \
    X("b", SECTION, 0, 0, 0, 0, "mapping", "", "System B, the slow downstream.")                   \
    X("b.instances", COUNT32, CFG(b.instances), 1, 1e6, 0, "count", "20", "Instances of B.")       \
    X("b.threads", COUNT32, CFG(b.threads), 1, 1e6, 0, "count", "100",                             \
      "Threads per instance (sync: calls served at once; async: consumers).")                      \
    X("b.service", SERVICE, CFG(b.service), 0, WEEK_NS, Z, "service", "190ms",                     \
      "B's work per order, before its database query.")                                            \
    X("b.accept_queue", COUNT32, CFG(b.accept_queue), 0, 1e7, Z | U, "count", "1000",              \
      "Per instance: calls waiting for a free thread (sync); more are refused.")                   \
    X("b.timeout", DURATION, CFG(b.timeout), 1, WEEK_NS, U, "duration", "3s",                      \
      "A's timeout for one call to B (sync); B's processing timeout (async).")                     \
    X("b.retries", COUNT32, CFG(b.retries), 0, 100, Z, "count", "0",                               \
      "A's retries of a failed or timed-out call to B (sync).")                                    \
    X("b.backoff", DURATION, CFG(b.backoff), 0, HOUR_NS, Z, "duration", "100ms",                   \
      "First retry delay; doubles per retry up to backoff_max, with full jitter.")                 \
    X("b.backoff_max", DURATION, CFG(b.backoff_max), 0, WEEK_NS, Z, "duration", "10s",             \
      "Largest retry delay (at least backoff).")                                                   \
    X("database", SECTION, 0, 0, 0, 0, "mapping", "", "The database B writes to.")                 \
    X("database.connections", COUNT32, CFG(db.connections), 1, 1e6, 0, "count", "60",              \
      "Connections: queries served at once.")                                                      \
    X("database.query", SERVICE, CFG(db.query), 0, WEEK_NS, Z, "service", "10ms",                  \
      "One query per order.")                                                                      \
    X("database.queue_timeout", DURATION, CFG(db.queue_timeout), 0, WEEK_NS, Z | U, "duration",    \
      "1s", "Waiting longer than this for a connection is an error.")                              \
    X("mq", SECTION, 0, 0, 0, 0, "mapping", "", "The message queue (async variant).")              \
    X("mq.send", DURATION, CFG(mq.send), 0, HOUR_NS, Z, "duration", "5ms",                         \
      "Producer -> broker -> ack round trip.")                                                     \
    X("mq.send_timeout", DURATION, CFG(mq.send_timeout), 1, WEEK_NS, U, "duration", "3s",          \
      "One send, retries included.")                                                               \
    X("mq.send_retries", COUNT32, CFG(mq.send_retries), 0, 100, Z, "count", "2",                   \
      "Extra attempts after a failed send.")                                                       \
    X("mq.send_queue", COUNT64, CFG(mq.send_queue), 1, 1e9, U, "count", "unlimited",               \
      "Broker's pending sends; beyond it sends fail busy.")                                        \
    X("mq.broker_rate", RATE, CFG(mq.broker_rate_per_s), 0, 1e7, Z | U, "rate", "unlimited",       \
      "Sends the broker stores per second (0 = unlimited).")                                       \
    X("mq.rate_limit", RATE, CFG(mq.rate_limit_per_s), 0, 1e7, Z | U, "rate", "6000/s",            \
      "Consumer pulls per second (0 = unlimited).")                                                \
    X("mq.max_inflight", COUNT64, CFG(mq.max_inflight), 1, 1e9, U, "count", "1200",                \
      "Messages delivered but not yet acked.")                                                     \
    X("mq.max_reconsume", COUNT32, CFG(mq.max_reconsume), 0, 1000, Z, "count", "16",               \
      "Failed attempts before a message goes to the dead-letter queue.")                           \
    X("variants", VARIANTS, 0, 0, 0, 0, "list of names", "[sync, async]",                          \
      "Wirings to run side by side on the same arrivals: sync, async.")                            \
    X("faults", FAULTS, 0, 0, 0, 0, "list", "[]", "Scheduled faults (see Faults).")                \
    X("faults[].at", DURATION, FAULT(at), 0, WEEK_NS, Z | R, "duration", "required",               \
      "When the fault starts.")                                                                    \
    X("faults[].for", DURATION, FAULT(length), 1, WEEK_NS, U, "duration", "unlimited",             \
      "How long it lasts; unlimited: until the end of the run.")                                   \
    X("faults[].target", TARGET, FAULT(target), 0, 0, R, "b | database | mq | load", "required",   \
      "What fails.")                                                                               \
    X("faults[].kind", KIND, FAULT(kind), 0, 0, R, "down | hang | slow | spike", "required",       \
      "down: refuses at once; hang: accepts, never answers; slow: service x factor; "              \
      "spike: arrival rate (load only).")                                                          \
    X("faults[].factor", FACTOR, FAULT(factor), 0, 1e6, 0, "number", "required for slow",          \
      "Service-time multiplier of a slow fault (> 0).")                                            \
    X("faults[].rate", RATE, FAULT(rate_per_s), 0, 1e7, Z, "rate", "required for spike",           \
      "Arrival rate during a spike.")                                                              \
    X("commands", COMMANDS, 0, 0, 0, 0, "list", "[]",                                              \
      "Live commands recorded by the TUI, replayed at their times (see Commands).")                \
    X("commands[].at", DURATION, CMD(at), 0, WEEK_NS, Z | R, "duration", "required",               \
      "Virtual time of the command (written in ns).")                                              \
    X("commands[].do", DO, CMD(kind), 0, 0, R, "fault | clear", "required",                        \
      "fault: start a fault now; clear: end every fault on target.")                               \
    X("commands[].target", TARGET, CMD(fault.target), 0, 0, R, "b | database | mq | load",         \
      "required", "As for faults.")                                                                \
    X("commands[].kind", KIND, CMD(fault.kind), 0, 0, 0, "down | hang | slow | spike",             \
      "required for fault", "As for faults.")                                                      \
    X("commands[].for", DURATION, CMD(fault.length), 1, WEEK_NS, U, "duration", "unlimited",       \
      "As for faults; unlimited: until cleared.")                                                  \
    X("commands[].factor", FACTOR, CMD(fault.factor), 0, 1e6, 0, "number", "required for slow",    \
      "As for faults.")                                                                            \
    X("commands[].rate", RATE, CMD(fault.rate_per_s), 0, 1e7, Z, "rate", "required for spike",     \
      "As for faults.")

const struct ord__key ord__keys[] = {
#define ORD__KEY_ROW(path, type, offset, min, max, flags, tname, dflt, doc)                        \
    {path, ORD__T_##type, offset, min, max, flags},
    ORD__KEYS(ORD__KEY_ROW)
#undef ORD__KEY_ROW
};
const int ord__nkeys = (int)(sizeof ord__keys / sizeof ord__keys[0]);

const struct ord_key_doc ord_key_docs[] = {
#define ORD__DOC_ROW(path, type, offset, min, max, flags, tname, dflt, doc)                        \
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

int ord__key_row(const char *path)
{
    const struct ord__key *k = ord__key_find(path);
    return k ? (int)(k - ord__keys) : 0;
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
