//! Build-script entry point, in the style of `prost-build`.
//!
//! ```no_run
//! // build.rs
//! let out = std::env::var("OUT_DIR").unwrap();
//! atspec_codegen::build::compile(&["specs/simcom_sim900.atspec"], out).unwrap();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/simcom_sim900.rs"));
//! ```

use std::path::Path;

/// Generates each spec into `<out_dir>/<dialect name>.rs` (formatted with
/// the `pretty` feature) and
/// prints `cargo:rerun-if-changed` for every file read. Stops at the first
/// spec with an error and returns its diagnostics.
pub fn compile(specs: &[impl AsRef<Path>], out_dir: impl AsRef<Path>) -> Result<(), String> {
    for spec in specs {
        let spec = spec.as_ref();
        println!("cargo:rerun-if-changed={}", spec.display());
        let dialect = at_spec::parse_file(spec).map_err(|d| d.to_string())?;
        for source in dialect.sources.iter().skip(1) {
            println!("cargo:rerun-if-changed={}", source.name);
        }
        let code = crate::source_text(&crate::generate(&dialect));
        let target = out_dir.as_ref().join(format!("{}.rs", dialect.name));
        std::fs::write(&target, code)
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    }
    Ok(())
}
