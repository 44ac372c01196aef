/* tests/fuzz_record.c: libFuzzer target for recorded live sessions (built and run by
 * scripts/fuzz record, not by CTest): what `ordersim replay` reads, a scenario with its
 * `commands`, and then plays.
 *
 * An input is a record's text. One that loads is replayed for a bounded number of
 * events (ord_run_advance_bounded: a huge rate or a week-long run costs no more), so
 * that the recorded commands are applied to a running model. Beyond "no crash, no
 * leak, no hang", the replay must not fail: whatever the loader accepts, the model can
 * play. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders/model.h"
#include "orders/scenario/scenario.h"
#include "sim/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ord_config c;
    struct ord_diag d;
    if (ord_scenario_load_text(&c, (const char *)data, size, "fuzz-record.yaml", NULL, &d) != 0)
        return 0;
    struct ord_run *run = malloc(sizeof *run);
    if (!run)
        abort();
    int rc = ord_run_init(run, &c);
    if (rc == 0) {
        /* In slices, as the live view plays it; 50 000 events in all. */
        for (int i = 0; i < 50 && rc == 0 && !ord_run_done(run); i++)
            rc = ord_run_advance_bounded(run, SIM_TIME_NEVER, 1000);
        if (rc != 0 && rc != SIM_ENOMEM) {
            fprintf(stderr, "replay failed: %s\n", ord_run_strerror(run, rc));
            abort();
        }
        ord_run_close(run);
    } else if (rc != SIM_ENOMEM) {
        fprintf(stderr, "a loaded record does not start: %s\n", sim_strerror(rc));
        abort();
    }
    free(run);
    ord_config_free(&c);
    return 0;
}
