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

int ui_write_atomic(const char *path, int (*fn)(FILE *f, void *ctx, char *why, size_t n),
                     void *ctx, char *err, size_t errlen)
{
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

