#!/usr/bin/env bash
# --fix on copies of the real reports (../shared/corpus, skipped where absent): only bytes
# inside fixed spans change, a second --fix changes nothing, and every finding that had a
# fix is gone unless it overlapped another fix.
source "$(dirname "$0")/lib/guard.bash" "$@"
corpus=$SRC/../shared/corpus/seeds
ls "$corpus"/*.txt >/dev/null 2>&1 || { echo "skip: no corpus at $corpus"; exit 77; }
# every finding on its own in the JSON too, as --fix sees them (no summary line)
printf 'rules:\n  national/halfwidth-punctuation: {summarize-over: 0}\n' >"$TMP/.fzlint.yaml"
for f in "$corpus"/*.txt; do
    c=$TMP/$(basename "$f")
    cp "$f" "$c"
    chmod u+w "$c"
    fz 60 2048 --format=json --column-unit=byte --max-per-rule=0 "$c"
    cp "$TMP/out" "$TMP/before.json"
    fz 60 2048 --fix "$c"
    [ "$RC" -le 1 ] || fail "--fix $(basename "$f"): exit $RC"
    fz 60 2048 --format=json --column-unit=byte --max-per-rule=0 "$c"
    cp "$TMP/out" "$TMP/after.json"
    python3 - "$f" "$c" "$TMP/before.json" "$TMP/after.json" <<'PY' || fail "$(basename "$f")"
import json, sys
old, new = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
before = [x for f in json.load(open(sys.argv[3]))['files'] for x in f['diagnostics']]
after = [x for f in json.load(open(sys.argv[4]))['files'] for x in f['diagnostics']]
# the fixes applied independently: by position, the first wins, no-ops and line ends left
edits = sorted((x['start']['offset'], x['end']['offset'], x['fix'].encode()) for x in before if 'fix' in x)
out, at, skipped = b'', 0, 0
for s, e, w in edits:
    if s < at or old[s:e] == w or b'\n' in old[s:e] or b'\r' in old[s:e]:
        skipped += s < at
        continue
    out += old[at:s] + w
    at = e
out += old[at:]
if out != new:
    sys.exit('the fixed file is not the report with exactly its fixes applied')
left = [x for x in after if 'fix' in x]
if len(left) > skipped:
    sys.exit(f'{len(left)} findings with a fix remain after --fix: {left[:2]}')
PY
    sum=$(sha256sum <"$c")
    fz 60 2048 --fix "$c"
    [ "$(sha256sum <"$c")" = "$sum" ] || fail "a second --fix changed $(basename "$f")"
done
finish
