#!/bin/sh
# Runs every fuzz target (or those named) for SECONDS each, starting from its committed seed corpus; new inputs go
# to a scratch corpus under .build-fuzz/, crashes to .build-fuzz/crashes/. Exits 1 if any target crashed.
# Usage: Tests/Fuzz/fuzz.sh BINARY SECONDS [TARGET...]
set -u
bin=$1 seconds=$2
shift 2
targets=${*:-"safetensors config vocab tokenizer-json tokenizer theme deck input"}
here=$(dirname "$0")
work=.build-fuzz/work
mkdir -p "$work" .build-fuzz/crashes
failed=""
for t in $targets; do
    mkdir -p "$work/$t"
    log=.build-fuzz/$t.log
    # No Swift backtracer (it would wait on the terminal); a leak is not a crash here (caches live forever).
    SWIFT_BACKTRACE=enable=no BERTSCOPE_FUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=0 \
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix=.build-fuzz/crashes/"$t"- "$work/$t" "$here/Corpus/$t" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ $status -ne 0 ]; then
        failed="$failed $t"
        echo "fuzz $t: CRASH after ${runs:-?} runs (exit $status); see $log and .build-fuzz/crashes/"
        grep -m 3 -E "ERROR|Fatal error|SUMMARY" "$log"
    else
        echo "fuzz $t: ${runs:-?} runs in ${seconds} s, no crash"
    fi
done
[ -z "$failed" ] || { echo "fuzz: crashes in$failed"; exit 1; }
