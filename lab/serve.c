/* lab/serve.c: the service processes' entry (`ordersim lab serve a|b`, and
 * `ordersim lab consumer`). */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>

#include "lab/lab_internal.h"

int lab_serve(enum lab_role role, const struct ord_config *cfg, const char *redis_url,
              const char *pg_url, const char *b_url, int fd_sync, int fd_async, int quiet)
{
    struct lab_service_opts o = {
        .cfg = cfg,
        .redis_url = redis_url,
        .pg_url = pg_url,
        .b_url = b_url,
        .fd_sync = fd_sync,
        .fd_async = fd_async,
        .consumers_only = role == LAB_ROLE_CONSUMER,
        .quiet = quiet,
    };
    signal(SIGPIPE, SIG_IGN);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "ordersim lab: cannot initialise libcurl\n");
        return 1;
    }
    int rc = role == LAB_ROLE_A ? lab_service_a(&o) : lab_service_b(&o);
    curl_global_cleanup();
    return rc;
}
