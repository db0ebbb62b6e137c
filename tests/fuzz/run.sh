#!/bin/sh
# Run each libFuzzer target for a bounded time from its seeds and print,
# per target: executions, exec/s, the corpus grown, and the findings.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
# The working corpus (BUILD_DIR/corpus/TARGET) grows from run to run; a
# finding (crash, broken property, leak, timeout) is saved as
# BUILD_DIR/findings/TARGET/crash-..., leak-... or timeout-...: replay it
# with BUILD_DIR/fuzz_TARGET FILE, fix the bug, and keep it in
# tests/fuzz/regress/TARGET/ named after what it exercises.
set -u
cd "$(dirname "$0")/../.."
build=$1
seconds=$2
shift 2
status=0
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT

# Leaks in libmpv's libraries are not ours (as in tests/run.sh); ASan's
# own abort reports the stack.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

printf '%-8s %12s %9s %8s %8s  %s\n' target executions exec/s corpus new \
    findings >"$summary"
for t in "$@"; do
    corpus=$build/corpus/$t
    findings=$build/findings/$t
    log=$build/fuzz_$t.log
    mkdir -p "$corpus" "$findings"
    before=$(ls "$corpus" | wc -l)
    found_before=$(ls "$findings" | wc -l)
    echo "== fuzz_$t: ${seconds}s from tests/fuzz/seeds/$t (log: $log)"
    "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$findings/" \
        "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    after=$(ls "$corpus" | wc -l)
    found=$(($(ls "$findings" | wc -l) - found_before))
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property broken|artifact_prefix|Test unit written|ALARM)' \
            "$log" | head -n 8
        what=$(ls -t "$findings" | head -n 1)
        found="$found ($what)"
    fi
    printf '%-8s %12s %9s %8s %8s  %s\n' "$t" "${runs:-?}" "${speed:-?}" \
        "$after" "+$((after - before))" "$found" >>"$summary"
done
echo
cat "$summary"
exit $status
