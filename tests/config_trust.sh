#!/usr/bin/env bash
# Which .fzlint.yaml is trusted (docs/robustness.md, "Trusting a configuration"):
# the upward search stops at .git and at a folder someone else owns; a config owned
# by another user or writable by others is ignored with a warning; packs a config
# names stay inside its folder tree; a file that is not a pack is never quoted.
# The owner checks need a user who is not root: as root (CI) fzlint runs as nobody
# (setpriv or runuser); as another user the cases that need chown are left out.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
chmod 755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/rules"
cp "$FZ" "$TMP/bin/fzlint"
cp "$SRC"/rules/*.yaml "$TMP/rules/"
chmod -R a+rX "$TMP/bin" "$TMP/rules"
export FZLINT_RULES=$TMP/rules

ROOT=0
if [ "$(id -u)" = 0 ]; then
    ROOT=1
    if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        drop="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    elif runuser -u nobody -- true 2>/dev/null; then
        drop="runuser -u nobody --"
    else
        echo "no way to run as a user other than root (setpriv, runuser)" >&2
        exit 77
    fi
    ME=nobody
    printf '#!/bin/sh\nexec %s env FZLINT_RULES="%s" "%s" "$@"\n' "$drop" "$FZLINT_RULES" \
        "$TMP/bin/fzlint" >"$TMP/bin/as-user"
    chmod 755 "$TMP/bin/as-user"
    FZ=$TMP/bin/as-user
else
    ME=$(id -un)
    FZ=$TMP/bin/fzlint
fi
OTHER=12345 # a uid that is neither root nor the user

T=$TMP/t
mkdir -p "$T"
mine() { [ "$ROOT" = 0 ] || chown -R "$ME:$(id -gn "$ME")" "$@"; }

# A report with one word the test pack forbids; the built-in packs say other things.
report() {
    mkdir -p "$1"
    printf '某县人民政府关于2025年度法治政府建设情况的报告\n今年开展了测试工作。\n' >"$1/r.txt"
}
pack() {
    cat >"$1" <<'YAML'
pack: mini
rules:
  - id: word
    type: forbid
    level: error
    message: 不应出现“测试”
    pattern: 测试
YAML
}
used() { expect_in "$TMP/out" "\[mini/word\]" "$1: the config is used"; }
not_used() {
    expect_not_in "$TMP/out" "\[mini/" "$1: the config is not used"
    expect_in "$TMP/out" "\[national/" "$1: the built-in packs are used instead"
}

# --- a config the user owns, mode 644: used, and named before the summary line ---
D=$T/ok
report "$D"
pack "$D/mini.yaml"
printf 'packs: [mini.yaml]\n' >"$D/.fzlint.yaml"
mine "$D"
fz 30 512 "$D/r.txt"
expect_rc 1 "own config"
used "own config"
expect_in "$TMP/err" "^fzlint: config $D/.fzlint.yaml: packs mini \($D/mini.yaml\)$" \
    "own config: named on stderr"
[ "$(tail -n 1 "$TMP/err")" = "1 error, 0 warnings in 1 file" ] ||
    fail "own config: the summary line is not the last line: $(tail -n 1 "$TMP/err")"
fz 30 512 --outline "$D/r.txt"
expect_in "$TMP/out" "^config      $D/.fzlint.yaml$" "--outline names the config"
expect_in "$TMP/out" "^packs       mini \($D/mini.yaml\)$" "--outline names the packs"

# --- world-writable: ignored with a warning naming it; --config still takes it ---
chmod 666 "$D/.fzlint.yaml"
fz 30 512 "$D/r.txt"
expect_in "$TMP/err" "^fzlint: warning: ignoring '$D/.fzlint.yaml': writable by everyone" \
    "world-writable config: warning"
not_used "world-writable config"
fz 30 512 --config "$D/.fzlint.yaml" "$D/r.txt"
used "world-writable config named with --config"
chmod 644 "$D/.fzlint.yaml"

# --- a subfolder with a bad config of its own: the search goes on to the good one ---
report "$D/sub"
printf 'rules: {national/problems-section: off}\n' >"$D/sub/.fzlint.yaml"
mine "$D/sub"
chmod 666 "$D/sub/.fzlint.yaml"
fz 30 512 "$D/sub/r.txt"
expect_in "$TMP/err" "ignoring '$D/sub/.fzlint.yaml': writable by everyone" "bad config below"
used "the trusted config above the ignored one"
rm -rf "$D/sub"

if [ "$ROOT" = 1 ]; then
    # --- group-writable: accepted for the owner's private group only ---
    chmod 664 "$D/.fzlint.yaml"
    chgrp 0 "$D/.fzlint.yaml"
    fz 30 512 "$D/r.txt"
    expect_in "$TMP/err" "ignoring '$D/.fzlint.yaml': writable by its group" \
        "group-writable config (group root): warning"
    not_used "group-writable config (group root)"
    chgrp "$(id -gn "$ME")" "$D/.fzlint.yaml"
    fz 30 512 "$D/r.txt"
    expect_not_in "$TMP/err" "warning: ignoring" "group-writable, the user's own group: no warning"
    used "group-writable config, the user's own group"
    chmod 644 "$D/.fzlint.yaml"

    # --- owned by another user: ignored; owned by root: trusted ---
    chown "$OTHER" "$D/.fzlint.yaml"
    fz 30 512 "$D/r.txt"
    expect_in "$TMP/err" "ignoring '$D/.fzlint.yaml': owned by another user" "other owner: warning"
    not_used "config owned by another user"
    chown 0:0 "$D/.fzlint.yaml"
    fz 30 512 "$D/r.txt"
    expect_not_in "$TMP/err" "warning: ignoring" "root's config: no warning"
    used "config owned by root"
    mine "$D"

    # --- a folder owned by another user: the search stops there ---
    F=$T/foreign
    mkdir -p "$F"
    printf 'packs: [mini.yaml]\n' >"$F/.fzlint.yaml"
    pack "$F/mini.yaml"
    mine "$F"
    report "$F/theirs"
    chown -R "$OTHER" "$F/theirs"
    printf 'packs: [mini.yaml]\n' >"$F/theirs/.fzlint.yaml"
    pack "$F/theirs/mini.yaml"
    chown -R "$OTHER" "$F/theirs"
    fz 30 512 "$F/theirs/r.txt"
    expect_in "$TMP/err" \
        "ignoring '$F/theirs/.fzlint.yaml': its folder is owned by another user" \
        "config in a foreign folder: warning"
    not_used "foreign folder: neither its config nor the one above"
    # the user's own folder below a foreign one: the config above that is not reached
    report "$F/theirs/mine"
    chown -R "$ME" "$F/theirs/mine"
    rm "$F/theirs/.fzlint.yaml"
    fz 30 512 "$F/theirs/mine/r.txt"
    not_used "own folder below a foreign folder"
fi

# --- the repository root ends the search (.git folder or .git file of a worktree) ---
G=$T/above
pack "$G/mini.yaml" 2>/dev/null || { mkdir -p "$G" && pack "$G/mini.yaml"; }
printf 'packs: [mini.yaml]\n' >"$G/.fzlint.yaml"
report "$G/repo/sub"
mkdir -p "$G/repo/.git"
mine "$G"
fz 30 512 "$G/repo/sub/r.txt"
not_used "config above the repository (.git folder)"
expect_not_in "$TMP/err" "^fzlint: config " "no config named when none is used"
rmdir "$G/repo/.git"
echo 'gitdir: /elsewhere' >"$G/repo/.git"
mine "$G"
fz 30 512 "$G/repo/sub/r.txt"
not_used "config above the repository (.git file)"
cp "$G/.fzlint.yaml" "$G/mini.yaml" "$G/repo/"
mine "$G"
fz 30 512 "$G/repo/sub/r.txt"
used "config at the repository root"

# --- packs outside the config's tree are refused; nothing of them is shown ---
P=$T/packs/cfg
report "$P"
printf 'token: SECRET-VALUE-1\nnote: SECRET-LINE-2\n' >"$T/packs/secret.yaml"
ln -s ../secret.yaml "$P/link.yaml"
mine "$T/packs"
for ref in /etc/shadow ../secret.yaml link.yaml "$T/packs/secret.yaml"; do
    printf 'packs: [national, "%s"]\n' "$ref" >"$P/.fzlint.yaml"
    mine "$P"
    fz 30 512 "$P/r.txt"
    expect_rc 2 "pack $ref outside the tree"
    expect_in "$TMP/err" "^$P/.fzlint.yaml:1:19: error: 规则包“$ref”.*不在配置文件所在的目录之内" \
        "pack $ref outside the tree: error at the item"
    expect_not_in "$TMP/err" "SECRET|root:" "pack $ref outside the tree: not quoted"
    expect_not_in "$TMP/out" "." "pack $ref outside the tree: no report checked"
done
# allowed by the command line: loaded, and as it is no pack, refused by name and position only
fz 30 512 --allow-pack-dir="$T/packs" "$P/r.txt"
expect_rc 2 "--allow-pack-dir, not a pack"
expect_in "$TMP/err" "^$T/packs/secret.yaml:1:1: error: 不是规则包" "--allow-pack-dir: not a pack"
expect_not_in "$TMP/err" "SECRET|token" "--allow-pack-dir: the file is not quoted"
fz 30 512 --rules="$T/packs/secret.yaml" "$P/r.txt"
expect_rc 2 "--rules, not a pack"
expect_not_in "$TMP/err" "SECRET|token" "--rules: the file is not quoted"
# YAML errors quote nothing either: an undefined alias, a duplicate key, bad syntax
rm "$P/.fzlint.yaml"
printf 'pack: x\nrules: *SECRETANCHOR\n' >"$P/alias.yaml"
printf 'pack: x\nSECRETKEY: 1\nSECRETKEY: 2\n' >"$P/dup.yaml"
printf 'pack: x\nrules: [SECRET-A, {SECRET-B\n' >"$P/syntax.yaml"
for f in alias dup syntax; do
    fz 30 512 --rules="$P/$f.yaml" "$P/r.txt"
    expect_rc 2 "$f.yaml"
    expect_in "$TMP/err" "^$P/$f.yaml:[0-9]+:[0-9]+: error: " "$f.yaml: error at a position"
    expect_not_in "$TMP/err" "SECRET" "$f.yaml: not quoted"
done
# a FIFO named as a pack is refused at once, never waited on
mkfifo "$P/fifo.yaml"
printf 'packs: [fifo.yaml]\n' >"$P/.fzlint.yaml"
mine "$T/packs"
fz 30 512 "$P/r.txt"
expect_rc 2 "FIFO as a pack"
expect_in "$TMP/err" "^$P/fifo.yaml:1:1: error: 不是普通文件" "FIFO as a pack: named"
rm "$P/.fzlint.yaml"
fz 30 512 --rules="$P/fifo.yaml" "$P/r.txt"
expect_in "$TMP/err" "^$P/fifo.yaml:1:1: error: 不是普通文件" "FIFO given by --rules: named"

# --- --print-config: the configuration in effect, exit 0 ---
cat >"$D/.fzlint.yaml" <<'YAML'
packs: [national, mini.yaml]
report-year: 2024
rules:
  stray-space: off
  mini/word: {level: warning}
waivers:
  - {rule: mini/word, file: "r.txt", lines: 2-3, reason: test}
YAML
mine "$D"
fz 30 512 --print-config "$D/r.txt"
expect_rc 0 "--print-config"
cat >"$TMP/want" <<EOF
config: "$D/.fzlint.yaml"
files: 1
packs:
  - name: "national"
    file: "$FZLINT_RULES/national.yaml"
  - name: "mini"
    file: "$D/mini.yaml"
report-year: 2024
rules:
  "national/stray-space": off
  "mini/word": {level: warning}
enable: []
disable: []
waivers:
  - rule: "mini/word"
    file: "r.txt"
    lines: "2-3"
EOF
diff -u "$TMP/want" "$TMP/out" >&2 || fail "--print-config output"
(cd "$D" && fz 30 512 --print-config --disable=national/stray-space)
expect_rc 0 "--print-config in the current folder"
expect_in "$TMP/out" "^config: \"$D/.fzlint.yaml\"$" "--print-config here: the config"
expect_not_in "$TMP/out" "^files:" "--print-config here: no file count"
expect_in "$TMP/out" '^disable: \["national/stray-space"\]$' "--print-config: --disable"
: >"$TMP/empty.yaml"
chmod 644 "$TMP/empty.yaml"
fz 30 512 --print-config --config "$TMP/empty.yaml" "$D/r.txt"
expect_in "$TMP/out" "^config: \"$TMP/empty.yaml\"$" "--print-config with --config"
chmod 666 "$D/.fzlint.yaml"
fz 30 512 --print-config "$D/r.txt"
expect_rc 0 "--print-config, config ignored"
expect_in "$TMP/out" "^config: null" "--print-config: an ignored config is not in effect"
expect_in "$TMP/err" "warning: ignoring '$D/.fzlint.yaml'" "--print-config: says why"

finish
