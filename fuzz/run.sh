#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a bounded time,
# all at once.  FZ_FUZZ_SECONDS per target (60), FZ_FUZZ_BUILD build
# folder (build-fuzz).  A crash, leak or timeout is copied to fuzz/regressions/TARGET/
# (replayed by CTest from then on) and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FZ_FUZZ_SECONDS:-60}
build=${FZ_FUZZ_BUILD:-build-fuzz}
targets=(report pack config docx html pdf)

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFZ_FUZZ=ON -DFZ_SANITIZE=ON -DFZ_WERROR=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

S_fuzz() {
    local t=$1 corpus=$build/corpus/$1 artifacts=$build/artifacts/$1
    mkdir -p "$corpus" "$artifacts"
    rm -f "$artifacts"/*
    case $t in
    report) cp samples/*.txt "$corpus/" ;;
    pack) cp rules/*.yaml "$corpus/" ;;
    config) cp tests/rules/config-errors/*.yaml "$corpus/" ;;
    docx) ;; # the seeds are in fuzz/regressions/docx
    html | pdf) cp fuzz/seeds/"$t"/* "$corpus/" ;;
    esac
    find "fuzz/regressions/$t" -type f ! -name README -exec cp {} "$corpus/" \;
    # -timeout: one input may take 10 s at most; the match limits keep real ones far below.
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
        >"$build/fuzz_$t.log" 2>&1
}

echo "== fuzzing ${targets[*]} for ${secs}s each"
pids=()
for t in "${targets[@]}"; do
    S_fuzz "$t" &
    pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
    t=${targets[$i]}
    rc=0
    wait "${pids[$i]}" || rc=$?
    echo "fuzz_$t: $(grep -E '^#[0-9]+.*DONE' "$build/fuzz_$t.log" | tail -n1)"
    found=0
    for a in "$build/artifacts/$t"/*; do
        [ -e "$a" ] || continue
        found=1
        cp "$a" "fuzz/regressions/$t/"
        echo "fuzz_$t: $(basename "$a") saved to fuzz/regressions/$t/" >&2
    done
    if [ $rc -ne 0 ]; then
        [ $found = 1 ] || echo "fuzz_$t: failed (status $rc) without an artifact" >&2
        grep -m3 -E 'ERROR|SUMMARY|runtime error' "$build/fuzz_$t.log" >&2 || tail -n 20 "$build/fuzz_$t.log" >&2
        echo "fuzz_$t: full log in $build/fuzz_$t.log" >&2
        status=1
    fi
done
exit $status
