#!/usr/bin/env bash
# Rule packs and configurations from someone else: each ends with a precise
# FILE:LINE:COL: error: and exit 2, or runs in bounded time and memory.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
base=$SRC/samples/clean-county-2025.txt
p=$TMP/packs
mkdir -p "$p"

# --- catastrophic backtracking: the match limit stops the rule, per file, named ---
cat >"$p/backtrack.yaml" <<'YAML'
pack: hostile
rules:
  - id: nested-plus
    type: forbid
    level: warning
    message: nested
    scope: document
    pattern: '(a+)+$'
  - id: alternation
    type: forbid
    level: warning
    message: alternation
    scope: document
    pattern: '(a|aa)+$'
  - id: words
    type: forbid
    level: warning
    message: words
    scope: document
    pattern: '(\w+\s?)+$'
YAML
{ head -n 3 "$base"; printf '%0.sa' $(seq 1 100000); printf '!\n'; } >"$TMP/a1.txt"
cp "$TMP/a1.txt" "$TMP/a2.txt"
fz 120 1024 -j2 --rules "$p/backtrack.yaml" "$TMP/a1.txt" "$TMP/a2.txt"
[ "$RC" -le 1 ] || fail "backtracking: exit status $RC"
for f in a1 a2; do
    for id in nested-plus alternation words; do
        expect_in "$TMP/out" "^$TMP/$f.txt:[0-9]+:[0-9]+: warning: .*hostile/$id.*\[hostile/$id\]$" \
            "backtracking $id in $f named"
    done
done
expect_in "$TMP/err" " in 2 files$" "backtracking: both files checked"

# --- YAML alias bomb (billion laughs) ---
{
    echo 'pack: bomb'
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    prev=a
    for cur in b c d e f g h i j; do
        echo "$cur: &$cur [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
        prev=$cur
    done
    echo 'rules: []'
} >"$p/bomb.yaml"
fz 30 512 --rules "$p/bomb.yaml" "$base"
expect_rc 2 "alias bomb"
expect_in "$TMP/err" "^$p/bomb.yaml:[0-9]+:[0-9]+: error: " "alias bomb error"

# --- deep nesting, flow and block ---
{ printf 'pack: deep\nrules: '; printf '%0.s[' $(seq 1 100000); printf '%0.s]' $(seq 1 100000); echo; } >"$p/flow.yaml"
{ printf 'pack: deep\nx:\n'; for i in $(seq 1 500); do printf "%$((2 * i))s- \n" ''; done; } >"$p/block.yaml"
for f in flow block; do
    fz 30 512 --rules "$p/$f.yaml" "$base"
    expect_rc 2 "deep $f nesting"
    expect_in "$TMP/err" "^$p/$f.yaml:[0-9]+:[0-9]+: error: " "deep $f nesting error"
done

# --- 10,000 rules ---
{
    echo 'pack: many'
    echo 'rules:'
    for i in $(seq 1 10000); do
        printf '  - id: r%d\n    type: forbid\n    level: info\n    message: m%d\n    scope: document\n    pattern: "XYZ%d(?:abc|def)+"\n' "$i" "$i" "$i"
    done
} >"$p/many.yaml"
fz 120 2048 -j2 --rules "$p/many.yaml" "$base" "$SRC/samples/department-flawed-2025.txt"
[ "$RC" -le 1 ] || fail "10,000 rules: exit status $RC"
expect_in "$TMP/err" " in 2 files$" "10,000 rules: both files checked"

# --- the same pack twice, a config that names itself, unknown keys ---
fz 30 512 --rules "$p/backtrack.yaml" --rules "$p/backtrack.yaml" "$base"
expect_rc 2 "the same pack twice"
expect_in "$TMP/err" "^$p/backtrack.yaml:1:7: error: .*hostile" "the same pack twice error"

c=$TMP/cfg
mkdir -p "$c"
cp "$base" "$c/r.txt"
printf 'packs:\n  - national\n  - national\n' >"$c/.fzlint.yaml"
fz 30 512 "$c/r.txt"
expect_rc 2 "config lists a pack twice"
expect_in "$TMP/err" ":[0-9]+:[0-9]+: error: .*national" "config lists a pack twice error"
printf 'packs:\n  - ./.fzlint.yaml\n' >"$c/.fzlint.yaml"
fz 30 512 "$c/r.txt"
expect_rc 2 "config names itself as a pack"
expect_in "$TMP/err" "^$c/\./\.fzlint\.yaml:1:1: error: |^$c/\.fzlint\.yaml:[0-9]+:[0-9]+: error: " "config names itself error"

cat >"$p/unknown.yaml" <<'YAML'
pack: unknown
colour: red
rules:
  - id: x
    type: forbid
    level: info
    message: m
    pattern: a
    bogus: 2
YAML
fz 30 512 --rules "$p/unknown.yaml" "$base"
expect_rc 2 "unknown keys"
expect_in "$TMP/err" "^$p/unknown.yaml:2:1: error: .*colour" "unknown pack key"
expect_in "$TMP/err" "^$p/unknown.yaml:9:5: error: .*bogus" "unknown rule key"
printf 'report-year: 2025\nfrobnicate: yes\n' >"$c/.fzlint.yaml"
fz 30 512 "$c/r.txt"
expect_rc 2 "unknown config key"
expect_in "$TMP/err" "^$c/.fzlint.yaml:2:1: error: .*frobnicate" "unknown config key"

# --- broken files: truncated, binary, a folder, missing, over 16 MiB, a bad pattern ---
printf 'pack: t\nrules: [\n' >"$p/truncated.yaml"
printf '\xff\xfe\x00' >"$p/binary.yaml"
mkdir -p "$p/folder.yaml"
{ echo 'pack: big'; head -c $((17 << 20)) /dev/zero | tr '\0' '#'; echo; } >"$p/big.yaml"
printf 'pack: re\nrules:\n  - id: y\n    type: forbid\n    level: info\n    message: m\n    pattern: "(?<=a+)b"\n' >"$p/regex.yaml"
for f in truncated binary folder missing big regex; do
    fz 30 512 --rules "$p/$f.yaml" "$base"
    expect_rc 2 "$f pack"
    expect_in "$TMP/err" "^$p/$f.yaml:[0-9]+:[0-9]+: error: " "$f pack error"
done
expect_in "$TMP/err" "^$p/regex.yaml:7:15: error: " "bad pattern located"

finish
