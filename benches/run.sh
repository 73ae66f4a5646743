#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: every bench with short criterion runs, the
# build-time and generated-code-size figures, the machine and its load.
# Usage: benches/run.sh [--no-builds]   (from anywhere; ~10 min on 2 idle cores)
#        BUILDS_FROM=file benches/run.sh  (build figures from an earlier
#        `benches/build_times.sh > file`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
short=(--warm-up-time 1 --measurement-time 3)

{
    echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
    echo "rustc:   $(rustc --version)"
    echo "load before: $(uptime)"
} > "$out/machine.txt"

# Old results would be read as this run's.
rm -rf "$CARGO_TARGET_DIR/criterion"

# One cargo invocation for every bench: the same feature set as
# `cargo bench --no-run` of these packages, so nothing is rebuilt between them.
echo "== cargo bench (stream_vs_atat, parse_vs_atat, roundtrip, data_entry, parse)" >&2
cargo bench -q -p generated-tests -p atspec-runtime -p at-spec \
    --bench stream_vs_atat --bench parse_vs_atat --bench roundtrip --bench data_entry --bench parse \
    -- "${short[@]}" 2> >(tee -a "$out/stderr.txt" >&2) >/dev/null
grep -h "paired medians\|peak heap growth" "$out/stderr.txt" > "$out/paired.txt" || true

benches/code_size.sh > "$out/code_size.tsv"
benches/code_size.sh --breakdown > "$out/code_breakdown.tsv"
if [ -n "${BUILDS_FROM:-}" ]; then
    # Build figures measured separately (benches/build_times.sh > file).
    cp "$BUILDS_FROM" "$out/builds.txt"
elif [ "${1:-}" != "--no-builds" ]; then
    benches/build_times.sh > "$out/builds.txt"
fi
echo "load after:  $(uptime)" >> "$out/machine.txt"
if [ -n "${NOTES:-}" ]; then cp "$NOTES" "$out/notes.md"; fi

python3 benches/report.py "$CARGO_TARGET_DIR" "$out" BENCHMARKS.md
echo "wrote $root/BENCHMARKS.md" >&2
