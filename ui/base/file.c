/* ui/base/file.c: the one output writer (temp file + rename) and the input opener.
 *
 * Why each check: as root, rename() onto /dev/null replaces the device with a regular
 * file; onto a FIFO it replaces the FIFO and its reader gets nothing; `compare A.csv
 * B.csv --json A.csv` would replace its own input. So the target is stat'ed first and
 * only a missing path or a regular file that is not an input may be replaced. A
 * signal during a long write (a chart) must not leave the temporary file behind: the
 * handlers below remove it (unlink is async-signal-safe) and re-raise. */
#include "ui/base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/error.h"

/* ---- inputs of this command ----------------------------------------------------------- */

#define MAX_INPUTS 256
static struct {
    dev_t dev;
    ino_t ino;
} inputs[MAX_INPUTS];
static int ninputs;

static void note_stat(const struct stat *st)
{
    for (int i = 0; i < ninputs; i++)
        if (inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino)
            return;
    if (ninputs < MAX_INPUTS) {
        inputs[ninputs].dev = st->st_dev;
        inputs[ninputs].ino = st->st_ino;
        ninputs++;
    }
}

void ui_file_note_input(const char *path)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        note_stat(&st);
}

static int is_input(const struct stat *st)
{
    for (int i = 0; i < ninputs; i++)
        if (inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino)
            return 1;
    return 0;
}

int ui_file_open_input(const char *path, uint64_t max_bytes, FILE **out, uint64_t *size, char *err,
                       size_t errlen)
{
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
        if (fd >= 0)
            close(fd);
        return sim_open_error(e);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(err, errlen, "%s: not a regular file", path);
        return SIM_EINVAL;
    }
    if ((uint64_t)st.st_size > max_bytes) {
        close(fd);
        snprintf(err, errlen, "%s: file too large (%lld bytes; at most %llu)", path,
                 (long long)st.st_size, (unsigned long long)max_bytes);
        return SIM_ERANGE;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
        return SIM_EIO;
    }
    note_stat(&st);
    if (size)
        *size = (uint64_t)st.st_size;
    *out = f;
    return 0;
}

int ui_file_read_all(const char *path, uint64_t max_bytes, char **text, size_t *len, char *err,
                     size_t errlen)
{
    *text = NULL;
    *len = 0;
    FILE *f;
    uint64_t size;
    int rc = ui_file_open_input(path, max_bytes, &f, &size, err, errlen);
    if (rc)
        return rc;
    size_t cap = (size_t)size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return SIM_ENOMEM;
    }
    for (;;) {
        if (n + 1 == cap) {
            int c = fgetc(f); /* the usual case: the file is as long as fstat said */
            if (c == EOF)
                break;
            ungetc(c, f);
            if ((uint64_t)n >= max_bytes) {
                snprintf(err, errlen, "%s: file too large (more than %llu bytes)", path,
                         (unsigned long long)max_bytes);
                rc = SIM_ERANGE;
                break;
            }
            size_t ncap = cap * 2 > max_bytes + 1 ? (size_t)max_bytes + 1 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                snprintf(err, errlen, "%s: out of memory", path);
                rc = SIM_ENOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + n, 1, cap - 1 - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (!rc && ferror(f)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = SIM_EIO;
    }
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

/* ---- the temporary file and the signals that must remove it ---------------------------- */

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NCLEANUP ((int)(sizeof cleanup_signals / sizeof cleanup_signals[0]))
static struct sigaction cleanup_saved[NCLEANUP];
static char pending_tmp[4096];
static volatile sig_atomic_t pending_on;

static void on_signal_cleanup(int sig)
{
    if (pending_on) {
        pending_on = 0;
        unlink(pending_tmp);
    }
    /* SA_RESETHAND put the default action back: die of the same signal. */
    raise(sig);
}

static void guard_tmp(const char *tmp)
{
    snprintf(pending_tmp, sizeof pending_tmp, "%s", tmp);
    pending_on = 1;
    for (int i = 0; i < NCLEANUP; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal_cleanup;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
        sigaction(cleanup_signals[i], &sa, &cleanup_saved[i]);
    }
}

static void unguard_tmp(void)
{
    /* Restore first: a signal from here on finds the caller's handlers again. */
    for (int i = 0; i < NCLEANUP; i++)
        sigaction(cleanup_signals[i], &cleanup_saved[i], NULL);
    pending_on = 0;
}

/* "dir/.name.XXXXXX" beside path, so that rename() stays on one file system. */
static void temp_name(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(out, n, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
    else
        snprintf(out, n, ".%s.XXXXXX", path);
}

bool ui_path_is_stdout(const char *path)
{
    return path && (strcmp(path, UI_STDOUT_PATH) == 0 || strcmp(path, "/dev/stdout") == 0);
}

FILE *ui_report_stream(const char *out1, const char *out2)
{
    return ui_path_is_stdout(out1) || ui_path_is_stdout(out2) ? stderr : stdout;
}

static int write_stdout(int (*fn)(FILE *f, void *ctx, char *why, size_t n), void *ctx, char *err,
                        size_t errlen)
{
    char why[256] = "";
    errno = 0;
    int rc = fn(stdout, ctx, why, sizeof why);
    int failed = fflush(stdout) != 0 || ferror(stdout);
    if (failed && !why[0]) /* errno is the failed write's (ENOSPC, EPIPE ...) */
        snprintf(why, sizeof why, "%s", errno ? strerror(errno) : "write error");
    if (failed && !rc)
        rc = SIM_EIO;
    if (rc)
        snprintf(err, errlen, "standard output: %s", why[0] ? why : sim_strerror(rc));
    return rc;
}

/* A new file at path needs a directory that exists and that this process may write
 * in: said before a long run rather than after it (exit status 2, the user's to fix).
 * Whatever else can fail at creation (a full disk, a quota) is mkstemp()'s to say. */
static int check_dir(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot create: %s", path,
                 stat(dir, &st) != 0 ? strerror(errno) : "Not a directory");
        return SIM_EINVAL;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return sim_open_error(errno) == SIM_EIO ? 0 : SIM_EINVAL;
    }
    return 0;
}

/* Refuses what must not be replaced (SIM_EINVAL with err set), else 0. */
static int check_target(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (path[0] == '\0') {
        snprintf(err, errlen, "empty output file name");
        return SIM_EINVAL;
    }
    if (stat(path, &st) != 0) {
        if (errno != ENOENT) { /* EACCES, ENOTDIR, ELOOP, ENAMETOOLONG: a bad name */
            snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
            return sim_open_error(errno) == SIM_EIO ? 0 : SIM_EINVAL;
        }
        return check_dir(path, err, errlen);
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen,
                 "%s: not a regular file (%s); ordersim replaces only regular files "
                 "(use - for standard output)",
                 path,
                 S_ISDIR(st.st_mode)    ? "a directory"
                 : S_ISFIFO(st.st_mode) ? "a FIFO"
                 : S_ISCHR(st.st_mode)  ? "a character device"
                 : S_ISBLK(st.st_mode)  ? "a block device"
                                        : "a socket");
        return SIM_EINVAL;
    }
    if (is_input(&st)) {
        snprintf(err, errlen, "%s: is an input of this command; refusing to overwrite it", path);
        return SIM_EINVAL;
    }
    return 0;
}

int ui_file_check_output(const char *path, char *err, size_t errlen)
{
    if (ui_path_is_stdout(path))
        return 0;
    return check_target(path, err, errlen);
}

int ui_write_atomic(const char *path, int (*fn)(FILE *f, void *ctx, char *why, size_t n),
                    void *ctx, char *err, size_t errlen)
{
    if (ui_path_is_stdout(path))
        return write_stdout(fn, ctx, err, errlen);
    int rc = check_target(path, err, errlen);
    if (rc)
        return rc;
    char tmp[4096], why[256] = "";
    temp_name(path, tmp, sizeof tmp);
    /* Block the cleanup signals while the name is being made and guarded, so that no
     * signal can fall between mkstemp() and guard_tmp(). */
    sigset_t block, old;
    sigemptyset(&block);
    for (int i = 0; i < NCLEANUP; i++)
        sigaddset(&block, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp);
    if (fd >= 0)
        guard_tmp(tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return SIM_EIO;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600; give the usual mode */
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        close(fd);
        rc = SIM_EIO;
    } else {
        errno = 0;
        rc = fn(f, ctx, why, sizeof why);
        /* A failed write leaves its reason in errno (ENOSPC, EDQUOT, EFBIG, EIO): say
         * that rather than the writer's generic words ("error while writing to output
         * stream", "input/output error"). */
        int write_errno = errno;
        if (rc == SIM_EIO && ferror(f) && write_errno != 0)
            snprintf(why, sizeof why, "%s", strerror(write_errno));
        /* A failed write sets the error flag even when the flush after it succeeds. */
        if (fflush(f) != 0 && !rc) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            rc = SIM_EIO;
        }
        if (ferror(f) && !rc) {
            snprintf(why, sizeof why, "write failed");
            rc = SIM_EIO;
        }
        if (fclose(f) != 0 && !rc) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            rc = SIM_EIO;
        }
    }
    /* Checked again just before the rename: the target may have appeared meanwhile. */
    if (!rc) {
        char again[512];
        rc = check_target(path, again, sizeof again);
        if (rc)
            snprintf(why, sizeof why, "%s", again + strlen(path) + 2);
    }
    if (!rc && rename(tmp, path) != 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        rc = SIM_EIO;
    }
    if (rc)
        unlink(tmp);
    unguard_tmp();
    if (rc)
        snprintf(err, errlen, "%s: %s", path, why[0] ? why : sim_strerror(rc));
    return rc;
}
