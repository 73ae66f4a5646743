//! `atspec doc`: a reference manual for a dialect, generated from its spec,
//! as Markdown (`<name>.md`) and a static HTML page with an index (`<name>.html`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

mod html;
mod markdown;
mod words;

pub use html::html;
pub use markdown::markdown;

/// Arguments of `atspec doc`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  atspec doc simcom_sim900                 # Markdown on standard output
  atspec doc simcom_sim900 -o docs/dialects
  atspec doc my_modem.atspec -o out/       # writes out/<dialect>.md and .html

Exit codes: 0 ok, 1 the spec has errors (file:line:col), 2 usage or an
unwritable output directory.")]
pub struct DocArgs {
    /// Dialect name or path to a .atspec file.
    spec: String,
    /// Write `<dialect>.md` and `<dialect>.html` into this directory
    /// (created if missing) instead of printing the Markdown.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

/// Runs `atspec doc`.
pub fn run(args: &DocArgs) -> ExitCode {
    let dialect = match crate::spec::load(&args.spec) {
        Ok(d) => d,
        Err(e) => return crate::spec::report(e),
    };
    let md = markdown(&dialect);
    let Some(dir) = &args.out else {
        print!("{md}");
        return ExitCode::SUCCESS;
    };
    let page = html(&dialect, &md);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(format!("{}.md", dialect.name)), &md)?;
        std::fs::write(dir.join(format!("{}.html", dialect.name)), &page)
    };
    match write() {
        Ok(()) => {
            println!(
                "wrote {0}/{1}.md and {0}/{1}.html",
                dir.display(),
                dialect.name
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
