/* tests/fuzz_scenario.c: libFuzzer target for the scenario loader (built and run by
 * scripts/fuzz, not by CTest).
 *
 * An input is a scenario text, or, when it starts with '!', a --set argument applied
 * to the flash-spike built-in. Beyond "no crash, no leak, no hang" (the sanitizers
 * and libFuzzer's limits), every config that loads must write a scenario that loads
 * again and writes the same text: the round trip record files rely on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The written text without its leading # comment lines (they name the source). */
static char *written(const struct ord_config *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    if (ord_scenario_write(c, f) != 0)
        abort();
    fclose(f);
    char *body = text;
    while (*body == '#')
        body = strchr(body, '\n') + 1;
    memmove(text, body, strlen(body) + 1);
    return text;
}

static void check_round_trip(const struct ord_config *c)
{
    struct ord_config back;
    struct ord_diag d;
    char *t1 = written(c);
    if (ord_scenario_load_text(&back, t1, strlen(t1), "written", NULL, &d) != 0) {
        ord_diag_print(&d, stderr);
        fprintf(stderr, "%s", t1);
        abort();
    }
    char *t2 = written(&back);
    if (strcmp(t1, t2) != 0) {
        fprintf(stderr, "--- first write\n%s--- second write\n%s", t1, t2);
        abort();
    }
    free(t1);
    free(t2);
    ord_config_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ord_config c;
    struct ord_diag d;
    if (size > 0 && data[0] == '!') {
        char arg[4096];
        size_t n = size - 1 < sizeof arg - 1 ? size - 1 : sizeof arg - 1;
        memcpy(arg, data + 1, n);
        arg[n] = '\0';
        if (ord_scenario_resolve(&c, "flash-spike", &d) != 0)
            abort();
        if (ord_scenario_set(&c, arg, &d) == 0)
            check_round_trip(&c);
        ord_config_free(&c);
        return 0;
    }
    if (ord_scenario_load_text(&c, (const char *)data, size, "fuzz.yaml", NULL, &d) == 0) {
        check_round_trip(&c);
        if (ord_scenario_set(&c, "database.connections=30", &d) == 0)
            check_round_trip(&c);
        ord_config_free(&c);
    }
    return 0;
}
