//! Lowering: pest parse trees to the IR, resolving names on the way.
//!
//! Problems that need the exact position of a token (bad escapes, integer
//! overflow, unknown names, inverted ranges, conflicting modifiers, misplaced
//! headers) are reported here; everything that can be checked on the IR is left
//! to `validate.rs`.

mod command;
mod field_type;
mod types;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use pest::iterators::Pair;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::grammar::Rule;
use crate::ir::{
    Code, CodeTable, DeclaredLine, Dialect, EnumDef, EnumVariant, ErrorKind, ErrorLine, Header,
    Literal, NamedType, Span, Type, Urc,
};
use crate::source::{resolve_include, SourceSet};

pub(crate) use command::flat_params;
pub(crate) use types::unescape;

/// Default for forms when the header declares no `timeout`.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// What lowering produced.
pub(crate) struct Lowered {
    /// The dialect (valid only if `diags` stays empty after validation).
    pub dialect: Dialect,
    /// Spans (file, start) of parameters, fields and rules whose types or
    /// values could not be resolved; validation skips type checks on them.
    pub poisoned: HashSet<(usize, usize)>,
    /// Span of each form's `data` clause, by the form's (file, start).
    pub data_spans: HashMap<(usize, usize), Span>,
    /// Problems found while lowering.
    pub diags: Diagnostics,
}

/// A name in the type namespace.
#[derive(Clone)]
enum TypeName<'s> {
    Alias(usize, Pair<'s, Rule>),
    Enum,
    Codes,
}

/// The value names of one enum or code table, in spec order, found by name
/// in constant time (a rule naming many values of a big enum stays linear).
pub(super) struct ValueNames {
    names: Vec<String>,
    by_name: HashMap<String, Literal>,
}

impl ValueNames {
    fn new<'n>(values: impl Iterator<Item = (&'n String, Literal)>) -> Self {
        let mut names = Vec::new();
        let mut by_name = HashMap::new();
        for (name, value) in values {
            names.push(name.clone());
            by_name.entry(name.clone()).or_insert(value);
        }
        ValueNames { names, by_name }
    }

    /// The value named `name`.
    pub(super) fn get(&self, name: &str) -> Option<&Literal> {
        self.by_name.get(name)
    }

    /// The names, in spec order.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.names.iter().map(String::as_str)
    }
}

/// Lowering state.
pub(crate) struct Lower<'s> {
    src: &'s SourceSet,
    diags: Diagnostics,
    poisoned: HashSet<(usize, usize)>,
    names: HashMap<String, TypeName<'s>>,
    resolved: HashMap<String, Option<Type>>,
    resolving: Vec<String>,
    enum_names: HashMap<String, ValueNames>,
    code_names: HashMap<String, ValueNames>,
    default_timeout: Duration,
    data_spans: HashMap<(usize, usize), Span>,
}

/// Lowers the parsed files of `src` (one `file` pair per file, same order).
pub(crate) fn lower<'s>(src: &'s SourceSet, roots: &[Pair<'s, Rule>]) -> Lowered {
    let mut items = Vec::new();
    let mut seen = vec![false; roots.len()];
    flatten(src, roots, 0, &mut seen, &mut items);

    let mut cx = Lower {
        src,
        diags: Diagnostics::default(),
        poisoned: HashSet::new(),
        names: HashMap::new(),
        resolved: HashMap::new(),
        resolving: Vec::new(),
        enum_names: HashMap::new(),
        code_names: HashMap::new(),
        default_timeout: DEFAULT_TIMEOUT,
        data_spans: HashMap::new(),
    };

    let by_kind = |kind: Rule| -> Vec<(usize, Pair<'s, Rule>)> {
        items
            .iter()
            .filter(|(_, p)| p.as_rule() == kind)
            .cloned()
            .collect()
    };
    let headers = by_kind(Rule::dialect);
    let enum_items = by_kind(Rule::enum_def);
    let code_items = by_kind(Rule::codes);
    let type_items = by_kind(Rule::type_def);
    let error_items = by_kind(Rule::error_def);
    let prompt_items = by_kind(Rule::prompt_def);
    let urc_items = by_kind(Rule::urc);
    let command_items = by_kind(Rule::command);

    // Pass 1: the type namespace (first declaration wins; validation reports duplicates).
    for (file, item) in &type_items {
        let mut inner = item
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() != Rule::kw_type);
        if let (Some(name), Some(expr)) = (
            inner.find(|p| p.as_rule() == Rule::ident),
            item.clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::type_expr),
        ) {
            cx.names
                .entry(name.as_str().to_string())
                .or_insert(TypeName::Alias(*file, expr));
        }
    }
    for (rule_items, kind) in [
        (&enum_items, TypeName::Enum),
        (&code_items, TypeName::Codes),
    ] {
        for (_, item) in rule_items.iter() {
            if let Some(name) = item
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::ident)
            {
                cx.names
                    .entry(name.as_str().to_string())
                    .or_insert(kind.clone());
            }
        }
    }

    let (name, header, span) = cx.lower_headers(&headers);
    cx.default_timeout = header.default_timeout;

    let enums: Vec<EnumDef> = enum_items
        .iter()
        .map(|(f, p)| cx.lower_enum(*f, p.clone()))
        .collect();
    for e in &enums {
        cx.enum_names.entry(e.name.clone()).or_insert_with(|| {
            ValueNames::new(e.variants.iter().map(|v| (&v.name, v.value.clone())))
        });
    }
    let code_tables: Vec<CodeTable> = code_items
        .iter()
        .map(|(f, p)| cx.lower_codes(*f, p.clone()))
        .collect();
    for c in &code_tables {
        cx.code_names.entry(c.name.clone()).or_insert_with(|| {
            ValueNames::new(c.codes.iter().map(|k| (&k.name, Literal::Int(k.value))))
        });
    }
    let types: Vec<NamedType> = type_items
        .iter()
        .filter_map(|(f, p)| cx.lower_type_def(*f, p.clone()))
        .collect();
    let mut errors: Vec<ErrorLine> = Vec::new();
    let mut final_errors: Vec<DeclaredLine> = Vec::new();
    for (f, p) in &error_items {
        match cx.lower_error(*f, p.clone()) {
            ErrorItem::Coded(e) => errors.push(e),
            ErrorItem::Whole(l) => final_errors.push(l),
            ErrorItem::Bad => {}
        }
    }
    let prompts: Vec<DeclaredLine> = prompt_items
        .iter()
        .map(|(f, p)| cx.declared_line(*f, p.clone()))
        .collect();
    let urcs: Vec<Urc> = urc_items
        .iter()
        .map(|(f, p)| cx.lower_urc(*f, p.clone()))
        .collect();
    let commands = command_items
        .iter()
        .map(|(f, p)| cx.lower_command(*f, p.clone()))
        .collect();

    let sources = src
        .files
        .iter()
        .map(|f| crate::ir::SourceFile {
            name: f.name.clone(),
            text: f.text.to_string(),
        })
        .collect();
    Lowered {
        dialect: Dialect {
            name,
            header,
            enums,
            code_tables,
            types,
            errors,
            final_errors,
            prompts,
            urcs,
            commands,
            sources,
            span,
        },
        poisoned: cx.poisoned,
        data_spans: cx.data_spans,
        diags: cx.diags,
    }
}

/// Items of `file` in order, with included files' items spliced in at their
/// `include` (each file once).
fn flatten<'s>(
    src: &SourceSet,
    roots: &[Pair<'s, Rule>],
    file: usize,
    seen: &mut [bool],
    out: &mut Vec<(usize, Pair<'s, Rule>)>,
) {
    let (Some(root), Some(data)) = (roots.get(file), src.files.get(file)) else {
        return;
    };
    if let Some(s) = seen.get_mut(file) {
        *s = true;
    }
    for item in root.clone().into_inner() {
        match item.as_rule() {
            Rule::EOI => {}
            Rule::include => {
                let path = item
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::string)
                    .and_then(|s| unescape(s.as_str()).ok());
                if let Some(path) = path {
                    let name = resolve_include(&data.name, &path);
                    if let Some(child) = src.index_of(&name) {
                        if !seen.get(child).copied().unwrap_or(true) {
                            flatten(src, roots, child, seen, out);
                        }
                    }
                }
            }
            _ => out.push((file, item)),
        }
    }
}

impl<'s> Lower<'s> {
    /// An IR span for a pair of file `file`.
    fn span(&self, file: usize, pair: &Pair<'s, Rule>) -> Span {
        self.src.span(file, pair.as_span())
    }

    /// Reports a problem at `span`.
    fn error(&mut self, span: &Span, message: impl Into<String>, label: &str, help: &str) {
        let mut d: Diagnostic = self.src.diag(span, message).with_label(label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    /// Marks an item whose types or values could not be resolved.
    fn poison(&mut self, span: &Span) {
        self.poisoned.insert((span.file, span.start));
    }

    fn lower_headers(&mut self, headers: &[(usize, Pair<'s, Rule>)]) -> (String, Header, Span) {
        let mut chosen: Option<(String, Header, Span)> = None;
        for (file, item) in headers {
            let span = self.span(*file, item);
            if *file != 0 {
                self.error(
                    &span,
                    "an included file can't have a `dialect` header",
                    "header in an included file",
                    "keep the header in the root file only; included files hold items",
                );
                continue;
            }
            if chosen.is_some() {
                self.error(
                    &span,
                    "second `dialect` header",
                    "a spec has exactly one header",
                    "remove this header or merge its entries into the first one",
                );
                continue;
            }
            chosen = Some(self.lower_header(*file, item.clone(), span));
        }
        match chosen {
            Some(c) => c,
            None => {
                let span = self
                    .src
                    .files
                    .first()
                    .map(|f| f.lines.span(0, &f.text, 0, 0))
                    .unwrap_or_default();
                self.error(
                    &span,
                    "the spec has no `dialect` header",
                    "expected the header here",
                    "start the root file with `dialect name { vendor \"...\" family \"...\" manual \"...\" version \"...\" }`",
                );
                (
                    String::new(),
                    Header {
                        default_timeout: DEFAULT_TIMEOUT,
                        ..Header::default()
                    },
                    span,
                )
            }
        }
    }

    fn lower_header(
        &mut self,
        file: usize,
        item: Pair<'s, Rule>,
        span: Span,
    ) -> (String, Header, Span) {
        let mut name = String::new();
        let mut header = Header {
            default_timeout: DEFAULT_TIMEOUT,
            ..Header::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::ident => name = p.as_str().to_string(),
                Rule::header_entry => {
                    let entry_span = self.span(file, &p);
                    let mut inner = p.into_inner();
                    let (Some(key), Some(value)) = (inner.next(), inner.next()) else {
                        continue;
                    };
                    let key_text = key.as_str().to_string();
                    if seen.contains(&key_text) {
                        self.error(
                            &entry_span,
                            format!("`{key_text}` given twice in the header"),
                            "repeated entry",
                            "keep one of them",
                        );
                        continue;
                    }
                    seen.push(key_text);
                    if key.as_rule() == Rule::kw_timeout {
                        if let Some(d) = self.duration(file, &value) {
                            header.default_timeout = d;
                        }
                        continue;
                    }
                    let text = self.string(file, &value).unwrap_or_default();
                    match key.as_rule() {
                        Rule::kw_vendor => header.vendor = text,
                        Rule::kw_family => header.family = text,
                        Rule::kw_manual => header.manual = text,
                        _ => header.version = text,
                    }
                }
                _ => {}
            }
        }
        (name, header, span)
    }

    fn lower_enum(&mut self, file: usize, item: Pair<'s, Rule>) -> EnumDef {
        let span = self.span(file, &item);
        let mut def = EnumDef {
            name: String::new(),
            doc: String::new(),
            variants: Vec::new(),
            span,
        };
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::ident => def.name = p.as_str().to_string(),
                Rule::string => def.doc = self.string(file, &p).unwrap_or_default(),
                Rule::enum_row => {
                    let span = self.span(file, &p);
                    let mut variant = EnumVariant {
                        name: String::new(),
                        value: Literal::Int(0),
                        doc: String::new(),
                        span,
                    };
                    for (i, q) in p.into_inner().enumerate() {
                        match (i, q.as_rule()) {
                            (0, Rule::integer) => {
                                variant.value = Literal::Int(self.integer(file, &q).unwrap_or(0))
                            }
                            (0, _) => {
                                variant.value =
                                    Literal::Str(self.string(file, &q).unwrap_or_default())
                            }
                            (_, Rule::ident) => variant.name = q.as_str().to_string(),
                            _ => variant.doc = self.string(file, &q).unwrap_or_default(),
                        }
                    }
                    def.variants.push(variant);
                }
                _ => {}
            }
        }
        def
    }

    fn lower_codes(&mut self, file: usize, item: Pair<'s, Rule>) -> CodeTable {
        let span = self.span(file, &item);
        let mut table = CodeTable {
            name: String::new(),
            doc: String::new(),
            codes: Vec::new(),
            span,
        };
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::ident => table.name = p.as_str().to_string(),
                Rule::string => table.doc = self.string(file, &p).unwrap_or_default(),
                Rule::code_row => {
                    let span = self.span(file, &p);
                    let mut code = Code {
                        value: 0,
                        name: String::new(),
                        meaning: String::new(),
                        verbose: None,
                        span,
                    };
                    let mut after_text = false;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::integer => code.value = self.integer(file, &q).unwrap_or(0),
                            Rule::ident => code.name = q.as_str().to_string(),
                            Rule::kw_text => after_text = true,
                            _ if after_text => code.verbose = self.string(file, &q),
                            _ => code.meaning = self.string(file, &q).unwrap_or_default(),
                        }
                    }
                    table.codes.push(code);
                }
                _ => {}
            }
        }
        table
    }

    fn lower_type_def(&mut self, file: usize, item: Pair<'s, Rule>) -> Option<NamedType> {
        let span = self.span(file, &item);
        let name = item.into_inner().find(|p| p.as_rule() == Rule::ident)?;
        let name = name.as_str().to_string();
        let ty = self.resolve_named(&name, &span)?;
        Some(NamedType { name, ty, span })
    }

    fn lower_error(&mut self, file: usize, item: Pair<'s, Rule>) -> ErrorItem {
        let span = self.span(file, &item);
        let mut line = ErrorLine {
            kind: ErrorKind::Final,
            prefix: String::new(),
            table: String::new(),
            span,
        };
        let mut coded = false;
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::kw_line => line.kind = ErrorKind::Line,
                Rule::string => line.prefix = self.string(file, &p).unwrap_or_default(),
                // The last name is the code table (an optional field name may precede it).
                Rule::ident => {
                    line.table = p.as_str().to_string();
                    coded = true;
                }
                _ => {}
            }
        }
        match (coded, line.kind) {
            (true, _) => ErrorItem::Coded(line),
            (false, ErrorKind::Final) => ErrorItem::Whole(DeclaredLine {
                text: line.prefix,
                span: line.span,
            }),
            (false, ErrorKind::Line) => {
                self.error(
                    &line.span,
                    "an `error line` needs a code table",
                    "no code table",
                    "an error line explains the ERROR after it with a code: `error line \"+CSMTPS\": Codes`; a whole line that ends the command is `error final \"...\"`",
                );
                ErrorItem::Bad
            }
        }
    }

    /// `prompt "..."`: the text and where it is.
    fn declared_line(&mut self, file: usize, item: Pair<'s, Rule>) -> DeclaredLine {
        let span = self.span(file, &item);
        let text = item
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .and_then(|p| self.string(file, &p))
            .unwrap_or_default();
        DeclaredLine { text, span }
    }

    fn lower_urc(&mut self, file: usize, item: Pair<'s, Rule>) -> Urc {
        let span = self.span(file, &item);
        let mut urc = Urc {
            name: String::new(),
            doc: String::new(),
            shape: crate::ir::Shape::Text,
            span,
        };
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::ident => urc.name = p.as_str().to_string(),
                Rule::string => urc.doc = self.string(file, &p).unwrap_or_default(),
                Rule::one_of => urc.shape = self.one_of(file, p, &[]),
                Rule::line_shape => {
                    urc.shape = crate::ir::Shape::Line(self.line_shape(file, p, &[]))
                }
                _ => {}
            }
        }
        urc
    }
}

/// What one `error` item lowers to.
enum ErrorItem {
    /// `error final|line "<prefix>": Table`.
    Coded(ErrorLine),
    /// `error final "<whole line>"`.
    Whole(DeclaredLine),
    /// Reported already.
    Bad,
}

/// The closest of `candidates` to `name` (for "did you mean" hints); the
/// work is bounded (see [`crate::suggest`]).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::suggest::closest(name, candidates)
}
