//! Spec constructs in words: types, syntax, durations, rules.

use std::time::Duration;

use at_spec::ir::{
    CompareOp, Condition, Dialect, Field, Form, FormKind, LineShape, Literal, ParamNode, Payload,
    Requirement, Rule, Shape, Timeout, Type,
};

/// An HTML anchor id for a name (`AT+SMTPSRV` → `at-smtpsrv`).
pub fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The exact command line of a form (`AT+X=<a>[,<b>]`).
pub fn syntax(cmd: &str, form: &Form) -> String {
    match form.kind {
        FormKind::Test => format!("AT+{cmd}=?"),
        FormKind::Read => format!("AT+{cmd}?"),
        FormKind::Exec => format!("AT+{cmd}"),
        FormKind::Write => {
            let mut out = format!("AT+{cmd}=");
            let mut first = true;
            if let Some(key) = &form.key {
                out.push_str(&lit(key));
                first = false;
            }
            params(&form.params, &mut out, &mut first);
            out
        }
    }
}

fn params(nodes: &[ParamNode], out: &mut String, first: &mut bool) {
    for node in nodes {
        let sep = if *first { "" } else { "," };
        match node {
            ParamNode::Param(p) => out.push_str(&format!("{sep}<{}>", p.name)),
            ParamNode::Literal(l, _) => out.push_str(&format!("{sep}{}", lit(l))),
            ParamNode::Optional(inner, _) => {
                out.push('[');
                out.push_str(sep);
                let mut inner_first = true;
                params(inner, out, &mut inner_first);
                out.push(']');
            }
        }
        *first = false;
    }
}

/// A literal as written on the wire.
pub fn lit(l: &Literal) -> String {
    match l {
        Literal::Int(i) => i.to_string(),
        Literal::Str(s) => format!("\"{s}\""),
    }
}

/// A response or URC line (`+X: <a>,1[,<b>]`) and what follows it.
pub fn line_syntax(line: &LineShape) -> String {
    let fields: Vec<String> = line
        .fields
        .iter()
        .map(|f| match f {
            Field::Literal(l, _) => lit(l),
            Field::Word(w, _) => w.clone(),
            Field::Value(v) if v.optional => format!("[<{}>]", v.name),
            Field::Value(v) => format!("<{}>", v.name),
        })
        .collect();
    let mut out = if fields.is_empty() {
        line.prefix.clone()
    } else {
        format!("{}: {}", line.prefix, fields.join(","))
    };
    match &line.payload {
        Some(Payload::Counted(f)) => out.push_str(&format!(" + <{f}> raw bytes")),
        Some(Payload::Text) => out.push_str(" + text lines up to the final result"),
        None => {}
    }
    out
}

/// The lines of a shape, one per alternative: `(alternative, syntax)`.
pub fn shape_lines(shape: &Shape) -> Vec<(String, String)> {
    match shape {
        Shape::Line(l) => vec![(String::new(), line_syntax(l))],
        Shape::OneOf(alts) => alts
            .iter()
            .map(|a| (a.name.clone(), line_syntax(&a.line)))
            .collect(),
        Shape::Text => vec![(
            String::new(),
            String::from("free text lines up to the final result"),
        )],
    }
}

/// The fields of a shape, once each: `(name, type, constraint, description)`.
pub fn shape_fields(shape: &Shape) -> Vec<&at_spec::ir::ValueField> {
    let lines: Vec<&LineShape> = match shape {
        Shape::Line(l) => vec![l],
        Shape::OneOf(alts) => alts.iter().map(|a| &a.line).collect(),
        Shape::Text => Vec::new(),
    };
    let mut out: Vec<&at_spec::ir::ValueField> = Vec::new();
    for l in lines {
        for f in &l.fields {
            if let Field::Value(v) = f {
                if !out.iter().any(|o| o.name == v.name) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The type's name (`int`, `string`, `secret string`, an enum or table link).
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Int(_) => String::from("int"),
        Type::Str(s) if s.secret => String::from("secret string"),
        Type::Str(_) => String::from("string"),
        Type::Enum(n) => format!("[{n}](#{})", anchor(n)),
        Type::Codes(n) => format!("[{n}](#{})", anchor(n)),
        Type::Text => String::from("text (rest of the line)"),
        Type::Range => String::from("range such as `(1-16)`"),
        Type::Masked => String::from("masked secret"),
    }
}

/// The type's constraints in words (`1..=65535`, `max 50 bytes, ascii, quoted`).
pub fn constraint(d: &Dialect, ty: &Type) -> String {
    match ty {
        Type::Int(t) => match (t.min, t.max) {
            (Some(a), Some(b)) => format!("{a}..={b}"),
            (Some(a), None) => format!(">= {a}"),
            (None, Some(b)) => format!("<= {b}"),
            (None, None) => String::from("any"),
        },
        Type::Str(s) => {
            let mut parts = Vec::new();
            if s.min_len > 0 {
                parts.push(format!("min {} bytes", s.min_len));
            }
            if let Some(m) = s.max_len {
                parts.push(format!("max {m} bytes"));
            }
            let charset = match s.charset {
                at_spec::ir::Charset::Any => None,
                at_spec::ir::Charset::Ascii => Some("ASCII 0x20..0x7E"),
                at_spec::ir::Charset::Alnum => Some("letters and digits"),
                at_spec::ir::Charset::Printable => Some("printable 0x21..0x7E"),
                at_spec::ir::Charset::Hex => Some("hex digits, even count"),
            };
            parts.extend(charset.map(String::from));
            if let Some(p) = &s.prefix {
                parts.push(format!("starts with `{p}`"));
            }
            if let Some(m) = &s.non_ascii_marker {
                parts.push(format!("non-ASCII as `{m}\"<hex>\"`"));
            }
            parts.push(String::from(
                if s.quoting == at_spec::ir::Quoting::Unquoted {
                    "unquoted"
                } else {
                    "quoted"
                },
            ));
            parts.join(", ")
        }
        Type::Enum(n) => {
            let vals: Vec<String> = d
                .enum_def(n)
                .map(|e| {
                    e.variants
                        .iter()
                        .map(|v| format!("`{}` {}", lit(&v.value), v.name))
                        .collect()
                })
                .unwrap_or_default();
            vals.join(", ")
        }
        Type::Codes(n) => format!("codes of {n}; unknown codes kept"),
        Type::Text | Type::Range | Type::Masked => String::new(),
    }
}

/// A duration for people (`5 s`, `20 min`, `1.5 s`).
pub fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(60_000) && ms >= 60_000 {
        format!("{} min", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} ms", ms)
    }
}

/// A timeout given literally or by a parameter.
pub fn timeout(t: &Timeout) -> String {
    match t {
        Timeout::Fixed(d) => duration(*d),
        Timeout::Param(p, fallback) => {
            format!("`<{p}>` seconds ({} when left off)", duration(*fallback))
        }
        Timeout::Margin {
            param,
            margin,
            fallback,
        } => format!(
            "`<{param}>` seconds plus {} ({} when left off)",
            duration(*margin),
            duration(*fallback)
        ),
    }
}

/// A rule in words.
pub fn rule(d: &Dialect, form: &Form, r: &Rule) -> String {
    let when = condition(d, form, &r.when);
    let then = match &r.then {
        Requirement::Absent(n) => format!("leave off {}", names(n)),
        Requirement::Present(n) => format!("give {}", names(n)),
        Requirement::Compare(c) => {
            let c = condition(d, form, c);
            c.replacen(" is ", " must be ", 1)
        }
        Requirement::Hex(p) => format!("`<{p}>` must be hex digits (even count)"),
        Requirement::Ascii(p) => format!("`<{p}>` must be ASCII text"),
        Requirement::MaxLen(p, n) => format!("`<{p}>` must be at most {n} bytes long"),
    };
    format!("when {when}: {then}")
}

fn names(n: &[String]) -> String {
    let v: Vec<String> = n.iter().map(|n| format!("`<{n}>`")).collect();
    v.join(" and ")
}

fn condition(d: &Dialect, form: &Form, c: &Condition) -> String {
    let vals: Vec<String> = c
        .values
        .iter()
        .map(|v| value_word(d, form, &c.param, v))
        .collect();
    let op = match c.op {
        CompareOp::Eq => "is",
        CompareOp::Ne => "is not",
        CompareOp::In => "is one of",
    };
    format!("`<{}>` {op} {}", c.param, vals.join(", "))
}

/// A rule constant with its enum variant name (`1 (Login)`).
fn value_word(d: &Dialect, form: &Form, param: &str, v: &Literal) -> String {
    let ty = find_param(&form.params, param).map(|p| &p.ty);
    if let Some(Type::Enum(e)) = ty {
        if let Some(def) = d.enum_def(e) {
            if let Some(var) = def
                .variants
                .iter()
                .find(|x| &x.value == v || matches!(v, Literal::Str(s) if *s == x.name))
            {
                return format!("`{}` ({})", lit(&var.value), var.name);
            }
        }
    }
    format!("`{}`", lit(v))
}

fn find_param<'a>(nodes: &'a [ParamNode], name: &str) -> Option<&'a at_spec::ir::Param> {
    nodes.iter().find_map(|n| match n {
        ParamNode::Param(p) if p.name == name => Some(p),
        ParamNode::Optional(inner, _) => find_param(inner, name),
        _ => None,
    })
}

/// Every parameter of a form in order.
pub fn all_params(nodes: &[ParamNode]) -> Vec<&at_spec::ir::Param> {
    let mut out = Vec::new();
    for n in nodes {
        match n {
            ParamNode::Param(p) => out.push(p),
            ParamNode::Optional(inner, _) => out.extend(all_params(inner)),
            ParamNode::Literal(..) => {}
        }
    }
    out
}

/// Text safe inside a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
