#!/usr/bin/env bash
# fzlint never writes to what it checks: the bytes and mtimes of the reports, the
# configuration and the pack are the same after runs with -j1, -j2 and every format.
source "$(dirname "$0")/lib/guard.bash" "$@"
d=$TMP/reports
mkdir -p "$d/sub"
cp "$SRC"/samples/*.txt "$d/"
cp "$SRC/samples/clean-county-2025.txt" "$d/sub/again.txt"
printf 'report-year: 2025\n' >"$d/.fzlint.yaml"
cp "$SRC/rules/national.yaml" "$TMP/extra.yaml"
sed -i 's/^pack: national/pack: extra/' "$TMP/extra.yaml"
# old mtimes, so a rewrite within the same second would still show
find "$d" "$TMP/extra.yaml" -type f -exec touch -d '2020-01-02 03:04:05.123456789' {} +

snapshot() {
    find "$d" "$TMP/extra.yaml" -type f -print0 | sort -z |
        xargs -0 stat -c '%n %s %y %Z' # %Z: ctime moves on any write or chmod
    find "$d" "$TMP/extra.yaml" -type f -print0 | sort -z | xargs -0 sha256sum
}
snapshot >"$TMP/before"

# the format names listed by --help ("--format=FORMAT   [output format: ]gcc (default), ...")
formats=$("$FZ" --help | sed -n 's/^ *--format=FORMAT *\(output format: *\)\{0,1\}//p' |
    sed 's/ *([^)]*)//g; s/,/ /g')
[ -n "$formats" ] || fail "no formats listed in --help"
for fmt in $formats; do
    for j in 1 2; do
        fz 60 1024 -j$j --format="$fmt" --rules "$TMP/extra.yaml" "$d"
        [ "$RC" -le 1 ] || fail "--format=$fmt -j$j: exit status $RC"
    done
done
fz 60 1024 --outline "$d"
fz 60 1024 - <"$d/no-title-2024.txt"

snapshot >"$TMP/after"
diff -u "$TMP/before" "$TMP/after" >&2 || fail "checked files changed"
# nothing new appeared next to the reports (no caches, no backups)
# (the folder, sub/, sub/again.txt, .fzlint.yaml and the samples)
[ "$(find "$d" | wc -l)" = $(( $(ls "$SRC"/samples/*.txt | wc -l) + 4 )) ] || { fail "new files next to the reports"; find "$d" >&2; }
echo "formats checked: $formats"
finish
