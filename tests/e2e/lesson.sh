#!/usr/bin/env bash
# End to end: the built-in lesson in a real terminal (tmux), in English and Chinese, at
# 80x24 and 120x40. For every scene: its question card shows (and no run yet), the run
# starts on the key, and the closing card's numbers are the ones a headless
# `ordersim run` of the same scenario and overrides prints (the commands come from
# `ordersim lesson --list-scenes`). Then: lesson files with errors exit 2 with
# file:line:col, and the handout writes a PDF page per scene.
. "$(dirname "$0")/lib.bash"
term_init

# ---- the scenes, their commands and the headless figures -----------------------------
expect_status 0 "lessons lists" "$ORDERSIM" lessons
check "lessons names mq-basics" grep -q '^mq-basics ' "$WORK/out"
expect_status 0 "list-scenes" "$ORDERSIM" lesson --list-scenes mq-basics
cp "$WORK/out" "$WORK/scenes.en"
"$ORDERSIM" lesson --list-scenes mq-basics --lang zh >"$WORK/scenes.zh"
NSCENES=$(grep -c '^    ordersim run ' "$WORK/scenes.en")
check "the lesson has 7 scenes" [ "$NSCENES" -eq 7 ]

# Headless figures: scene i's `ordersim run` summary in $WORK/run.i
for ((i = 1; i <= NSCENES; i++)); do
    cmd=$(grep '^    ordersim run ' "$WORK/scenes.en" | sed -n "${i}p" | sed 's/^    ordersim //')
    eval "\"\$ORDERSIM\" $cmd" >"$WORK/run.$i" 2>"$WORK/err" || bad "scene $i: headless run failed"
    grep '^    card:' "$WORK/scenes.en" | sed -n "${i}p" | sed 's/^    card: //' | tr ',' '\n' |
        sed 's/^ //' >"$WORK/card.$i"
done

# The summary's cell of LABEL for column COL (its wirings in order: sync, async) of
# scene I.
cell() {
    local line
    line=$(awk -v l="$2" 'substr($0, 1, length(l) + 2) == l "  "' "$WORK/run.$1" | head -1)
    local from=$((21 + ($3 - 1) * 19))
    echo "${line:$((from - 1)):19}" | sed 's/^ *//; s/ *$//'
}

# title LANG I: scene I's title (the first 12 characters) in LANG.
title() { sed -n "s/^ *$2  [a-z-]* *//p" "$WORK/scenes.$1" | head -1 | cut -c1-12; }

# card_mismatch LANG I: each row of the card in $WORK/cardscreen against the headless
# summary of scene I; prints the first mismatch, nothing when all match.
card_mismatch() {
    local lang=$1 i=$2 hdr k=0 label s a row
    hdr=$(grep -n -E '^ *((sync|同步) +)?(async|异步) *$' "$WORK/cardscreen" | head -1 |
        cut -d: -f1)
    [ -n "$hdr" ] || { echo "no card header"; return; }
    # the wirings the headless run has: its table's header line
    local nv
    nv=$(sed -n 4p "$WORK/run.$i" | wc -w)
    while IFS= read -r label; do
        k=$((k + 1))
        s=$(cell "$i" "$label" 1)
        a=$(cell "$i" "$label" 2)
        if [ "$lang" = zh ]; then
            s=${s/not drained/未清空}; a=${a/not drained/未清空}
        fi
        row=$(sed -n "$((hdr + k))p" "$WORK/cardscreen" | sed 's/ *$//')
        if [ "$nv" = 1 ]; then
            case "$row" in
            *" $s") ;;
            *) echo "$label: card row '$row', headless '$s'"; return ;;
            esac
            continue
        fi
        case "$row" in
        *" $s"*" $a") ;;
        *) echo "$label: card row '$row', headless '$s' '$a'"; return ;;
        esac
    done <"$WORK/card.$i"
}

walk() { # walk LANG W H
    local lang=$1 w=$2 h=$3 name="walk-$1-$2"
    local scene_word="scene" numbers="Key numbers (whole run)" question="Question for the class"
    local end="End of the lesson"
    if [ "$lang" = zh ]; then
        scene_word="场景"; numbers="关键数字（全程）"; question="请大家预测"; end="本课结束"
    fi
    term_start "$name" "$w" "$h" "${UTF8_TERM[@]}" -- lesson --lang "$lang"
    for ((i = 1; i <= NSCENES; i++)); do
        local t
        t=$(sed -n "s/^ *$i  [a-z-]* *//p" "$WORK/scenes.$lang" | head -1 | cut -c1-6)
        if ! wait_text "$name" "$scene_word $i / $NSCENES" 20; then
            bad "$lang ${w}x$h: scene $i's question card"; break
        fi
        check "$lang ${w}x$h scene $i: the question" wait_text "$name" "$question" 10
        check "$lang ${w}x$h scene $i: the title" wait_text "$name" "$t" 10
        # No run before the key: the header is the lesson's, no clock.
        check "$lang ${w}x$h scene $i: no run before the key" \
            on_screen "$name" first_line_lacks 't [0-9.]+ / '
        tm send-keys -t "$name" Right
        check "$lang ${w}x$h scene $i: the run starts on the key" \
            wait_header "$name" ' t [0-9.]+ / [0-9.]+ s ' 20
        check "$lang ${w}x$h scene $i: the run's clock moves" \
            wait_header "$name" ' t ([1-9][0-9]*|0\.[1-9])[0-9.]* / ' 20
        tm send-keys -t "$name" Right
        if ! wait_text "$name" "$numbers" 90; then
            bad "$lang ${w}x$h scene $i: the card"; break
        fi
        # The card's rows follow the line with the wirings' names, in the card's order.
        # (A capture can catch the terminal mid-update: look again before failing.)
        local try mismatch
        for try in 1 2 3 4; do
            screen "$name" >"$WORK/cardscreen"
            mismatch=$(card_mismatch "$lang" "$i")
            [ -z "$mismatch" ] && break
            sleep 0.5
        done
        if [ -z "$mismatch" ]; then ok; else bad "$lang ${w}x$h scene $i: $mismatch"; fi
        tm send-keys -t "$name" Right
    done
    check "$lang ${w}x$h: the end" wait_text "$name" "$end" 10
    tm send-keys -t "$name" q
    check "$lang ${w}x$h: q quits" wait_status "$name" 10
    check "$lang ${w}x$h: exit 0" [ "$(cat "$WORK/$name.status" 2>/dev/null)" = 0 ]
}

walk en 80 24
walk zh 80 24
walk en 120 40
walk zh 120 40

# ---- no colour, no UTF-8 ----------------------------------------------------------------
term_start mono 80 24 "${UTF8_TERM[@]}" -- lesson --no-color --scene 3
check "--no-color: the question card" wait_text mono "Question for the class" 20
tm send-keys -t mono Right
check "--no-color: the run starts" wait_header mono ' t [0-9.]+ / [0-9.]+ s ' 20
tm send-keys -t mono q
check "--no-color: q quits" wait_status mono 10
term_start ascii 80 24 LANG=C LC_ALL=C TERM=xterm -- lesson --lang zh
check "ASCII terminal: English, ASCII keys" wait_text ascii "right/space start the run" 20
check "ASCII terminal: only ASCII" ascii_only ascii
tm send-keys -t ascii q
check "ASCII: q quits" wait_status ascii 10

# ---- bad lesson files ------------------------------------------------------------------
for f in "$SRC"/tests/fixtures/lessons/*.yaml; do
    [ "$(basename "$f")" = ok.yaml ] && continue
    expect_status 2 "$(basename "$f") is rejected" "$ORDERSIM" lesson --list-scenes "$f"
    check "$(basename "$f"): file:line:col" grep -Eq "^$f:[0-9]+:[0-9]+: " "$WORK/err"
done
expect_status 2 "an unknown lesson" "$ORDERSIM" lesson no-such-lesson
expect_status 2 "--scene out of range" "$ORDERSIM" lesson --scene 99 --list-scenes
expect_status 2 "a non-terminal" "$ORDERSIM" lesson

# ---- the handout -----------------------------------------------------------------------
expect_status 0 "handout PDF" "$ORDERSIM" lesson mq-basics --handout "$WORK/h.pdf"
check "the PDF starts as a PDF" sh -c "head -c 5 '$WORK/h.pdf' | grep -q '%PDF-'"
if command -v pdfinfo >/dev/null 2>&1; then
    pages=$(pdfinfo "$WORK/h.pdf" | sed -n 's/^Pages: *//p')
    check "a page per scene ($pages)" [ "$pages" = "$NSCENES" ]
    size=$(pdfinfo "$WORK/h.pdf" | sed -n 's/^Page size: *//p')
    check "A4 ($size)" sh -c "echo '$size' | grep -q '595 x 842'"
    pdftotext "$WORK/h.pdf" "$WORK/h.txt"
    check "the text is selectable" grep -q "Question for the class" "$WORK/h.txt"
    check "the numbers are in the text" grep -q "40 085 (20.0 s)" "$WORK/h.txt"
    check "the reveal is in the text" grep -q "adds no capacity" "$WORK/h.txt"
    pdftoppm -r 40 -png "$WORK/h.pdf" "$WORK/page"
    check "pdftoppm renders every page" [ "$(ls "$WORK"/page*.png | wc -l)" = "$NSCENES" ]
else
    echo "note: pdfinfo (poppler-utils) missing; the PDF's pages are not counted"
fi
expect_status 0 "handout PNGs (zh)" "$ORDERSIM" lesson --handout-dir "$WORK/pngs" --lang zh
check "a PNG per scene" [ "$(ls "$WORK"/pngs/*.png | wc -l)" = "$NSCENES" ]
check "PNG signature" sh -c "head -c 8 '$WORK/pngs/01-latency.png' | grep -q PNG"
expect_status 2 "handout in a missing directory (bad input, before any scene runs)" "$ORDERSIM" lesson --handout "$WORK/no/dir/h.pdf"
check "nothing half-written" [ ! -e "$WORK/no/dir/h.pdf" ]
expect_status 2 "handout not .pdf" "$ORDERSIM" lesson --handout "$WORK/h.png"
finish
