#include "sim/error.h"

#include <errno.h>

const char *sim_strerror(int err)
{
    switch (err) {
#define SIM_ERR_CASE(name, value, text)                                                \
    case value:                                                                        \
        return text;
        SIM_ERRORS(SIM_ERR_CASE)
#undef SIM_ERR_CASE
    }
    return "unknown error";
}

int sim_open_error(int e)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return SIM_ENOENT;
    case EACCES:
    case EPERM:
    case ELOOP:
    case ENAMETOOLONG:
    case EISDIR:
    case ENXIO:
    case EROFS:
        return SIM_EINVAL;
    default:
        return SIM_EIO;
    }
}
