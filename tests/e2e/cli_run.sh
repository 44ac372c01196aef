#!/usr/bin/env bash
# End to end: ordersim run / validate / scenarios on the real binary.
. "$(dirname "$0")/lib.bash"

# run: summary, CSV, JSON; deterministic; atomic outputs
expect_status 0 "run default" "$ORDERSIM" run --csv "$WORK/a.csv" --json "$WORK/a.json"
check "summary names both variants" grep -q "sync.*async" "$WORK/out"
check "summary has latency p50" grep -q "latency p50" "$WORK/out"
want='time_s,variant,offered_qps,accepted_qps,rejected_qps,failed_qps,completed_qps,latency_p50_ms,latency_p99_ms,latency_max_ms,lag_p50_ms,lag_p99_ms,backlog,inflight,db_qps'
check "CSV header exact" test "$(head -1 "$WORK/a.csv")" = "$want"
check "CSV has 90 s x 2 variants" test "$(wc -l <"$WORK/a.csv")" -eq 181
check "JSON has the variants" grep -q '"async": {' "$WORK/a.json"
for k in '"scenario"' '"seed"' '"duration_s"' '"latency_ms"' '"completion_lag_ms"' \
         '"db_qps_max"' '"backlog_max"' '"backlog_max_at_s"' '"drained_at_s"' '"phases"' \
         '"in_flight_end"' '"dlq"' '"redelivered"' '"p999"'; do
    check "JSON key $k" grep -q "$k" "$WORK/a.json"
done
expect_status 0 "run again" "$ORDERSIM" run --quiet --csv "$WORK/b.csv" --json "$WORK/b.json"
check "same seed, same CSV bytes" cmp -s "$WORK/a.csv" "$WORK/b.csv"
check "same seed, same JSON bytes" cmp -s "$WORK/a.json" "$WORK/b.json"
check "--quiet prints nothing" test ! -s "$WORK/out"
expect_status 0 "other seed" "$ORDERSIM" run --quiet --seed 7 --csv "$WORK/c.csv"
check "other seed, other CSV" bash -c "! cmp -s '$WORK/a.csv' '$WORK/c.csv'"
expect_status 0 "csv to stdout" "$ORDERSIM" run --quiet --csv -
check "CSV on stdout" test "$(head -1 "$WORK/out")" = "$want"

# the fluid-model figures of the canonical scenario, read from the JSON
backlog=$(grep -o '"backlog_max": [0-9]*' "$WORK/a.json" | tail -1 | grep -o '[0-9]*$')
check "async backlog max ~40 000 (got $backlog)" test "$backlog" -ge 38000 -a "$backlog" -le 42000
# outputs are atomic: a target in a missing directory is refused (exit 2), nothing left
# outputs are atomic: an unwritable target leaves nothing and exits 1
expect_status 2 "csv in a missing directory (bad input, refused before the run)" "$ORDERSIM" run --quiet --csv "$WORK/nodir/x.csv"
check "no partial file" test ! -e "$WORK/nodir"
check "error names the file" grep -q "nodir/x.csv" "$WORK/err"
rm -f "$WORK"/*.tmp.*

# overrides
expect_status 0 "--set works" "$ORDERSIM" run --quiet --set database.connections=120 --json "$WORK/d.json"
check "--set changed the result" bash -c "! cmp -s '$WORK/a.json' '$WORK/d.json'"
expect_status 2 "bad --set key" "$ORDERSIM" run --set database.conections=3
check "bad key suggests" grep -q "connections" "$WORK/err"
check "bad key names --set" grep -q -- "--set" "$WORK/err"
expect_status 2 "bad --set value" "$ORDERSIM" run --set database.connections=abc
expect_status 2 "unknown option" "$ORDERSIM" run --frobnicate
expect_status 2 "unknown command" "$ORDERSIM" frobnicate
expect_status 2 "missing scenario file" "$ORDERSIM" run "$WORK/missing.yaml"
check "missing file named" grep -q "missing.yaml" "$WORK/err"
expect_status 2 "unknown built-in" "$ORDERSIM" run no-such-scenario

# validate and scenarios
expect_status 0 "scenarios list" "$ORDERSIM" scenarios
check "flash-spike listed as default" grep -q "flash-spike.*(default)" "$WORK/out"
for s in flash-spike steady b-outage b-hang db-slow ramp flash-sale retry-storm mq-outage mm1 md1 mmc; do
    check "built-in $s listed" grep -q "^$s " "$WORK/out"
done
expect_status 0 "scenarios show" "$ORDERSIM" scenarios show flash-spike
cp "$WORK/out" "$WORK/fs.yaml"
check "show prints YAML" grep -q "^name: flash-spike" "$WORK/fs.yaml"
expect_status 0 "validate the shown file" "$ORDERSIM" validate "$WORK/fs.yaml"
check "validate says ok" grep -q "ok" "$WORK/out"
printf 'name: x\nduration: 10 parsecs\n' >"$WORK/bad.yaml"
expect_status 2 "validate a bad file" "$ORDERSIM" validate "$WORK/bad.yaml"
check "file:line:column" grep -q "bad.yaml:2:[0-9]*:" "$WORK/err"
expect_status 2 "scenarios show unknown" "$ORDERSIM" scenarios show nope

# help is generated for every subcommand
for c in live run chart compare sweep replay validate scenarios; do
    expect_status 0 "$c --help" "$ORDERSIM" "$c" --help
    check "$c --help has usage" grep -q "usage: ordersim $c" "$WORK/out"
done

# no arguments and no terminal: the headless summary of the default scenario
"$ORDERSIM" </dev/null >"$WORK/out" 2>&1
check "no-arg headless summary" grep -q "flash-spike" "$WORK/out"

# Chinese needs a UTF-8 locale: without one, --lang zh says why (exit 2), nothing drawn
expect_status 2 "zh without UTF-8" env LANG=C LC_ALL=C "$ORDERSIM" live --lang zh
check "zh without UTF-8: says why" grep -q "locale is not UTF-8" "$WORK/err"
# the summary: throughput while load runs, a run average named so, error waits
expect_status 0 "b-outage summary" "$ORDERSIM" run b-outage
check "summary: throughput (load)" grep -q "^throughput (load) " "$WORK/out"
check "summary: run average named" grep -q "^completed/s run avg " "$WORK/out"
check "summary: error wait of refused calls" grep -qE "^error wait p99 +[0-9.]+ ms +-$" "$WORK/out"
# steady: a backlog of a few messages is no event
expect_status 0 "steady summary" "$ORDERSIM" run steady
check "steady: no backlog built up" grep -q "none built up" "$WORK/out"
check "steady: no drained-at event" grep -qE "^drained at +- +-$" "$WORK/out"
# replications: mean +- half-width to its precision; never-drained said in words
expect_status 0 "replications" "$ORDERSIM" run steady -r 3
check "replications: no -1" bash -c "! grep -q -- '-1' '$WORK/out'"
check "replications: drained in words" grep -q "none built up" "$WORK/out"
finish
