//! Generates the five dialects with the build-script entry point
//! (`atspec_codegen::build::compile`, prost-build style) into `OUT_DIR`.
//! `src/build_check.rs` includes them, so clippy lints the generated code
//! (it does not lint proc-macro output).

use std::path::Path;

#[path = "build/encoders.rs"]
mod encoders;

const SPECS: [&str; 5] = [
    "../dialects/specs/simcom_smtps.atspec",
    "../dialects/specs/simcom_sim52xx.atspec",
    "../dialects/specs/simcom_sim900.atspec",
    "../dialects/specs/quectel_uc15.atspec",
    "../dialects/specs/quectel_gsm.atspec",
];

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("error: OUT_DIR is not set (run this through cargo)");
        std::process::exit(1);
    };
    if let Err(e) = atspec_codegen::build::compile(&SPECS, Path::new(&out_dir)) {
        // Shown by cargo as the build script's failure.
        eprintln!("{e}");
        std::process::exit(1);
    }
    let specs: Vec<encoders::Spec<'_>> = SPECS
        .iter()
        .map(|path| encoders::Spec {
            module: module_of(path),
            path,
        })
        .collect();
    if let Err(e) = encoders::write(&specs, Path::new(&out_dir)) {
        eprintln!("error: encoder property tests: {e}");
        std::process::exit(1);
    }
}

/// `simcom_sim900` for `../dialects/specs/simcom_sim900.atspec`.
fn module_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".atspec").unwrap_or(file)
}
