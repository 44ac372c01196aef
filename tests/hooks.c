/* tests/hooks.c: fault injection for a test build of the binary (ordersim-hooked), in
 * the style of SQLite's test_malloc. The test build links the project's libraries with
 * -Wl,--wrap=malloc,--wrap=calloc,... (see CMakeLists.txt), so every allocation the
 * project's own code makes comes through here; libraries it uses (libyaml, cairo,
 * jansson) allocate on their own and are not counted. The real binary has none of this.
 *
 *   ORD_TEST_FAIL_ALLOC=N       the Nth allocation (1-based, counted over every
 *                               thread) fails, once; later ones succeed again
 *   ORD_TEST_ALLOC_REPORT=FILE  at exit, writes "allocations=K failed=F\n" to FILE
 *                               (F = 1 when the Nth allocation happened and failed)
 *   ORD_TEST_BREAK_INVARIANT=1  the model's check of its totals fails, as a bug in
 *                               the model would make it
 *   ORD_TEST_FAIL_UV=NAME       the libuv call NAME (uv_loop_init, uv_signal_init,
 *                               uv_signal_start, uv_poll_init, uv_poll_start,
 *                               uv_timer_init, uv_timer_start) fails with UV_ENOMEM
 *                               every time, as libuv may when out of memory or fds
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <uv.h>

#include "orders/model.h"
#include "sim/error.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);
int __real_ord_check_totals(const struct ord_totals *t, char *why, size_t why_len);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);
int __wrap_ord_check_totals(const struct ord_totals *t, char *why, size_t why_len);

/* The libuv calls that can be made to fail: real and wrapped prototypes, and the
 * wrapper, which fails when ORD_TEST_FAIL_UV names the call. */
#define HOOK_UV_CALLS(X)                                                                           \
    X(uv_loop_init, (uv_loop_t * loop), (loop))                                                    \
    X(uv_signal_init, (uv_loop_t * loop, uv_signal_t * h), (loop, h))                              \
    X(uv_signal_start, (uv_signal_t * h, uv_signal_cb cb, int signum), (h, cb, signum))            \
    X(uv_poll_init, (uv_loop_t * loop, uv_poll_t * h, int fd), (loop, h, fd))                      \
    X(uv_poll_start, (uv_poll_t * h, int events, uv_poll_cb cb), (h, events, cb))                  \
    X(uv_timer_init, (uv_loop_t * loop, uv_timer_t * h), (loop, h))                                \
    X(uv_timer_start, (uv_timer_t * h, uv_timer_cb cb, uint64_t timeout, uint64_t repeat),         \
      (h, cb, timeout, repeat))

static const char *fail_uv; /* ORD_TEST_FAIL_UV, or NULL */

#define HOOK_UV_WRAP(name, params, args)                                                           \
    int __real_##name params;                                                                      \
    int __wrap_##name params;                                                                      \
    int __wrap_##name params                                                                       \
    {                                                                                              \
        if (fail_uv && strcmp(fail_uv, #name) == 0)                                                \
            return UV_ENOMEM;                                                                      \
        return __real_##name args;                                                                 \
    }
HOOK_UV_CALLS(HOOK_UV_WRAP)
#undef HOOK_UV_WRAP

static unsigned long fail_at;      /* 0: never */
static const char *report_path;    /* NULL: no report */
static int break_invariant;
static atomic_ulong allocations;   /* allocations seen so far */
static atomic_int failed;          /* the Nth one happened (and failed) */

__attribute__((constructor)) static void hooks_init(void)
{
    const char *n = getenv("ORD_TEST_FAIL_ALLOC");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    report_path = getenv("ORD_TEST_ALLOC_REPORT");
    const char *b = getenv("ORD_TEST_BREAK_INVARIANT");
    break_invariant = b && strcmp(b, "1") == 0;
    fail_uv = getenv("ORD_TEST_FAIL_UV");
}

__attribute__((destructor)) static void hooks_report(void)
{
    if (!report_path)
        return;
    int fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    char line[64];
    int len = snprintf(line, sizeof line, "allocations=%lu failed=%d\n",
                       atomic_load(&allocations), atomic_load(&failed));
    if (len > 0 && write(fd, line, (size_t)len) < 0)
        len = 0; /* nothing to do: the test sees a missing or short report */
    close(fd);
}

/* Should this allocation fail? Counts it. */
static int fail_now(void)
{
    unsigned long k = atomic_fetch_add(&allocations, 1) + 1;
    if (fail_at == 0 || k != fail_at)
        return 0;
    atomic_store(&failed, 1);
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }

void *__wrap_calloc(size_t k, size_t n) { return fail_now() ? NULL : __real_calloc(k, n); }

void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }

/* Counted when it must allocate its first buffer (growing it later cannot be told
 * apart from not growing it beforehand). */
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
    if (!*line && fail_now())
        return -1;
    return __real_getline(line, cap, f);
}

int __wrap_ord_check_totals(const struct ord_totals *t, char *why, size_t why_len)
{
    int rc = __real_ord_check_totals(t, why, why_len);
    if (rc == 0 && break_invariant) {
        if (why && why_len)
            snprintf(why, why_len, "the test hook broke this check on purpose");
        return SIM_EINVARIANT;
    }
    return rc;
}
