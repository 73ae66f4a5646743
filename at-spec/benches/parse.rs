//! Limits of the front end (issue 9): parse + validate, and generate, for
//! generated specs of 10 / 100 / 1,000 / 10,000 commands; and specs with 100 /
//! 10,000 errors (all on one line, or one per command), parsed and rendered.
//! Time per element should stay flat as the size grows (linear total).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A realistic spec of `n` commands: enums, codes, URCs, and commands with
/// test/read/write forms, nested optional parameters, ranges, defaults, rules,
/// responses of several kinds, data phases and completions.
fn spec(n: usize) -> String {
    let mut s = String::from(
        r#"dialect bench { vendor "V" family "F" manual "M" version "1" timeout 5s }
enum RcptType "Kind of recipient" { 0 To "primary" 1 Cc "copy" 2 Bcc "blind copy" }
enum Charset { 0 Ascii 1 Utf8 2 Gb }
codes Result "Outcome" { 1 Success "ok" 61 NetworkError "network error" -421 Closing "closing" }
error final "+CME ERROR": Result
type Port = int 1..=65535
type Addr = string max 50 nonempty
urc Done "Outcome of a send" "+DONE": code: Result
"#,
    );
    for i in 0..n {
        s.push_str(&format!(
            r#"
// command {i}
command CMD{i} "Command number {i}" {{
    test  {{ response "+CMD{i}": kinds: range, ports: range }}
    read  {{ response many "+CMD{i}": kind: RcptType, index: int, address, port }}
    write (kind: RcptType [, index: int 0..=4 [, address: Addr [, port: Port = 25 "server port"]]]) {{
        doc "Sets entry {i}"
        timeout 10s
        rule kind == Bcc => absent(port)
        rule index in {{1, 2, 3}} => present(address)
        response optional one_of {{
            Ok:   "+CMD{i}": 1, count: int, size: int then raw size
            Fail: "+CMD{i}": 0, code: Result
        }}
    }}
    write "sub" (charset: Charset, text: string max 255, len: int 1..=5120) {{
        rule charset != Ascii => hex(text)
        data prompt exact len
    }}
    exec {{ completes Done within 60s }}
}}
"#
        ));
    }
    s
}

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_validate");
    group.sample_size(10);
    for n in SIZES {
        let text = spec(n);
        // The generated spec must be valid, or the benchmark measures error paths.
        if let Err(d) = at_spec::parse_with("bench.atspec", &text, &mut |_| Err("none".into())) {
            panic!("generated spec is invalid:\n{}", d.render());
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                at_spec::parse_with("bench.atspec", black_box(text), &mut |_| Err("none".into()))
                    .map(|d| d.commands.len())
            })
        });
    }
    group.finish();
}

fn bench_generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for n in SIZES {
        let dialect = at_spec::parse_with("bench.atspec", &spec(n), &mut |_| Err("none".into()))
            .unwrap_or_else(|d| panic!("generated spec is invalid:\n{}", d.render()));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &dialect, |b, d| {
            b.iter(|| atspec_codegen::generate(black_box(d)).into_iter().count())
        });
    }
    group.finish();
}

/// A spec with `n` errors: `n` out-of-range values in one `in {...}` on one
/// line (`one_line`), or `n` commands each naming an unknown type (`spread`).
fn errors_spec(n: usize, one_line: bool) -> String {
    let mut s =
        String::from("dialect bench { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n");
    if one_line {
        let values: Vec<String> = (0..n).map(|i| (100 + i).to_string()).collect();
        s.push_str(&format!(
            "command X {{ write (a: int 0..=9 [, b: int]) {{ rule a in {{{}}} => present(b) }} }}\n",
            values.join(", ")
        ));
    } else {
        for i in 0..n {
            s.push_str(&format!("command C{i} {{ write (v: Undeclared{i}) }}\n"));
        }
    }
    s
}

fn bench_errors(c: &mut Criterion) {
    let mut group = c.benchmark_group("errors");
    group.sample_size(10);
    for (shape, one_line) in [("one_line", true), ("spread", false)] {
        for n in [100usize, 10_000] {
            let text = errors_spec(n, one_line);
            let found = at_spec::parse_with("e.atspec", &text, &mut |_| Err("none".into()))
                .err()
                .map_or(0, |d| d.len());
            assert_eq!(found, n, "{shape}: every error is reported");
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(shape, n), &text, |b, text| {
                b.iter(|| {
                    at_spec::parse_with("e.atspec", black_box(text), &mut |_| Err("none".into()))
                        .err()
                        .map(|d| d.render().len())
                })
            });
        }
    }
    group.finish();
}

/// A spec of `n` commands where every command has its own enum, code table
/// and URC, and names them in rules, alternatives and its completion: the
/// lookups by name must not grow with the number of items.
fn many_items_spec(n: usize) -> String {
    let mut s = String::from(
        "dialect items { vendor \"V\" family \"F\" manual \"M\" version \"1\" timeout 5s }\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            r#"enum E{i} {{ 0 A{i} 1 B{i} }}
codes C{i} {{ 0 Ok{i} "ok" 1 Bad{i} "bad" }}
urc U{i} "u" "+U{i}": code: C{i}
command CMD{i} {{
    write (a: E{i}, b: int 0..=9) {{
        rule a == B{i} => present(b)
        response one_of {{ X: "+CMD{i}": 1, v: E{i}  Y: "+CMD{i}": 2, c: C{i} }}
    }}
    exec {{ completes U{i} within 5s }}
}}
"#
        ));
    }
    s
}

fn bench_many_items(c: &mut Criterion) {
    let mut group = c.benchmark_group("many_items_parse_and_validate");
    group.sample_size(10);
    for n in [100usize, 1_000, 10_000] {
        let text = many_items_spec(n);
        if let Err(d) = at_spec::parse_with("items.atspec", &text, &mut |_| Err("none".into())) {
            panic!("generated spec is invalid:\n{}", d.render());
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                at_spec::parse_with("items.atspec", black_box(text), &mut |_| Err("none".into()))
                    .map(|d| d.commands.len())
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_generate,
    bench_errors,
    bench_many_items
);
criterion_main!(benches);
