//! The wire rule for strings (issue 9), over every string parameter of the
//! five dialects, enumerated from their IR: whatever value a caller passes,
//! either the generated constructor's check refuses it or the encoded bytes
//! hold no character the rule forbids. Also: the front end's rule (applied to
//! spec text) and the runtime's (applied to values) are the same rule.

use at_spec::ir::{Charset, ParamNode, Quoting, StrType, Type};
use atspec_runtime::wire::{self, StrRules, ValidationErrorKind};
use proptest::prelude::*;

/// One string parameter: where it is, and its type.
#[derive(Clone, Debug)]
struct StrParam {
    at: String,
    name: &'static str,
    ty: StrType,
}

fn walk(nodes: &[ParamNode], at: &str, out: &mut Vec<StrParam>) {
    for n in nodes {
        match n {
            ParamNode::Param(p) => {
                if let Type::Str(s) = &p.ty {
                    out.push(StrParam {
                        at: format!("{at}.{}", p.name),
                        name: Box::leak(p.name.clone().into_boxed_str()),
                        ty: s.clone(),
                    });
                }
            }
            ParamNode::Optional(inner, _) => walk(inner, at, out),
            ParamNode::Literal(..) => {}
        }
    }
}

/// Every string parameter of every form of the five bundled dialects.
fn every_string_parameter() -> Vec<StrParam> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dialects/specs");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("dialect specs")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let d = at_spec::parse_file(&path).unwrap_or_else(|e| panic!("{}", e.render()));
        for c in &d.commands {
            for (i, f) in c.forms.iter().enumerate() {
                walk(&f.params, &format!("{}/{}#{i}", d.name, c.name), &mut out);
            }
        }
    }
    out
}

/// The rules the generated constructor checks (the code generator's
/// `str_rules` writes exactly these fields from the same IR).
fn rules(s: &StrType) -> StrRules {
    StrRules {
        min_len: s.min_len,
        max_len: s.max_len,
        charset: match s.charset {
            Charset::Any => wire::Charset::Any,
            Charset::Ascii => wire::Charset::Ascii,
            Charset::Alnum => wire::Charset::Alnum,
            Charset::Printable => wire::Charset::Printable,
            Charset::Hex => wire::Charset::Hex,
        },
        unquoted: s.quoting == Quoting::Unquoted,
        prefix: s.prefix.clone().map(|p| &*Box::leak(p.into_boxed_str())),
        non_ascii_allowed: s.non_ascii_marker.is_some(),
    }
}

#[test]
fn the_front_end_and_the_runtime_apply_the_same_rule() {
    let chars = (0u32..0x3000)
        .chain(0xFFF0..0x10000)
        .chain([0x1F600, 0x10FFFF]);
    for c in chars.filter_map(char::from_u32) {
        assert_eq!(
            at_spec::wire::forbidden(c).is_some(),
            wire::wire_forbidden(c).is_some(),
            "{c:?}"
        );
    }
}

#[test]
fn the_five_dialects_have_the_string_parameters_the_probe_counted() {
    let all = every_string_parameter();
    assert!(
        all.len() >= 50,
        "found only {} string parameters",
        all.len()
    );
}

/// Characters that stress the rule: every control, the quote, backslash,
/// comma, printable ASCII, and some non-ASCII.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u8..0x20).prop_map(char::from),
        Just('"'),
        Just('\\'),
        Just(','),
        Just('\u{7f}'),
        Just('\u{85}'),
        (0x20u8..0x7f).prop_map(char::from),
        Just('é'),
        Just('€'),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_string_parameter_refuses_or_sends_only_allowed_characters(
        tail in proptest::collection::vec(hostile_char(), 0..24),
        use_prefix in any::<bool>(),
    ) {
        for p in every_string_parameter_cached() {
            let r = rules(&p.ty);
            let mut value: String = if use_prefix { p.ty.prefix.clone().unwrap_or_default() } else { String::new() };
            value.extend(tail.iter());
            let forbidden = value.chars().find(|c| wire::wire_forbidden(*c).is_some() || (r.unquoted && *c == ','));
            match wire::check_str(p.name, &value, &r) {
                Err(e) => {
                    // A value holding a forbidden character is refused for
                    // that reason, unless a length check came first.
                    if let Some(c) = forbidden {
                        let ok = matches!(e.kind, ValidationErrorKind::ForbiddenChar { ch } if ch == c)
                            || matches!(e.kind, ValidationErrorKind::TooShort { .. } | ValidationErrorKind::TooLong { .. })
                            || matches!(e.kind, ValidationErrorKind::Charset { .. });
                        prop_assert!(ok, "{}: {value:?} refused for {:?}", p.at, e.kind);
                    }
                }
                Ok(()) => {
                    prop_assert!(forbidden.is_none(), "{}: {value:?} accepted", p.at);
                    let mut out = Vec::new();
                    let quoted = p.ty.quoting == Quoting::Quoted;
                    wire::push_str(&mut out, &value, quoted, p.ty.non_ascii_marker.as_deref());
                    let text = String::from_utf8(out).expect("UTF-8");
                    let marker = p.ty.non_ascii_marker.as_deref();
                    let hexed = marker.is_some() && !value.is_ascii();
                    let body = if hexed {
                        text.strip_prefix(marker.unwrap_or("")).unwrap_or("<no marker>")
                    } else {
                        &text
                    };
                    let unquote = |t: &'_ str| t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).map(str::to_owned);
                    let inner = if quoted || hexed { unquote(body) } else { Some(body.to_owned()) };
                    prop_assert!(inner.is_some(), "{}: {value:?} encoded as {text:?}", p.at);
                    let inner = inner.unwrap_or_default();
                    prop_assert!(
                        inner.chars().all(|c| wire::wire_forbidden(c).is_none()),
                        "{}: {value:?} encoded as {text:?}", p.at
                    );
                }
            }
        }
    }
}

/// [`every_string_parameter`], parsed once per test process.
fn every_string_parameter_cached() -> &'static [StrParam] {
    static ALL: std::sync::OnceLock<Vec<StrParam>> = std::sync::OnceLock::new();
    ALL.get_or_init(every_string_parameter)
}
