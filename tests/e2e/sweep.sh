#!/usr/bin/env bash
# End to end: ordersim sweep and run --replications.
. "$(dirname "$0")/lib.bash"

small=(steady --set duration=4s --set drain=1s --seed 3)
vary=(--vary load.phases.0.rate=2000:8000:3000)
expect_status 0 "sweep -j1" "$ORDERSIM" sweep "${small[@]}" "${vary[@]}" -r 3 -j 1 \
    --csv "$WORK/j1.csv" --json "$WORK/j1.json"
check "table printed" grep -q "latency p50" "$WORK/out"
expect_status 0 "sweep -j2" "$ORDERSIM" sweep "${small[@]}" "${vary[@]}" -r 3 -j 2 \
    --csv "$WORK/j2.csv" --json "$WORK/j2.json" --quiet
check "same CSV whatever --jobs" cmp -s "$WORK/j1.csv" "$WORK/j2.csv"
check "same JSON whatever --jobs" cmp -s "$WORK/j1.json" "$WORK/j2.json"
check "CSV header" test "$(head -1 "$WORK/j1.csv")" = \
    "load.phases.0.rate,variant,figure,mean,ci95,min,max,n"
nfig=$(grep -c '^2000,sync,' "$WORK/j1.csv")
check "3 points x 2 variants x figures" test "$(($(wc -l <"$WORK/j1.csv") - 1))" -eq $((3 * 2 * nfig))
check "n = 3 replications" grep -q '^8000,async,latency_p50_ms,.*,3$' "$WORK/j1.csv"

# two --vary: the cartesian product
expect_status 0 "two --vary" "$ORDERSIM" sweep "${small[@]}" --vary load.phases.0.rate=1000:2000:1000 \
    --vary database.connections=30:60:30 --csv "$WORK/two.csv" --quiet
check "2 x 2 points" test "$(cut -d, -f1,2 "$WORK/two.csv" | sort -u | wc -l)" -eq 5

# bad --vary: exit 2, clear message, no file
for v in "database.conections=1:2:1" "load.phases.0.rate=1000:2000:0" \
         "load.phases.0.rate=3000:2000:100" "load.phases.0.rate=1:100000:1" "nonsense" \
         "load.phases.0.rate=1ms:2/s:1"; do
    expect_status 2 "bad --vary $v" "$ORDERSIM" sweep "${small[@]}" --vary "$v" --csv "$WORK/bad.csv"
    check "message for $v" grep -q "vary" "$WORK/err"
    check "no file for $v" test ! -e "$WORK/bad.csv"
done
expect_status 2 "no --vary" "$ORDERSIM" sweep steady

# Ctrl-C stops cleanly and writes nothing
"$ORDERSIM" sweep steady --vary load.phases.0.rate=1000:9000:1000 -r 50 -j 1 \
    --csv "$WORK/int.csv" --quiet 2>"$WORK/interr" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
st=$?
check "interrupted sweep exits 130 (got $st)" test "$st" -eq 130
check "interrupted sweep wrote nothing" test ! -e "$WORK/int.csv"
check "interrupted sweep says so" grep -q "interrupted" "$WORK/interr"

# Several services: each service's figures after the variant's, "<service>_<figure>",
# in the CSV, the JSON and a second table; a one-service sweep has none (above: the
# rows are the figures alone).
fan=(fan-out --set duration=6s --set drain=4s --seed 3)
expect_status 0 "sweep fan-out" "$ORDERSIM" sweep "${fan[@]}" --vary load.phases.0.rate=1000:5000:4000 \
    -r 2 --csv "$WORK/fan.csv" --json "$WORK/fan.json" --chart "$WORK/fan.svg"
for svc in b points sms; do
    for fig in completed failed lag_p99_ms backlog_max backlog_at_load_end drained_at_s db_qps_max; do
        check "fan-out row $svc $fig" grep -q "^5000,async,${svc}_$fig," "$WORK/fan.csv"
    done
done
check "one-service sweep has no service rows" test "$(grep -c '_completed,' "$WORK/j1.csv")" -eq 0
check "fan-out JSON services" grep -q '"points": {' "$WORK/fan.json"
check "fan-out table per service" grep -q "^each service (mean of the replications):" "$WORK/out"
# the table's figure is the CSV's mean: points' backlog as the load ends at 5000/s
# (its database takes 4000/s: the backlog grows while the load lasts)
mean=$(awk -F, '$1 == 5000 && $2 == "async" && $3 == "points_backlog_at_load_end" { print $4 }' "$WORK/fan.csv")
check "points backs up past its capacity ($mean)" test "${mean%.*}" -gt 1000
row=$(awk '/^each service/ { on = 1 } on && $1 == "points" { n++; if (n == 4) print $NF }' "$WORK/out")
check "table backlog at load end = CSV ($row vs $mean)" test "$row" = "$(printf '%.0f' "$mean")"
expect_status 0 "sweep --figures of a service" "$ORDERSIM" sweep "${fan[@]}" \
    --vary load.phases.0.rate=1000:2000:1000 --figures points_lag_p99_ms,sms_backlog_max \
    --chart "$WORK/fanfig.png" --quiet
expect_status 2 "unknown service figure" "$ORDERSIM" sweep "${fan[@]}" \
    --vary load.phases.0.rate=1000:2000:1000 --figures nosuch_lag_p99_ms --quiet
check "unknown figure lists the services' figures" grep -q "<service>_<figure>" "$WORK/err"

# run --replications: mean +- ci and {mean, ci95, n} in JSON
expect_status 0 "replications" "$ORDERSIM" run "${small[@]}" --replications 4 --json "$WORK/rep.json"
check "table shows +-" grep -q "+-" "$WORK/out"
check "JSON mean/ci95/n" grep -q '"ci95"' "$WORK/rep.json"
check "JSON n = 4" grep -q '"n": 4' "$WORK/rep.json"
# with several services, each service's figures under its name, in the table and JSON
expect_status 0 "replications fan-out" "$ORDERSIM" run "${fan[@]}" --replications 2 \
    --json "$WORK/repfan.json"
for svc in b points sms; do
    check "replications table: service $svc" grep -q "^service $svc$" "$WORK/out"
done
check "replications table: its drain" grep -q "^  its backlog drained at (s) " "$WORK/out"
check "replications JSON: services" grep -q '"backlog_at_load_end": {' "$WORK/repfan.json"
finish
