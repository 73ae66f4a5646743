#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: every bench with short criterion runs, the
# build-time and generated-code-size figures, the machine and its load.
# Usage: benches/run.sh [--no-builds]   (from anywhere; ~10 min on 2 cores)
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

bench() { # package bench
    echo "== cargo bench -p $1 --bench $2" >&2
    cargo bench -q -p "$1" --bench "$2" -- "${short[@]}" 2> >(tee -a "$out/stderr.txt" >&2) >/dev/null
}
bench generated-tests stream_vs_atat
bench generated-tests parse_vs_atat
bench atspec-runtime roundtrip
bench atspec-runtime data_entry
bench at-spec parse
grep -h "paired medians\|peak heap growth" "$out/stderr.txt" > "$out/paired.txt" || true

benches/code_size.sh > "$out/code_size.tsv"
if [ "${1:-}" != "--no-builds" ]; then
    benches/build_times.sh > "$out/builds.txt"
fi
echo "load after:  $(uptime)" >> "$out/machine.txt"

python3 benches/report.py "$CARGO_TARGET_DIR" "$out" BENCHMARKS.md
echo "wrote $root/BENCHMARKS.md" >&2
