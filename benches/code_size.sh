#!/usr/bin/env bash
# Generated Rust per command for each dialect: lines of `atspec expand`
# (prettyplease) over the spec's command count. Tab-separated rows.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build -q --release -p atspec-cli
atspec="${CARGO_TARGET_DIR:-$root/target}/release/atspec"
for spec in dialects/specs/*.atspec; do
    name=$(basename "$spec" .atspec)
    commands=$(grep -c '^command ' "$spec")
    lines=$("$atspec" expand "$spec" | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$name" "$commands" "$lines" $((lines / commands))
done
