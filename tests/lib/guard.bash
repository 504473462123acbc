# guard.bash - shared by the hardening scripts: a temp dir, a bounded fzlint run, checks.
# Usage: source "$(dirname "$0")/lib/guard.bash" "$@"   (sets FZ, SRC, TMP)
set -u
FZ=$1
SRC=$2
TMP=$(mktemp -d)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
FAILS=0

# ASan reserves terabytes of address space, so the memory guard is off under it.
if grep -q __asan_init "$FZ" 2>/dev/null; then FZ_SANITIZED=1; else FZ_SANITIZED=0; fi
# Under valgrind or a sanitizer everything is slower; the time guard stretches with it.
FZ_SLOW=$((FZ_SANITIZED ? 10 : 1))

# fz SECONDS MEM_MB ARGS... : runs fzlint with a hang guard and an address-space guard;
# stdout to $TMP/out, stderr to $TMP/err, exit status in $RC.  A guard firing fails.
fz() {
    local secs=$(($1 * FZ_SLOW)) mem=$2
    shift 2
    RC=0
    if [ "$FZ_SANITIZED" = 1 ]; then
        timeout -k 5 "$secs" "$FZ" --color=never "$@" >"$TMP/out" 2>"$TMP/err" || RC=$?
    else
        (ulimit -v $((mem * 1024)) && exec timeout -k 5 "$secs" "$FZ" --color=never "$@") \
            >"$TMP/out" 2>"$TMP/err" || RC=$?
    fi
    if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
        fail "fzlint $* did not end within ${secs}s"
    elif [ "$RC" -gt 2 ]; then
        fail "fzlint $* crashed or ran out of memory (status $RC)"
        head -c 2000 "$TMP/err" >&2
    fi
}

fail() {
    echo "FAIL: $*" >&2
    FAILS=$((FAILS + 1))
}

# expect_rc WANT WHAT
expect_rc() {
    [ "$RC" = "$1" ] || { fail "$2: exit status $RC, expected $1"; head -c 1500 "$TMP/err" >&2; }
}

# expect_in FILE REGEX WHAT (grep -E)
expect_in() {
    grep -Eq -- "$2" "$1" || { fail "$3: no line matching /$2/ in $(basename "$1")"; head -c 1500 "$1" >&2; }
}

expect_not_in() {
    ! grep -Eq -- "$2" "$1" || { fail "$3: unexpected /$2/ in $(basename "$1")"; grep -E -m3 -- "$2" "$1" >&2; }
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$FAILS check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
    exit 0
}
