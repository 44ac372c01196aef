#!/usr/bin/env bash
# e2e: hostile and careless input. Outputs never replace a device, FIFO, directory or
# an input of the same command; a full disk is exit 1 with nothing left behind;
# readers refuse non-regular files at once; extreme numbers never hang a chart;
# overrides are checked together; --vary and --seed keep integers exact.
# Env: ORDERSIM (the binary), SRC (source dir); cwd is tests/.
. "$(dirname "$0")/lib.bash" # skips without $ORDERSIM; $WORK is removed at exit
R=$ORDERSIM
cd "$WORK" || exit 1
T="timeout 20"
short=(--set duration=2s --set drain=1s)

"$R" run steady "${short[@]}" -q --csv run.csv --json run.json || bad "making run.csv"
cp run.csv b.csv

# ---- outputs ---------------------------------------------------------------------
# A character device. As root, renaming onto it would replace it: use one of our own
# (same major/minor as /dev/null) so that a failing test cannot break the machine.
if [ "$(id -u)" = 0 ] && mknod "$WORK/null" c 1 3 2>/dev/null; then DEV=$WORK/null; else DEV=/dev/null; fi
expect_status 2 "run --csv DEVICE" $T "$R" run steady "${short[@]}" -q --csv "$DEV"
check "the device is still a device" test -c "$DEV"
grep -q "not a regular file" "$WORK/err" || bad "device: message: $(cat "$WORK/err")"
if [ "$DEV" != /dev/null ]; then
    ln -s "$DEV" "$WORK/devlink.png"
    expect_status 2 "chart -o a symlink to a device" $T "$R" chart run.csv -o "$WORK/devlink.png"
    check "the device behind the link is still a device" test -c "$DEV"
    rm "$WORK/devlink.png"
fi

mkfifo fifo
expect_status 2 "run --csv FIFO" $T "$R" run steady "${short[@]}" -q --csv fifo
check "the FIFO is still a FIFO" test -p fifo
mkdir adir
expect_status 2 "run --json DIRECTORY" $T "$R" run steady "${short[@]}" -q --json adir
check "the directory is still there" test -d adir
expect_status 2 "sweep --csv FIFO refused before running" $T "$R" sweep steady \
    "${short[@]}" --vary seed=1:2:1 --csv fifo

cp run.csv keep.csv
expect_status 2 "compare A B --json A" $T "$R" compare run.csv b.csv --json run.csv
check "compare's input is unchanged" cmp -s run.csv keep.csv
grep -q "input of this command" "$WORK/err" || bad "same file: message: $(cat "$WORK/err")"
ln run.csv hard.csv
expect_status 2 "compare A B --json hardlink-of-A" $T "$R" compare run.csv b.csv --json hard.csv
check "the hard link is unchanged" cmp -s hard.csv keep.csv
expect_status 2 "compare A B --chart A (same file)" $T "$R" compare run.csv b.csv --chart run.csv
mkdir -p tr/traces
cp "$SRC/tests/fixtures/scenarios/times-ok.yaml" tr/t.yaml
cp "$SRC/tests/fixtures/scenarios/traces/times.csv" tr/traces/times.csv
cp tr/traces/times.csv tr/times.keep
expect_status 2 "run SCENARIO --csv its trace" $T "$R" run tr/t.yaml -q --csv tr/traces/times.csv
check "the trace is unchanged" cmp -s tr/traces/times.csv tr/times.keep
grep -q "input of this command" "$WORK/err" || bad "trace: message: $(cat "$WORK/err")"
cp "$SRC/scenarios/steady.yaml" s.yaml
cp s.yaml s.keep
expect_status 2 "run FILE --json FILE" $T "$R" run s.yaml "${short[@]}" -q --json s.yaml
check "the scenario is unchanged" cmp -s s.yaml s.keep
expect_status 2 "two outputs on one path" $T "$R" run steady "${short[@]}" -q --csv x.csv --json x.csv

# An output in a directory that does not exist, or is a file: refused before running
# (exit 2, the user's to fix), not after the run with exit 1.
expect_status 2 "run --csv NO-SUCH-DIR/x.csv" $T "$R" run steady "${short[@]}" -q --csv nodir/x.csv
grep -q "nodir/x.csv: cannot create: No such file or directory" "$WORK/err" ||
    bad "missing directory: message: $(cat "$WORK/err")"
expect_status 2 "chart -o FILE/x.png" $T "$R" chart run.csv -o run.csv/x.png
expect_status 2 "sweep --csv NO-SUCH-DIR/x.csv" $T "$R" sweep steady "${short[@]}" \
    --vary seed=1:2:1 --csv nodir/x.csv
# Unreadable inputs and unwritable directories are bad input too (exit 2, said why).
# Root reads everything: run those as an unprivileged user when there is one.
chmod o+x "$WORK"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v runuser >/dev/null &&
    runuser -u nobody -- test -x "$R"; then
    AS=(runuser -u nobody --)
    mkdir -p priv/ro && cp "$SRC/scenarios/steady.yaml" priv/secret.yaml
    chmod 600 priv/secret.yaml && chmod 755 priv && chmod 555 priv/ro
    cp "$SRC/scenarios/lessons/mq-basics.yaml" priv/lesson.yaml && chmod 600 priv/lesson.yaml
    expect_status 2 "run UNREADABLE" $T "${AS[@]}" "$R" run "$WORK/priv/secret.yaml" -q
    grep -q "Permission denied" "$WORK/err" || bad "unreadable: message: $(cat "$WORK/err")"
    expect_status 2 "lesson --list-scenes UNREADABLE" $T "${AS[@]}" "$R" lesson \
        --list-scenes "$WORK/priv/lesson.yaml"
    expect_status 2 "chart UNREADABLE" $T "${AS[@]}" "$R" chart "$WORK/priv/secret.yaml" \
        -o "$WORK/priv/ro/x.png"
    expect_status 2 "run --csv UNWRITABLE-DIR/x.csv" $T "${AS[@]}" "$R" run steady \
        "${short[@]}" -q --csv "$WORK/priv/ro/x.csv"
    grep -q "cannot create: Permission denied" "$WORK/err" ||
        bad "unwritable directory: message: $(cat "$WORK/err")"
    check "nothing written in the read-only directory" test -z "$(ls -A priv/ro)"
fi

# Standard output: '-' and /dev/stdout write in place; a full one is exit 1.
expect_status 0 "run --csv -" $T "$R" run steady "${short[@]}" -q --csv -
check "--csv - wrote the CSV" grep -q '^time_s,variant' "$WORK/out"
expect_status 0 "run --csv /dev/stdout" $T "$R" run steady "${short[@]}" -q --csv /dev/stdout
check "--csv /dev/stdout wrote the CSV" grep -q '^time_s,variant' "$WORK/out"
if [ -c /dev/full ]; then
    $T "$R" run steady "${short[@]}" -q --csv - >/dev/full 2>"$WORK/err"
    [ $? -eq 1 ] && ok || bad "run --csv - >/dev/full: want exit 1"
    $T "$R" run steady "${short[@]}" -q --json /dev/stdout >/dev/full 2>"$WORK/err"
    [ $? -eq 1 ] && ok || bad "run --json /dev/stdout >/dev/full: want exit 1"
    $T "$R" compare run.csv b.csv --json - >/dev/full 2>"$WORK/err"
    [ $? -eq 1 ] && ok || bad "compare --json - >/dev/full: want exit 1"
fi
# A file that cannot grow (RLIMIT_FSIZE, as a full disk): exit 1, nothing left.
(
    ulimit -f 4
    trap '' XFSZ
    exec "$R" run steady --set duration=60s -q --csv big.csv --json big.json
) >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && ok || bad "a write that fails (file size limit): want exit 1"
check "no partial CSV" test ! -e big.csv
check "no temporary file left" test -z "$(ls -A | grep '^\.big')"

# ---- the lab talks only to this machine ------------------------------------------------
# Refused before any server is started or any request sent (exit 2, says why).
expect_status 2 "lab --redis on another machine" $T "$R" lab steady \
    --redis redis://192.0.2.1:6379 --postgres postgresql:///x
grep -q "'192.0.2.1' is not on this machine" "$WORK/err" || bad "lab redis: $(cat "$WORK/err")"
expect_status 2 "lab consumer --postgres on another machine" $T "$R" lab consumer steady \
    --redis unix:///nowhere --postgres "host=/tmp,198.51.100.7 dbname=x"
grep -q "'198.51.100.7' is not on this machine" "$WORK/err" || bad "lab pg: $(cat "$WORK/err")"
expect_status 2 "lab consumer --postgres URI on another machine" $T "$R" lab consumer steady \
    --redis 'redis://[::1]:1' --postgres postgresql://u@203.0.113.9:5432/db
expect_status 2 "lab --redis not a URL" $T "$R" lab steady --redis http://127.0.0.1/ \
    --postgres postgresql:///x

# A full disk for real (a 4 KiB tmpfs; root only, skipped where mounting is not
# allowed): every kind of output exits 1, says "No space left on device", leaves nothing.
mkdir tiny
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4k tmpfs tiny 2>/dev/null; then
    trap 'umount "$WORK/tiny" 2>/dev/null; rm -rf "$WORK"' EXIT
    for out in "--csv tiny/x.csv" "--json tiny/x.json" "--chart tiny/x.png" "--chart tiny/x.svg" \
        "--chart tiny/x.pdf"; do
        # shellcheck disable=SC2086 # $out is an option and its value
        expect_status 1 "run $out on a full disk" $T "$R" run flash-spike -q $out
        grep -q "No space left on device" "$WORK/err" || bad "$out: message: $(cat "$WORK/err")"
    done
    check "nothing left on the full disk" test -z "$(ls -A tiny)"
    umount tiny
else
    echo "note: no tmpfs (not root, or mounting not allowed): full disk tested by RLIMIT_FSIZE only"
fi

# ---- readers ---------------------------------------------------------------------
expect_status 2 "chart /dev/zero (at once)" timeout 5 "$R" chart /dev/zero -o z.png
grep -q "not a regular file" "$WORK/err" || bad "/dev/zero: message: $(cat "$WORK/err")"
expect_status 2 "chart FIFO (no wait for a writer)" timeout 5 "$R" chart fifo -o z.png
expect_status 2 "compare /dev/zero" timeout 5 "$R" compare run.csv /dev/zero
expect_status 2 "chart --meta /dev/zero" timeout 5 "$R" chart run.csv --meta /dev/zero -o z.png
expect_status 2 "run /dev/zero" timeout 5 "$R" run /dev/zero
expect_status 2 "replay FIFO" timeout 5 "$R" replay --headless fifo
expect_status 2 "lesson FIFO (no wait for a writer)" timeout 5 "$R" lesson --list-scenes fifo
expect_status 2 "lesson --handout x.pdf FIFO" timeout 5 "$R" lesson --handout l.pdf fifo
check "nothing drawn" test ! -e z.png
{
    head -1 run.csv
    printf '0,sync,1,1,0,0,1,1,1,1,1,1,0,0,%05000d\n' 1
} >longline.csv
expect_status 2 "a CSV line over 4096 bytes" timeout 5 "$R" chart longline.csv -o z.png

# ---- extreme values in charts --------------------------------------------------------
sed '3s/^\([^,]*\),\([^,]*\),[^,]*/\1,\2,1.7e308/' run.csv >huge.csv
expect_status 2 "chart of 1.7e308 in a CSV: refused, no hang" timeout 10 "$R" chart huge.csv \
    -o huge.png
grep -q "out of range" "$WORK/err" || bad "huge CSV: message: $(cat "$WORK/err")"
expect_status 2 "compare --chart with 1.7e308" timeout 10 "$R" compare run.csv huge.csv \
    --chart huge.png
cp run.csv cap.csv
sed 's/"db_capacity_qps": [0-9.e+]*/"db_capacity_qps": 1.7e308/' run.json >cap.json
expect_status 2 "sidecar capacity 1.7e308: refused, no hang" timeout 10 "$R" chart cap.csv \
    -o cap.png
sed 's/"db_capacity_qps": [0-9.e+]*/"db_capacity_qps": 1e14/' run.json >cap.json
expect_status 0 "sidecar capacity 1e14 (in range): drawn" timeout 10 "$R" chart cap.csv -o cap.png
stray=$(ls -A | grep -E '^\.|\.png$' | grep -v '^cap.png$')
[ -z "$stray" ] && ok || bad "stray files from the charts: $stray"

# A valid scenario with 45 faults: `run --chart` draws it.
{
    echo "duration: 50s"
    echo "drain: 5s"
    echo "faults:"
    for i in $(seq 0 44); do echo "  - {at: ${i}s, for: 1s, target: b, kind: slow, factor: 2}"; done
} >f45.yaml
expect_status 0 "run --chart of a 45-fault scenario" $T "$R" run f45.yaml -q --chart f45.png
check "its chart exists" test -s f45.png

# ---- memory bounds -------------------------------------------------------------------
# The MQ's store is bounded: a full store refuses sends (SYSTEM_BUSY), counted and shown.
expect_status 0 "a full MQ store" $T "$R" run steady "${short[@]}" --set 'variants=[async]' \
    --set mq.store_limit=100 --set mq.rate_limit=10/s --json store.json
check "the summary shows the refusals" grep -Eq '^MQ store full +[1-9]' "$WORK/out"
check "the JSON counts them" grep -Eq '"mq_store_full": [1-9]' store.json
expect_status 0 "an MQ store never full: no such row" $T "$R" run steady "${short[@]}"
check "no MQ store full row" test -z "$(grep 'MQ store full' "$WORK/out")"
expect_status 2 "mq.store_limit above 5000000" $T "$R" run steady -q --set mq.store_limit=5000001
expect_status 2 "instances x threads above 1000000" $T "$R" run steady -q \
    --set a.instances=2 --set a.threads=1000000

# ---- control characters never reach the terminal raw -----------------------------------
printf 'title: "\\e[31mRED\\e]0;pwned\\a"\nnotes: "\\e[2J"\nduration: 2s\ndrain: 1s\n' >esc.yaml
expect_status 0 "run a scenario whose title holds ESC sequences" $T "$R" run esc.yaml
check "no ESC in run's output" test "$(LC_ALL=C grep -c $'\e' "$WORK/out")" = 0
check "the title is shown escaped" grep -qF '\x1b[31mRED' "$WORK/out"
expect_status 0 "replicated run of it" $T "$R" run esc.yaml -r 2
check "no ESC in the replicated table" test "$(LC_ALL=C grep -c $'\e' "$WORK/out")" = 0
cp run.csv $'esc\e[2J.csv'
expect_status 0 "compare with ESC in a label and a file name" $T "$R" compare run.csv \
    $'esc\e[2J.csv' --label $'\e]0;x\a'
check "no ESC in compare's table" test "$(LC_ALL=C grep -c $'\e' "$WORK/out" "$WORK/err" | \
    awk -F: '{ s += $2 } END { print s }')" = 0
printf 'database: {connections: "\\e[2J"}\n' >escbad.yaml
expect_status 2 "a bad value holding ESC" $T "$R" run escbad.yaml
check "no ESC in the diagnostic" test "$(LC_ALL=C grep -c $'\e' "$WORK/err")" = 0

# ---- overrides ---------------------------------------------------------------------
expect_status 0 "--set backoff then backoff_max" $T "$R" run steady "${short[@]}" -q \
    --set b.backoff=20s --set b.backoff_max=30s
expect_status 0 "--set backoff_max then backoff" $T "$R" run steady "${short[@]}" -q \
    --set b.backoff_max=30s --set b.backoff=20s
expect_status 2 "--set a bad pair is still refused" $T "$R" run steady -q \
    --set b.backoff=40s --set b.backoff_max=30s
grep -q -- "--set:2:" "$WORK/err" || bad "the diagnostic names the 2nd --set: $(cat "$WORK/err")"
# duration 200000s needs an interval over 2 s (at most 100 000 buckets): alone, each
# of these overrides is refused; together they are fine, in either order.
slow=(--set load.phases.0.rate=0.01/s --set drain=0s)
expect_status 0 "--set duration then interval" $T "$R" run steady -q "${slow[@]}" \
    --set duration=200000s --set interval=10s
expect_status 0 "--set interval then duration" $T "$R" run steady -q "${slow[@]}" \
    --set interval=10s --set duration=200000s
expect_status 0 "--set duration with --interval" $T "$R" run steady -q "${slow[@]}" \
    --set duration=200000s --interval 10s
expect_status 2 "--set duration alone is refused" $T "$R" run steady -q "${slow[@]}" \
    --set duration=200000s
expect_status 2 "replay --speed 0" $T "$R" replay --headless --speed 0 s.yaml
grep -q "0.1 and 100" "$WORK/err" || bad "--speed 0: message: $(cat "$WORK/err")"
expect_status 2 "live --speed 0" $T "$R" live --speed 0

# --vary: duplicates refused, integers exact.
expect_status 2 "--vary the same key twice" $T "$R" sweep steady "${short[@]}" \
    --vary seed=1:2:1 --vary seed=3:4:1
expect_status 0 "--vary seed=100000000000:100000000002:1" $T "$R" sweep steady "${short[@]}" \
    --vary seed=100000000000:100000000002:1 --csv sw.csv --json sw.json -q
check "the CSV holds the exact seeds" grep -q '^100000000002,' sw.csv
check "the JSON holds the exact seeds" grep -q '"seed": 100000000001$' sw.json
expect_status 0 "--vary seeds past 2^63" $T "$R" sweep steady "${short[@]}" \
    --vary seed=18446744073709551614:18446744073709551615:1 --json sw2.json -q
check "the JSON holds 2^64-1" grep -q '"seed": 18446744073709551615$' sw2.json

# --seed 2^64-1 goes to JSON as that number, and chart reads it back.
expect_status 0 "run --seed 2^64-1" $T "$R" run steady "${short[@]}" -q \
    --seed 18446744073709551615 --csv max.csv --json max.json
check "JSON seed is 18446744073709551615" grep -q '"seed": 18446744073709551615,' max.json
expect_status 0 "chart reads the seed back" $T "$R" chart max.csv -o max.svg
check "chart read the sidecar" test ! -s "$WORK/err"

finish
