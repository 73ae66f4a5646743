#!/usr/bin/env bash
# Build-time figures, as key=value lines:
# - dialect10_clean / atat10_clean: clean release build (fresh target
#   folder, every dependency compiled) of a 10-command dialect crate and of
#   an atat 0.25 crate modelling 10 commands; *_units: crates compiled;
# - dialect10_noserial_clean: the same dialect crate with atspec-runtime's
#   default features off (no `serial` feature, so no port driver: the
#   like-for-like comparison with atat, which ships none);
# - spec1000_first / spec1000_rebuild: a 1,000-command dialect crate built,
#   then rebuilt (dev profile, what an edit-compile loop runs) after a
#   one-line edit of its spec.
# - spec1000_check_rebuild (group spec1000_check): the same edit, rebuilt by
#   `cargo check` (no code generation: front end and metadata only);
# - spec1000_override_rebuild (group spec1000_override): the spec1000
#   rebuild with `[profile.dev.build-override] opt-level = 3`, i.e. the proc
#   macro and its dependencies optimised (cargo's default builds them at 0).
#   Extra rows: neither replaces spec1000_rebuild.
# Offline, with the workspace's Cargo.lock; wall time.
# Usage: build_times.sh [GROUP...] with GROUP one of dialect10,
# dialect10_noserial, atat10, spec1000, spec1000_check, spec1000_override
# (default: all, in that order).
set -euo pipefail
groups=" ${*:-dialect10 dialect10_noserial atat10 spec1000 spec1000_check spec1000_override} "
want() { [[ "$groups" == *" $1 "* ]]; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

# crate dir name deps
make_crate() {
    mkdir -p "$1/src"
    cat > "$1/Cargo.toml" <<TOML
[package]
name = "$2"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$3

[workspace]
TOML
    cp "$root/Cargo.lock" "$1/Cargo.lock"
}

# dir profile-flag -> seconds; units compiled in $work/units
# (set CARGO_CMD=check for `cargo check`; default `cargo build`)
timed_build() {
    local t0 t1
    t0=$(now)
    (cd "$1" && cargo "${CARGO_CMD:-build}" --offline $2 --message-format short 2> "$work/build.log") >&2 || {
        cat "$work/build.log" >&2
        exit 1
    }
    t1=$(now)
    grep -c '^ *Compiling ' "$work/build.log" > "$work/units" || true
    echo "$t1 - $t0" | bc
}

deps_atspec="atspec-macros = { path = \"$root/macros\" }
atspec-runtime = { path = \"$root/runtime\" }"

# crate-dir name runtime-dep key: a 10-command dialect crate, built clean.
dialect10() {
    make_crate "$1" "$2" "atspec-macros = { path = \"$root/macros\" }
$3"
    python3 "$root/benches/gen_spec.py" 10 > "$1/ten.atspec"
    echo 'atspec_macros::dialect!("ten.atspec");' > "$1/src/lib.rs"
    echo "$4_clean=$(CARGO_TARGET_DIR="$work/t1" timed_build "$1" --release)"
    echo "$4_units=$(cat "$work/units")"
    rm -rf "$work/t1"
}

# 10-command dialect crate, default features (with the serial-port driver).
if want dialect10; then
    dialect10 "$work/dialect10" dialect10 \
        "atspec-runtime = { path = \"$root/runtime\" }" dialect10
fi

# The same without the runtime's `serial` feature (`Modem::new` only).
if want dialect10_noserial; then
    dialect10 "$work/dialect10_noserial" dialect10_noserial \
        "atspec-runtime = { path = \"$root/runtime\", default-features = false }" \
        dialect10_noserial
fi

if want atat10; then
# atat crate with 10 commands (a write of four arguments and a read with its
# response each).
a="$work/atat10"
make_crate "$a" atat10 'atat = { version = "0.25", features = ["derive"] }'
{
    echo 'use atat::atat_derive::{AtatCmd, AtatResp};'
    echo 'use atat::heapless::String;'
    echo '#[derive(Clone, Debug, AtatResp)] pub struct NoResponse;'
    for i in $(seq 0 9); do
        cat <<RS
/// Answer of command $i.
#[derive(Clone, Debug, AtatResp)]
pub struct Cmd${i}Resp { #[at_arg(position = 0)] pub kind: u8, #[at_arg(position = 1)] pub index: u8,
    #[at_arg(position = 2)] pub address: String<50>, #[at_arg(position = 3)] pub port: u16 }
/// Read of command $i.
#[derive(Clone, AtatCmd)] #[at_cmd("+CMD$i?", Cmd${i}Resp)] pub struct Cmd${i}Read;
/// Write of command $i.
#[derive(Clone, AtatCmd)] #[at_cmd("+CMD$i", NoResponse)]
pub struct Cmd${i}Write { #[at_arg(position = 0)] pub kind: u8, #[at_arg(position = 1)] pub index: Option<u8>,
    #[at_arg(position = 2)] pub address: Option<String<50>>, #[at_arg(position = 3)] pub port: Option<u16> }
RS
    done
} > "$a/src/lib.rs"
echo "atat10_clean=$(CARGO_TARGET_DIR="$work/t2" timed_build "$a" --release)"
echo "atat10_units=$(cat "$work/units")"
rm -rf "$work/t2"
fi

if want spec1000; then
# 1,000-command crate: build, edit one line of the spec, rebuild.
k="$work/spec1000"
make_crate "$k" spec1000 "$deps_atspec"
python3 "$root/benches/gen_spec.py" 1000 > "$k/big.atspec"
echo 'atspec_macros::dialect!("big.atspec");' > "$k/src/lib.rs"
echo "spec1000_first=$(CARGO_TARGET_DIR="$work/t3" timed_build "$k" "")"
python3 "$root/benches/gen_spec.py" 1000 " (edited)" > "$k/big.atspec"
echo "spec1000_rebuild=$(CARGO_TARGET_DIR="$work/t3" timed_build "$k" "")"
echo "spec1000_rebuild_units=$(cat "$work/units")"
fi

# spec crate-dir key [extra Cargo.toml]: a 1,000-command crate built (first
# build not reported), its spec edited by one line, rebuilt.
spec1000_variant() {
    make_crate "$1" spec1000 "$deps_atspec"
    printf '%s' "${3:-}" >> "$1/Cargo.toml"
    python3 "$root/benches/gen_spec.py" 1000 > "$1/big.atspec"
    echo 'atspec_macros::dialect!("big.atspec");' > "$1/src/lib.rs"
    CARGO_TARGET_DIR="$work/t4" timed_build "$1" "" > /dev/null
    python3 "$root/benches/gen_spec.py" 1000 " (edited)" > "$1/big.atspec"
    echo "$2=$(CARGO_TARGET_DIR="$work/t4" timed_build "$1" "")"
    rm -rf "$work/t4"
}

# The rebuild through `cargo check`: what is left without code generation.
if want spec1000_check; then
    CARGO_CMD=check spec1000_variant "$work/spec1000_check" spec1000_check_rebuild
fi

# The rebuild with the proc macro and its dependencies at opt-level 3.
if want spec1000_override; then
    spec1000_variant "$work/spec1000_override" spec1000_override_rebuild '
[profile.dev.build-override]
opt-level = 3
'
fi
