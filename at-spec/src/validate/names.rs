//! Specs whose generated Rust names would collide (two items, variants or
//! fields with one name): rejected here, at the spec position, instead of
//! failing to compile at the macro call. The names come from
//! [`crate::names`], the functions the code generator uses.

use std::collections::HashMap;

use super::{location, Validator};
use crate::ir::{Alternative, Field, LineShape, Shape, Span};
use crate::lower::flat_params;
use crate::names::{generated_types, type_name, value_name, OTHER_CODE_VARIANT};

/// One generated name and what it is for.
struct Named<'a> {
    rust: String,
    what: What<'a>,
    /// The spec name as written: equal for exact repeats (reported by the
    /// duplicate checks, so not again here).
    spec: &'a str,
    span: &'a Span,
}

/// What a name is generated for, put into words only for a clash report.
enum What<'a> {
    /// Already in words.
    Text(&'a str),
    /// `{kind} `{name}``, e.g. "field `port`".
    Item(&'static str, &'a str),
}

impl What<'_> {
    /// The words.
    fn render(&self) -> String {
        match self {
            What::Text(t) => (*t).to_string(),
            What::Item(kind, name) => format!("{kind} `{name}`"),
        }
    }
}

impl Validator<'_> {
    /// Reports every generated name that an earlier one already took.
    pub(super) fn generated_names(&mut self) {
        let types = generated_types(self.d);
        let named: Vec<Named<'_>> = types
            .iter()
            .map(|t| Named {
                rust: t.name.clone(),
                what: What::Text(&t.what),
                spec: &t.spec,
                span: &t.span,
            })
            .collect();
        self.clashes("type", named);
        let d = self.d;
        for e in &d.enums {
            let variants = e.variants.iter().map(|v| Named {
                rust: type_name(&v.name),
                what: What::Item("value", &v.name),
                spec: &v.name,
                span: &v.span,
            });
            self.clashes(&format!("variant of enum `{}`", e.name), variants.collect());
        }
        for t in &d.code_tables {
            let other = Span::default();
            let codes = std::iter::once(Named {
                rust: OTHER_CODE_VARIANT.to_string(),
                what: What::Text("unlisted codes (`Other(n)`)"),
                spec: "",
                span: &other,
            })
            .chain(t.codes.iter().map(|c| Named {
                rust: type_name(&c.name),
                what: What::Item("code", &c.name),
                spec: &c.name,
                span: &c.span,
            }));
            self.clashes(
                &format!("variant of code table `{}`", t.name),
                codes.collect(),
            );
        }
        for u in &d.urcs {
            self.shape_names(&u.shape);
        }
        for c in &d.commands {
            for f in &c.forms {
                let params = flat_params(&f.params);
                let args = params.iter().map(|p| Named {
                    rust: value_name(&p.name),
                    what: What::Item("parameter", &p.name),
                    spec: &p.name,
                    span: &p.span,
                });
                self.clashes("parameter", args.collect());
                for item in &f.response.items {
                    self.shape_names(&item.shape);
                }
            }
        }
    }

    fn shape_names(&mut self, shape: &Shape) {
        match shape {
            Shape::Text => {}
            Shape::Line(line) => self.field_names(line),
            Shape::OneOf(alts) => {
                self.clashes("alternative", alts.iter().map(alt_named).collect());
                for a in alts {
                    self.field_names(&a.line);
                }
            }
        }
    }

    fn field_names(&mut self, line: &LineShape) {
        let fields = line.fields.iter().filter_map(|f| match f {
            Field::Value(v) => Some(Named {
                rust: value_name(&v.name),
                what: What::Item("field", &v.name),
                spec: &v.name,
                span: &v.span,
            }),
            Field::Literal(..) | Field::Word(..) => None,
        });
        self.clashes("field", fields.collect());
    }

    /// Reports each name in `items` that an earlier item already generated
    /// (exact repeats of a spec name are reported by the duplicate checks).
    fn clashes(&mut self, kind: &str, items: Vec<Named<'_>>) {
        for (item, first) in repeats(&items) {
            if first.spec == item.spec {
                continue;
            }
            let at = if first.span.line == 0 {
                "by the generator".to_string()
            } else {
                location(self.src, first.span)
            };
            self.err(
                item.span,
                format!(
                    "{} generates the Rust {kind} name `{}`, already generated for {} ({at})",
                    item.what.render(),
                    item.rust,
                    first.what.render()
                ),
                "generated name clash",
                "rename one of them: the generated Rust names are UpperCamel (types, variants) or snake_case (fields) and ignore case and punctuation differences",
            );
        }
    }
}

/// Lists up to which a linear scan for an earlier equal name is cheaper than
/// hashing every name.
const SCAN_MAX: usize = 16;

/// Each item whose Rust name an earlier item already has, with the first
/// such item, in list order.
fn repeats<'n, 'a>(items: &'n [Named<'a>]) -> Vec<(&'n Named<'a>, &'n Named<'a>)> {
    let mut out = Vec::new();
    if items.len() <= SCAN_MAX {
        for (i, item) in items.iter().enumerate() {
            if let Some(first) = items.iter().take(i).find(|f| f.rust == item.rust) {
                out.push((item, first));
            }
        }
        return out;
    }
    let mut seen: HashMap<&str, &Named<'_>> = HashMap::with_capacity(items.len());
    for item in items {
        match seen.get(item.rust.as_str()) {
            Some(first) => out.push((item, *first)),
            None => {
                seen.insert(&item.rust, item);
            }
        }
    }
    out
}

fn alt_named(a: &Alternative) -> Named<'_> {
    Named {
        rust: type_name(&a.name),
        what: What::Item("alternative", &a.name),
        spec: &a.name,
        span: &a.span,
    }
}
