//! Parse + validate throughput on generated specs of 10, 100 and 1,000 commands.

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

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_validate");
    for n in [10usize, 100, 1_000] {
        let text = spec(n);
        // The generated spec must be valid, or the benchmark measures error paths.
        if let Err(d) = at_spec::parse_with("bench.atspec", &text, &mut |_| Err("none".into())) {
            panic!("generated spec is invalid:\n{}", d.render());
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                at_spec::parse_with("bench.atspec", black_box(text), &mut |_| Err("none".into()))
                    .map(|d| d.commands.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
