#!/usr/bin/env bash
# Generated Rust per command for each dialect: lines of the prettyplease
# output (as `atspec expand` prints it) over the spec's command count.
# Tab-separated rows: dialect, commands, lines, lines per command.
# With --breakdown: dialect, kind of item, lines, lines per command (where
# the lines go, from benches/code_breakdown.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build -q --release -p atspec-codegen --example expand
expand="${CARGO_TARGET_DIR:-$root/target}/release/examples/expand"
for spec in dialects/specs/*.atspec; do
    name=$(basename "$spec" .atspec)
    commands=$(grep -c '^command ' "$spec")
    if [ "${1:-}" = "--breakdown" ]; then
        "$expand" "$spec" | python3 benches/code_breakdown.py |
            while IFS=$'\t' read -r kind n; do
                printf '%s\t%s\t%s\t%s\n' "$name" "$kind" "$n" $((n / commands))
            done
        continue
    fi
    lines=$("$expand" "$spec" | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$name" "$commands" "$lines" $((lines / commands))
done
