//! The message a module would send, put together from its settings as the
//! profile says.

use std::collections::HashMap;

use atspec_interp::Value;

use super::config::{
    key_literal, Attachments, Bytes, HexUnless, MailConfig, Recipients, Source, TextPart, When,
};
use crate::smtp::{Outgoing, OutgoingFile};
use crate::spec::store::{slot, Entry, Settings};

/// Why no message could be put together: the failure key of the profile.
pub type Missing = &'static str;

/// The text of a value (numbers written out, enum values by their wire value).
fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::to_owned)
        .or_else(|| v.as_int().map(|i| i.to_string()))
}

/// Whether `v` is one of `names` (variant or code name, wire value or text; no case).
pub fn is_one_of(v: &Value, names: &[String]) -> bool {
    let mut forms: Vec<String> = text(v).into_iter().collect();
    match v {
        Value::Enum { variant, .. } => forms.push(variant.clone()),
        Value::Code {
            known: Some((name, _)),
            ..
        } => forms.push(name.clone()),
        _ => {}
    }
    names
        .iter()
        .any(|n| forms.iter().any(|f| f.eq_ignore_ascii_case(n)))
}

fn source_slot(s: &Source) -> String {
    slot(&s.command, s.key.as_ref().and_then(key_literal).as_ref())
}

/// The value a source points at in `settings`.
pub fn value(settings: &Settings, s: &Source) -> Option<Value> {
    let entry = settings.last(&source_slot(s))?;
    match &s.param {
        Some(p) => entry.get(p).cloned(),
        None => None,
    }
}

/// The data a source points at.
fn data(settings: &Settings, s: &Source) -> Option<Vec<u8>> {
    if s.data {
        settings.last(&source_slot(s))?.data.clone()
    } else {
        value(settings, s)
            .and_then(|v| text(&v))
            .map(String::into_bytes)
    }
}

/// A source's text, if set.
pub fn string(settings: &Settings, s: &Source) -> Option<String> {
    value(settings, s).and_then(|v| text(&v))
}

fn unhex(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

fn is_hex(settings: &Settings, h: &HexUnless) -> bool {
    value(settings, &h.source).is_some_and(|v| !is_one_of(&v, &h.plain))
}

/// A text part's bytes, hex decoded when its charset says so (text that is
/// not hex is kept as sent and reported).
fn part(settings: &Settings, p: &TextPart, problems: &mut Vec<String>) -> Vec<u8> {
    let raw = data(settings, &p.from).unwrap_or_default();
    match &p.hex_unless {
        Some(h) if is_hex(settings, h) => unhex(&raw).unwrap_or_else(|| {
            problems.push(format!(
                "AT+{}: text is not hex digits; sent as is",
                p.from.command
            ));
            raw
        }),
        _ => raw,
    }
}

/// Whether `entry` meets `when` (always, without a condition).
pub fn holds(entry: &Entry, when: Option<&When>) -> bool {
    when.is_none_or(|w| entry.get(&w.param).is_some_and(|v| is_one_of(v, &w.values)))
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    a.is_some() && a == b
}

/// The recipients as (kind name, index, address), in order.
fn recipients(settings: &Settings, r: &Recipients) -> Vec<(String, String)> {
    let mut list: Vec<(Value, Option<Value>, String)> = Vec::new();
    for entry in settings.all(&slot(&r.command, None)) {
        let kind = entry.get(&r.kind).cloned();
        let index = r.index.as_ref().and_then(|i| entry.get(i)).cloned();
        let address = entry.get(&r.address).and_then(text);
        match address {
            Some(address) if holds(entry, r.adds_when.as_ref()) => {
                let Some(kind) = kind else { continue };
                list.retain(|(k, i, _)| !(k == &kind && same(i.as_ref(), index.as_ref())));
                list.push((kind, index, address));
            }
            _ => match kind {
                Some(kind) if index.is_some() => {
                    list.retain(|(k, i, _)| !(*k == kind && same(i.as_ref(), index.as_ref())))
                }
                Some(kind) => list.retain(|(k, _, _)| *k != kind),
                None => list.clear(),
            },
        }
    }
    let name = |k: &Value| -> String {
        [&r.to, &r.cc, &r.bcc]
            .into_iter()
            .find(|n| is_one_of(k, std::slice::from_ref(n)))
            .cloned()
            .unwrap_or_default()
    };
    list.iter().map(|(k, _, a)| (name(k), a.clone())).collect()
}

/// The attachment names, in order.
pub fn attachment_names(settings: &Settings, a: &Attachments) -> Vec<(String, Option<Vec<u8>>)> {
    let mut list: Vec<(Option<Value>, String, Option<Vec<u8>>)> = Vec::new();
    for entry in settings.all(&slot(&a.command, None)) {
        let index = a.index.as_ref().and_then(|i| entry.get(i)).cloned();
        match entry.get(&a.name).and_then(text) {
            Some(name) if holds(entry, a.adds_when.as_ref()) => {
                list.retain(|(i, _, _)| !same(i.as_ref(), index.as_ref()));
                list.push((index, name, entry.data.clone()));
            }
            _ if index.is_some() => list.retain(|(i, _, _)| !same(i.as_ref(), index.as_ref())),
            _ => list.clear(),
        }
    }
    list.into_iter().map(|(_, n, d)| (n, d)).collect()
}

/// The message the module holds; `chunks` are the bytes of an `after
/// chunks` transfer (they belong to the last attachment).
pub fn compose(
    config: &MailConfig,
    settings: &Settings,
    files: &HashMap<String, Vec<u8>>,
    chunks: Option<Vec<u8>>,
    problems: &mut Vec<String>,
) -> Result<Outgoing, Missing> {
    let from = string(settings, &config.from).ok_or("missing")?;
    let mut mail = Outgoing {
        from,
        from_name: config
            .from_name
            .as_ref()
            .and_then(|s| string(settings, s))
            .unwrap_or_default(),
        ..Outgoing::default()
    };
    for (kind, address) in recipients(settings, &config.recipients) {
        let r = &config.recipients;
        match kind {
            k if k == r.to => mail.to.push(address),
            k if k == r.cc => mail.cc.push(address),
            k if k == r.bcc => mail.bcc.push(address),
            _ => problems.push(format!("recipient {address}: kind not To/Cc/Bcc, left out")),
        }
    }
    if mail.to.is_empty() && mail.cc.is_empty() && mail.bcc.is_empty() {
        return Err("missing");
    }
    let subject = part(settings, &config.subject, problems);
    mail.subject = String::from_utf8(subject).map_err(|_| {
        problems.push(String::from("the subject is not UTF-8"));
        "compose"
    })?;
    mail.body = part(settings, &config.body, problems);
    if let Some(a) = &config.attachments {
        let names = attachment_names(settings, a);
        let last = names.len().saturating_sub(1);
        let mut chunks = chunks;
        for (i, (name, data)) in names.into_iter().enumerate() {
            let bytes = match a.bytes {
                Bytes::Data => data.unwrap_or_default(),
                Bytes::Chunks if i == last => chunks.take().unwrap_or_default(),
                Bytes::Chunks => Vec::new(),
                Bytes::Files => files.get(&name).cloned().ok_or("file")?,
            };
            // A module names the attachment after the file, without its folder.
            let shown = name
                .rsplit(['/', '\\', ':'])
                .next()
                .unwrap_or(&name)
                .to_owned();
            mail.files.push(OutgoingFile { name: shown, bytes });
        }
    }
    Ok(mail)
}
