//! The spec front end (parse, lower, validate, render diagnostics) and, for
//! a spec that checks clean, code generation, through an in-memory loader.
//!
//! Input: files separated by a NUL byte; the first is `main.atspec`, the
//! others `inc1.atspec`, `inc2.atspec`, ... (reachable by `include`). Any
//! other path is refused by the loader, so nothing is read from disk.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut files = text.split('\0');
    let main = files.next().unwrap_or_default().to_string();
    let includes: Vec<String> = files.map(str::to_string).collect();
    let mut load = |path: &str| -> Result<String, String> {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.strip_prefix("inc")
            .and_then(|n| n.strip_suffix(".atspec"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| includes.get(n).cloned())
            .ok_or_else(|| format!("no in-memory file `{path}`"))
    };
    match at_spec::parse_with("main.atspec", &main, &mut load) {
        Ok(dialect) => {
            let tokens = atspec_codegen::generate(&dialect);
            // A spec that checks clean must generate a parseable Rust file.
            if let Err(e) = syn::parse2::<syn::File>(tokens) {
                panic!("a clean spec generated Rust that does not parse: {e}");
            }
        }
        Err(diags) => {
            let _ = diags.to_string();
        }
    }
});
