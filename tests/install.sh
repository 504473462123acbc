#!/usr/bin/env bash
# cmake --install into a temporary prefix: the installed binary finds its packs without
# configuration (FZLINT_RULES unset, the source tree out of sight), also after the
# prefix is moved; a client of the installed library (header, .so, .pc) builds with
# pkg-config and finds what the installed binary finds; the man page renders; cpack makes a .deb with the right Depends
# whose unpacked binary works and which apt would install.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
build=$(dirname "$fzlint")
[ -f "$build/cmake_install.cmake" ] || { echo "no build tree beside $fzlint: skipped"; exit 77; }
unset FZLINT_RULES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
  { cat "$tmp/install.log"; fail "cmake --install"; }
for f in bin/fzlint share/fzlint/rules/national.yaml share/vim/vimfiles/compiler/fzlint.vim \
         share/emacs/site-lisp/fzlint.el share/fzlint/gitlab/fzlint-codequality.py \
         share/doc/fzlint/copyright; do
  [ -e "$tmp/prefix/$f" ] || fail "$f not installed"
done
man=$(ls "$tmp"/prefix/share/man/man1/fzlint.1* 2>/dev/null) || fail "man page not installed"

# `sudo cmake --install build` (prefix /usr/local): the Vim plugin must land on the
# system Vim's 'runtimepath' (Debian's has /usr/share/vim/vimfiles, nothing under
# /usr/local).  Staged with DESTDIR, so nothing outside $tmp is written.
if command -v vim >/dev/null; then
  DESTDIR=$tmp/stage cmake --install "$build" --prefix /usr/local >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "cmake --install --prefix /usr/local"; }
  plugin=$(cd "$tmp/stage" && find . -path '*/compiler/fzlint.vim' | sed 's/^\.//')
  [ -n "$plugin" ] || fail "no Vim plugin installed under /usr/local"
  vim -Nu NONE -i NONE -es "+call writefile(split(&rtp, ','), '$tmp/rtp')" '+qall!' </dev/null
  grep -qxF "${plugin%/compiler/fzlint.vim}" "$tmp/rtp" ||
    fail "the Vim plugin went to $plugin, not on Vim's runtimepath: $(tr '\n' ' ' <"$tmp/rtp")"
  echo "vim plugin for /usr/local: $plugin"
fi

# a marker pack among the installed ones proves which folder the binary reads
cat >"$tmp/prefix/share/fzlint/rules/zz-marker.yaml" <<'YAML'
pack: marker
rules:
  - id: installed
    type: forbid
    level: warning
    message: 来自安装目录的规则
    scope: document
    pattern: '布署'
YAML
mkdir "$tmp/work"
cp "$src/samples/department-flawed-2025.txt" "$tmp/work/report.txt"
run_installed() { # $1 = the fzlint to run; from a folder outside the source tree
  local rc=0
  (cd "$tmp/work" && "$1" --max-per-rule=0 report.txt >out.txt 2>err.txt) || rc=$?
  [ "$rc" -eq 1 ] || { cat "$tmp/work/err.txt"; fail "$1: exit status $rc, expected 1"; }
  grep -q 'error: 缺少“存在的不足和原因”部分 \[national/problems-section\]' "$tmp/work/out.txt" ||
    fail "$1: built-in pack not used"
  grep -q '\[marker/installed\]' "$tmp/work/out.txt" || fail "$1: not the installed rules folder"
}
run_installed "$tmp/prefix/bin/fzlint"

# The library: a client that includes only <fzlint.h>, built through the installed .pc,
# gets the findings (rule, line, column) and the JSON document of the installed binary's
# --format=json on the same report, from the installed packs (marker/installed among them).
pc=$(find "$tmp/prefix" -path '*/pkgconfig/fzlint.pc' | head -n 1)
[ -n "$pc" ] || fail "fzlint.pc not installed"
[ -f "$tmp/prefix/include/fzlint.h" ] || fail "include/fzlint.h not installed"
if command -v cc >/dev/null && command -v pkg-config >/dev/null; then
  flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs fzlint) || fail "pkg-config fzlint"
  libdir=$(realpath "$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=libdir fzlint)")
  # a sanitized build's library needs its runtime loaded first: the client is built so too
  san=
  # (grep on a captured output: `cmd | grep -q` under pipefail fails when grep quits first)
  ! grep -q 'libasan' <<<"$(readelf -d "$libdir/libfzlint.so" 2>/dev/null)" || san=-fsanitize=address,undefined
  # shellcheck disable=SC2086 # the flags are words
  cc -std=c11 -Wall -Wextra -Werror $san -o "$tmp/check" "$src/tests/api/check.c" $flags 2>"$tmp/cc.log" ||
    fail "a client of <fzlint.h> does not build with: $flags: $(cat "$tmp/cc.log")"
  grep -q "$libdir/libfzlint.so" <<<"$(LD_LIBRARY_PATH=$libdir ldd "$tmp/check")" ||
    fail "the client does not load the installed libfzlint.so"
  for unit in display char; do
    rc=0
    (cd "$tmp/work" && LD_LIBRARY_PATH=$libdir "$tmp/check" report.txt $unit >api.txt 2>api.err) || rc=$?
    [ "$rc" -eq 1 ] || { cat "$tmp/work/api.err"; fail "library client ($unit): exit status $rc, expected 1 (an error found)"; }
    rc=0
    (cd "$tmp/work" && "$tmp/prefix/bin/fzlint" --format=json --column-unit=$unit report.txt >cli.json 2>/dev/null) || rc=$?
    [ "$rc" -eq 1 ] || fail "installed binary --format=json: exit status $rc"
    python3 - "$tmp/work/api.txt" "$tmp/work/cli.json" <<'PY' || fail "library ($unit) and binary disagree: $(head -c 600 "$tmp/work/api.err")"
import json, sys
api = open(sys.argv[1], encoding="utf-8").read()
if "--\n" not in api:
    sys.exit("the client printed no findings")
found, rendered = api.split("--\n", 1)
cli_text = open(sys.argv[2], encoding="utf-8").read()
cli = json.loads(cli_text)["files"][0]["diagnostics"]
want = "".join(f"{d['ruleId']} {d['start']['line']} {d['start']['column']}\n" for d in cli)
if not cli or found != want:
    sys.exit(f"library:\n{found}binary:\n{want}")
if "marker/installed" not in found:
    sys.exit("the library did not read the installed rules folder")
if rendered != cli_text:
    sys.exit("fzlint_render(json) differs from --format=json")
PY
  done
  # a broken pack: the library names the place as the binary does
  printf 'pack: bad\nrules:\n  - id: x\n    type: forbid\n    level: severe\n    message: m\n    pattern: a\n' \
    >"$tmp/work/bad.yaml"
  rc=0
  (cd "$tmp/work" && LD_LIBRARY_PATH=$libdir "$tmp/check" --pack bad.yaml >api-pack.txt) || rc=$?
  [ "$rc" -eq 1 ] || fail "library: a broken pack loaded (status $rc)"
  (cd "$tmp/work" && "$tmp/prefix/bin/fzlint" --rules bad.yaml report.txt >/dev/null 2>cli-pack.txt) || true
  grep -q '^bad.yaml:[0-9]*:[0-9]*: error: ' "$tmp/work/api-pack.txt" ||
    fail "library: the pack error names no place: $(cat "$tmp/work/api-pack.txt")"
  cmp -s "$tmp/work/api-pack.txt" "$tmp/work/cli-pack.txt" ||
    fail "library and binary report the broken pack differently: $(cat "$tmp/work"/*-pack.txt)"
  echo "library client: ok ($flags)"
else
  echo "cc or pkg-config missing: the library client not checked"
fi
mv "$tmp/prefix" "$tmp/moved"
run_installed "$tmp/moved/bin/fzlint"
man=${man/$tmp\/prefix/$tmp/moved}
echo "installed binary: ok"

# The man page keeps up with --help: every option and every output format named there.
"$fzlint" --help >"$tmp/help.txt"
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$src/docs/fzlint.1" >"$tmp/man-source.txt"
python3 - "$tmp/help.txt" "$tmp/man-source.txt" <<'PY' || fail "the man page is behind --help"
import re, sys
help_text, man = open(sys.argv[1]).read(), open(sys.argv[2]).read()
options = set(re.findall(r"(?m)^\s+(?:-\w, )?(--[a-z][a-z-]*)", help_text))
block = re.search(r"--format=FORMAT\s+(.*?)\n  -", help_text, re.S).group(1)
formats = re.findall(r"[a-z][a-z-]*", block.replace("(default)", ""))
missing = [o for o in sorted(options) if o not in man]
missing += [f"--format={f}" for f in formats if not re.search(r"\.BR? " + re.escape(f.replace("-", "-")) + r"\b", man)]
if len(options) < 20 or len(formats) < 9 or missing:
    sys.exit(f"{len(options)} options, {len(formats)} formats in --help; not in the man page: {missing}")
PY

if command -v groff >/dev/null; then
  { case $man in *.gz) gzip -dc "$man" ;; *) cat "$man" ;; esac; } >"$tmp/fzlint.1"
  groff -k -man -Tutf8 -ww -z "$tmp/fzlint.1" 2>"$tmp/groff.log" || fail "groff"
  [ ! -s "$tmp/groff.log" ] || { cat "$tmp/groff.log"; fail "man page warnings"; }
  grep -q 'column-unit' <<<"$(groff -k -man -Tutf8 "$tmp/fzlint.1" 2>/dev/null)" || fail "man page text"
  echo "man page: ok"
fi

if ! command -v cpack >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "cpack or dpkg-deb missing: .deb not checked"; exit 0
fi
(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/pkg/fzlint_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml-0-2 libpcre2-8-0 libutf8proc2; do
  grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/contents"
for f in ./usr/bin/fzlint ./usr/share/fzlint/rules/national.yaml ./usr/share/man/man1/fzlint.1.gz \
         ./usr/share/vim/vimfiles/compiler/fzlint.vim ./usr/share/doc/fzlint/copyright; do
  grep -qx "$f" "$tmp/contents" || fail "$f not in the .deb"
done
for f in '/libfzlint\.so\.[0-9]+$' '/pkgconfig/fzlint\.pc$' '^\./usr/include/fzlint\.h$'; do
  grep -Eq "$f" "$tmp/contents" || fail "no $f in the .deb"
done
dpkg-deb -x "$deb" "$tmp/root"
cp "$tmp/moved/share/fzlint/rules/zz-marker.yaml" "$tmp/root/usr/share/fzlint/rules/"
run_installed "$tmp/root/usr/bin/fzlint"
if command -v apt-get >/dev/null; then
  apt-get install -s "$deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt would not install it"; }
  grep -q '^Inst fzlint' "$tmp/apt.log" || { cat "$tmp/apt.log"; fail "apt simulation"; }
fi
echo ".deb: ok ($depends)"
