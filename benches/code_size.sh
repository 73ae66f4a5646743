#!/usr/bin/env bash
# Generated Rust per command for each dialect: lines of the prettyplease
# output (as `atspec expand` prints it) over the spec's command count.
# Tab-separated rows: dialect, commands, lines, lines per command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build -q --release -p atspec-codegen --example expand
expand="${CARGO_TARGET_DIR:-$root/target}/release/examples/expand"
for spec in dialects/specs/*.atspec; do
    name=$(basename "$spec" .atspec)
    commands=$(grep -c '^command ' "$spec")
    lines=$("$expand" "$spec" | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$name" "$commands" "$lines" $((lines / commands))
done
