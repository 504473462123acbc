#!/usr/bin/env bash
# Folders with things that are not readable reports: each gets a message naming it,
# the good reports are still checked, and the exit status is 2 when a file could not be read.
source "$(dirname "$0")/lib/guard.bash" "$@"
sample=$SRC/samples/department-flawed-2025.txt # has findings: "checked" shows in the output

d=$TMP/tree
mkdir -p "$d/sub"
cp "$sample" "$d/a.txt"
cp "$sample" "$d/sub/z.txt"
mkfifo "$d/fifo.txt"
ln -s fifo.txt "$d/link-to-fifo.txt"
ln -s nowhere.txt "$d/dangling.txt"
ln -s loop2.txt "$d/loop1.txt"
ln -s loop1.txt "$d/loop2.txt"
ln -s .. "$d/sub/up"           # a folder loop: symlinked folders are not followed
ln -s ../sub "$d/sub/folder.txt"
head -c 4096 /dev/urandom >"$d/picture.png"
printf 'not a report' >"$d/notes.md"

fz 60 1024 -j2 "$d"
expect_rc 2 "tree with unreadable entries"
expect_in "$TMP/err" "cannot open '$d/dangling.txt': No such file" "dangling symlink"
expect_in "$TMP/err" "cannot open '$d/loop1.txt': Too many levels of symbolic links" "symlink loop"
expect_in "$TMP/err" "'$d/fifo.txt': not a regular file, skipped" "FIFO"
expect_in "$TMP/err" "'$d/link-to-fifo.txt': not a regular file, skipped" "link to a FIFO"
expect_in "$TMP/err" "'$d/sub/folder.txt': not a regular file, skipped" "link to a folder"
expect_in "$TMP/err" " in 2 files$" "both good reports checked"
expect_in "$TMP/out" "^$d/a.txt:" "a.txt checked"
expect_in "$TMP/out" "^$d/sub/z.txt:" "sub/z.txt checked"
expect_not_in "$TMP/out" "picture.png|notes.md" "non-.txt files are not reports"

# The same names given on the command line: the good ones are checked, the rest named.
fz 60 1024 -j2 "$d/a.txt" "$d/dangling.txt" "$d/missing.txt" "$d/sub/z.txt"
expect_rc 2 "explicit unreadable files"
expect_in "$TMP/err" "cannot open '$d/missing.txt'" "missing file"
expect_in "$TMP/err" " in 2 files$" "other files still checked"

# Unreadable file and folder: root reads everything, so only as a normal user.
if [ "$(id -u)" != 0 ]; then
    u=$TMP/perm
    mkdir -p "$u/closed"
    cp "$sample" "$u/ok.txt"
    cp "$sample" "$u/secret.txt"
    cp "$sample" "$u/closed/x.txt"
    chmod 000 "$u/secret.txt" "$u/closed"
    fz 60 1024 -j2 "$u"
    expect_rc 2 "unreadable file and folder"
    expect_in "$TMP/err" "cannot open '$u/secret.txt': Permission denied" "unreadable file"
    expect_in "$TMP/err" "cannot open '$u/closed': Permission denied" "unreadable folder"
    expect_in "$TMP/err" " in 1 file$" "readable report checked"
else
    echo "note: running as root, permission checks skipped (FIFO and symlink errors cover it)"
fi

# Many folders with their own .fzlint.yaml: each configuration is loaded once and the
# rule sets stay valid while more are added (this used a dangling pointer after 8).
m=$TMP/configs
for i in $(seq 1 20); do
    mkdir -p "$m/c$i"
    echo "report-year: $((2000 + i))" >"$m/c$i/.fzlint.yaml"
    cp "$sample" "$m/c$i/r.txt"
done
fz 120 2048 -j2 "$m"
expect_in "$TMP/err" " in 20 files$" "20 configurations"
[ "$RC" -le 1 ] || fail "20 configurations: exit status $RC"

# Folders nested deeper than the walk follows: a message, no crash.
n=$TMP/deep
p=$n
for i in $(seq 1 70); do p=$p/d; done
mkdir -p "$p"
cp "$sample" "$n/top.txt"
fz 60 1024 "$n"
expect_rc 2 "deep folders"
expect_in "$TMP/err" "folders nested too deeply" "deep folders message"
expect_in "$TMP/err" " in 1 file$" "top report still checked"

finish
