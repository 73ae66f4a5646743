//! The validation pass over the lowered IR: one pass that reports every
//! problem, each with where it is and how to fix it.

mod data;
mod data_length;
mod declared;
mod index;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::ir::{
    Charset, Command, Dialect, Field, Form, FormKind, LineShape, Literal, ParamNode, Payload,
    Repeat, Shape, Span, StrType, Type,
};
use crate::lower::{closest, flat_params};
use crate::source::SourceSet;
use params::FormParams;

mod names;
mod one_of;
mod params;
mod until;
mod when_absent;
mod wire;

/// Checks `dialect`, adding every problem found to `diags`.
pub(crate) fn validate(
    dialect: &Dialect,
    src: &SourceSet,
    poisoned: &HashSet<(usize, usize)>,
    data_spans: &HashMap<(usize, usize), Span>,
    diags: &mut Diagnostics,
) {
    let mut v = Validator {
        d: dialect,
        index: index::Index::new(dialect),
        src,
        poisoned,
        data_spans,
        diags,
    };
    v.names();
    v.enums();
    v.codes();
    v.errors();
    v.declared();
    v.verbose_texts();
    v.urcs();
    v.wire_texts();
    v.generated_names();
    for command in &dialect.commands {
        v.command(command);
    }
    if dialect.header.default_timeout.is_zero() {
        v.err(
            &dialect.span,
            "the header's `timeout` is zero",
            "zero timeout",
            "give forms time to answer, e.g. `timeout 5s`",
        );
    }
}

struct Validator<'a> {
    d: &'a Dialect,
    index: index::Index<'a>,
    src: &'a SourceSet,
    poisoned: &'a HashSet<(usize, usize)>,
    data_spans: &'a HashMap<(usize, usize), Span>,
    diags: &'a mut Diagnostics,
}

/// `file:line:col` of a span, for "first declared at" hints.
fn location(src: &SourceSet, span: &Span) -> String {
    let name = src
        .files
        .get(span.file)
        .map(|f| f.name.as_str())
        .unwrap_or("?");
    format!("{name}:{}:{}", span.line, span.col)
}

/// `a` or `an` before a form's keyword.
fn article(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Exec => "an",
        _ => "a",
    }
}

fn form_word(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Test => "test",
        FormKind::Read => "read",
        FormKind::Write => "write",
        FormKind::Exec => "exec",
    }
}

fn type_word(ty: &Type) -> String {
    match ty {
        Type::Int(_) => "an integer".into(),
        Type::Str(_) => "a string".into(),
        Type::Enum(e) => format!("enum `{e}`"),
        Type::Codes(c) => format!("code table `{c}`"),
        Type::Text => "`text`".into(),
        Type::Range => "`range`".into(),
        Type::Masked => "`masked`".into(),
    }
}

fn literal_text(lit: &Literal) -> String {
    match lit {
        Literal::Int(n) => n.to_string(),
        Literal::Str(s) => format!("{s:?}"),
    }
}

impl<'a> Validator<'a> {
    fn err(
        &mut self,
        span: &Span,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let help = help.into();
        let mut d = self.src.diag(span, message).with_label(label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    fn is_poisoned(&self, span: &Span) -> bool {
        self.poisoned.contains(&(span.file, span.start))
    }

    /// Reports every later occurrence of a name already seen.
    fn duplicates<'b>(
        &mut self,
        what: &str,
        items: impl IntoIterator<Item = (&'b str, &'b Span)>,
        help: &str,
    ) {
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        for (name, span) in items {
            match seen.get(name) {
                Some(first) => {
                    let at = location(self.src, first);
                    self.err(
                        span,
                        format!("{what} `{name}` is declared twice"),
                        "second declaration",
                        format!("the first is at {at}; {help}"),
                    );
                }
                None => {
                    seen.insert(name, span);
                }
            }
        }
    }

    // ---- dialect-level names ----

    fn names(&mut self) {
        let d = self.d;
        let mut types: Vec<(&str, &Span)> = d
            .enums
            .iter()
            .map(|e| (e.name.as_str(), &e.span))
            .chain(d.code_tables.iter().map(|c| (c.name.as_str(), &c.span)))
            .chain(d.types.iter().map(|t| (t.name.as_str(), &t.span)))
            .collect();
        types.sort_by_key(|(_, s)| (s.file, s.start));
        self.duplicates(
            "type name",
            types,
            "enums, code tables and types share one namespace: rename one",
        );
        self.duplicates(
            "URC",
            d.urcs.iter().map(|u| (u.name.as_str(), &u.span)),
            "rename or merge them",
        );
        self.duplicates(
            "command",
            d.commands.iter().map(|c| (c.name.as_str(), &c.span)),
            "put all forms of a command in one `command` block",
        );
    }

    fn enums(&mut self) {
        for e in &self.d.enums {
            if e.variants.is_empty() {
                self.err(
                    &e.span,
                    format!("enum `{}` has no values", e.name),
                    "empty enum",
                    "list its values: `0 Name \"meaning\"`",
                );
                continue;
            }
            let ints = e
                .variants
                .iter()
                .filter(|v| matches!(v.value, Literal::Int(_)))
                .count();
            if ints != 0 && ints != e.variants.len() {
                let odd = e
                    .variants
                    .iter()
                    .find(|v| matches!(v.value, Literal::Int(_)) != (ints * 2 >= e.variants.len()))
                    .map(|v| v.span.clone())
                    .unwrap_or_else(|| e.span.clone());
                self.err(
                    &odd,
                    format!("enum `{}` mixes integer and string values", e.name),
                    "different kind of value",
                    "an enum is either integer-valued or string-valued: make every value the same kind",
                );
            }
            self.duplicates(
                "enum value name",
                e.variants.iter().map(|v| (v.name.as_str(), &v.span)),
                "rename one of them",
            );
            let mut seen: HashMap<&Literal, &str> = HashMap::new();
            for v in &e.variants {
                if let Some(first) = seen.get(&v.value) {
                    let msg = format!(
                        "value {} of enum `{}` is listed twice",
                        literal_text(&v.value),
                        e.name
                    );
                    let help =
                        format!("`{first}` already has this value; remove one or fix the value");
                    self.err(&v.span, msg, "duplicate value", help);
                } else {
                    seen.insert(&v.value, &v.name);
                }
            }
        }
    }

    fn codes(&mut self) {
        for t in &self.d.code_tables {
            if t.codes.is_empty() {
                self.err(
                    &t.span,
                    format!("code table `{}` has no codes", t.name),
                    "empty table",
                    "list its codes: `61 NetworkError \"network error\"`",
                );
                continue;
            }
            self.duplicates(
                "code name",
                t.codes.iter().map(|c| (c.name.as_str(), &c.span)),
                "rename one of them",
            );
            let mut seen: HashMap<i64, &str> = HashMap::new();
            for c in &t.codes {
                if let Some(first) = seen.get(&c.value) {
                    let msg = format!("code {} of `{}` is listed twice", c.value, t.name);
                    let help =
                        format!("`{first}` already has this code; remove one or fix the number");
                    self.err(&c.span, msg, "duplicate code", help);
                } else {
                    seen.insert(c.value, &c.name);
                }
            }
        }
    }

    fn errors(&mut self) {
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        for e in &self.d.errors {
            if self.index.code_table(&e.table).is_none() {
                let hint = match closest(&e.table, self.d.code_tables.iter().map(|c| c.name.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare it: `codes {} \"...\" {{ 3 NotAllowed \"operation not allowed\" }}`", e.table),
                };
                self.err(
                    &e.span,
                    format!("error line names `{}`, which is not a code table", e.table),
                    "unknown code table",
                    hint,
                );
            }
            if e.prefix.is_empty() {
                self.err(
                    &e.span,
                    "error line has an empty prefix",
                    "empty prefix",
                    "write the text before the colon, e.g. \"+CME ERROR\"",
                );
            }
            if let Some(first) = seen.get(e.prefix.as_str()) {
                let at = location(self.src, first);
                self.err(
                    &e.span,
                    format!("error line \"{}\" is declared twice", e.prefix),
                    "second declaration",
                    format!("the first is at {at}; remove one"),
                );
            } else {
                seen.insert(&e.prefix, &e.span);
            }
        }
    }

    fn urcs(&mut self) {
        for u in &self.d.urcs {
            self.shape(&u.shape, &u.span);
        }
    }

    // ---- shapes ----

    fn shape(&mut self, shape: &Shape, span: &Span) {
        match shape {
            Shape::Text => {}
            Shape::Line(line) => self.line(line),
            Shape::OneOf(alts) => self.one_of(span, alts),
        }
    }

    pub(super) fn line(&mut self, line: &LineShape) {
        self.trailing(line);
        if line.prefix.is_empty() {
            self.err(
                &line.span,
                "line shape has an empty prefix",
                "empty prefix",
                "write the text before the colon, e.g. \"+SMTPSRV\"",
            );
        }
        let values: Vec<&crate::ir::ValueField> = line
            .fields
            .iter()
            .filter_map(|f| match f {
                Field::Value(v) => Some(v),
                Field::Literal(..) | Field::Word(..) => None,
            })
            .collect();
        self.duplicates(
            "field",
            values.iter().map(|v| (v.name.as_str(), &v.span)),
            "fields of a line need distinct names",
        );
        let last = line.fields.len().saturating_sub(1);
        for (i, f) in line.fields.iter().enumerate() {
            if let Field::Value(v) = f {
                if v.ty == Type::Text && i != last {
                    self.err(
                        &v.span,
                        format!("field `{}` is `text`, which takes the rest of the line, but more fields follow", v.name),
                        "text before other fields",
                        "make it the last field, or give it a `string` type",
                    );
                }
            }
        }
        if let Some(Payload::Counted(name)) = &line.payload {
            match values.iter().find(|v| &v.name == name) {
                None => {
                    let hint = match closest(name, values.iter().map(|v| v.name.as_str())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("add an integer field `{name}: int` to this line"),
                    };
                    self.err(
                        &line.span,
                        format!("`then raw {name}` names no field of this line"),
                        "unknown length field",
                        hint,
                    );
                }
                Some(v) if !matches!(v.ty, Type::Int(_)) && !self.is_poisoned(&v.span) => {
                    let msg = format!(
                        "`then raw {name}`: field `{name}` is {}, not an integer",
                        type_word(&v.ty)
                    );
                    self.err(
                        &v.span,
                        msg,
                        "not an integer",
                        "the byte count must be an `int` field",
                    );
                }
                Some(_) => {}
            }
        }
    }

    // ---- commands ----

    fn command(&mut self, c: &Command) {
        if c.forms.is_empty() {
            self.err(
                &c.span,
                format!("command `{}` has no forms", c.name),
                "empty command",
                "add `test`, `read`, `write (...)` or `exec`",
            );
        }
        // A map, not a scan: a command with thousands of forms stays linear.
        let mut seen: HashMap<(FormKind, Option<&Literal>), &Span> = HashMap::new();
        for f in &c.forms {
            if let Some(first) = seen.get(&(f.kind, f.key.as_ref())) {
                let at = location(self.src, first);
                let what = match &f.key {
                    Some(k) => format!("`{} {}`", form_word(f.kind), literal_text(k)),
                    None => format!("`{}`", form_word(f.kind)),
                };
                self.err(
                    &f.span,
                    format!("command `{}` has two {what} forms", c.name),
                    "duplicate form",
                    format!(
                        "the first is at {at}; several write forms need distinct sub-command keys"
                    ),
                );
            } else {
                seen.insert((f.kind, f.key.as_ref()), &f.span);
            }
            self.form(c, f);
        }
    }

    fn form(&mut self, c: &Command, f: &Form) {
        let word = form_word(f.kind);
        if f.kind != FormKind::Write {
            if !f.params.is_empty() {
                self.err(
                    &f.span,
                    format!("{} `{word}` form sends no parameters", article(f.kind)),
                    "parameters on a non-write form",
                    format!(
                        "only `write` sends parameters (`AT+{}=<params>`); use a write form",
                        c.name
                    ),
                );
            }
            if f.key.is_some() {
                self.err(
                    &f.span,
                    format!(
                        "{} `{word}` form can't have a sub-command key",
                        article(f.kind)
                    ),
                    "key on a non-write form",
                    format!(
                        "a key is written after `=`: use `write {}`",
                        f.key.as_ref().map(literal_text).unwrap_or_default()
                    ),
                );
            }
        } else if f.params.is_empty() && f.key.is_none() {
            self.err(
                &f.span,
                "a `write` form with no parameters and no key sends nothing after `=`",
                "empty write",
                format!(
                    "add parameters `write (name: type)`, or use `exec` for bare `AT+{}`",
                    c.name
                ),
            );
        }
        if f.timeout.is_zero() {
            self.err(
                &f.span,
                "the form's timeout is zero",
                "zero timeout",
                "give the module time to answer, e.g. `timeout 5s`",
            );
        }
        let params = FormParams::new(flat_params(&f.params));
        self.params(&params);
        let optional = optional_names(&f.params);
        for r in &f.rules {
            self.rule(r, &params, &optional);
        }
        self.response(f);
        self.when_absent(f);
        if let Some(data) = &f.data {
            if matches!(f.kind, FormKind::Test | FormKind::Read) {
                let at = self
                    .data_spans
                    .get(&(f.span.file, f.span.start))
                    .cloned()
                    .unwrap_or_else(|| f.span.clone());
                self.err(
                    &at,
                    format!("a `{word}` form can't have a data phase"),
                    "data on a query",
                    "data entry follows a `write` or `exec` form",
                );
            }
            self.data(f, data, &params);
        }
        if let Some(done) = &f.completion {
            if self.index.urc(&done.urc).is_none() {
                let hint = match closest(&done.urc, self.d.urcs.iter().map(|u| u.name.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "declare it: `urc {} \"...\" \"+{}\": ...`",
                        done.urc, c.name
                    ),
                };
                self.err(
                    &done.span,
                    format!(
                        "`completes` names `{}`, which is not a declared URC",
                        done.urc
                    ),
                    "unknown URC",
                    hint,
                );
            }
            if let Some(p) = done.timeout.param() {
                self.int_param(&done.span, "completes ... within", p, &params);
            }
            if let Some(other) = &done.after_chunks {
                self.chunks_link(&done.span, other);
            }
            self.until(done);
            self.success(done);
        }
    }

    fn response(&mut self, f: &Form) {
        let items = &f.response.items;
        let count = items.len();
        for (i, item) in items.iter().enumerate() {
            self.shape(&item.shape, &item.span);
            let takes_rest = match &item.shape {
                Shape::Text => true,
                Shape::Line(l) => l.payload == Some(Payload::Text),
                Shape::OneOf(alts) => alts.iter().any(|a| a.line.payload == Some(Payload::Text)),
            };
            if item.shape == Shape::Text && item.repeat != Repeat::One {
                self.err(
                    &item.span,
                    "`text` already takes zero or more lines",
                    "repeat on text",
                    "write `response text` without `optional` / `many`",
                );
            } else if takes_rest && item.repeat == Repeat::Many {
                self.err(
                    &item.span,
                    "`then text` takes every line up to the final result, so it can't repeat",
                    "repeated text",
                    "drop `many`",
                );
            }
            if takes_rest && i + 1 < count {
                self.err(
                    &item.span,
                    "free text runs up to the final result, but more response items follow",
                    "text before other items",
                    "make this the last `response` clause of the form",
                );
            }
        }
    }
}

/// Names of parameters inside optional groups.
fn optional_names(nodes: &[ParamNode]) -> HashSet<&str> {
    fn walk<'a>(nodes: &'a [ParamNode], inside: bool, out: &mut HashSet<&'a str>) {
        for n in nodes {
            match n {
                ParamNode::Param(p) if inside => {
                    out.insert(p.name.as_str());
                }
                ParamNode::Optional(inner, _) => walk(inner, true, out),
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    walk(nodes, false, &mut out);
    out
}

/// Why `text` does not fit string type `s`, if it doesn't.
fn str_problem(s: &StrType, text: &str) -> Option<String> {
    let len = text.len();
    if len < s.min_len {
        return Some(format!("is shorter than the minimum length {}", s.min_len));
    }
    if s.max_len.is_some_and(|m| len > m) {
        return Some(format!("is longer than `max {}`", s.max_len.unwrap_or(0)));
    }
    if let Some(prefix) = &s.prefix {
        if !text.starts_with(prefix.as_str()) {
            return Some(format!("does not start with the prefix \"{prefix}\""));
        }
    }
    let ok = match s.charset {
        Charset::Any => true,
        Charset::Ascii => text.chars().all(|c| c.is_ascii() && !c.is_ascii_control()),
        Charset::Alnum => text.chars().all(|c| c.is_ascii_alphanumeric()),
        Charset::Printable => text.chars().all(|c| ('\x21'..='\x7e').contains(&c)),
        Charset::Hex => text.len().is_multiple_of(2) && text.chars().all(|c| c.is_ascii_hexdigit()),
    };
    (!ok).then(|| "has characters outside the string's character class".to_string())
}
