//! The README's dialect coverage table is produced here, so it cannot drift:
//! each dialect's spec must cover exactly its manual's command list, and every
//! manual example must have a test.
//!
//! Regenerate the README table with `UPDATE_README=1 cargo test -p generated-tests --test coverage`.

use std::path::{Path, PathBuf};

/// A manual and the commands it documents (from the manual's contents).
struct Manual {
    dialect: &'static str,
    title: &'static str,
    commands: &'static [&'static str],
}

const MANUALS: &[Manual] = &[
    Manual {
        dialect: "simcom_smtps",
        title: "SIMCom SIM7500/SIM7600 SMTPS (`AT+CSMTPS*`)",
        commands: &[
            "CSMTPSSRV",
            "CSMTPSAUTH",
            "CSMTPSFROM",
            "CSMTPSRCPT",
            "CSMTPSSUB",
            "CSMTPSBODY",
            "CSMTPSBCH",
            "CSMTPSFILE",
            "CSMTPSSEND",
            "CSMTPSSTOP",
            "CSMTPSCLEAN",
        ],
    },
    Manual {
        dialect: "simcom_sim52xx",
        title: "SIMCom SIM52xx e-mail application note",
        commands: &[
            "SMTPSRV", "SMTPAUTH", "SMTPFROM", "SMTPRCPT", "SMTPSUB", "SMTPBODY", "SMTPFILE",
            "SMTPSEND", "SMTPSTOP", "POP3SRV", "POP3IN", "POP3NUM", "POP3LIST", "POP3HDR",
            "POP3GET", "POP3DEL", "POP3OUT", "POP3STOP", "POP3READ",
        ],
    },
    Manual {
        dialect: "simcom_sim900",
        title: "SIMCom SIM900 Email AT Command Manual V1.04",
        commands: &[
            "EMAILCID", "EMAILTO", "SMTPSRV", "SMTPAUTH", "SMTPFROM", "SMTPRCPT", "SMTPSUB",
            "SMTPBODY", "SMTPFILE", "SMTPSEND", "SMTPFT", "SMTPCS", "POP3SRV", "POP3IN", "POP3NUM",
            "POP3LIST", "POP3UIDL", "POP3CMD", "POP3READ", "POP3DEL", "POP3RSET", "POP3OUT",
            "EMAILSSL",
        ],
    },
    Manual {
        dialect: "quectel_uc15",
        title: "Quectel UC15 SMTP AT Commands Manual V1.0",
        commands: &[
            "QSMTPCFG",
            "QSMTPDST",
            "QSMTPSUB",
            "QSMTPBODY",
            "QSMTPATT",
            "QSMTPCLR",
            "QSMTPPUT",
        ],
    },
    Manual {
        dialect: "quectel_gsm",
        title: "Quectel GSM (M-series) SMTP AT Commands Manual V1.00",
        commands: &[
            "QSMTPUSER",
            "QSMTPPWD",
            "QSMTPADDR",
            "QSMTPNAME",
            "QSMTPSRV",
            "QSMTPDST",
            "QSMTPSUB",
            "QSMTPBODY",
            "QSMTPATT",
            "QSMTPDATT",
            "QSMTPCLR",
            "QSMTPCFG",
            "QSMTPPUT",
        ],
    },
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The command lines of a dialect's recorded manual examples
/// (`dialects/examples/<dialect>.txt`, lines `> AT+NAME...` for the dialect's own commands).
fn example_lines(manual: &Manual) -> Vec<String> {
    let path = root()
        .join("dialects/examples")
        .join(format!("{}.txt", manual.dialect));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.strip_prefix("> "))
        .filter(|l| {
            let name: String = l
                .strip_prefix("AT+")
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            manual.commands.contains(&name.as_str())
        })
        .map(str::to_owned)
        .collect()
}

/// The recorded example lines that appear, as Rust string literals, in
/// `generated-tests/tests/examples_<dialect>.rs`.
fn example_lines_tested(manual: &Manual) -> Vec<String> {
    let path = root()
        .join("generated-tests/tests")
        .join(format!("examples_{}.rs", manual.dialect));
    let tests = std::fs::read_to_string(&path).unwrap_or_default();
    example_lines(manual)
        .into_iter()
        .filter(|line| {
            let escaped = format!("{line:?}");
            let raw = format!("r#\"{line}");
            tests.contains(&escaped[..escaped.len() - 1]) || tests.contains(&raw)
        })
        .collect()
}

fn table() -> String {
    let mut out = String::from(
        "| dialect | manual | commands in manual | commands covered | example command lines | lines tested |\n\
         |---|---|---|---|---|---|\n",
    );
    for manual in MANUALS {
        let spec = root()
            .join("dialects/specs")
            .join(format!("{}.atspec", manual.dialect));
        let dialect = at_spec::parse_file(&spec)
            .unwrap_or_else(|e| panic!("{} does not parse:\n{}", spec.display(), e.render()));
        let mut covered: Vec<&str> = dialect.commands.iter().map(|c| c.name.as_str()).collect();
        covered.sort_unstable();
        let mut expected = manual.commands.to_vec();
        expected.sort_unstable();
        assert_eq!(
            covered, expected,
            "{}: spec commands differ from the manual's",
            manual.dialect
        );
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            manual.dialect,
            manual.title,
            manual.commands.len(),
            covered.len(),
            example_lines(manual).len(),
            example_lines_tested(manual).len(),
        ));
    }
    out
}

const START: &str = "<!-- coverage:start -->\n";
const END: &str = "<!-- coverage:end -->";

#[test]
fn readme_coverage_table_is_current() {
    let table = table();
    let readme_path = root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md is readable");
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the {START:?} / {END:?} markers");
    };
    let current = &readme[start + START.len()..end];
    if current != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!(
                "{}{table}{}",
                &readme[..start + START.len()],
                &readme[end..]
            );
            std::fs::write(&readme_path, updated).expect("README.md is writable");
        } else {
            panic!(
                "README coverage table is stale; run `UPDATE_README=1 cargo test -p generated-tests --test coverage`.\nExpected:\n{table}"
            );
        }
    }
}

#[test]
fn every_recorded_example_is_tested() {
    for manual in MANUALS {
        let recorded = example_lines(manual);
        let tested = example_lines_tested(manual);
        assert!(
            !recorded.is_empty(),
            "{}: no examples recorded",
            manual.dialect
        );
        let missing: Vec<&String> = recorded.iter().filter(|l| !tested.contains(l)).collect();
        assert!(
            missing.is_empty(),
            "{}: these manual example lines have no test in examples_{}.rs: {missing:#?}",
            manual.dialect,
            manual.dialect
        );
    }
}
