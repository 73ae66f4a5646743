//! `dialect!("specs/x.atspec")`: a spec's items; a spec error becomes one `compile_error!`.
use proc_macro::{Span, TokenStream};

/// Expands the `.atspec` file at a path relative to `CARGO_MANIFEST_DIR`, or, when the path
/// starts with `./` or `../`, to the calling file's directory (as with `include_str!`).
#[proc_macro]
pub fn dialect(input: TokenStream) -> TokenStream {
    let lit = syn::parse_macro_input!(input as syn::LitStr);
    let path = lit.value();
    let caller = Span::call_site().local_file();
    let dir = caller.and_then(|f| Some(f.parent()?.to_owned()));
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(Into::into);
    let from_file = path.starts_with("./") || path.starts_with("../");
    let base = if from_file { dir } else { manifest };
    match atspec_codegen::expand_in(&base.unwrap_or_default(), &path) {
        Ok(expansion) => expansion.with_include_markers().into(),
        Err(m) => syn::Error::new(lit.span(), m).to_compile_error().into(),
    }
}
