//! Loading a dialect for `decode`, `doc` and `expand`: a built-in name or a
//! path to a `.atspec` file; spec errors printed with file:line:col.

use std::path::Path;

use at_spec::ir::Dialect;

/// The five specs shipped with atspec, by dialect name.
const BUILT_IN: [(&str, &str); 5] = [
    (
        "simcom_smtps",
        include_str!("../../dialects/specs/simcom_smtps.atspec"),
    ),
    (
        "simcom_sim52xx",
        include_str!("../../dialects/specs/simcom_sim52xx.atspec"),
    ),
    (
        "simcom_sim900",
        include_str!("../../dialects/specs/simcom_sim900.atspec"),
    ),
    (
        "quectel_uc15",
        include_str!("../../dialects/specs/quectel_uc15.atspec"),
    ),
    (
        "quectel_gsm",
        include_str!("../../dialects/specs/quectel_gsm.atspec"),
    ),
];

/// Why a dialect could not be loaded.
pub enum LoadError {
    /// Not a built-in name and not a readable file (a usage error, exit 2).
    Usage(String),
    /// The spec has errors (rendered with file:line:col; exit 1).
    Spec(String),
}

/// Loads `name_or_path`: a built-in dialect name, or a spec file.
pub fn load(name_or_path: &str) -> Result<Dialect, LoadError> {
    if let Some((name, text)) = BUILT_IN.iter().find(|(n, _)| *n == name_or_path) {
        let file = format!("dialects/specs/{name}.atspec");
        return at_spec::parse_str(&file, text).map_err(|d| LoadError::Spec(d.render()));
    }
    let path = Path::new(name_or_path);
    if !path.is_file() {
        let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        return Err(LoadError::Usage(format!(
            "error: `{name_or_path}` is neither a dialect ({}) nor a spec file",
            names.join(", ")
        )));
    }
    at_spec::parse_file(path).map_err(|d| LoadError::Spec(d.render()))
}

/// Prints a load error and gives its exit code.
pub fn report(e: LoadError) -> std::process::ExitCode {
    match e {
        LoadError::Usage(msg) => {
            eprintln!("{msg}");
            std::process::ExitCode::from(2)
        }
        LoadError::Spec(rendered) => {
            eprint!("{rendered}");
            std::process::ExitCode::FAILURE
        }
    }
}
