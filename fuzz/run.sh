#!/usr/bin/env bash
# Runs every fuzz target (or those named after the time) for <secs> seconds
# each, one after another, in process: ./fuzz/run.sh 600 [target...]
# (several targets at once: run one script per target; each logs apart)
# libFuzzer's final stats (execs, cov, ft) are printed per target, and kept
# with the full log in fuzz/logs/<target>.log; crashes land in
# fuzz/artifacts/<target>/ (turn each into a regression test).
set -euo pipefail
secs="${1:?usage: fuzz/run.sh <seconds per target> [target...]}"
shift
cd "$(dirname "$0")"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(spec_parser framer_router dialect_parsers)
fi
export RUSTC_BOOTSTRAP=1
mkdir -p logs
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    seeds=()
    [ -d "seeds/$t" ] && seeds=("seeds/$t")
    # -max_len: big enough for long names, deep nesting and long lines.
    # In process (no -jobs): libFuzzer's output and final stats go to the
    # log; with -jobs they go to ./fuzz-N.log, which parallel runs clobber.
    if cargo fuzz run "$t" "corpus/$t" "${seeds[@]}" -- \
        -max_total_time="$secs" -max_len=262144 \
        -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        >"logs/$t.log" 2>&1; then
        echo "$t: no crash"
    else
        echo "$t: FAILED (see fuzz/logs/$t.log and fuzz/artifacts/$t/)"
        status=1
    fi
    grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "logs/$t.log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "logs/$t.log" || true
done
exit $status
