/* lab/servers.h: the lab's own redis-server and PostgreSQL, in a temporary directory.
 *
 * lab_servers_start() makes a private directory (mode 0711), starts redis-server on a
 * Unix socket in it (appendonly: the backlog is on disk) and a PostgreSQL cluster
 * (initdb, then postgres listening on a Unix socket only, no TCP), and waits until
 * both answer. PostgreSQL refuses to run as root: when we are root the cluster's
 * files belong to the `postgres` user and its processes run as that user.
 * lab_servers_stop() stops both (TERM, then KILL after a grace time), waits for
 * them and removes the directory; it is safe to call on every path, more than once,
 * and after a failed start. The children get SIGKILL if this process dies (Linux
 * parent-death signal), so a crash leaves no server running.
 *
 * Blocking: start waits up to about 30 s; it returns early (SIM_EINTR) when *cancel
 * becomes nonzero (a signal handler's flag). Not thread-safe; one per process is
 * enough, but nothing is global. */
#ifndef LAB_SERVERS_H
#define LAB_SERVERS_H

#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

struct lab_servers {
    /* Unix socket paths are short (108 bytes with the socket's name): so are these */
    char dir[80];            /* "" when none */
    char redis_socket[96];   /* DIR/redis.sock */
    char pg_socket_dir[96];  /* DIR/pg-sock */
    char redis_url[128];     /* unix://DIR/redis.sock */
    char pg_url[192];        /* postgresql:///postgres?host=DIR/pg-sock&user=ordersim */
    pid_t redis_pid, pg_pid;       /* 0 when not running */
    unsigned pg_max_conn;
    int pg_stopping;               /* lab_servers_pg_stop: its pid not yet reaped */
};

/* Which programs are needed and missing: NULL when redis-server, initdb and postgres
 * are all found, else a sentence naming what is missing (static storage). */
const char *lab_servers_missing(void);

/* pg_max_connections: the cluster's max_connections (the pools' sizes plus room).
 * Returns 0, SIM_EINTR (cancelled), or SIM_EIO with the reason in err. On failure
 * everything started is already stopped and removed. */
int lab_servers_start(struct lab_servers *s, unsigned pg_max_connections,
                      volatile sig_atomic_t *cancel, char *err, size_t errlen);
void lab_servers_stop(struct lab_servers *s);

/* Pause or resume the broker (SIGSTOP / SIGCONT to redis-server): "MQ down". */
int lab_servers_pause_redis(struct lab_servers *s, int paused);
/* "Database hang": pause or resume PostgreSQL, its postmaster and every backend
 * (SIGSTOP / SIGCONT to its process group): connections accept, nothing answers. */
int lab_servers_pause_pg(struct lab_servers *s, int paused);
/* "Database down": stop PostgreSQL (its fast shutdown: every client's connection is
 * closed, new ones are refused), without waiting; start it again on the same data
 * (waits for the old one to exit, not for the new one to answer: lab_servers_pg_wait
 * does). Return 0, SIM_EINVAL (not ours / not stopped), SIM_EIO. */
int lab_servers_pg_stop(struct lab_servers *s);
int lab_servers_pg_start(struct lab_servers *s);
/* Wait until PostgreSQL answers (up to about 30 s). 0, SIM_EINTR or SIM_EIO (err). */
int lab_servers_pg_wait(struct lab_servers *s, volatile sig_atomic_t *cancel, char *err,
                        size_t errlen);

#endif
