#!/usr/bin/env bash
# End to end: the live TUI in a real terminal (tmux), its record and replay.
#  1. 80x24, UTF-8: the panels and numbers appear; s, b, ? work; the session is
#     recorded; q exits 0 and the terminal is restored.
#  2. The recording replayed headless twice gives the live session's CSV, byte for byte.
#  3. 60x20 shows the enlarge message.  4. LC_ALL=C shows no Braille.
#  5. SIGTERM restores the terminal too, and so does a crash (SIGSEGV).
. "$(dirname "$0")/lib.bash"
term_init

# U+2800..U+28FF (Braille) is E2 A0 80 .. E2 A3 BF in UTF-8.
braille() { screen "$1" | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]'; }
no_braille() { ! braille "$1"; }
help_gone() { ! { screen "$1" | grep -q 'pause / resume the simulation'; }; }
view_gone() { ! { screen "$1" | grep -q 'MQ backlog'; }; }

# ---- 1. the live view at 80x24 ---------------------------------------------------
term_start live 80 24 "${UTF8_TERM[@]}" -- \
    live --speed 2 --record "$WORK/rec.yaml" --csv-on-exit "$WORK/live.csv"
check "header and first figures" wait_for live 't [0-9.]+ / 90.0 s' 30
check "latency panel" wait_for live 'User latency' 5
check "backlog panel" wait_for live 'MQ backlog' 5
check "throughput panel" wait_for live 'Orders/s' 5
check "side panel numbers" wait_for live 'latency p50 +[0-9.]+ ms +[0-9.]+ ms' 20
check "Braille plots on UTF-8" braille live
check "the spike arrives" wait_for live 'Load up since 10.0 s: 10 000 orders/s' 30
check "the caption explains" wait_for live 'backlog is [0-9 ]+|in the last|messages wait' 10
tm send-keys -t live s
check "s: the spike is on" wait_for live 'faults: spike' 10
tm send-keys -t live b
check "b: B down" wait_for live 'B down' 10
tm send-keys -t live '?'
check "?: the help" wait_for live 'pause / resume the simulation' 10
tm send-keys -t live x # any key closes the help
sleep 1
check "help closed" help_gone live
tm send-keys -t live b
check "b again: B up (no fault in the header)" wait_header_lacks live 'B down' 10
for _ in 1 2 3 4 5; do tm send-keys -t live +; done # 2x -> 100x
check "100x" wait_for live ' 100x ' 10
check "the run ends" wait_for live 'done' 30
tm send-keys -t live q
check "q: exit status written" wait_status live 20
check "q: exit status 0" test "$(cat "$WORK/live.status" 2>/dev/null)" = 0
check "terminal restored: echo" grep -qE '(^| )echo( |$)' "$WORK/live.stty"
check "terminal restored: icanon" grep -qE '(^| )icanon( |$)' "$WORK/live.stty"
check "terminal restored: the view is gone" view_gone live
check "recorded the keys (s, b, b)" test "$(grep -c 'do: ' "$WORK/rec.yaml")" -eq 3
check "CSV written on exit" test -s "$WORK/live.csv"

# ---- 2. replay -------------------------------------------------------------------
expect_status 0 "replay headless" "$ORDERSIM" replay "$WORK/rec.yaml" --headless --quiet --csv "$WORK/r1.csv"
expect_status 0 "replay headless again" "$ORDERSIM" replay "$WORK/rec.yaml" --headless --csv "$WORK/r2.csv"
check "replay prints the summary" grep -q "latency p50" "$WORK/out"
check "replay = replay (bytes)" cmp -s "$WORK/r1.csv" "$WORK/r2.csv"
check "replay = the live session (bytes)" cmp "$WORK/r1.csv" "$WORK/live.csv"
expect_status 0 "the same scenario without the keys" "$ORDERSIM" run --quiet --csv "$WORK/plain.csv"
check "the keys changed the run" bash -c "! cmp -s '$WORK/plain.csv' '$WORK/live.csv'"
expect_status 2 "replay of a missing file" "$ORDERSIM" replay "$WORK/none.yaml" --headless
expect_status 2 "live with a bad --speed" "$ORDERSIM" live --speed 1000

# ---- 3. too small ----------------------------------------------------------------
term_start small 60 20 "${UTF8_TERM[@]}" -- live
check "60x20: enlarge message" wait_for small 'enlarge the terminal to at least 80x24' 30
tm resize-window -t small -x 80 -y 24 2>/dev/null
check "resized to 80x24: the view" wait_for small 'MQ backlog' 20
tm send-keys -t small q
check "small: exit status written" wait_status small 20
check "small: exit 0" test "$(cat "$WORK/small.status" 2>/dev/null)" = 0

# ---- 4. no UTF-8, no Braille -----------------------------------------------------
term_start ascii 80 24 LANG=C LC_ALL=C TERM=xterm-256color -- live --speed 5
check "C locale: the view" wait_for ascii 'Latency|latency' 30
check "C locale: lines drawn" wait_for ascii 'sync' 20
check "C locale: no Braille" no_braille ascii
check "C locale: ASCII only" ascii_only ascii

# ---- 5. SIGTERM -------------------------------------------------------------------
# The pane runs sh, whose child is env exec'ing ordersim: that child is ours.
pid=$(tm list-panes -t ascii -F '#{pane_pid}')
target=$(pgrep -P "$pid" | head -1)
[ -n "$target" ] && kill -TERM "$target"
check "SIGTERM: status written" wait_status ascii 20
check "SIGTERM: status 143" test "$(cat "$WORK/ascii.status" 2>/dev/null)" = 143
check "SIGTERM: terminal restored" grep -qE '(^| )icanon( |$)' "$WORK/ascii.stty"

# ---- 6. a crash restores the terminal too -----------------------------------------
term_start crash 80 24 "${UTF8_TERM[@]}" -- live
check "crash: the view" wait_for crash 'MQ backlog' 30
pid=$(tm list-panes -t crash -F '#{pane_pid}')
target=$(pgrep -P "$pid" | head -1)
[ -n "$target" ] && kill -SEGV "$target"
check "SIGSEGV: status written" wait_status crash 20
check "SIGSEGV: died of it (139)" test "$(cat "$WORK/crash.status" 2>/dev/null)" = 139
check "SIGSEGV: terminal restored" grep -qE '(^| )icanon( |$)' "$WORK/crash.stty"

finish
