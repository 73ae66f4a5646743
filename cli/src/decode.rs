//! `atspec decode`: explain a captured AT log with a dialect.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `atspec decode`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  atspec decode --dialect simcom_sim900 capture.log
  minicom-capture | atspec decode --dialect quectel_uc15
  atspec decode --dialect my_modem.atspec --json capture.log

Reads CRLF, LF or CR line ends, with or without echo, blank lines,
timestamps and >>/<<, TX:/RX:, -->/<-- direction marks.

Exit codes: 0 no problems, 1 problems found in the log (or spec errors),
2 usage (bad arguments, unreadable log, unknown dialect).")]
pub struct DecodeArgs {
    /// Dialect name (simcom_smtps, simcom_sim52xx, simcom_sim900,
    /// quectel_uc15, quectel_gsm) or path to a .atspec file.
    #[arg(long, short)]
    dialect: String,
    /// The capture; standard input when left off.
    log: Option<PathBuf>,
    /// One JSON object per exchange, then a summary object (docs/decode.md).
    #[arg(long)]
    json: bool,
    /// Colour the human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

/// Runs `atspec decode`.
pub fn run(args: &DecodeArgs) -> ExitCode {
    let dialect = match crate::spec::load(&args.dialect) {
        Ok(d) => d,
        Err(e) => return crate::spec::report(e),
    };
    let log = match read_log(args.log.as_ref()) {
        Ok(text) => text,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let report = atspec_decode::decode(&dialect, &log);
    let out = if args.json {
        atspec_decode::to_json_lines(&report)
    } else {
        let style = atspec_decode::Style {
            color: use_color(args.color),
        };
        atspec_decode::render(&report, style)
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if report.has_problems() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The capture text (invalid UTF-8 replaced, never refused).
fn read_log(path: Option<&PathBuf>) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = match path {
        Some(p) => std::fs::File::open(p).and_then(|mut f| f.read_to_end(&mut bytes)),
        None => std::io::stdin().lock().read_to_end(&mut bytes),
    };
    let what = path.map_or(String::from("standard input"), |p| p.display().to_string());
    result.map_err(|e| format!("error: cannot read {what}: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Colour on a terminal unless `NO_COLOR` is set (non-empty) or `TERM=dumb`.
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            !no_color && !dumb && std::io::stdout().is_terminal()
        }
    }
}
