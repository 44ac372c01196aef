/* lab/servers.c: start and stop the lab's own redis-server and PostgreSQL.
 *
 * Both run as child processes of ordersim, in their own process group (a Ctrl-C at
 * the terminal reaches ordersim only, which then stops them in order), with a
 * parent-death signal so that they never outlive us. Everything they write lives
 * under one temporary directory that stop removes. */
#define _GNU_SOURCE
#include "lab/servers.h"

#include <dirent.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/error.h"

/* Debian keeps PostgreSQL's server programs outside PATH. */
static const char *const pg_dirs[] = {"/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
                                      "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin",
                                      "/usr/lib/postgresql/13/bin"};

static int find_program(const char *name, int pg, char *out, size_t outlen)
{
    if (pg) {
        for (size_t i = 0; i < sizeof pg_dirs / sizeof pg_dirs[0]; i++) {
            snprintf(out, outlen, "%s/%s", pg_dirs[i], name);
            if (access(out, X_OK) == 0)
                return 0;
        }
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n > 0 && (size_t)snprintf(out, outlen, "%.*s/%s", (int)n, path, name) < outlen &&
            access(out, X_OK) == 0)
            return 0;
        path += n + (path[n] == ':');
    }
    return -1;
}

const char *lab_servers_missing(void)
{
    static char why[256];
    char p[PATH_MAX];
    why[0] = 0;
    if (find_program("redis-server", 0, p, sizeof p))
        strcat(why, " redis-server");
    if (find_program("initdb", 1, p, sizeof p))
        strcat(why, " initdb");
    if (find_program("postgres", 1, p, sizeof p))
        strcat(why, " postgres");
    if (!why[0])
        return NULL;
    memmove(why + 20, why, strlen(why) + 1);
    memcpy(why, "programs not found: ", 20);
    return why;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The user PostgreSQL runs as when we are root (it refuses root), else none. */
static const struct passwd *pg_user(void)
{
    if (geteuid() != 0)
        return NULL;
    return getpwnam("postgres");
}

/* Fork and exec argv with output to log; as user pw when not NULL. Returns the pid,
 * or -1. The child is in its own process group and dies with us. */
static pid_t spawn(char *const argv[], const char *log, const struct passwd *pw)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    setpgid(0, 0);
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, STDIN_FILENO);
    if (pw && (setgroups(0, NULL) || setgid(pw->pw_gid) || setuid(pw->pw_uid)))
        _exit(127);
    /* set after the change of user: a change of credentials clears it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execv(argv[0], argv);
    _exit(127);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Wait for pid to exit for up to ms; 1 if it exited (reaped), 0 if not. */
static int wait_exit(pid_t pid, long ms, int *status)
{
    for (long t = 0;; t += 10) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD))
            return 1;
        if (t >= ms)
            return 0;
        sleep_ms(10);
    }
}

static void stop_child(pid_t *pid, int sig)
{
    if (*pid <= 0)
        return;
    int status;
    kill(*pid, sig);
    kill(*pid, SIGCONT); /* a paused broker must see the signal */
    if (!wait_exit(*pid, 15000, &status)) {
        kill(*pid, SIGKILL);
        waitpid(*pid, &status, 0);
    }
    *pid = 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static int signal_pg(const struct lab_servers *s, int sig);

void lab_servers_stop(struct lab_servers *s)
{
    stop_child(&s->redis_pid, SIGTERM);
    if (s->pg_pid > 0 && !s->pg_stopping)
        signal_pg(s, SIGCONT); /* a paused database: its backends too */
    stop_child(&s->pg_pid, SIGINT); /* PostgreSQL's fast shutdown */
    if (s->dir[0]) {
        nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        s->dir[0] = 0;
    }
}

int lab_servers_pause_redis(struct lab_servers *s, int paused)
{
    if (s->redis_pid <= 0)
        return SIM_EINVAL;
    return kill(s->redis_pid, paused ? SIGSTOP : SIGCONT) ? SIM_EIO : 0;
}

/* sig to the postmaster, then to each of its children (backends and helpers: each
 * makes its own session, so no process group holds them all). */
static int signal_pg(const struct lab_servers *s, int sig)
{
    if (kill(s->pg_pid, sig))
        return SIM_EIO;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = 0;
        /* pid (comm) state ppid ...: comm may hold spaces and parentheses */
        const char *close = strrchr(buf, ')');
        int ppid = 0;
        if (close && sscanf(close + 1, " %*c %d", &ppid) == 1 && ppid == s->pg_pid)
            kill((pid_t)atoi(e->d_name), sig);
    }
    if (d)
        closedir(d);
    return 0;
}

int lab_servers_pause_pg(struct lab_servers *s, int paused)
{
    if (s->pg_pid <= 0)
        return SIM_EINVAL;
    return signal_pg(s, paused ? SIGSTOP : SIGCONT);
}

int lab_servers_pg_stop(struct lab_servers *s)
{
    if (s->pg_pid <= 0)
        return SIM_EINVAL;
    signal_pg(s, SIGCONT);
    kill(s->pg_pid, SIGINT); /* fast shutdown: clients' connections are closed */
    s->pg_stopping = 1;
    return 0;
}

static int spawn_pg(struct lab_servers *s);

int lab_servers_pg_start(struct lab_servers *s)
{
    if (!s->pg_stopping)
        return SIM_EINVAL;
    int status;
    if (!wait_exit(s->pg_pid, 15000, &status)) {
        kill(s->pg_pid, SIGKILL);
        waitpid(s->pg_pid, &status, 0);
    }
    s->pg_pid = 0;
    s->pg_stopping = 0;
    return spawn_pg(s);
}

/* The last line of a log file, for an error message. */
static void log_tail(const char *log, char *out, size_t outlen)
{
    out[0] = 0;
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (line[0] != '\n')
            snprintf(out, outlen, "%.200s", line);
    fclose(f);
    out[strcspn(out, "\n")] = 0;
}

static int child_died(pid_t *pid)
{
    int status;
    if (waitpid(*pid, &status, WNOHANG) == *pid) {
        *pid = 0;
        return 1;
    }
    return 0;
}

static int redis_ready(const char *sock)
{
    struct timeval tv = {1, 0};
    redisContext *c = redisConnectUnixWithTimeout(sock, tv);
    int ok = 0;
    if (c && !c->err) {
        redisReply *r = redisCommand(c, "PING");
        ok = r && r->type == REDIS_REPLY_STATUS;
        if (r)
            freeReplyObject(r);
    }
    if (c)
        redisFree(c);
    return ok;
}

static int pg_ready(const char *url) { return PQping(url) == PQPING_OK; }

/* Wait until ready(arg) or the child dies, the time runs out or *cancel is set. */
static int wait_ready(pid_t *pid, int (*ready)(const char *), const char *arg, const char *what,
                      const char *log, volatile sig_atomic_t *cancel, char *err, size_t errlen)
{
    for (long t = 0; t < 30000; t += 50) {
        if (cancel && *cancel)
            return SIM_EINTR;
        if (ready(arg))
            return 0;
        if (child_died(pid)) {
            char tail[256];
            log_tail(log, tail, sizeof tail);
            set_err(err, errlen, "%s exited at start: %s", what, tail[0] ? tail : "(no log)");
            return SIM_EIO;
        }
        sleep_ms(50);
    }
    set_err(err, errlen, "%s did not answer within 30 s", what);
    return SIM_EIO;
}

static int start_redis(struct lab_servers *s, volatile sig_atomic_t *cancel, char *err,
                       size_t errlen)
{
    char prog[PATH_MAX], log[128];
    if (find_program("redis-server", 0, prog, sizeof prog)) {
        set_err(err, errlen, "redis-server not found");
        return SIM_EIO;
    }
    snprintf(log, sizeof log, "%s/redis.log", s->dir);
    char *argv[] = {prog,          "--port",       "0",        "--unixsocket",
                    s->redis_socket, "--unixsocketperm", "700", "--dir",
                    s->dir,        "--appendonly", "yes",      "--appendfsync",
                    "everysec",    "--save",       "",         "--daemonize",
                    "no",          NULL};
    s->redis_pid = spawn(argv, log, NULL);
    if (s->redis_pid < 0) {
        s->redis_pid = 0;
        set_err(err, errlen, "cannot start redis-server: %s", strerror(errno));
        return SIM_EIO;
    }
    return wait_ready(&s->redis_pid, redis_ready, s->redis_socket, "redis-server", log, cancel,
                      err, errlen);
}

/* Run argv to its end (initdb); 0 if it exited 0. */
static int run_to_end(char *const argv[], const char *log, const struct passwd *pw,
                      volatile sig_atomic_t *cancel)
{
    pid_t pid = spawn(argv, log, pw);
    if (pid < 0)
        return -1;
    int status = 0;
    while (!wait_exit(pid, 100, &status)) {
        if (cancel && *cancel) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return SIM_EINTR;
        }
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Can user pw reach (search) every directory above path? */
static int reachable(const char *path, const struct passwd *pw, char *bad, size_t badlen)
{
    char p[256];
    snprintf(p, sizeof p, "%s", path);
    for (char *slash = strrchr(p, '/'); slash && slash != p; slash = strrchr(p, '/')) {
        *slash = 0;
        struct stat st;
        if (stat(p, &st))
            return 0;
        int ok = (st.st_mode & S_IXOTH) || (st.st_uid == pw->pw_uid && (st.st_mode & S_IXUSR)) ||
                 (st.st_gid == pw->pw_gid && (st.st_mode & S_IXGRP));
        if (!ok) {
            snprintf(bad, badlen, "%s", p);
            return 0;
        }
    }
    return 1;
}

static int make_dir(const char *path, const struct passwd *pw)
{
    if (mkdir(path, 0700))
        return -1;
    if (pw && chown(path, pw->pw_uid, pw->pw_gid))
        return -1;
    return 0;
}

static int start_pg(struct lab_servers *s, unsigned max_conn, volatile sig_atomic_t *cancel,
                    char *err, size_t errlen)
{
    char initdb[PATH_MAX], postgres[PATH_MAX];
    char data[128], log[128];
    if (find_program("initdb", 1, initdb, sizeof initdb) ||
        find_program("postgres", 1, postgres, sizeof postgres)) {
        set_err(err, errlen, "PostgreSQL's initdb/postgres not found");
        return SIM_EIO;
    }
    const struct passwd *pw = pg_user();
    if (geteuid() == 0 && !pw) {
        set_err(err, errlen, "running as root and there is no 'postgres' user to run "
                             "PostgreSQL as (it refuses root)");
        return SIM_EIO;
    }
    char bad[256];
    if (pw && !reachable(s->dir, pw, bad, sizeof bad)) {
        set_err(err, errlen, "PostgreSQL runs as user 'postgres', which cannot enter %s "
                             "(let others search it, or set TMPDIR elsewhere)", bad);
        return SIM_EIO;
    }
    snprintf(data, sizeof data, "%s/pg", s->dir);
    snprintf(log, sizeof log, "%s/pg.log", s->dir);
    int logfd = open(log, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (logfd >= 0) {
        if (pw && fchown(logfd, pw->pw_uid, pw->pw_gid)) {
            /* the log stays root's; the server's output then goes nowhere */
        }
        close(logfd);
    }
    if (make_dir(data, pw) || make_dir(s->pg_socket_dir, pw)) {
        set_err(err, errlen, "cannot make PostgreSQL's directories in %s: %s", s->dir,
                strerror(errno));
        return SIM_EIO;
    }
    char *init_argv[] = {initdb,   "-D",         data,      "-U",       "ordersim", "-A",
                         "trust",  "-E",         "UTF8",    "--locale=C", "--no-sync",
                         NULL};
    int rc = run_to_end(init_argv, log, pw, cancel);
    if (rc == SIM_EINTR)
        return rc;
    if (rc) {
        char tail[256];
        log_tail(log, tail, sizeof tail);
        set_err(err, errlen, "initdb failed: %s", tail[0] ? tail : "(no log)");
        return SIM_EIO;
    }
    s->pg_max_conn = max_conn;
    if (spawn_pg(s)) {
        set_err(err, errlen, "cannot start postgres: %s", strerror(errno));
        return SIM_EIO;
    }
    return wait_ready(&s->pg_pid, pg_ready, s->pg_url, "postgres", log, cancel, err, errlen);
}

/* postgres on the cluster in s->dir (made by start_pg). Returns 0 or -1 (errno). */
static int spawn_pg(struct lab_servers *s)
{
    char postgres[PATH_MAX], data[128], log[128], maxc[64];
    if (find_program("postgres", 1, postgres, sizeof postgres)) {
        errno = ENOENT;
        return -1;
    }
    snprintf(data, sizeof data, "%s/pg", s->dir);
    snprintf(log, sizeof log, "%s/pg.log", s->dir);
    snprintf(maxc, sizeof maxc, "max_connections=%u", s->pg_max_conn);
    char *argv[] = {postgres, "-D", data, "-k", s->pg_socket_dir, "-c", "listen_addresses=",
                    "-c", maxc, "-c", "synchronous_commit=off", "-c", "shared_buffers=16MB",
                    NULL};
    s->pg_pid = spawn(argv, log, pg_user());
    if (s->pg_pid < 0) {
        s->pg_pid = 0;
        return -1;
    }
    return 0;
}

int lab_servers_pg_wait(struct lab_servers *s, volatile sig_atomic_t *cancel, char *err,
                        size_t errlen)
{
    char log[128];
    snprintf(log, sizeof log, "%s/pg.log", s->dir);
    return wait_ready(&s->pg_pid, pg_ready, s->pg_url, "postgres", log, cancel, err, errlen);
}

int lab_servers_start(struct lab_servers *s, unsigned pg_max_connections,
                      volatile sig_atomic_t *cancel, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (strlen(tmp) > 40) /* room for the socket names */
        tmp = "/tmp";
    snprintf(s->dir, sizeof s->dir, "%s/ordersim-lab-XXXXXX", tmp);
    if (!mkdtemp(s->dir)) {
        set_err(err, errlen, "cannot make a directory in %s: %s", tmp, strerror(errno));
        s->dir[0] = 0;
        return SIM_EIO;
    }
    /* others may pass through (PostgreSQL's own directories are its user's, 0700) */
    chmod(s->dir, 0711);
    snprintf(s->redis_socket, sizeof s->redis_socket, "%.70s/redis.sock", s->dir);
    snprintf(s->pg_socket_dir, sizeof s->pg_socket_dir, "%.70s/pg-sock", s->dir);
    snprintf(s->redis_url, sizeof s->redis_url, "unix://%.90s", s->redis_socket);
    snprintf(s->pg_url, sizeof s->pg_url, "postgresql:///postgres?host=%.90s&user=ordersim",
             s->pg_socket_dir);
    if (pg_max_connections < 10)
        pg_max_connections = 10;
    int rc = start_redis(s, cancel, err, errlen);
    if (rc == 0)
        rc = start_pg(s, pg_max_connections, cancel, err, errlen);
    if (rc) {
        if (rc == SIM_EINTR)
            set_err(err, errlen, "interrupted");
        lab_servers_stop(s);
    }
    return rc;
}
