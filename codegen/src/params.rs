//! The parameter list of a form: storage, constructor arguments, encoding.

use at_spec::ir::{Dialect, Literal, Param, ParamNode, Type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::enums::doc_or;
use crate::names::{int_lit, value_ident};
use crate::types::{enum_is_str, is_secret, str_rules, value_type, IntRepr};

/// One parameter with where it sits.
pub struct Slot<'a> {
    /// The parameter.
    pub param: &'a Param,
    /// Inside an optional group (stored as `Option`).
    pub optional: bool,
}

/// What a wire position holds.
pub enum PosKind<'a> {
    Param(&'a Param),
    Literal(&'a Literal),
}

/// One comma-separated position of the command line.
pub struct Position<'a> {
    pub kind: PosKind<'a>,
    /// The innermost group the position is in.
    pub group: Option<usize>,
}

/// An optional group.
pub struct Group {
    /// Its first direct parameter's field, if any (presence = that field is `Some`).
    pub first_param: Option<Ident>,
    /// The `bool` field recording presence when it has no direct parameter.
    pub flag: Ident,
}

/// The flattened parameter list of a form.
pub struct Layout<'a> {
    pub slots: Vec<Slot<'a>>,
    pub positions: Vec<Position<'a>>,
    pub groups: Vec<Group>,
}

impl<'a> Layout<'a> {
    /// Flattens a parameter tree.
    pub fn new(nodes: &'a [ParamNode]) -> Self {
        let mut layout = Layout {
            slots: Vec::new(),
            positions: Vec::new(),
            groups: Vec::new(),
        };
        layout.walk(nodes, None);
        layout
    }

    fn walk(&mut self, nodes: &'a [ParamNode], group: Option<usize>) {
        for node in nodes {
            match node {
                ParamNode::Param(p) => {
                    self.slots.push(Slot {
                        param: p,
                        optional: group.is_some(),
                    });
                    self.positions.push(Position {
                        kind: PosKind::Param(p),
                        group,
                    });
                }
                ParamNode::Literal(l, _) => self.positions.push(Position {
                    kind: PosKind::Literal(l),
                    group,
                }),
                ParamNode::Optional(children, _) => {
                    let id = self.groups.len();
                    let first_param = children.iter().find_map(|c| match c {
                        ParamNode::Param(p) => Some(value_ident(&p.name)),
                        _ => None,
                    });
                    self.groups.push(Group {
                        first_param,
                        flag: format_ident!("group_{}_given", id),
                    });
                    self.walk(children, Some(id));
                }
            }
        }
    }

    /// The slot of a parameter by name.
    pub fn slot(&self, name: &str) -> Option<&Slot<'a>> {
        self.slots.iter().find(|s| s.param.name == name)
    }

    /// Groups that need a presence flag.
    pub fn flags(&self) -> impl Iterator<Item = &Ident> {
        self.groups
            .iter()
            .filter(|g| g.first_param.is_none())
            .map(|g| &g.flag)
    }

    /// Whether group `id` was given, as an expression over `self`.
    pub fn presence(&self, id: usize) -> TokenStream {
        match self.groups.get(id) {
            Some(Group {
                first_param: Some(f),
                ..
            }) => quote!(self.#f.is_some()),
            Some(Group { flag, .. }) => quote!(self.#flag),
            None => quote!(false),
        }
    }
}

/// The constructor argument type of a parameter.
pub fn arg_type(p: &Param) -> TokenStream {
    match &p.ty {
        Type::Str(_) | Type::Text | Type::Range | Type::Masked => quote!(&str),
        ty => value_type(ty),
    }
}

/// The constructor argument type of an optional group (nesting preserved).
pub fn group_arg_type(children: &[ParamNode]) -> TokenStream {
    let elems: Vec<TokenStream> = children
        .iter()
        .filter_map(|c| match c {
            ParamNode::Param(p) => Some(arg_type(p)),
            ParamNode::Optional(inner, _) => Some(group_arg_type(inner)),
            ParamNode::Literal(..) => None,
        })
        .collect();
    match elems.len() {
        0 => quote!(bool),
        1 => {
            let e = &elems[0];
            quote!(::core::option::Option<#e>)
        }
        _ => quote!(::core::option::Option<(#(#elems),*)>),
    }
}

/// The local holding a parameter's checked value inside `new`.
pub fn local(p: &Param) -> Ident {
    // `value_name` is the identifier `value_ident` makes, without its `r#`.
    format_ident!("v_{}", at_spec::names::value_name(&p.name))
}

/// The range an integer argument is checked against, `None` when its Rust
/// type already bounds it.
fn checked_bounds(t: &at_spec::ir::IntType) -> Option<(i64, i64)> {
    let (tmin, tmax) = IntRepr::for_range(t).bounds();
    let min = t.min.unwrap_or(tmin);
    let max = t.max.unwrap_or(tmax);
    (min > tmin || max < tmax).then_some((min, max))
}

/// Checks an argument and converts it to its stored form (uses `?`).
pub fn checked(p: &Param, arg: &Ident) -> TokenStream {
    let field = p.name.as_str();
    match &p.ty {
        Type::Int(t) => match checked_bounds(t) {
            None => quote!(#arg),
            Some((min, max)) => {
                let (min, max) = (int_lit(min), int_lit(max));
                quote!(::atspec_runtime::wire::in_range(#field, #arg, #min, #max)?)
            }
        },
        Type::Str(s) => {
            let rules = str_rules(s);
            if s.secret {
                quote!(#rules.check_secret(#field, #arg)?)
            } else {
                quote!(#rules.check(#field, #arg)?)
            }
        }
        Type::Masked => {
            quote!(::atspec_runtime::wire::Secret::new(::std::string::ToString::to_string(#arg)))
        }
        Type::Text | Type::Range => quote!(::std::string::ToString::to_string(#arg)),
        Type::Enum(_) | Type::Codes(_) => quote!(#arg),
    }
}

/// The argument name of an optional group.
pub fn group_arg_name(children: &[ParamNode], id: usize) -> Ident {
    let params: Vec<&Param> = children
        .iter()
        .filter_map(|c| match c {
            ParamNode::Param(p) => Some(p),
            _ => None,
        })
        .collect();
    let nested = children
        .iter()
        .any(|c| matches!(c, ParamNode::Optional(..)));
    match (params.first(), params.len(), nested) {
        (Some(p), 1, false) => value_ident(&p.name),
        (Some(p), _, _) => format_ident!("{}_group", at_spec::names::value_name(&p.name)),
        (None, _, _) => format_ident!("group_{}", id),
    }
}

/// Constructor arguments and the statements that check them into locals.
pub struct Ctor {
    pub args: Vec<TokenStream>,
    pub body: Vec<TokenStream>,
    pub arg_docs: Vec<String>,
}

/// Builds the constructor for a parameter tree.
pub fn constructor(nodes: &[ParamNode], layout: &Layout<'_>) -> Ctor {
    let mut ctor = Ctor {
        args: Vec::new(),
        body: Vec::new(),
        arg_docs: Vec::new(),
    };
    // Locals of optional parameters start as `None` (their type follows
    // from the struct they go into), except a group of one unchecked value,
    // which is passed through.
    let direct = direct_params(nodes);
    for slot in layout.slots.iter().filter(|s| s.optional) {
        if !direct.iter().any(|p| std::ptr::eq(*p, slot.param)) {
            let l = local(slot.param);
            ctor.body
                .push(quote!(let mut #l = ::core::option::Option::None;));
        }
    }
    for flag in layout.flags() {
        ctor.body.push(quote!(let mut #flag = false;));
    }
    let mut next_group = 0usize;
    for node in nodes {
        match node {
            ParamNode::Param(p) => {
                let arg = value_ident(&p.name);
                let ty = arg_type(p);
                let l = local(p);
                let value = checked(p, &arg);
                ctor.args.push(quote!(#arg: #ty));
                ctor.arg_docs.push(format!(
                    "`{}`: {}",
                    p.name,
                    doc_or(&p.doc, || String::from("required"))
                ));
                ctor.body.push(quote!(let #l = #value;));
            }
            ParamNode::Literal(..) => {}
            ParamNode::Optional(children, _) => {
                let id = next_group;
                let arg = group_arg_name(children, id);
                let ty = group_arg_type(children);
                ctor.args.push(quote!(#arg: #ty));
                ctor.arg_docs.push(format!(
                    "`{arg}`: optional group {}",
                    describe_group(children)
                ));
                match direct_param(children) {
                    Some(p) => {
                        let l = local(p);
                        next_group += 1;
                        ctor.body.push(quote!(let #l = #arg;));
                    }
                    None => {
                        ctor.body
                            .push(destructure(children, &mut next_group, layout, quote!(#arg)))
                    }
                }
            }
        }
    }
    ctor
}

/// The parameter of a top-level optional group holding just one parameter
/// whose value needs no check (an enum, or an integer its type bounds):
/// its argument is stored as it is.
fn direct_param(children: &[ParamNode]) -> Option<&Param> {
    match children {
        [ParamNode::Param(p)] if unchecked(p) => Some(p),
        _ => None,
    }
}

/// The [`direct_param`]s of the top-level groups of `nodes`.
fn direct_params(nodes: &[ParamNode]) -> Vec<&Param> {
    nodes
        .iter()
        .filter_map(|n| match n {
            ParamNode::Optional(children, _) => direct_param(children),
            _ => None,
        })
        .collect()
}

/// Whether a parameter's argument is its stored value as it is.
fn unchecked(p: &Param) -> bool {
    match &p.ty {
        Type::Int(t) => checked_bounds(t).is_none(),
        Type::Enum(_) | Type::Codes(_) => true,
        Type::Str(_) | Type::Text | Type::Range | Type::Masked => false,
    }
}

fn describe_group(children: &[ParamNode]) -> String {
    let mut out = String::from("[");
    for c in children {
        match c {
            ParamNode::Param(p) => out.push_str(&format!(", {}", p.name)),
            ParamNode::Literal(Literal::Int(i), _) => out.push_str(&format!(", {i}")),
            ParamNode::Literal(Literal::Str(s), _) => out.push_str(&format!(", {s:?}")),
            ParamNode::Optional(inner, _) => out.push_str(&format!(" {}", describe_group(inner))),
        }
    }
    out.push(']');
    out
}

/// Statements moving an optional group's argument into its locals.
fn destructure(
    children: &[ParamNode],
    next_group: &mut usize,
    layout: &Layout<'_>,
    value: TokenStream,
) -> TokenStream {
    let id = *next_group;
    *next_group += 1;
    let mut bindings = Vec::new();
    let mut stmts = Vec::new();
    for c in children {
        match c {
            ParamNode::Param(p) => {
                let b = value_ident(&p.name);
                let l = local(p);
                let v = checked(p, &b);
                stmts.push(quote!(#l = ::core::option::Option::Some(#v);));
                bindings.push(b);
            }
            ParamNode::Optional(inner, _) => {
                let b = format_ident!("group_{}", *next_group);
                let inner_stmts = destructure(inner, next_group, layout, quote!(#b));
                stmts.push(inner_stmts);
                bindings.push(b);
            }
            ParamNode::Literal(..) => {}
        }
    }
    let flag = layout
        .groups
        .get(id)
        .filter(|g| g.first_param.is_none())
        .map(|g| g.flag.clone());
    if bindings.is_empty() {
        return match flag {
            Some(flag) => quote!(#flag = #value;),
            None => quote!(),
        };
    }
    let set_flag = flag.map(|f| quote!(#f = true;));
    let pattern = if bindings.len() == 1 {
        let b = &bindings[0];
        quote!(#b)
    } else {
        quote!((#(#bindings),*))
    };
    quote! {
        if let ::core::option::Option::Some(#pattern) = #value {
            #set_flag
            #(#stmts)*
        }
    }
}

/// Code writing one value (`value` is an expression of the stored type, or a
/// reference to it when `by_ref`).
pub fn write_value(dialect: &Dialect, p: &Param, value: TokenStream, by_ref: bool) -> TokenStream {
    let deref = if by_ref { quote!(*) } else { quote!() };
    match &p.ty {
        Type::Int(t) => {
            let v = IntRepr::for_range(t).to_i64(quote!(#deref #value));
            quote!(w.int(#v);)
        }
        Type::Str(s) => {
            let quoted = s.quoting == at_spec::ir::Quoting::Quoted;
            let marker = match &s.non_ascii_marker {
                Some(m) => quote!(::core::option::Option::Some(#m)),
                None => quote!(::core::option::Option::None),
            };
            let text = match (s.secret, by_ref) {
                (true, _) => quote!(#value.expose()),
                (false, true) => quote!(#value),
                (false, false) => quote!(&#value),
            };
            match (s.secret, quoted, &s.non_ascii_marker) {
                (true, _, _) => quote!(w.secret(#text, #quoted, #marker);),
                (false, true, None) => quote!(w.quoted(#text);),
                (false, _, _) => quote!(w.str(#text, #quoted, #marker);),
            }
        }
        Type::Masked => quote!(w.secret(#value.expose(), true, ::core::option::Option::None);),
        Type::Text | Type::Range if by_ref => {
            quote!(w.quoted(#value);)
        }
        Type::Text | Type::Range => quote!(w.quoted(&#value);),
        Type::Enum(name) if enum_is_str(dialect, name) => {
            quote!(w.quoted(#value.as_str());)
        }
        Type::Enum(_) => quote!(w.int(#value.value());),
        Type::Codes(_) => quote!(w.int(#value.code());),
    }
}

/// Code writing a literal.
pub fn write_literal(l: &Literal) -> TokenStream {
    match l {
        Literal::Int(i) => {
            let i = int_lit(*i);
            quote!(w.int(#i);)
        }
        Literal::Str(s) => quote!(w.quoted(#s);),
    }
}

/// Whether any parameter is secret.
pub fn has_secret(layout: &Layout<'_>) -> bool {
    layout.slots.iter().any(|s| is_secret(&s.param.ty))
}

/// Whether the optional parameter `name` was left off, as an expression over
/// `self` (each optional parameter is stored as an `Option`).
pub fn absent_test(name: &str) -> TokenStream {
    let f = crate::names::value_ident(name);
    quote!(self.#f.is_none())
}
