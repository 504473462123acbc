#!/usr/bin/env bash
# --color=auto under a real terminal (a pty, as Emacs's M-x compile and a shell give):
# colour with TERM=xterm; none with TERM=dumb (Emacs's compilation buffer), TERM unset,
# or NO_COLOR set to a value; NO_COLOR set but empty does not count (no-color.org).
# --color=always and never are not moved by either.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/rules
report=$src/samples/department-flawed-2025.txt
# colour? ENV... -- ARGS: "yes" if fzlint, run under a pty with ENV, wrote an escape
colour() {
  python3 - "$fzlint" "$report" "$@" <<'PY'
import os, pty, sys
fzlint, report, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
sep = rest.index("--")
env = {k: v for k, v in os.environ.items() if k not in ("TERM", "NO_COLOR")}
for kv in rest[:sep]:
    k, v = kv.split("=", 1)
    env[k] = v
pid, fd = pty.fork()
if pid == 0:
    os.execve(fzlint, [fzlint, *rest[sep + 1:], report], env)
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
if status != 1 or b"national/" not in out:
    sys.exit(f"fzlint exited {status} under the pty: {out[:300]!r}")
print("yes" if b"\x1b[" in out else "no")
PY
}
fails=0
expect() { # WANT ENV... -- ARGS
  local want=$1; shift
  local got; got=$(colour "$@") || { echo "FAIL: $*"; fails=$((fails + 1)); return; }
  [ "$got" = "$want" ] || { echo "FAIL: colour with $*: $got, want $want"; fails=$((fails + 1)); }
}
expect yes TERM=xterm-256color --
expect no TERM=dumb --
expect no --
expect no TERM= --
expect no TERM=xterm-256color NO_COLOR=1 --
expect yes TERM=xterm-256color NO_COLOR= --
expect yes TERM=dumb -- --color=always
expect yes TERM=dumb NO_COLOR=1 -- --color=always
expect no TERM=xterm-256color -- --color=never
# not a terminal: no colour whatever TERM says
out=$(TERM=xterm-256color "$fzlint" "$report" 2>/dev/null || true)
case $out in *$'\e['*) echo "FAIL: colour into a pipe"; fails=$((fails + 1)) ;; esac
[ $fails -eq 0 ] && echo "color: ok"
exit $((fails > 0))
