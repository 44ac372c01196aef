/* orders/scenario/scenario_keys.h: the one table of scenario keys (private to
 * orders/scenario; included by scenario_internal.h).
 *
 * Each row drives the parser (type, where the value goes, bounds), the unknown-key
 * check and its "did you mean", the public ord_key_docs (help) and, by hand,
 * scenarios/README.md (a test checks every path appears there). List items are
 * written `list[].key`; their offsets are into the item's struct. */
#ifndef ORD_SCENARIO_KEYS_H
#define ORD_SCENARIO_KEYS_H

#include "orders/scenario/config.h"

/* X(ID, path, type, offset, min, max, flags, type name, default, doc). ID names the
 * row in code (ORD__K_ID, enum ord__key_id): the code never looks a row up by its
 * path, so a misspelt one is a compile error, not row 0. The short macros of the
 * offset, bound and flag columns (CFG, WEEK_NS, Z, ...) are defined where the rows
 * are expanded into data (scenario_keys.c). */
#define ORD__KEYS(X)                                                                               \
    X(NAME, "name", NAME, CFG(name), 0, 0, 0, "name", "the file's name",                           \
      "Identifier used in outputs: letters, digits, `.`, `_`, `-` (at most 64). A built-in's "     \
      "name is its file name.")                                                                    \
    X(TITLE, "title", STRING, CFG(title), 0, 0, 0, "string", "the name",                           \
      "One line shown in the TUI and on charts (at most 200 bytes).")                              \
    X(TITLE_ZH, "title_zh", STRING, CFG(title_zh), 0, 0, 0, "string", "the title",                 \
      "The title in Chinese, shown instead with --lang zh (at most 200 bytes).")                   \
    X(NOTES, "notes", TEXT, CFG(notes), 0, 0, 0, "text", "none",                                   \
      "The lesson: free text in any language (at most 64 KiB).")                                   \
    X(SEED, "seed", SEED, CFG(seed), 0, 0, Z, "integer", "42",                                     \
      "Random seed (0 to 2^64-1); the same scenario and seed give identical results.")             \
    X(DURATION, "duration", DURATION, CFG(duration), 1e6, WEEK_NS, 0, "duration", "60s",           \
      "Load time: orders arrive from 0 until duration.")                                           \
    X(DRAIN, "drain", DURATION, CFG(drain), 0, WEEK_NS, Z, "duration", "30s",                      \
      "Time after the load ends, to let queues empty.")                                            \
    X(INTERVAL, "interval", DURATION, CFG(interval), 1e6, HOUR_NS, 0, "duration", "1s",            \
      "Time-series bucket: one CSV row, one chart point.")                                         \
    X(LOAD, "load", SECTION, 0, 0, 0, 0, "mapping", "", "The arrivals of orders.")                 \
    X(LOAD_ARRIVALS, "load.arrivals", ARRIVALS, CFG(load.arrivals), 0, 0, 0, ORD_ARRIVALS_CHOICES, \
      "poisson",                                                                                   \
      "poisson: exponential gaps at the phase's rate; even: evenly spaced; times: the exact "      \
      "times of load.times or of a time_s trace.")                                                 \
    X(LOAD_PHASES, "load.phases", PHASES, 0, 0, 0, 0, "list of {at, rate}",                        \
      "[{at: 0s, rate: 1000/s}]",                                                                  \
      "Piecewise-constant rate: a phase lasts until the next one's `at`; the first starts "        \
      "at 0s; `at` strictly increasing.")                                                          \
    X(LOAD_PHASES_AT, "load.phases[].at", DURATION, PHASE(at), 0, WEEK_NS, Z | R, "duration",      \
      "required", "When the phase starts.")                                                        \
    X(LOAD_PHASES_RATE, "load.phases[].rate", RATE, PHASE(rate_per_s), 0, 1e7, Z | R, "rate",      \
      "required", "Orders per second during the phase (0 allowed).")                               \
    X(LOAD_TRACE, "load.trace", TRACE, CFG(load.trace), 0, 0, 0, "path", "none",                   \
      "A CSV trace instead of phases or times, relative to the scenario file.")                    \
    X(LOAD_TIMES, "load.times", TIMES, 0, 0, WEEK_NS, Z, "list of durations", "none",              \
      "Exact arrival times (sorted) instead of phases; implies arrivals: times.")                  \
    X(A, "a", SECTION, 0, 0, 0, 0, "mapping", "", "System A, the order service users call.")       \
    X(A_INSTANCES, "a.instances", COUNT32, CFG(a.instances), 1, 1e6, 0, "count", "20",             \
      "Instances of A.")                                                                           \
    X(A_THREADS, "a.threads", COUNT32, CFG(a.threads), 1, 1e6, U, "count", "200",                  \
      "Threads per instance; an order arriving when all are busy is rejected; unlimited: "         \
      "never (M/M/inf).")                                                                          \
    X(A_SERVICE, "a.service", SERVICE, CFG(a.service), 0, WEEK_NS, Z, "service", "20ms",           \
      "A's own work per order.")                                                                   \
    X(B, "b", SECTION, 0, 0, 0, 0, "mapping", "", "System B, the slow downstream.")                \
    X(B_INSTANCES, "b.instances", COUNT32, CFG(b.instances), 1, 1e6, 0, "count", "20",             \
      "Instances of B.")                                                                           \
    X(B_THREADS, "b.threads", COUNT32, CFG(b.threads), 1, 1e6, U, "count", "100",                  \
      "Threads per instance (sync: calls served at once; async: consumers).")                      \
    X(B_SERVICE, "b.service", SERVICE, CFG(b.service), 0, WEEK_NS, Z, "service", "190ms",          \
      "B's work per order, before its database query.")                                            \
    X(B_ACCEPT_QUEUE, "b.accept_queue", COUNT32, CFG(b.accept_queue), 0, 1e7, Z | U, "count",      \
      "1000", "Per instance: calls waiting for a free thread (sync); more are refused.")           \
    X(B_TIMEOUT, "b.timeout", DURATION, CFG(b.timeout), 1, WEEK_NS, U, "duration", "3s",           \
      "A's timeout for one call to B (sync); B's processing timeout (async).")                     \
    X(B_RETRIES, "b.retries", COUNT32, CFG(b.retries), 0, 100, Z, "count", "0",                    \
      "A's retries of a failed or timed-out call to B (sync).")                                    \
    X(B_BACKOFF, "b.backoff", DURATION, CFG(b.backoff), 0, HOUR_NS, Z, "duration", "100ms",        \
      "First retry delay; doubles per retry up to backoff_max, with full jitter.")                 \
    X(B_BACKOFF_MAX, "b.backoff_max", DURATION, CFG(b.backoff_max), 0, WEEK_NS, Z, "duration",     \
      "10s", "Largest retry delay (at least backoff).")                                            \
    X(DATABASE, "database", SECTION, 0, 0, 0, 0, "mapping", "", "The database B writes to.")       \
    X(DATABASE_CONNECTIONS, "database.connections", COUNT32, CFG(db.connections), 1, 1e6, 0,       \
      "count", "60", "Connections: queries served at once.")                                       \
    X(DATABASE_QUERY, "database.query", SERVICE, CFG(db.query), 0, WEEK_NS, Z, "service", "10ms",  \
      "One query per order.")                                                                      \
    X(DATABASE_QUEUE_TIMEOUT, "database.queue_timeout", DURATION, CFG(db.queue_timeout), 0,        \
      WEEK_NS, Z | U, "duration", "1s", "Waiting longer than this for a connection is an error.")  \
    X(MQ, "mq", SECTION, 0, 0, 0, 0, "mapping", "", "The message queue (async variant).")          \
    X(MQ_SEND, "mq.send", DURATION, CFG(mq.send), 0, HOUR_NS, Z, "duration", "5ms",                \
      "Producer -> broker -> ack round trip.")                                                     \
    X(MQ_SEND_TIMEOUT, "mq.send_timeout", DURATION, CFG(mq.send_timeout), 1, WEEK_NS, U,           \
      "duration", "3s", "One send, retries included.")                                             \
    X(MQ_SEND_RETRIES, "mq.send_retries", COUNT32, CFG(mq.send_retries), 0, 100, Z, "count", "2",  \
      "Extra attempts after a failed send.")                                                       \
    X(MQ_SEND_QUEUE, "mq.send_queue", COUNT64, CFG(mq.send_queue), 1, 1e9, U, "count",             \
      "unlimited", "Broker's pending sends; beyond it sends fail busy.")                           \
    X(MQ_BROKER_RATE, "mq.broker_rate", RATE, CFG(mq.broker_rate_per_s), 0, 1e7, Z | U, "rate",    \
      "unlimited", "Sends the broker stores per second (0 = unlimited).")                          \
    X(MQ_RATE_LIMIT, "mq.rate_limit", RATE, CFG(mq.rate_limit_per_s), 0, 1e7, Z | U, "rate",       \
      "6000/s", "Consumer pulls per second (0 = unlimited).")                                      \
    X(MQ_MAX_INFLIGHT, "mq.max_inflight", COUNT64, CFG(mq.max_inflight), 1, 1e9, U, "count",       \
      "1200", "Messages delivered but not yet acked.")                                             \
    X(MQ_MAX_RECONSUME, "mq.max_reconsume", COUNT32, CFG(mq.max_reconsume), 0, 1000, Z, "count",   \
      "16", "Failed attempts before a message goes to the dead-letter queue.")                     \
    X(MQ_STORE_LIMIT, "mq.store_limit", COUNT64, CFG(mq.store_limit), 1, 5e6, 0, "count",          \
      "5000000", "Messages the broker holds (stored, not yet acked); beyond it sends fail busy.") \
    X(MQ_FLUSH, "mq.flush", FLUSH, CFG(mq.flush_sync), 0, 0, O, "async | sync", "async",           \
      "async: the broker acks a send before flushing it to disk (a crash loses the last "          \
      "flush_interval); sync: after (nothing acked is lost; sends take flush_time longer).")       \
    X(MQ_FLUSH_INTERVAL, "mq.flush_interval", DURATION, CFG(mq.flush_interval), 1e6, HOUR_NS, O,   \
      "duration", "500ms", "Async flush: time between flushes of the commit log.")                 \
    X(MQ_FLUSH_TIME, "mq.flush_time", DURATION, CFG(mq.flush_time), 0, HOUR_NS, Z | O, "duration", \
      "2ms", "Sync flush: what the flush adds to each send.")                                      \
    X(SERVICES, "services", SERVICES, 0, 0, 0, 0, "list", "one service b (the b: form)",           \
      "The downstream services, in the order sync calls them (see Services). Not with `b:`.")     \
    X(SERVICES_NAME, "services[].name", IDENT, SVC(name), 0, 0, R, "name", "required",             \
      "Its name: a-z, 0-9, `_`, `-`; faults and outputs use it.")                                  \
    X(SERVICES_INSTANCES, "services[].instances", COUNT32, SVC(b.instances), 1, 1e6, 0, "count",   \
      "20", "Instances.")                                                                          \
    X(SERVICES_THREADS, "services[].threads", COUNT32, SVC(b.threads), 1, 1e6, U, "count", "100",  \
      "Threads per instance; unlimited: every call is served at once (M/M/inf).")                  \
    X(SERVICES_SERVICE, "services[].service", SERVICE, SVC(b.service), 0, WEEK_NS, Z, "service",   \
      "190ms", "Its work per order, before its database query.")                                   \
    X(SERVICES_ACCEPT_QUEUE, "services[].accept_queue", COUNT32, SVC(b.accept_queue), 0, 1e7,      \
      Z | U, "count", "1000", "As b.accept_queue.")                                                \
    X(SERVICES_TIMEOUT, "services[].timeout", DURATION, SVC(b.timeout), 1, WEEK_NS, U, "duration", \
      "3s", "As b.timeout.")                                                                       \
    X(SERVICES_RETRIES, "services[].retries", COUNT32, SVC(b.retries), 0, 100, Z, "count", "0",    \
      "As b.retries.")                                                                             \
    X(SERVICES_BACKOFF, "services[].backoff", DURATION, SVC(b.backoff), 0, HOUR_NS, Z, "duration", \
      "100ms", "As b.backoff.")                                                                    \
    X(SERVICES_BACKOFF_MAX, "services[].backoff_max", DURATION, SVC(b.backoff_max), 0, WEEK_NS, Z, \
      "duration", "10s", "As b.backoff_max.")                                                      \
    X(SERVICES_DATABASE, "services[].database", IDENT, SVC(database), 0, 0, 0, "name", "main",     \
      "The database it writes to: a name from `databases`.")                                       \
    X(SERVICES_OPTIONAL, "services[].optional", BOOL, SVC(optional), 0, 0, 0, "true | false",      \
      "false", "Sync: its failure is counted but the order still succeeds.")                       \
    X(SERVICES_START, "services[].start", DURATION, SVC(start), 0, WEEK_NS, Z | U, "duration",     \
      "0s",                                                                                        \
      "When it joins: from then on sync A calls it and its consumer group subscribes (it gets "    \
      "the messages stored from then on). The first service starts at 0s; unlimited: only a "     \
      "join command joins it (the live view's c key).")                                           \
    X(SERVICES_CONSUMER, "services[].consumer", SECTION, 0, 0, 0, 0, "mapping", "",                \
      "Its consumer group in the MQ (async); what is not given follows mq.*.")                     \
    X(SERVICES_CONSUMER_RATE_LIMIT, "services[].consumer.rate_limit", RATE,                        \
      SVC(consumer.rate_limit_per_s), 0, 1e7, Z | U, "rate", "mq.rate_limit",                      \
      "Pulls per second of this group.")                                                           \
    X(SERVICES_CONSUMER_MAX_INFLIGHT, "services[].consumer.max_inflight", COUNT64,                 \
      SVC(consumer.max_inflight), 1, 1e9, U, "count", "mq.max_inflight",                           \
      "Messages delivered to it, not yet acked.")                                                  \
    X(SERVICES_CONSUMER_MAX_RECONSUME, "services[].consumer.max_reconsume", COUNT32,               \
      SVC(consumer.max_reconsume), 0, 1000, Z, "count", "mq.max_reconsume",                        \
      "Failed attempts before its dead-letter queue.")                                             \
    X(SERVICES_CONSUMER_IDEMPOTENT, "services[].consumer.idempotent", BOOL,                        \
      SVC(consumer.idempotent), 0, 0, 0, "true | false", "false",                                  \
      "true: a redelivered message already written is skipped (duplicates_skipped); false: "      \
      "written again (duplicates).")                                                               \
    X(DATABASES, "databases", DATABASES, 0, 0, 0, 0, "mapping of name: {...}",                     \
      "main (the database: form)",                                                                 \
      "Several databases by name (see Services). Not with `database:`.")                          \
    X(DATABASES_CONNECTIONS, "databases[].connections", COUNT32, DBS(db.connections), 1, 1e6, 0,   \
      "count", "60", "As database.connections.")                                                   \
    X(DATABASES_QUERY, "databases[].query", SERVICE, DBS(db.query), 0, WEEK_NS, Z, "service",      \
      "10ms", "As database.query.")                                                                \
    X(DATABASES_QUEUE_TIMEOUT, "databases[].queue_timeout", DURATION, DBS(db.queue_timeout), 0,    \
      WEEK_NS, Z | U, "duration", "1s", "As database.queue_timeout.")                              \
    X(CALLS, "calls", CALLS, CFG(calls), 0, 0, O, "serial | parallel", "serial",                   \
      "Sync with several services: serial calls them one after another, parallel all at once; "   \
      "A waits for every answer.")                                                                 \
    X(VARIANTS, "variants", VARIANTS, 0, 0, 0, 0, "list of names", "[sync, async]",                \
      "Wirings to run side by side on the same arrivals: sync, async.")                            \
    X(FAULTS, "faults", FAULTS, 0, 0, 0, 0, "list", "[]", "Scheduled faults (see Faults).")        \
    X(FAULTS_AT, "faults[].at", DURATION, FAULT(at), 0, WEEK_NS, Z | R, "duration", "required",    \
      "When the fault starts.")                                                                    \
    X(FAULTS_FOR, "faults[].for", DURATION, FAULT(length), 1, WEEK_NS, U, "duration", "unlimited", \
      "How long it lasts; unlimited: until the end of the run.")                                   \
    X(FAULTS_TARGET, "faults[].target", TARGET, FAULT(target), 0, 0, R, ORD_TARGET_CHOICES,        \
      "required", "What fails.")                                                                   \
    X(FAULTS_KIND, "faults[].kind", KIND, FAULT(kind), 0, 0, R, ORD_FAULT_KIND_CHOICES,            \
      "required",                                                                                  \
      "down: refuses at once; hang: accepts, never answers; slow: service x factor; "              \
      "spike: arrival rate (load only); crash: b's consumers or the mq broker die.")              \
    X(FAULTS_FACTOR, "faults[].factor", FACTOR, FAULT(factor), 0, 1e6, 0, "number",                \
      "required for slow", "Service-time multiplier of a slow fault (> 0).")                       \
    X(FAULTS_RATE, "faults[].rate", RATE, FAULT(rate_per_s), 0, 1e7, Z, "rate",                    \
      "required for spike", "Arrival rate during a spike.")                                        \
    X(COMMANDS, "commands", COMMANDS, 0, 0, 0, 0, "list", "[]",                                    \
      "Live commands recorded by the TUI, replayed at their times (see Commands).")                \
    X(COMMANDS_AT, "commands[].at", DURATION, CMD(at), 0, WEEK_NS, Z | R, "duration", "required",  \
      "Virtual time of the command (written in ns).")                                              \
    X(COMMANDS_DO, "commands[].do", DO, CMD(kind), 0, 0, R, ORD_COMMAND_KIND_CHOICES, "required",  \
      "fault: start a fault now; clear: end every fault on target (a service or database: that "  \
      "one's); join: the service named by target joins now.")                                      \
    X(COMMANDS_TARGET, "commands[].target", TARGET, CMD(fault.target), 0, 0, R,                    \
      ORD_TARGET_CHOICES, "required", "As for faults.")                                            \
    X(COMMANDS_KIND, "commands[].kind", KIND, CMD(fault.kind), 0, 0, 0, ORD_FAULT_KIND_CHOICES,    \
      "required for fault", "As for faults.")                                                      \
    X(COMMANDS_FOR, "commands[].for", DURATION, CMD(fault.length), 1, WEEK_NS, U, "duration",      \
      "unlimited", "As for faults; unlimited: until cleared.")                                     \
    X(COMMANDS_FACTOR, "commands[].factor", FACTOR, CMD(fault.factor), 0, 1e6, 0, "number",        \
      "required for slow", "As for faults.")                                                       \
    X(COMMANDS_RATE, "commands[].rate", RATE, CMD(fault.rate_per_s), 0, 1e7, Z, "rate",            \
      "required for spike", "As for faults.")

enum ord__key_id {
#define ORD__KEY_ID(id, path, type, offset, min, max, flags, tname, dflt, doc) ORD__K_##id,
    ORD__KEYS(ORD__KEY_ID)
#undef ORD__KEY_ID
};
enum { ORD__NKEYS = 0 ORD__KEYS(ORD__ONE) };

#endif
