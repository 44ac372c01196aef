#include "orders/scenario/builtin.h"

#include <string.h>

const struct ord_builtin *ord_builtin_find(const char *name)
{
    for (int i = 0; i < ord_builtin_count; i++)
        if (strcmp(ord_builtins[i].name, name) == 0)
            return &ord_builtins[i];
    return NULL;
}

const struct ord_builtin *ord_builtin_trace_find(const char *path)
{
    while (strncmp(path, "./", 2) == 0)
        path += 2;
    for (int i = 0; i < ord_builtin_trace_count; i++)
        if (strcmp(ord_builtin_traces[i].name, path) == 0)
            return &ord_builtin_traces[i];
    return NULL;
}
