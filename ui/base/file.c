/* ui/base/file.c: atomic output files (temp file + rename). */
#include "ui/base/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/error.h"

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
    return path && strcmp(path, UI_STDOUT_PATH) == 0;
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

int ui_write_atomic(const char *path, int (*fn)(FILE *f, void *ctx, char *why, size_t n),
                     void *ctx, char *err, size_t errlen)
{
    if (ui_path_is_stdout(path))
        return write_stdout(fn, ctx, err, errlen);
    char tmp[4096], why[256] = "";
    temp_name(path, tmp, sizeof tmp);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return SIM_EIO;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600; give the usual mode */
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        return SIM_EIO;
    }
    int rc = fn(f, ctx, why, sizeof why);
    if (fflush(f) != 0 && !rc) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        rc = SIM_EIO;
    }
    if (fclose(f) != 0 && !rc) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        rc = SIM_EIO;
    }
    if (!rc && rename(tmp, path) != 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        rc = SIM_EIO;
    }
    if (rc) {
        unlink(tmp);
        snprintf(err, errlen, "%s: %s", path, why[0] ? why : sim_strerror(rc));
    }
    return rc;
}

