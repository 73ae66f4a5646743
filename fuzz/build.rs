//! Generates the five dialects into `OUT_DIR` (as `generated-tests` does) and
//! a dispatch table, `parsers.rs`, with one entry per generated parser:
//! every response line type's `parse_at`, every URC and data-result type's
//! `parse`, and for every unit command its `parse_response`, `parse_outcome`,
//! `parse_data_result`, `claim` and chunk helpers. The table is read off the
//! generated text, so a new command or URC is fuzzed without editing this.

use std::fmt::Write as _;
use std::path::Path;

const DIALECTS: [&str; 5] = [
    "simcom_smtps",
    "simcom_sim52xx",
    "simcom_sim900",
    "quectel_uc15",
    "quectel_gsm",
];

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("error: OUT_DIR is not set (run this through cargo)");
        std::process::exit(1);
    };
    let out = Path::new(&out_dir);
    let specs: Vec<String> = DIALECTS
        .iter()
        .map(|d| format!("../dialects/specs/{d}.atspec"))
        .collect();
    if let Err(e) = atspec_codegen::build::compile(&specs, out) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let mut table = String::new();
    let mut arms = Vec::new();
    for dialect in DIALECTS {
        let path = out.join(format!("{dialect}.rs"));
        let code = match std::fs::read_to_string(&path) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                std::process::exit(1);
            }
        };
        writeln!(
            table,
            "#[allow(dead_code, clippy::all)]\npub mod {dialect} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{dialect}.rs\")); }}"
        )
        .unwrap();
        arms.extend(arms_of(dialect, &code));
    }
    writeln!(
        table,
        "/// How many parsers [`run`] can pick.\npub const COUNT: usize = {};",
        arms.len()
    )
    .unwrap();
    table.push_str(
        "/// Runs parser `pick` (modulo [`COUNT`]) on `lines` (its first line as `line`).\n\
         pub fn run(pick: usize, lines: &[::atspec_runtime::ResponseLine], line: &str) {\n\
         use ::atspec_runtime::{Command as _, Dialect as _};\n\
         let _ = (lines, line);\n\
         match pick % COUNT {\n",
    );
    for (i, arm) in arms.iter().enumerate() {
        writeln!(table, "{i} => {{ {arm} }}").unwrap();
    }
    table.push_str("_ => {}\n}\n}\n");
    if let Err(e) = std::fs::write(out.join("parsers.rs"), table) {
        eprintln!("error: cannot write parsers.rs: {e}");
        std::process::exit(1);
    }
}

/// The table entries of one generated dialect.
fn arms_of(dialect: &str, code: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut arms = vec![
        format!("let _ = {dialect}::parse_urc(line);"),
        format!(
            "let _ = ({dialect}::Dialect::urc_payload_len(line), {dialect}::Dialect::final_error(line), {dialect}::Dialect::error_line(line));"
        ),
    ];
    let mut owner: Option<&str> = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(rest) = l.strip_prefix("impl ") {
            owner = rest.strip_suffix(" {").filter(|t| is_ident(t));
        }
        if let Some(ty) = line_type_of(l) {
            arms.push(format!(
                "let mut pos = 0usize; let _ = <{dialect}::{ty} as ::atspec_runtime::wire::LineType>::parse_at(lines, &mut pos);"
            ));
        }
        let Some(ty) = owner else { continue };
        if l.trim_start() == "pub fn parse("
            && lines.get(i + 1).is_some_and(|n| n.trim() == "line: &str,")
        {
            arms.push(format!("let _ = {dialect}::{ty}::parse(line);"));
        }
    }
    let line_types = arms
        .iter()
        .filter(|a| a.contains("LineType>::parse_at"))
        .count();
    if line_types == 0 {
        panic!(
            "fuzz/build.rs: found no `impl ::atspec_runtime::wire::LineType for T` in the generated \
             `{dialect}.rs`: the generated code changed shape (or is not prettyplease-formatted), so \
             the fuzz table would silently lose every response parser; update `line_type_of`"
        );
    }
    for l in &lines {
        let Some(ty) = l
            .strip_prefix("pub struct ")
            .and_then(|r| r.strip_suffix(';'))
        else {
            continue;
        };
        if is_ident(ty) && is_command(code, ty) {
            arms.push(format!(
                "let c = {dialect}::{ty}; let _ = (c.claim(line), c.parse_response(lines), c.parse_outcome(line), c.parse_data_result(line), c.chunk_window(line), c.chunk_granted(lines));"
            ));
        }
    }
    arms
}

/// Whether the generated `code` makes `ty` a command.
fn is_command(code: &str, ty: &str) -> bool {
    code.contains(&format!("impl ::atspec_runtime::Command for {ty} {{"))
}

/// The type named by a generated `impl ::atspec_runtime::wire::LineType for T {` line.
fn line_type_of(line: &str) -> Option<&str> {
    line.strip_prefix("impl ::atspec_runtime::wire::LineType for ")
        .and_then(|r| r.strip_suffix(" {"))
        .filter(|t| is_ident(t))
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
