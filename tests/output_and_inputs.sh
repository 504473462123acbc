#!/usr/bin/env bash
# Issue 19's smaller cases: output lost to a full disk is an error with its reason;
# escape sequences from a report, a file name or a pack never reach the terminal raw;
# a report swapped for a FIFO after the folder walk does not hang the run; a folder
# path longer than PATH_MAX is an error, not a run without its configuration.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
FZ=$(realpath "$FZ")
SRC=$(realpath "$SRC")
export FZLINT_RULES=$SRC/rules
base=$SRC/samples/department-flawed-2025.txt

# --- a full disk: every command that writes says so and fails ---
if [ -w /dev/full ]; then
    for args in --help --version --list-rules --explain=national/stray-space --print-config \
        "$base" "--format=json $base"; do
        # shellcheck disable=SC2086
        RC=0
        timeout 60 "$FZ" --color=never $args >/dev/full 2>"$TMP/err" || RC=$?
        expect_rc 2 "$args to /dev/full"
        expect_in "$TMP/err" "^fzlint: writing output failed: No space left on device$" \
            "$args to /dev/full: the reason"
    done
else
    echo "no /dev/full: full-disk cases not run" >&2
fi

# --- escape sequences: shown as control pictures in every text output ---
esc=$(printf '\033')
mkdir -p "$TMP/esc"
name="$TMP/esc/r${esc}]0;owned${esc}\\.txt"
printf '某县人民政府关于2025年度法治政府建设情况的报告%s[31m\n一、主要工作%s[2J\n今年开展了测试工作。%s[1m\n' \
    "$esc" "$esc" "$esc" >"$name"
# YAML spells ESC "\e" inside double quotes (a raw one is a syntax error)
cat >"$TMP/esc/p.yaml" <<'YAML'
pack: esc
description: "pack \e[5m"
rules:
  - id: word
    type: forbid
    level: error
    message: "不应出现\e[31m测试"
    description: "说明\e[41m"
    authority: "依据\e[42m"
    pattern: 测试
    examples: {bad: ["关于2025年度法治政府建设情况的报告\n测试\e[43m"], good: ["关于2025年度法治政府建设情况的报告\n正常"]}
YAML
for args in --outline --format=summary --format=gcc; do
    # shellcheck disable=SC2086
    fz 30 512 $args --rules "$TMP/esc/p.yaml" "$name"
    [ "$RC" -le 1 ] || fail "$args with escapes: exit $RC"
    expect_not_in "$TMP/out" "$esc" "$args: no raw ESC on stdout"
    expect_not_in "$TMP/err" "$esc" "$args: no raw ESC on stderr"
done
fz 30 512 --outline --rules "$TMP/esc/p.yaml" "$name"
expect_in "$TMP/out" "␛\[31m" "--outline: the title's ESC as a control picture"
expect_in "$TMP/out" "␛\]0;owned" "--outline: the file name's ESC as a control picture"
fz 30 512 --format=summary --rules "$TMP/esc/p.yaml" "$name"
expect_in "$TMP/out" "␛\]0;owned" "--format=summary: the file name's ESC as a control picture"
for args in "--explain=esc/word" --list-rules; do
    fz 30 512 --rules "$TMP/esc/p.yaml" "$args"
    expect_rc 0 "$args with escapes"
    expect_not_in "$TMP/out" "$esc" "$args: no raw ESC"
done
fz 30 512 --rules "$TMP/esc/p.yaml" --explain=esc/word
expect_in "$TMP/out" "^提示：不应出现␛\[31m测试$" "--explain: the message's ESC as a control picture"
expect_in "$TMP/out" "^    \| 测试␛\[43m$" "--explain: an example's ESC as a control picture"

# --- a report swapped for a FIFO after the walk: skipped at once, never waited on ---
# A big pack makes the time between the walk and the first read long enough to swap in.
mkdir -p "$TMP/swap"
cp "$base" "$TMP/swap/a.txt"
{
    echo 'pack: big'
    echo 'rules:'
    for i in $(seq 1 20000); do echo "  - {id: r$i, type: forbid, level: info, message: m, pattern: 'q${i}z'}"; done
} >"$TMP/big.yaml"
RC=0
timeout -k 5 $((120 * FZ_SLOW)) "$FZ" --color=never --rules "$TMP/big.yaml" "$TMP/swap" \
    >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 0.3
mkfifo "$TMP/fifo"
mv -f "$TMP/fifo" "$TMP/swap/a.txt" # one rename: there is never no a.txt
# a writer that never writes: a blocking read would wait for it forever
sleep 600 >"$TMP/swap/a.txt" &
writer=$!
wait "$pid" || RC=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
    fail "a FIFO swapped in after the walk: the run hung"
elif grep -q "not a regular file, skipped" "$TMP/err"; then
    expect_in "$TMP/err" "^fzlint: '$TMP/swap/a.txt': not a regular file, skipped$" \
        "FIFO after the walk: named"
    [ "$RC" = 0 ] || fail "FIFO after the walk: exit $RC, as for a FIFO the walk sees (0)"
else
    # the swap came too late (a very fast machine): the report was read whole
    expect_in "$TMP/err" " in 1 file$" "FIFO after the walk: the report was checked before the swap"
fi
# a FIFO named on the command line is read (process substitution)
RC=0
timeout 30 "$FZ" --color=never <(cat "$base") >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_rc 1 "a pipe named on the command line"
expect_in "$TMP/err" " in 1 file$" "a pipe named on the command line is read"

# --- a folder path longer than PATH_MAX: an error, unless --config names the config ---
deep=$TMP/deep
mkdir -p "$deep"
printf 'rules: {national/stray-space: off}\n' >"$deep/.fzlint.yaml"
seg=$(printf 'd%.0s' $(seq 1 200))
(
    cd "$deep" || exit 1
    for _ in $(seq 1 22); do mkdir "$seg" && cd "$seg" || exit 1; done
    cp "$base" r.txt
    RC=0
    timeout 30 "$FZ" --color=never r.txt >"$TMP/out" 2>"$TMP/err" || RC=$?
    echo "$RC" >"$TMP/rc"
    timeout 30 "$FZ" --color=never --config "$deep/.fzlint.yaml" r.txt >/dev/null 2>"$TMP/err2"
    echo "$?" >"$TMP/rc2"
)
[ "$(cat "$TMP/rc")" = 2 ] || fail "path over PATH_MAX: exit $(cat "$TMP/rc"), expected 2"
expect_in "$TMP/err" "^fzlint: cannot look for .fzlint.yaml above 'r.txt': File name too long \(name one with --config\)$" \
    "path over PATH_MAX: the error"
[ "$(cat "$TMP/rc2")" = 1 ] || fail "path over PATH_MAX with --config: exit $(cat "$TMP/rc2"), expected 1"
expect_in "$TMP/err2" "^fzlint: config $deep/.fzlint.yaml: packs " "path over PATH_MAX with --config: used"

# --- a lone UTF-16 surrogate is named as the code unit it is, not as its first byte ---
title=关于2025年度法治政府建设情况的报告
{ printf '\xff\xfe'; printf '%s\n测试' "$title" | iconv -f UTF-8 -t UTF-16LE; printf '\x00\xd8\x41\x00\n\x00'; } >"$TMP/le.txt"
{ printf '\xfe\xff'; printf '%s\n测试' "$title" | iconv -f UTF-8 -t UTF-16BE; printf '\xdc\x00\x00\x41\x00\n'; } >"$TMP/be.txt"
{ printf '\xff\xfe'; printf '%s\n测试😀\n' "$title" | iconv -f UTF-8 -t UTF-16LE; } >"$TMP/pair.txt"
fz 30 512 "$TMP/le.txt" "$TMP/be.txt" "$TMP/pair.txt"
expect_in "$TMP/out" "^$TMP/le.txt:2:5: warning: 无法按 UTF-16LE 解码的码元 0xD800（不成对的代理项），已替换为 U\+FFFD \[fzlint/encoding\]$" \
    "UTF-16LE lone high surrogate"
expect_in "$TMP/out" "^$TMP/be.txt:2:5: warning: 无法按 UTF-16BE 解码的码元 0xDC00（不成对的代理项），已替换为 U\+FFFD \[fzlint/encoding\]$" \
    "UTF-16BE lone low surrogate"
expect_not_in "$TMP/out" "0x00|^$TMP/pair.txt:.*fzlint/encoding" "no byte 0x00, and a surrogate pair is no error"

# --- a device named as a report: refused at once, not read up to the size cap ---
for dev in /dev/zero /dev/null; do
    [ -c "$dev" ] || continue
    fz 10 512 "$dev" "$base"
    expect_rc 2 "$dev as a report"
    expect_in "$TMP/err" "^fzlint: '$dev': a device, not a report; skipped \(use - for standard input\)$" \
        "$dev: named"
    expect_in "$TMP/err" " in 1 file$" "$dev: the other report still checked"
done

# --- a file name that is not UTF-8: JSON stays valid and keeps the exact bytes ---
bad=$(printf '%s/bad\xffname.txt' "$TMP")
cp "$base" "$bad"
fz 30 512 --format=json "$bad" "$base"
expect_rc 1 "JSON with a name that is not UTF-8"
python3 - "$TMP/out" "$bad" "$base" <<'PY' || fail "JSON: pathBytes gives the file back"
import json, os, sys, urllib.parse
doc = json.load(open(sys.argv[1], encoding="utf-8"))  # valid UTF-8 JSON
bad, good = doc["files"]
assert urllib.parse.unquote_to_bytes(bad["pathBytes"]) == os.fsencode(sys.argv[2]), bad
assert "\ufffd" in bad["path"], bad["path"]
assert "pathBytes" not in good and good["path"] == sys.argv[3], good  # UTF-8 names: as before
PY

# --- ... and so does a related location in another report (a comparison finding) ---
mkdir -p "$TMP/rel"
prev=$(printf '%s/rel/prev\xffyear.txt' "$TMP")
cp "$base" "$TMP/rel/this.txt"
sed 's/2025/2024/g' "$base" >"$prev"
fz 30 512 --format=json --max-per-rule=0 "$TMP/rel/this.txt" "$prev"
python3 - "$TMP/out" "$prev" <<'PY' || fail "JSON: related pathBytes gives the other file back"
import json, os, sys, urllib.parse
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rel = [x for f in doc["files"] for d in f["diagnostics"] for x in d.get("related", [])]
assert rel, "no related location: the test needs a comparison finding"
to_prev = [x for x in rel if "\ufffd" in x["path"]]
assert to_prev, rel[:3]
for x in to_prev:
    assert urllib.parse.unquote_to_bytes(x["pathBytes"]) == os.fsencode(sys.argv[2]), x
assert all("pathBytes" not in x for x in rel if "\ufffd" not in x["path"]), rel
PY

finish
