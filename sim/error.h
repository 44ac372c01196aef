/* sim/error.h: the one table of error codes every layer returns.
 *
 * Functions return 0 or one of these negative codes; sim_strerror() names it.
 * It lives in the lowest layer so that sim/, mq/, orders/ and ui/ share it. */
#ifndef SIM_ERROR_H
#define SIM_ERROR_H

#define SIM_ERRORS(X)                                                                  \
    X(OK, 0, "ok")                                                                     \
    X(ENOMEM, -1, "out of memory")                                                     \
    X(EINVAL, -2, "invalid argument")                                                  \
    X(ERANGE, -3, "value out of range")                                                \
    X(EFULL, -4, "queue full")                                                         \
    X(EDOWN, -5, "service down")                                                       \
    X(ETIMEOUT, -6, "timed out")                                                       \
    X(EIO, -7, "input/output error")                                                   \
    X(EPARSE, -8, "parse error")                                                       \
    X(ENOENT, -9, "no such file or name")                                              \
    X(EINTR, -10, "interrupted")                                                       \
    X(EINVARIANT, -11, "model invariant violated")                                     \
    X(EBUSY, -12, "busy")

enum sim_error {
#define SIM_ERR_ENUM(name, value, text) SIM_##name = value,
    SIM_ERRORS(SIM_ERR_ENUM)
#undef SIM_ERR_ENUM
};

/* A static string for an error code; "unknown error" for a code not in the table. */
const char *sim_strerror(int err);

/* The code for a failed open() or stat() of a path the user named (errno e): a path
 * that names nothing, or nothing this process may open (ENOENT, ENOTDIR, EACCES,
 * EPERM, ELOOP, ENAMETOOLONG, EISDIR, ENXIO, EROFS), is the user's to fix: SIM_ENOENT
 * or SIM_EINVAL (exit status 2). Anything else (EIO, EMFILE, ENOMEM ...) is a failure
 * of the machine: SIM_EIO (exit status 1). */
int sim_open_error(int e);

#endif
