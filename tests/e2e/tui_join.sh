#!/usr/bin/env bash
# End to end: the live view's c key in a real terminal (tmux). A service subscribes
# while the run goes on: the caption and the per-service rows say so (en, zh), the
# session is recorded, and the recording replayed headless tells the same story in
# its JSON (the join in `faults`, the service's figures) and its CSV (byte for byte
# the live session's).
. "$(dirname "$0")/lib.bash"

term_init

# fits NAME FAULTS-WORD: at 80x24 the three services' rows are whole (a name and three
# figures, the lag with its unit), and the panel's last line (the faults) and the
# footer are still there below them.
fits() {
    local s
    s=$(screen "$1")
    for svc in b points sms; do
        grep -Eq -- " $svc +[0-9 .k]+ +[0-9 .k]+ +([0-9.]+ ?m?s|-) *\$" <<<"$s" || return 1
    done
    grep -q -- "$2" <<<"$s" && grep -Eq -- 'q (quit|退出)' <<<"$s"
}

# ---- 1. steady, c: points joins ---------------------------------------------------
term_start live 80 24 "${UTF8_TERM[@]}" -- live steady --speed 5 --record "$WORK/rec.yaml" --csv-on-exit "$WORK/live.csv"
check "the view" wait_for live 't [0-9.]+ / 90.0 s' 30
check "first figures" wait_for live 'latency p50 +[0-9.]+ ms' 20
tm send-keys -t live c
check "c: the caption says points joined" wait_for live 'points joined since [0-9.]+ s' 10
check "c: sync A must call it" wait_for live 'sync A must call it too' 10
check "c: the per-service rows" wait_for live 'points +[0-9 ]+ +[0-9]+ ' 10
check "c: sync users wait 275 ms" wait_for live 'latency p50 +275 ms +25.0 ms' 15
check "c: the chart's marker" wait_for live '\+points' 5
tm send-keys -t live c
check "c again: sms joined" wait_for live 'sms joined since' 10
check "three services: b, points and sms rows" wait_for live '^.*sms +[0-9 ]+ +[0-9]+ ' 10
check "three services: b's row too" wait_for live ' b +[0-9 ]+ +[0-9]+ ' 5
check "three services fit 80x24" fits live 'faults: '
screen live >"$WORK/three.txt"
tm send-keys -t live c
check "c: stock joined" wait_for live 'stock joined since' 10
tm send-keys -t live c
check "c with none left: said on screen" wait_for live 'no service left to add' 10
tm send-keys -t live +
check "the next key: the footer is back" wait_for live 'q quit' 10
for _ in 1 2 3 4; do tm send-keys -t live +; done
check "the run ends" wait_for live 'done' 60
tm send-keys -t live q
check "q: exit status written" wait_status live 20
check "q: exit status 0" test "$(cat "$WORK/live.status" 2>/dev/null)" = 0
check "recorded: three joins" test "$(grep -c 'do: join' "$WORK/rec.yaml")" -eq 3
check "recorded: the services, joining by command" test "$(grep -c 'start: unlimited' "$WORK/rec.yaml")" -eq 3

# ---- 2. the replay tells the story ------------------------------------------------
expect_status 0 "replay headless" "$ORDERSIM" replay "$WORK/rec.yaml" --headless --quiet \
    --csv "$WORK/r.csv" --json "$WORK/r.json"
check "replay = the live session (CSV bytes)" cmp "$WORK/r.csv" "$WORK/live.csv"
check "JSON: the joins in faults" python3 - "$WORK/r.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
joins = [f for f in d["faults"] if f["kind"] == "join"]
assert [f["target"] for f in joins] == ["points", "sms", "stock"], joins
assert all(f["to_s"] == d["duration_s"] + d["drain_s"] for f in joins), joins
t = joins[0]["from_s"]
for v in ("sync", "async"):
    s = d["variants"][v]["services"]
    assert list(s) == ["b", "points", "sms", "stock"], list(s)
    # points got the orders accepted from its join on, and wrote them all
    assert 0 < s["points"]["accepted"] < s["b"]["accepted"], s["points"]
    assert s["points"]["completed"] == s["points"]["accepted"], s["points"]
assert "points joins" in d["title"], d["title"]
EOF
check "CSV: the services' columns" grep -q 'points_completed_qps,points_lag_p99_ms,points_backlog' "$WORK/r.csv"
expect_status 0 "chart of the replay" "$ORDERSIM" chart "$WORK/r.csv" -o "$WORK/r.png"
check "chart written" test -s "$WORK/r.png"

# ---- 3. Chinese, fan-out (three services from the start) ----------------------------
term_start zh 80 24 "${UTF8_TERM[@]}" -- live fan-out --speed 5 --lang zh
check "zh: the per-service rows" wait_for zh 'points +[0-9 ]+ +[0-9]+ ' 30
check "zh: sms's row" wait_for zh 'sms +[0-9 ]+ +[0-9]+ ' 10
check "zh: fits 80x24" fits zh '故障'
screen zh >"$WORK/zh.txt"
tm send-keys -t zh c
check "zh: c, stock joins" wait_for zh 'stock 加入' 10
check "zh: sync A must call it" wait_for zh '同步的 A 也得调用它' 10
tm send-keys -t zh q
check "zh: exit" wait_status zh 20

finish
