//! `dialect!("specs/x.atspec")`: a spec's items; a spec error becomes one `compile_error!`.
//!
//! The argument is read with `litrs` (no syn: syn was on the critical path of
//! every clean build of a crate using the macro).
use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// Expands the `.atspec` file at a path relative to `CARGO_MANIFEST_DIR`, or, when the path
/// starts with `./` or `../`, to the calling file's directory (as with `include_str!`).
#[proc_macro]
pub fn dialect(input: TokenStream) -> TokenStream {
    let (path, span) = match spec_path(input) {
        Ok(found) => found,
        Err((span, message)) => return compile_error(span, &message),
    };
    let caller = Span::call_site().local_file();
    let dir = caller.and_then(|f| Some(f.parent()?.to_owned()));
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(Into::into);
    let from_file = path.starts_with("./") || path.starts_with("../");
    let base = if from_file { dir } else { manifest };
    match atspec_codegen::expand_in(&base.unwrap_or_default(), &path) {
        Ok(expansion) => expansion.with_include_markers().into(),
        Err(m) => compile_error(span, &m),
    }
}

/// The macro's only argument, a string literal (plain or raw, no suffix), and its span.
fn spec_path(input: TokenStream) -> Result<(String, Span), (Span, String)> {
    const USAGE: &str = "expected one string literal: `dialect!(\"specs/x.atspec\")`";
    let mut tokens = input.into_iter();
    let (first, rest) = (tokens.next(), tokens.next());
    let tree = match (first.map(unwrap_invisible_group), rest) {
        (Some(tree), None) => tree,
        (None, _) => return Err((Span::call_site(), USAGE.to_string())),
        (Some(_), Some(extra)) => return Err((extra.span(), USAGE.to_string())),
    };
    let span = tree.span();
    match litrs::StringLit::try_from(tree) {
        Ok(lit) if lit.suffix().is_empty() => Ok((lit.value().to_string(), span)),
        Ok(_) | Err(_) => Err((span, USAGE.to_string())),
    }
}

/// A literal passed through `macro_rules!` may arrive inside an invisible
/// (`Delimiter::None`) group of one token; anything else is returned as is.
fn unwrap_invisible_group(tree: TokenTree) -> TokenTree {
    if let TokenTree::Group(g) = &tree {
        if g.delimiter() == Delimiter::None {
            let mut inner = g.stream().into_iter();
            if let (Some(only), None) = (inner.next(), inner.next()) {
                return only;
            }
        }
    }
    tree
}

/// `::core::compile_error! { "message" }`, every token at `span` (so the error
/// points at the macro's argument).
fn compile_error(span: Span, message: &str) -> TokenStream {
    let punct = |c, spacing| TokenTree::Punct(Punct::new(c, spacing));
    let mut msg = Literal::string(message);
    msg.set_span(span);
    let body = TokenStream::from(TokenTree::Literal(msg));
    let tokens = [
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        TokenTree::Ident(Ident::new("core", span)),
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        TokenTree::Ident(Ident::new("compile_error", span)),
        punct('!', Spacing::Alone),
        TokenTree::Group(Group::new(Delimiter::Brace, body)),
    ];
    tokens
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect()
}
