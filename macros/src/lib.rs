//! `dialect!("specs/x.atspec")`: expands a spec (relative to the calling
//! crate's `CARGO_MANIFEST_DIR`) into items; a spec error becomes one `compile_error!`.
use proc_macro::TokenStream;

/// Expands the `.atspec` file at the given path into the dialect's items.
#[proc_macro]
pub fn dialect(input: TokenStream) -> TokenStream {
    let path = syn::parse_macro_input!(input as syn::LitStr);
    let base = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    match atspec_codegen::expand_in(base.as_ref(), &path.value()) {
        Ok(expansion) => expansion.with_include_markers().into(),
        Err(message) => syn::Error::new(path.span(), message)
            .to_compile_error()
            .into(),
    }
}
