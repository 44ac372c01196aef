/* lab/local.c: the lab talks only to this machine.
 *
 * The lab drives real load (thousands of requests a second) and writes to a real
 * database: pointed at someone else's server by a typo it would be an attack. So the
 * broker and database it is given must be on this machine: a Unix socket, or a host
 * whose every address is loopback (127.0.0.0/8, ::1). A class that shares one broker
 * forwards a local port to it (ssh -L), which keeps that decision explicit. */
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lab/lab.h"
#include "lab/lab_internal.h"

static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
            return 1;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            return in6->sin6_addr.s6_addr[12] == 127;
    }
    return 0;
}

/* 0 when every address of host is loopback; else -1 with err set. */
static int host_is_local(const char *what, const char *host, char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "%s: host '%s': %s", what, host, gai_strerror(rc));
        return -1;
    }
    int local = res != NULL;
    for (struct addrinfo *a = res; a; a = a->ai_next)
        if (!is_loopback(a->ai_addr))
            local = 0;
    freeaddrinfo(res);
    if (!local) {
        snprintf(err, errlen,
                 "%s: '%s' is not on this machine; the lab talks only to 127.0.0.0/8, ::1 "
                 "and Unix sockets (to use another machine's server, forward a local port "
                 "to it, e.g. ssh -L)",
                 what, host);
        return -1;
    }
    return 0;
}

static int redis_is_local(const char *url, char *err, size_t errlen)
{
    char host[256];
    int port;
    if (lab_redis_parse_url(url, host, sizeof host, &port)) {
        snprintf(err, errlen, "--redis %s: not a Redis URL (unix:///path or redis://host:port)",
                 url);
        return -1;
    }
    return port < 0 ? 0 : host_is_local("--redis", host, err, errlen);
}

/* Every host and hostaddr of a libpq connection string or URI; an empty host or one
 * starting with '/' (or '@', an abstract socket) is a Unix socket. */
static int pg_is_local(const char *conninfo, char *err, size_t errlen)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (!opts) {
        snprintf(err, errlen, "--postgres: %s", perr ? perr : "not a connection string");
        PQfreemem(perr);
        return -1;
    }
    int rc = 0;
    for (PQconninfoOption *o = opts; o->keyword && rc == 0; o++) {
        if (!o->val || (strcmp(o->keyword, "host") != 0 && strcmp(o->keyword, "hostaddr") != 0))
            continue;
        char list[1024];
        snprintf(list, sizeof list, "%s", o->val);
        char *save = NULL;
        for (char *h = strtok_r(list, ",", &save); h && rc == 0; h = strtok_r(NULL, ",", &save))
            if (h[0] && h[0] != '/' && h[0] != '@')
                rc = host_is_local("--postgres", h, err, errlen);
    }
    PQconninfoFree(opts);
    return rc;
}

int lab_check_local(const char *redis_url, const char *pg_url, char *err, size_t errlen)
{
    if (redis_url && redis_is_local(redis_url, err, errlen))
        return -1;
    if (pg_url && pg_is_local(pg_url, err, errlen))
        return -1;
    return 0;
}
