#!/usr/bin/env python3
"""Writes BENCHMARKS.md from one run of benches/run.sh.

Reads criterion's results (<target>/criterion/**/new/{benchmark,estimates}.json),
the build-time and code-size figures the run script measured, and the
machine notes. Every figure is a ratio against its reference from the same
run; ranges come from criterion's 95% confidence intervals of the medians
(ratio range: worst and best pairing of the two intervals).
"""
import json
import os
import sys
from pathlib import Path


def load_criterion(root):
    """{(group, function, value): (median, lo, hi)} in nanoseconds."""
    out = {}
    for bench in Path(root).rglob("new/benchmark.json"):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())["median"]
        ci = est["confidence_interval"]
        key = (meta["group_id"], meta.get("function_id") or "", meta.get("value_str") or "")
        out[key] = (est["point_estimate"], ci["lower_bound"], ci["upper_bound"])
    return out


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def fmt_est(e):
    return f"{fmt_time(e[0])} [{fmt_time(e[1])}–{fmt_time(e[2])}]"


def ratio(num, den):
    """num/den with its range."""
    return num[0] / den[0], num[1] / den[2], num[2] / den[1]


def fmt_ratio(r, unit="×"):
    return f"**{r[0]:.2f}{unit}** [{r[1]:.2f}–{r[2]:.2f}]"


class Report:
    def __init__(self, results):
        self.r = results
        self.lines = []
        self.missing = []

    def get(self, group, function, value=""):
        key = (group, function, value)
        if key not in self.r:
            self.missing.append("/".join(k for k in key if k))
        return self.r.get(key)

    def out(self, text=""):
        self.lines.append(text)

    def table(self, header, rows):
        self.out("| " + " | ".join(header) + " |")
        self.out("|" + "---|" * len(header))
        for row in rows:
            self.out("| " + " | ".join(row) + " |")
        self.out()

    def pair_rows(self, rows):
        """rows: (label, ours key, reference key, what the ratio says)."""
        table = []
        for label, ours, ref, says in rows:
            a, b = self.get(*ours), self.get(*ref)
            if a is None or b is None:
                table.append([label, "not measured", "", "", says])
                continue
            table.append([label, fmt_est(a), fmt_est(b), fmt_ratio(ratio(b, a)), says])
        return table


def stream(rep, cycle_bytes=186):
    rep.out("## 1. The anchor stream: atspec vs atat 0.25 on the same bytes")
    rep.out()
    rep.out(
        "Six exchanges, 186 bytes from the modem per cycle, echo off (SMTPSRV write; a two-line "
        "SMTPRCPT read; an idle `+SMTPSEND` URC; POP3NUM and QSMTPPUT with their completions after "
        "`OK`; `+CME ERROR`). Both sides encode each command line and type every line. atspec: "
        "frame + route + typed parse, the router driven as `Modem` drives it. atat: its "
        "`AtDigester` behind an ingress buffer as `atat::Ingress` runs it, then the derived parsers "
        "(with reads of 16 B atat types no recipient line of the SMTPRCPT answer, so it does less "
        "work in that row: atspec's figure there is a lower bound). "
        "Bench: `generated-tests/benches/stream_vs_atat.rs`. Ratio = atat's time / atspec's "
        "(above 1: atspec is faster)."
    )
    rep.out()
    rows = []
    for name, label in [("one_read_per_exchange", "one read per exchange"), ("reads_of_16b", "reads of ≤ 16 B")]:
        g = f"stream/{name}"
        ours, theirs = rep.get(g, "atspec"), rep.get(g, "atat")
        if ours is None or theirs is None:
            rows.append([label, "not measured", "", "", ""])
            continue
        mbs = lambda e: f"{cycle_bytes / e[0] * 1e3:.0f} MB/s"
        rows.append([label, f"{fmt_est(ours)} ({mbs(ours)})", f"{fmt_est(theirs)} ({mbs(theirs)})",
                     fmt_ratio(ratio(theirs, ours)), "≥ 2× (one read), ≥ 8× (16 B)"])
    rep.table(["reads", "atspec / cycle", "atat / cycle", "atspec speed-up", "goal (issue 12)"], rows)


def parsers(rep):
    rep.out("## 2. Parser vs parser on the same line")
    rep.out()
    rep.out(
        "`generated-tests/benches/parse_vs_atat.rs`. `parse_line`: the typed parser alone on the framed "
        "line (atat: on the slice its digester hands over). `frame_and_parse`: from the bytes off the "
        "wire (framer + parse vs digester + parse). `floor`: a hand-written parser of the same line "
        "into the same values (the least work possible). Ratio = reference / atspec."
    )
    rep.out()
    rows = []
    for group, label in [("qsmtpput_urc", "`+QSMTPPUT: 0,0` (URC)"),
                         ("smtpsrv_response", "`+SMTPSRV: \"smtp.example.com\",465`"),
                         ("smtprcpt_response", "`+SMTPRCPT: 0,0,\"john@sim.com\",\"john\"`"),
                         ("mix_of_five", "five lines (URCs and responses)")]:
        if rep.get(group, "atspec_parse_line") is None:
            continue
        rows += rep.pair_rows([
            (f"{label}: parse vs atat parse", (group, "atspec_parse_line"), (group, "atat_parse_only"),
             "atat / atspec"),
            (f"{label}: frame+parse vs atat digest+parse", (group, "atspec_frame_and_parse"),
             (group, "atat_digest_and_parse"), "atat / atspec"),
        ])
        if (group, "floor", "") in rep.r:
            a, f = rep.get(group, "atspec_parse_line"), rep.get(group, "floor")
            rows.append([f"{label}: parse vs hand-written floor", fmt_est(a), fmt_est(f),
                         fmt_ratio(ratio(a, f)), "atspec / floor (goal ≤ 1.3×)"])
    rep.missing = [m for m in rep.missing if not m.startswith("mix_of_five/atat_parse_only")]
    rep.table(["line", "atspec", "reference", "ratio", "ratio is"], rows)


def pty(rep):
    rep.out("## 3. `Modem` over a pty vs raw write + read")
    rep.out()
    rep.out(
        "`runtime/benches/roundtrip.rs`: `AT+SMTPSRV?` and its typed answer; the raw client writes the "
        "same bytes and reads until `OK\\r\\n` with the same 4 KiB reads, same responder thread. "
        "`runtime/benches/data_entry.rs`: an 8 MiB `CONNECT` payload, `send_data` vs raw writes of the "
        "same chunk size (`DEFAULT_CHUNK`) on the same kind of fd (pty). Ratio = atspec time / raw "
        "(1.00: no overhead)."
    )
    rep.out()
    raw = ("roundtrip", "raw write+read")
    rows = [
        ["round trip, `from_tty`", *cols(rep, ("roundtrip", "runtime send (from_tty)"), raw), "≤ 1.05×"],
        ["round trip, `from_serial` (reader thread)",
         *cols(rep, ("roundtrip", "runtime send (from_serial, reader thread)"), raw), "≤ 1.15×"],
        ["8 MiB `send_data`", *cols(rep, ("data_entry_8MiB", "runtime send_data"),
                                    ("data_entry_8MiB", "raw writes")), "≈ 1×"],
    ]
    rep.table(["what", "atspec", "raw", "atspec / raw", "goal"], rows)


def cols(rep, ours, ref):
    a, b = rep.get(*ours), rep.get(*ref)
    if a is None or b is None:
        return ["not measured", "", ""]
    return [fmt_est(a), fmt_est(b), fmt_ratio(ratio(a, b))]


def front_end(rep):
    rep.out("## 4. Front end: spec size")
    rep.out()
    rep.out(
        "`at-spec/benches/parse.rs`: generated specs of 10–10,000 realistic commands (five forms each). "
        "Per command, and the ratio to the 10-command spec's time per command (1.00: linear)."
    )
    rep.out()
    rows = []
    for group, label in [("parse_and_validate", "parse + validate"), ("generate", "generate (codegen)")]:
        base = rep.get(group, "", "10") or rep.get(group, "10")
        for n in ["10", "100", "1000", "10000"]:
            e = rep.r.get((group, "", n)) or rep.r.get((group, n, ""))
            if e is None or base is None:
                rep.missing.append(f"{group}/{n}")
                continue
            per = tuple(x / int(n) for x in e)
            bper = tuple(x / 10 for x in base)
            rows.append([label, n, fmt_time(e[0]), fmt_est(per), fmt_ratio(ratio(per, bper))])
    rep.missing = [m for m in rep.missing if not m.endswith("/10") or "errors" in m]
    rep.table(["step", "commands", "whole spec", "per command", "vs 10-command per-command"], rows)
    rows = []
    for shape in ["one_line", "spread"]:
        for n in ["100", "10000"]:
            e = rep.r.get(("errors", shape, n))
            if e is None:
                rep.missing.append(f"errors/{shape}/{n}")
                continue
            rows.append([shape, n, fmt_est(e), fmt_time(e[0] / int(n))])
    rep.table(["errors", "count", "parse + render", "per error"], rows)


def builds(rep, path):
    rep.out("## 5. Build times")
    rep.out()
    if not path.exists():
        rep.out("Not measured in this run (`benches/run.sh --no-builds`).")
        rep.out()
        return
    b = dict(line.split("=", 1) for line in path.read_text().split() if "=" in line)
    rep.out(
        "`benches/build_times.sh`: crates made in a temporary folder, built with `cargo build --release "
        "--offline` into a fresh target folder (wall time, `date +%s.%N` around the build; the "
        "workspace's `Cargo.lock`). The dialect crate is 10 commands of the front-end bench's shape "
        "through `atspec_macros::dialect!`; the atat crate models 10 commands with `AtatCmd` / "
        "`AtatResp` derives (a write with four arguments and a read with a response each)."
    )
    rep.out()
    f = lambda k: float(b[k]) if k in b else None
    rows = []
    a = f("atat10_clean")
    labels = [
        ("dialect10", "clean release build, 10 commands (default features, with the serial-port driver)"),
        ("dialect10_noserial", "clean release build, 10 commands, `default-features = false` "
                               "(no port driver: **like for like with atat**, which ships none)"),
    ]
    for key, label in labels:
        d = f(f"{key}_clean")
        if d and a:
            rows.append([label, f"{d:.1f} s ({b.get(f'{key}_units', '?')} crates)",
                         f"{a:.1f} s ({b.get('atat10_units', '?')} crates)", f"**{d / a:.2f}×**", "≤ 1.0×"])
    r1000, first = f("spec1000_rebuild"), f("spec1000_first")
    if r1000 is not None:
        rows.append(["rebuild after a one-line edit, 1,000-command spec", f"{r1000:.1f} s",
                     f"first build {first:.1f} s" if first else "", "", "≤ 15 s"])
    variants = [
        ("spec1000_check_rebuild", "the same rebuild through `cargo check` (no code generation)"),
        ("spec1000_override_rebuild", "the same rebuild with `[profile.dev.build-override] opt-level = 3` "
                                      "in the crate (the macro and its dependencies optimised)"),
    ]
    for key, label in variants:
        v = f(key)
        if v is not None:
            rows.append([label, f"{v:.1f} s", f"{r1000:.1f} s (the rebuild above)" if r1000 else "", "",
                         "≤ 15 s"])
    rep.table(["build", "atspec", "reference", "atspec / atat", "goal"], rows)


def code_size(rep, path):
    rep.out("## 6. Generated code per command")
    rep.out()
    if not path.exists():
        rep.out("Not measured in this run.")
        rep.out()
        return
    rep.out(
        "`benches/code_size.sh`: lines of the prettyplease output `atspec expand <spec>` prints (doc "
        "comments included; `codegen/examples/expand.rs`), divided by the spec's `command` count. "
        "Goal: ≤ 80 lines per command."
    )
    rep.out()
    rows = [line.split("\t") for line in path.read_text().splitlines() if line.strip()]
    rep.table(["dialect", "commands", "generated lines", "lines / command"], rows)
    code_breakdown(rep, path.with_name("code_breakdown.tsv"))


def code_breakdown(rep, path):
    """Where the lines go: lines per command by kind of item, per dialect."""
    if not path.exists():
        return
    per = {}
    for line in path.read_text().splitlines():
        if line.strip():
            dialect, kind, _, per_command = line.split("\t")
            per.setdefault(kind, {})[dialect] = per_command
    dialects = sorted({d for row in per.values() for d in row})
    rep.out(
        "Where they go (`benches/code_breakdown.py`: each top-level item, with its doc comments "
        "and attributes, by kind), lines per command:"
    )
    rep.out()
    rows = [[kind] + [per[kind].get(d, "") for d in dialects] for kind in per]
    rep.table(["kind of item"] + dialects, rows)


def main():
    target, outdir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    rep = Report(load_criterion(target / "criterion"))
    rep.out("# Benchmarks")
    rep.out()
    rep.out("Generated by `benches/run.sh` (do not edit by hand). Every figure is a ratio against its "
            "reference measured in the same run; times are criterion medians with their 95% "
            "confidence interval in brackets, ratios with the range the two intervals allow.")
    rep.out()
    rep.out("Machine and load:")
    rep.out()
    rep.out("```")
    rep.out((outdir / "machine.txt").read_text().rstrip())
    rep.out("```")
    rep.out()
    notes = outdir / "notes.md"
    if notes.exists():
        # What the person running it noticed about this run (NOTES=file).
        rep.out(notes.read_text().rstrip())
        rep.out()
    stream(rep)
    parsers(rep)
    pty(rep)
    front_end(rep)
    builds(rep, outdir / "builds.txt")
    code_size(rep, outdir / "code_size.tsv")
    paired = outdir / "paired.txt"
    if paired.exists() and paired.read_text().strip():
        rep.out("## Interleaved cross-checks")
        rep.out()
        rep.out("Printed by the pty benches: raw and atspec rounds interleaved, so load from other "
                "processes hits both alike (median of the per-round ratios).")
        rep.out()
        rep.out("```")
        rep.out(paired.read_text().rstrip())
        rep.out("```")
        rep.out()
    if rep.missing:
        rep.out("Missing results: " + ", ".join(sorted(set(rep.missing))))
        rep.out()
    out.write_text("\n".join(rep.lines))


if __name__ == "__main__":
    main()
