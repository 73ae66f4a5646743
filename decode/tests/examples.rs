//! Every manual example flow (`dialects/examples/*.txt`), pasted in every
//! form people paste captures, decodes with every line placed.

use atspec_decode::{decode, render, to_json_lines, Kind, Report, Style};

const DIALECTS: [&str; 5] = [
    "simcom_smtps",
    "simcom_sim52xx",
    "simcom_sim900",
    "quectel_uc15",
    "quectel_gsm",
];

fn dialect(name: &str) -> at_spec::ir::Dialect {
    let path = format!(
        "{}/../dialects/specs/{name}.atspec",
        env!("CARGO_MANIFEST_DIR")
    );
    at_spec::parse_file(std::path::Path::new(&path)).expect("spec parses")
}

fn examples(name: &str) -> String {
    let path = format!(
        "{}/../dialects/examples/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("examples file")
}

/// Who sends a line of the examples file.
#[derive(Clone, Copy, PartialEq)]
enum Who {
    Host,
    Modem,
}

/// The wire lines of an examples file, in order.
fn wire(examples: &str) -> Vec<(Who, String)> {
    let mut out = Vec::new();
    for line in examples.lines() {
        let (who, text) = if let Some(t) = line.strip_prefix(">> ") {
            (Who::Host, t)
        } else if let Some(t) = line.strip_prefix("<< ") {
            (Who::Modem, t)
        } else if line == "<<" {
            (Who::Modem, "")
        } else if let Some(t) = line.strip_prefix("<~ ") {
            (Who::Modem, t)
        } else if let Some(t) = line.strip_prefix("> ") {
            (Who::Host, t)
        } else if let Some(t) = line.strip_prefix("< ") {
            (Who::Modem, t)
        } else {
            continue;
        };
        out.push((who, expand(text)));
    }
    out
}

/// `<CTRL-Z>`, `<ESC>` and `<N bytes ...>` as the bytes they stand for.
fn expand(text: &str) -> String {
    let text = text
        .replace("<CTRL-Z>", "\u{1a}")
        .replace("<ESC>", "\u{1b}");
    if let Some(rest) = text.strip_prefix('<') {
        if let Some((n, tail)) = rest.split_once(" bytes") {
            if let (Ok(n), true) = (n.parse::<usize>(), tail.ends_with('>')) {
                return "x".repeat(n);
            }
        }
    }
    text
}

/// The pasted forms: (name, capture).
fn forms(wire: &[(Who, String)]) -> Vec<(&'static str, String)> {
    let join = |f: &dyn Fn(usize, Who, &str) -> String, end: &str| -> String {
        wire.iter()
            .enumerate()
            .map(|(i, (w, t))| f(i, *w, t) + end)
            .collect()
    };
    let plain = |_: usize, _: Who, t: &str| t.to_owned();
    let echo = |_: usize, w: Who, t: &str| {
        if w == Who::Host && t.starts_with("AT") {
            format!("{t}\r\n{t}")
        } else {
            t.to_owned()
        }
    };
    let arrows = |_: usize, w: Who, t: &str| match w {
        Who::Host => format!(">> {t}"),
        Who::Modem => format!("<< {t}"),
    };
    let txrx = |i: usize, w: Who, t: &str| {
        let stamp = format!("[12:00:{:02}.{:03}]", i / 1000 % 60, i % 1000);
        match w {
            Who::Host => format!("{stamp} TX: {t}"),
            Who::Modem => format!("{stamp} RX: {t}\n"),
        }
    };
    let dashes = |i: usize, w: Who, t: &str| match w {
        Who::Host => format!("2026-12-01 10:00:{:02} --> {t}", i % 60),
        Who::Modem => format!("2026-12-01 10:00:{:02} <-- {t}", i % 60),
    };
    vec![
        ("crlf_echo", join(&echo, "\r\n")),
        ("lf", join(&plain, "\n")),
        ("cr", join(&plain, "\r")),
        ("arrows", join(&arrows, "\r\n")),
        ("txrx_blank_lines", join(&txrx, "\n")),
        ("dashes", join(&dashes, "\n")),
    ]
}

/// Placement of every line: (kind, name) per entry, echo left out.
fn placement(r: &Report) -> Vec<(Kind, String)> {
    r.exchanges
        .iter()
        .flat_map(|e| e.lines.iter())
        .filter(|l| l.kind != Kind::Echo)
        .map(|l| (l.kind, l.name.clone()))
        .collect()
}

#[test]
fn example_flows_decode_alike_in_every_pasted_form() {
    for name in DIALECTS {
        let d = dialect(name);
        let wire = wire(&examples(name));
        let forms = forms(&wire);
        let reference = decode(&d, &forms[1].1);
        let unplaced: Vec<String> = reference
            .exchanges
            .iter()
            .flat_map(|e| e.lines.iter())
            .filter(|l| l.kind == Kind::Unrecognised)
            .map(|l| format!("line {}: {} ({})", l.line, l.text, l.note))
            .collect();
        assert!(
            unplaced.is_empty(),
            "{name}: unplaced lines:\n{}",
            unplaced.join("\n")
        );
        for (form, capture) in &forms {
            let r = decode(&d, capture);
            assert_eq!(placement(&r), placement(&reference), "{name}: form {form}");
        }
        insta::assert_snapshot!(
            format!("{name}_human"),
            render(&reference, Style::default())
        );
        insta::assert_snapshot!(format!("{name}_json"), to_json_lines(&reference));
    }
}
