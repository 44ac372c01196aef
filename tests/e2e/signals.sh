#!/usr/bin/env bash
# e2e: signals. A sweep stops within a second of the first SIGINT/SIGTERM (runs in
# flight abandoned, nothing written, exit 130/143) and at once on a second one; a
# chart interrupted while it is written leaves no temporary file; the live view on a
# heavy scenario at 100x quits soon after `q`, and Ctrl-C, Ctrl-\ and SIGTERM all
# restore the terminal (tmux). Times are checked with wide margins (a loaded machine
# under ASan); the point is "seconds, not minutes": before, a sweep ran on for
# 15 s after SIGINT and `q` took 26 s.
# Env: ORDERSIM (the binary), SRC (source dir); cwd is tests/.
. "$(dirname "$0")/lib.bash" # skips without $ORDERSIM; $WORK is removed at exit
R=$ORDERSIM
cd "$WORK" || exit 1
term_init
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
under() { awk -v x="$1" -v max="$2" 'BEGIN { exit !(x < max) }'; }

# ---- sweep ---------------------------------------------------------------------------
# Each run is heavy (200 000 orders/s for 60 s): minutes of work in all.
heavy=(steady --set load.phases.0.rate=200000/s --vary seed=1:8:1 --jobs 2 --csv sw.csv
    --json sw.json)
for sig in INT TERM; do
    "$R" sweep "${heavy[@]}" >/dev/null 2>"$WORK/err" &
    pid=$!
    sleep 1.5
    t0=$(now)
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    took=$(since "$t0")
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$rc" -eq "$want" ] && ok || bad "sweep SIG$sig: exit $rc, want $want"
    under "$took" 3 && ok || bad "sweep SIG$sig: stopped after $took s"
    echo "sweep stopped $took s after SIG$sig"
    check "sweep SIG$sig: no CSV" test ! -e sw.csv
    check "sweep SIG$sig: no JSON" test ! -e sw.json
    grep -q "no file written" "$WORK/err" || bad "sweep SIG$sig: message: $(cat "$WORK/err")"
done
# A second SIGINT ends it at once (the shell sees death by SIGINT: 130).
"$R" sweep "${heavy[@]}" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT "$pid"
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] && ok || bad "sweep, two SIGINTs: exit $rc, want 130"
check "two SIGINTs: no CSV" test ! -e sw.csv

# ---- chart: the temporary file goes with the process ------------------------------------
"$R" run steady --interval 10ms -q --csv big.csv --json big.json || bad "making big.csv"
for sig in INT TERM HUP QUIT; do
    "$R" chart big.csv -o out.png --size 8000x8000 2>/dev/null &
    pid=$!
    # Wait until the temporary file exists, so the signal comes mid-write.
    for _ in $(seq 100); do
        ls -A | grep -q '^\.out\.png\.' && break
        sleep 0.05
    done
    ls -A | grep -q '^\.out\.png\.' && ok || bad "chart SIG$sig: no temporary file seen"
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -gt 128 ] && ok || bad "chart SIG$sig: exit $rc (want death by the signal)"
    left=$(ls -A | grep -E '^\.out\.png|^out\.png$')
    [ -z "$left" ] && ok || bad "chart SIG$sig left: $left"
done
rm -f core core.*

# ---- live view (tmux) --------------------------------------------------------------------
# start NAME ARGS...: ordersim in a detached 100x30 window (see term_start).
start() {
    local name=$1
    shift
    term_start "$name" 100 30 "${UTF8_TERM[@]}" -- "$@"
}
restored() { # NAME: canonical mode and echo are back, the alternate screen is gone
    grep -q -- ' icanon' "$WORK/$1.stty" && grep -q -- ' echo' "$WORK/$1.stty" &&
        ! screen "$1" | grep -q 'space pause'
}
heavy_live=(live steady --set load.phases.0.rate=3000000/s --speed 100)

start q "${heavy_live[@]}"
if wait_for q 'running' 20; then
    sleep 2
    t0=$(now)
    tm send-keys -t q q
    wait_status q 10
    took=$(since "$t0")
    echo "live view quit $took s after q (heavy scenario, 100x)"
    under "$took" 2 && ok || bad "live: quit took $took s after q"
    [ "$(cat "$WORK/q.status" 2>/dev/null)" = 0 ] && ok || bad "live q: status $(cat "$WORK/q.status" 2>/dev/null)"
    check "live q: terminal restored" restored q
else
    bad "live view did not start"
fi

# Ctrl-C, Ctrl-\ (keys in the terminal) and SIGTERM (from outside): 130, 131, 143.
n=0
for how in C-c 'C-\' TERM; do
    name=sig$((++n))
    start "$name" "${heavy_live[@]}"
    if ! wait_for "$name" 'running' 20; then
        bad "live ($how): did not start"
        continue
    fi
    sleep 1
    if [ "$how" = TERM ]; then
        # The pane runs sh; ordersim is its child.
        shpid=$(tm list-panes -t "$name" -F '#{pane_pid}')
        kill -TERM "$(pgrep -P "$shpid" | head -1)"
        want=143
    else
        tm send-keys -t "$name" "$how"
        want=$([ "$how" = C-c ] && echo 130 || echo 131)
    fi
    wait_status "$name" 10 || bad "live ($how): still running"
    got=$(cat "$WORK/$name.status" 2>/dev/null)
    [ "$got" = "$want" ] && ok || bad "live ($how): status $got, want $want"
    check "live ($how): terminal restored" restored "$name"
done

finish
