# Shared by the lab's end-to-end scripts (sourced after lib.bash, not run): skip when
# the servers are not installed, a private TMPDIR the lab makes its directories in,
# and the check that nothing of the lab is left behind.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if ! command -v redis-server >/dev/null || { [ ! -x "$pg_bin/initdb" ] && ! command -v initdb >/dev/null; }; then
    echo "SKIP: redis-server or PostgreSQL is not installed (scripts/deps installs them)"
    exit 77
fi

chmod 711 "$WORK" # PostgreSQL runs as its own user and must reach its directory
export TMPDIR="$WORK/t"
mkdir -p "$TMPDIR"
chmod 711 "$TMPDIR"
FIX="$SRC/tests/fixtures/lab"

# lab_stop_all: anything of ours still running is a failure reported by nothing_left;
# on the way out it is stopped regardless (call from the EXIT trap).
lab_stop_all() {
    pkill -KILL -f -- "$TMPDIR/" 2>/dev/null
}

# nothing_left WHAT: no process mentions our TMPDIR, and TMPDIR is empty.
nothing_left() {
    local i
    for ((i = 0; i < 50; i++)); do # the consumer may take a moment to notice
        pgrep -f -- "$TMPDIR/" >/dev/null || break
        sleep 0.1
    done
    if pgrep -af -- "$TMPDIR/"; then bad "$1: processes left"; else ok; fi
    if [ -n "$(ls -A "$TMPDIR")" ]; then bad "$1: left in TMPDIR: $(ls -A "$TMPDIR")"; else ok; fi
}

# lab_join_consumer SCENARIO LAB_STDERR: once the lab started in the background has set
# up the stream and the table (it says where A and B listen then: "Prometheus
# metrics" in LAB_STDERR), run `lab consumer` on its redis and PostgreSQL in the
# background; CONSUMER is its pid, its output in $WORK/cout and $WORK/cerr.
lab_join_consumer() {
    local i sock dir
    for ((i = 0; i < 300; i++)); do
        grep -q "Prometheus metrics" "$2" && break
        sleep 0.1
    done
    sock=$(ls "$TMPDIR"/ordersim-lab-*/redis.sock 2>/dev/null | head -1)
    if [ -z "$sock" ]; then
        bad "the lab's redis socket did not appear"
        return
    fi
    dir=$(dirname "$sock")
    "$ORDERSIM" lab consumer "$1" --scale 1 --redis "unix://$sock" \
        --postgres "postgresql:///postgres?host=$dir/pg-sock&user=ordersim" \
        >"$WORK/cout" 2>"$WORK/cerr" &
    CONSUMER=$!
}
