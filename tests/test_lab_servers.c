/* Tests for lab/servers.h: the lab's own redis-server and PostgreSQL start, answer,
 * and leave no process and no directory behind, also when a test fails (the group
 * teardown stops them) and when startup is cancelled. Exit 77 (skipped) only when
 * the programs are not installed. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "lab/servers.h"
#include "sim/error.h"

static struct lab_servers servers;

static int alive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

static int dir_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void test_start_answer_stop(void **state)
{
    (void)state;
    char err[512];
    int rc = lab_servers_start(&servers, 20, NULL, err, sizeof err);
    if (rc)
        fail_msg("start: %s", err);
    pid_t rp = servers.redis_pid, pp = servers.pg_pid;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", servers.dir);
    assert_true(alive(rp));
    assert_true(alive(pp));
    assert_true(dir_exists(dir));

    redisContext *c = redisConnectUnix(servers.redis_socket);
    assert_non_null(c);
    assert_int_equal(c->err, 0);
    redisReply *r = redisCommand(c, "CONFIG GET appendonly");
    assert_non_null(r);
    assert_int_equal(r->type, REDIS_REPLY_ARRAY);
    assert_string_equal(r->element[1]->str, "yes"); /* the backlog is on disk */
    freeReplyObject(r);
    redisFree(c);

    PGconn *pg = PQconnectdb(servers.pg_url);
    assert_int_equal(PQstatus(pg), CONNECTION_OK);
    PGresult *res = PQexec(pg, "SELECT 6 * 7");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(res, 0, 0), "42");
    PQclear(res);
    PQfinish(pg);

    assert_int_equal(lab_servers_pause_redis(&servers, 1), 0);
    lab_servers_stop(&servers); /* stops a paused broker too */
    assert_false(alive(rp));
    assert_false(alive(pp));
    assert_false(dir_exists(dir));
    assert_int_equal(servers.redis_pid, 0);
    lab_servers_stop(&servers); /* twice is harmless */
}

static void test_cancelled_start_leaves_nothing(void **state)
{
    (void)state;
    volatile sig_atomic_t cancel = 1;
    char err[512];
    assert_int_equal(lab_servers_start(&servers, 20, &cancel, err, sizeof err), SIM_EINTR);
    assert_int_equal(servers.redis_pid, 0);
    assert_int_equal(servers.pg_pid, 0);
    assert_string_equal(servers.dir, "");
}

static int teardown(void **state)
{
    (void)state;
    lab_servers_stop(&servers);
    return 0;
}

int main(void)
{
    const char *missing = lab_servers_missing();
    if (missing) {
        printf("SKIP: the lab's servers are not installed (%s); run scripts/deps\n", missing);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_start_answer_stop, teardown),
        cmocka_unit_test_teardown(test_cancelled_start_leaves_nothing, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
