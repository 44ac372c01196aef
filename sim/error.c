#include "sim/error.h"

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
