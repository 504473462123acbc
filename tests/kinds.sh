#!/usr/bin/env bash
# Reports of every kind (samples/kinds/): each NAME.txt has a manifest NAME.expect that
# states its kind and the findings it must get, one a line:
#
#   kind: department
#   outline: LINE KIND                    the outline reads the line as KIND (chrome, note …)
#   LINE[:COL] LEVEL RULE  note           a planted defect: must be reported there
#   known: LINE[:COL] LEVEL RULE  note    a known false finding (a precision bug):
#                                         reported now; when it goes, delete the line
#   missed: LINE[:COL] LEVEL RULE  note   a planted defect fzlint does not find yet (a
#                                         recall gap): when it is found, drop "missed:"
#
# A finding at error or warning level that no line of the manifest names fails the test;
# so does a planted defect not found, a known false finding no longer reported, a missed
# defect now found (the manifest is then out of date), or a kind read wrongly.  Info findings are allowed unless listed (then they are checked).
# At the end the check is run on broken copies of a manifest: it must fail on them; and
# each report, written as a .docx, must get the findings of its .txt.
set -u
bin=$1 src=$2
dir=$src/samples/kinds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# findings of one report as "LINE:COL LEVEL RULE", one a line
findings() {
  "$bin" --color=never --max-per-rule=0 --no-compare -j1 "$1" 2>&1 |
    sed -nE 's/^.*:([0-9]+):([0-9]+): (error|warning|info): .*\[([^]]+)\]$/\1:\2 \3 \4/p'
}

# check REPORT MANIFEST: prints what is wrong, returns 1 if anything is
check() {
  local report=$1 manifest=$2 name bad=0 kind want
  name=$(basename "$report")
  findings "$report" >"$tmp/actual"
  want=$(sed -nE 's/^kind:[[:space:]]*([a-z-]+)[[:space:]]*$/\1/p' "$manifest")
  kind=$("$bin" --outline "$report" | sed -nE 's/^kind +([a-z-]+).*/\1/p')
  # outline: LINE KIND — what the outline takes a line for (chrome, title, note, addr …)
  "$bin" --outline "$report" | sed -nE 's/^ +([0-9]+)  ([a-z]+) .*/\1 \2/p' >"$tmp/outline"
  while read -r _ line what; do
    got=$(awk -v l="$line" '$1 == l { print $2 }' "$tmp/outline")
    [ "$got" = "$what" ] || { echo "FAIL $name: line $line is ${got:-nothing} in the outline (expected $what)"; bad=1; }
  done < <(grep -E '^outline:' "$manifest")
  if [ -z "$want" ]; then
    echo "FAIL $name: the manifest states no kind"; bad=1
  elif [ "$kind" != "$want" ]; then
    echo "FAIL $name: kind ${kind:--} (expected $want)"; bad=1
  fi
  # Each expectation is matched against the findings; a finding is "covered" when an
  # expectation names its line (and column, if given), level and rule.
  awk -v name="$name" '
    function pos_ok(want, got) { return index(want, ":") ? want == got : want == substr(got, 1, index(got, ":") - 1) }
    FILENAME == ARGV[1] { n++; pos[n] = $1; lvl[n] = $2; rule[n] = $3; next }
    /^[[:space:]]*(#|$)/ || /^(kind|outline):/ { next }
    {
      known = ($1 == "known:"); missed = ($1 == "missed:")
      if (known || missed) { $1 = ""; $0 = substr($0, 2) }
      if ($1 !~ /^[0-9]+(:[0-9]+)?$/ || $2 !~ /^(error|warning|info)$/ || $3 !~ /\//) {
        printf "FAIL %s: manifest line %d not understood: %s\n", name, FNR, $0; bad = 1; next
      }
      hit = 0; other = ""
      for (i = 1; i <= n; i++)
        if (rule[i] == $3 && pos_ok($1, pos[i])) {
          if (lvl[i] == $2) { hit = 1; covered[i] = 1 } else other = lvl[i]
        }
      if (missed) {
        if (hit || other != "") { printf "FAIL %s: missed defect now found (drop \"missed:\"): %s %s %s\n", name, $1, (hit ? $2 : other), $3; bad = 1 }
        next
      }
      if (!hit && other != "") {
        printf "FAIL %s: %s %s reported as %s, not %s\n", name, $1, $3, other, $2; bad = 1; next
      }
      if (!hit && known)
        printf "FAIL %s: known false finding no longer reported (delete the line): %s %s %s\n", name, $1, $2, $3
      else if (!hit)
        printf "FAIL %s: planted defect not found: %s %s %s\n", name, $1, $2, $3
      if (!hit) bad = 1
    }
    END {
      for (i = 1; i <= n; i++)
        if (!covered[i] && lvl[i] != "info") { printf "FAIL %s: unexpected %s at %s: %s\n", name, lvl[i], pos[i], rule[i]; bad = 1 }
      exit bad
    }' "$tmp/actual" "$manifest" || bad=1
  return $bad
}

status=0 reports=0 planted=0 known=0 missed=0
for report in "$dir"/*.txt; do
  [ -f "$report" ] || continue
  manifest=${report%.txt}.expect
  reports=$((reports + 1))
  if [ ! -f "$manifest" ]; then
    echo "FAIL $(basename "$report"): no manifest $(basename "$manifest")"; status=1; continue
  fi
  check "$report" "$manifest" || status=1
  # a clean report (not NAME-flawed-…) plants nothing above info; a flawed one plants something
  case $(basename "$report") in
    *-flawed-*) grep -qE '^[0-9]' "$manifest" || { echo "FAIL $(basename "$manifest"): a flawed report with nothing planted"; status=1; } ;;
    *) ! grep -qE '^[0-9][0-9:]* +(error|warning) ' "$manifest" || { echo "FAIL $(basename "$manifest"): a clean report with a planted error or warning"; status=1; } ;;
  esac
  planted=$((planted + $(grep -cE '^[0-9]' "$manifest")))
  known=$((known + $(grep -c '^known:' "$manifest")))
  missed=$((missed + $(grep -c '^missed:' "$manifest")))
done
[ "$reports" -gt 0 ] || { echo "FAIL no reports in $dir"; exit 1; }

# The check must fail on a manifest that leaves out a planted defect (the finding is then
# unexpected) and on one that plants a defect the report does not have.
flawed=$(grep -lE '^[0-9]' "$dir"/*.expect | head -n 1)
if [ -z "$flawed" ]; then
  echo "FAIL self-test: no manifest with a planted defect"; status=1
else
  report=${flawed%.expect}.txt
  grep -vE '^[0-9]' "$flawed" >"$tmp/less.expect"
  { cat "$flawed"; echo "1 warning national/no-such-rule  never reported"; } >"$tmp/more.expect"
  check "$report" "$flawed" >/dev/null || { echo "FAIL self-test: $(basename "$flawed") itself does not pass"; status=1; }
  check "$report" "$tmp/less.expect" >/dev/null && { echo "FAIL self-test: a finding left out of the manifest was not caught"; status=1; }
  check "$report" "$tmp/more.expect" >/dev/null && { echo "FAIL self-test: a planted defect that is not found was not caught"; status=1; }
  cp "$flawed" "$tmp/kind.expect" && sed -i 's/^kind:.*/kind: joint/' "$tmp/kind.expect"
  grep -q '^kind: joint' "$flawed" && sed -i 's/^kind:.*/kind: government/' "$tmp/kind.expect"
  check "$report" "$tmp/kind.expect" >/dev/null && { echo "FAIL self-test: a wrong kind was not caught"; status=1; }
fi
# The same reports as Word files (tests/fixtures/make_docx.py: paragraph N is line N) get
# the same findings; skipped, not failed, without python-docx.
docx=skipped
if PY=$(for p in python3 /usr/bin/python3; do "$p" -c 'import docx' 2>/dev/null && { echo "$p"; break; }; done) && [ -n "$PY" ]; then
  if "$PY" "$src/tests/fixtures/make_docx.py" "$bin" "$tmp/docx" "$dir"/*.txt >/dev/null 2>"$tmp/docx.log"; then
    docx=0
    for report in "$dir"/*.txt; do
      name=$(basename "$report" .txt)
      if ! diff <(findings "$report" | sed 's/:[0-9]* / /') <(findings "$tmp/docx/$name.docx" | sed 's/:[0-9]* / /') >"$tmp/docx.diff"; then
        echo "FAIL $name.docx: findings differ from $name.txt:"; cat "$tmp/docx.diff"; status=1
      fi
      docx=$((docx + 1))
    done
  else
    echo "FAIL make_docx.py: $(cat "$tmp/docx.log")"; status=1
  fi
fi
echo "kinds: $reports reports, $planted planted defects, $missed not found yet (missed:), $known known false findings; Word copies: $docx"
exit $status
