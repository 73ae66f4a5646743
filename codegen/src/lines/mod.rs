//! Types and parsers for information lines and URCs: the reads of a line
//! shape ([`CaseGen`]) shared by the response types ([`typed`], which
//! implement `wire::LineType`) and the URC types ([`urc`]).

use at_spec::ir::{Alternative, Dialect, Field, LineShape, Literal, Payload};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::enums::doc_or;
use crate::names::{int_lit, usize_lit, value_ident};
use crate::types::value_type;

mod fields;
mod payload;
mod typed;
mod urc;

use fields::{field_read, line_end};

/// Whether a line type is parsed from a response (with payloads) or is a URC.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Parsed from `&[ResponseLine]` through `wire::LineType`; payload
    /// fields included.
    Response,
    /// Parsed from one line by `parse`.
    Urc,
}

/// A named field of a generated line type.
struct FieldGen {
    ident: Ident,
    ty: TokenStream,
    doc: String,
    /// Expression turning the local (borrowed from the line) into the stored value.
    own: TokenStream,
}

/// One step of reading a line's fields with the cursor `c`.
struct Read {
    /// The local the value is bound to (`None`: a literal, checked only).
    local: Option<Ident>,
    /// The read, without `?`.
    expr: TokenStream,
    /// Whether `expr` is a `Result` (a field that can fail).
    fallible: bool,
    /// The type of the value read, borrowed from the line (`'a`), if bound.
    ty: Option<TokenStream>,
}

/// What one line shape generates.
struct CaseGen {
    prefix: String,
    /// Fields stored in the type: the line's named fields, then the payload.
    fields: Vec<FieldGen>,
    /// Reads of the line's fields and constants, in order.
    reads: Vec<Read>,
    /// Statements after the line: reading its payload (`pos` already advanced).
    payload: TokenStream,
    /// Expression: whether `line` has this shape (prefix and constants).
    matches: TokenStream,
    /// Whether the shape has constant fields (`matches` checks more than the prefix).
    constants: bool,
    /// Expression: the claim for a `line` of this shape.
    claim: TokenStream,
    /// Whether the line counts a raw payload (its claim is not just `Mine`).
    counted: bool,
}

impl CaseGen {
    /// Statements that read the line into the fields' locals (borrowed from
    /// the line: nothing is allocated until every field has parsed); a
    /// failed field returns its error.
    fn read_stmts(&self) -> TokenStream {
        let prefix = self.prefix.as_str();
        let open =
            quote!(let mut c = ::atspec_runtime::wire::Cursor::new(line, #prefix, line_no)?;);
        let steps = self.reads.iter().map(|r| {
            let (local, expr) = (&r.local, &r.expr);
            match (r.fallible, local) {
                (true, Some(l)) => quote!(let #l = #expr?;),
                (true, None) => quote!(#expr?;),
                (false, _) => quote!(let #local = #expr;),
            }
        });
        quote!(#open #(#steps)*)
    }

    /// The locals bound by the reads, in order, with their borrowed types.
    fn bound(&self) -> impl Iterator<Item = (&Ident, &TokenStream)> {
        self.reads
            .iter()
            .filter_map(|r| Some((r.local.as_ref()?, r.ty.as_ref()?)))
    }

    /// The stored value built from the locals: `Self { a: f_a, ... }`.
    fn construct(&self, path: TokenStream) -> TokenStream {
        let idents = self.fields.iter().map(|f| &f.ident);
        let owns = self.fields.iter().map(|f| &f.own);
        quote!(#path { #(#idents: #owns),* })
    }
}

/// The count field of a counted payload: its wire index, local, type and
/// whether it is optional.
type Count = (usize, Ident, at_spec::ir::Type, bool);

/// The read of a constant field, and the check `matches` makes of it
/// (`skip` value fields after the previous constant).
fn constant(f: &Field, skip: usize) -> (Read, TokenStream) {
    let skip = usize_lit(skip);
    let (expr, check) = match f {
        Field::Literal(Literal::Int(v), _) => {
            let v = int_lit(*v);
            (quote!(c.literal_int(#v)), quote!(c.nth_is_int(#skip, #v)))
        }
        Field::Literal(Literal::Str(v), _) => {
            (quote!(c.literal_str(#v)), quote!(c.nth_is_str(#skip, #v)))
        }
        Field::Word(v, _) => (quote!(c.literal_word(#v)), quote!(c.nth_is_word(#skip, #v))),
        Field::Value(_) => (quote!(), quote!()),
    };
    let read = Read {
        local: None,
        expr,
        fallible: true,
        ty: None,
    };
    (read, check)
}

/// The stored field of a value field.
fn value_field(v: &at_spec::ir::ValueField, own: TokenStream) -> FieldGen {
    let base = value_type(&v.ty);
    let ty = if v.optional {
        quote!(::core::option::Option<#base>)
    } else {
        base
    };
    FieldGen {
        ident: value_ident(&v.name),
        ty,
        doc: doc_or(&v.doc, || format!("The `{}` field.", v.name)),
        own,
    }
}

/// The local of a value field: `f_<name>`, so a field called `c`, `line`
/// or `pos` cannot shadow the parser's own variables.
fn local_of(name: &str) -> Ident {
    format_ident!(
        "f_{}",
        value_ident(name).to_string().trim_start_matches("r#")
    )
}

fn case_gen(dialect: &Dialect, line: &LineShape, mode: Mode) -> CaseGen {
    let prefix = line.prefix.as_str();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut literal_checks = Vec::new();
    let mut skipped = 0usize;
    let mut words = 0usize;
    let mut count: Option<Count> = None;
    for (i, f) in line.fields.iter().enumerate() {
        let Field::Value(v) = f else {
            let (read, check) = constant(f, skipped);
            reads.push(read);
            literal_checks.push(check);
            skipped = 0;
            // A word and the value after it share one wire field.
            words += usize::from(matches!(f, Field::Word(..)));
            continue;
        };
        skipped += 1;
        let local = local_of(&v.name);
        if matches!(&line.payload, Some(Payload::Counted(n)) if n == &v.name) {
            count = Some((i - words, local.clone(), v.ty.clone(), v.optional));
        }
        let (read, own) = field_read(dialect, v, &local);
        reads.push(read);
        fields.push(value_field(v, own));
    }
    line_end(line, &mut fields, &mut reads);
    let constants = !literal_checks.is_empty();
    let matches = if constants {
        quote!(::atspec_runtime::wire::Cursor::try_new(line, #prefix).is_some_and(|mut c| #(#literal_checks)&&*))
    } else {
        quote!(::atspec_runtime::wire::line_prefix(line, #prefix).is_some())
    };
    let payload = match mode {
        Mode::Response => payload::response_payload(line, count.as_ref(), &mut fields),
        Mode::Urc => quote!(),
    };
    let claim = match &count {
        Some((i, _, ty, _)) => payload::counted_claim(prefix, *i, ty, mode),
        None => quote!(::atspec_runtime::Claim::Mine),
    };
    CaseGen {
        prefix: prefix.to_owned(),
        fields,
        reads,
        payload,
        matches,
        constants,
        claim,
        counted: count.is_some(),
    }
}

fn struct_body(fields: &[FieldGen], public: bool) -> TokenStream {
    let idents = fields.iter().map(|f| &f.ident);
    let tys = fields.iter().map(|f| &f.ty);
    let docs = fields.iter().map(|f| &f.doc);
    let vis = if public { quote!(pub) } else { quote!() };
    quote!({ #(#[doc = #docs] #vis #idents: #tys,)* })
}

/// The generated docs' list of the alternatives, in the order they are tried.
fn alternatives_doc(alts: &[Alternative]) -> String {
    let items: Vec<String> = alts
        .iter()
        .map(|a| {
            let trailing = if a.line.trailing { ", ..." } else { "" };
            let doc = if a.doc.is_empty() {
                String::new()
            } else {
                format!(": {}", a.doc.trim_end_matches('.'))
            };
            format!("- `{}` (`{}:` line{trailing}){doc}", a.name, a.line.prefix)
        })
        .collect();
    format!(
        "Alternatives, tried in this order (the first whose whole line parses wins):\n{}",
        items.join("\n")
    )
}

/// A struct for one line shape and its `wire::LineType` (with an inherent
/// `parse` for a URC).
pub fn line_struct(
    dialect: &Dialect,
    name: &Ident,
    doc: &str,
    line: &LineShape,
    mode: Mode,
) -> TokenStream {
    let case = case_gen(dialect, line, mode);
    let def = if case.fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        let body = struct_body(&case.fields, true);
        quote!(pub struct #name #body)
    };
    let imp = typed::line_type(name, line, &case);
    let wrappers = (mode == Mode::Urc).then(|| urc::wrappers(name));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #def
        #imp
        #wrappers
    }
}

/// The expected text of a `one_of` line: ``one of the `+A:` / `+B:` lines``.
fn one_of_expected(alts: &[Alternative]) -> String {
    let mut prefixes: Vec<String> = alts
        .iter()
        .map(|a| format!("`{}:`", a.line.prefix))
        .collect();
    prefixes.dedup();
    format!("one of the {} lines", prefixes.join(" / "))
}

/// One `one_of` alternative: its variant, reads and source.
struct AltGen<'a> {
    variant: Ident,
    case: CaseGen,
    alt: &'a Alternative,
}

/// An enum for `one_of` alternatives: the first alternative whose line parses
/// completely (prefix, constants and every field's type) wins.
pub fn line_enum(
    dialect: &Dialect,
    name: &Ident,
    doc: &str,
    alts: &[Alternative],
    mode: Mode,
) -> TokenStream {
    let cases: Vec<AltGen<'_>> = alts
        .iter()
        .map(|alt| AltGen {
            variant: crate::names::type_ident(&alt.name),
            case: case_gen(dialect, &alt.line, mode),
            alt,
        })
        .collect();
    let variants = cases.iter().map(|a| {
        let (v, line) = (&a.variant, &a.alt.line);
        let doc = if a.alt.doc.is_empty() {
            format!("`{}:` line.", line.prefix)
        } else {
            format!(
                "{} (`{}:` line).",
                a.alt.doc.trim_end_matches('.'),
                line.prefix
            )
        };
        if a.case.fields.is_empty() {
            quote!(#[doc = #doc] #v)
        } else {
            let body = struct_body(&a.case.fields, false);
            quote!(#[doc = #doc] #v #body)
        }
    });
    let expected = one_of_expected(alts);
    let imp = typed::enum_line_type(name, &cases, &expected);
    let wrappers = (mode == Mode::Urc).then(|| urc::wrappers(name));
    let doc = format!("{doc}\n\n{}", alternatives_doc(alts));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#variants,)*
        }
        #imp
        #wrappers
    }
}
