# Shared helpers for the end-to-end scripts (sourced, not run).
set -u
# A missing binary is a failure, never a skip: a test that passes without the thing it
# tests proves nothing.
if [ -z "${ORDERSIM:-}" ] || [ ! -x "$ORDERSIM" ]; then
    echo "FAIL: \$ORDERSIM ('${ORDERSIM:-}') is not an executable binary" >&2
    exit 1
fi
SRC=${SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0
ok() { PASSES=$((PASSES + 1)); }
bad() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
# expect_status N DESCRIPTION COMMAND...: runs COMMAND, output in $WORK/out, $WORK/err
expect_status() {
    local want=$1 what=$2; shift 2
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$what: exit $got, want $want"; sed 's/^/    /' "$WORK/err" | head -5
    fi
}
finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}

# ---- a real terminal (tmux): the live view, the lesson ---------------------------------
# term_init: a tmux server of this script's own, killed at exit (and $WORK removed).
term_init() {
    TERM_SOCK="ordersim-$(basename "$0" .sh)-$$"
    trap 'tm kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
}
tm() { tmux -L "$TERM_SOCK" -f /dev/null "$@"; }
# term_start NAME COLS ROWS ENV... -- ARGS...: ordersim ARGS in a detached COLS x ROWS
# window with the environment ENV (VAR=value ...). When it exits, the terminal's
# settings go to $WORK/NAME.stty, then its status to $WORK/NAME.status, and the pane
# stays open for a look at what is left on it. The shell catches (does not ignore)
# SIGINT and SIGQUIT: it lives on to record the status, and ordersim starts with the
# default actions.
term_start() {
    local name=$1 cols=$2 rows=$3
    shift 3
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    local cmd
    cmd="trap : INT QUIT; env ${envs[*]} $(printf '%q ' "$ORDERSIM" "$@")"
    cmd+="; s=\$?; stty -a > $WORK/$name.stty; echo \$s > $WORK/$name.status; sleep 600"
    tm new-session -d -s "$name" -x "$cols" -y "$rows" "sh -c '$cmd'"
}
UTF8_TERM=(LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color)
screen() { tm capture-pane -p -t "$1"; }
# poll_screen NAME SECONDS TEST...: TEST reads NAME's screen on stdin, every 0.1 s until
# it succeeds; after SECONDS, shows the screen and returns 1.
poll_screen() {
    local name=$1 secs=$2 i
    shift 2
    for ((i = 0; i < secs * 10; i++)); do
        screen "$name" | "$@" && return 0
        sleep 0.1
    done
    echo "  (waited $secs s on $name for: $*; the screen:)"
    screen "$name" | sed 's/^/    | /'
    return 1
}
on_screen() { local name=$1; shift; screen "$name" | "$@"; } # NAME TEST...: once, now
ascii_only() { ! { screen "$1" | LC_ALL=C grep -q '[^ -~]'; }; } # NAME: nothing but ASCII
first_line_has() { head -1 | grep -Eq -- "$1"; }
first_line_lacks() { ! first_line_has "$1"; }
wait_for() { poll_screen "$1" "$3" grep -Eq -- "$2"; }        # NAME ERE SECONDS
wait_text() { poll_screen "$1" "$3" grep -Fq -- "$2"; }       # NAME TEXT SECONDS
wait_header() { poll_screen "$1" "$3" first_line_has "$2"; }  # NAME ERE SECONDS
wait_header_lacks() { poll_screen "$1" "$3" first_line_lacks "$2"; }
wait_status() { # NAME SECONDS: until ordersim in NAME has exited
    local i
    for ((i = 0; i < $2 * 20; i++)); do
        [ -s "$WORK/$1.status" ] && return 0
        sleep 0.05
    done
    return 1
}
