//! A mail profile checked against its spec before the module starts.

use at_spec::ir::Dialect;

use super::config::{key_literal, value_text, MailConfig, Source, Values};
use crate::spec::answer::flat_params;
use crate::spec::complete::completion_line;

/// Every command, parameter and completion value of `config` exists in `dialect`.
pub fn check(config: &MailConfig, dialect: &Dialect) -> Result<(), String> {
    if config.dialect != dialect.name {
        return Err(format!(
            "the profile is for dialect `{}`, the spec is `{}`",
            config.dialect, dialect.name
        ));
    }
    let sources = [
        Some(&config.host),
        config.port.as_ref(),
        config.user.as_ref(),
        config.password.as_ref(),
        Some(&config.from),
        config.from_name.as_ref(),
        Some(&config.subject.from),
        Some(&config.body.from),
        config.subject.hex_unless.as_ref().map(|h| &h.source),
        config.body.hex_unless.as_ref().map(|h| &h.source),
    ];
    for source in sources.into_iter().flatten() {
        check_source(dialect, source)?;
    }
    let r = &config.recipients;
    let mut params = vec![&r.kind, &r.address];
    params.extend(r.index.iter());
    params.extend(r.adds_when.iter().map(|w| &w.param));
    for p in params {
        check_param(dialect, &r.command, p)?;
    }
    if let Some(a) = &config.attachments {
        let mut params = vec![&a.name];
        params.extend(a.index.iter());
        params.extend(a.adds_when.iter().map(|w| &w.param));
        for p in params {
            check_param(dialect, &a.command, p)?;
        }
    }
    for c in &config.clear {
        command(dialect, &c.command)?;
        for cleared in &c.clears {
            command(dialect, cleared)?;
        }
    }
    if let Some(pop3) = &config.pop3 {
        check_source(dialect, &pop3.user)?;
        check_source(dialect, &pop3.password)?;
        super::pop3::check(pop3, dialect)?;
    }
    check_send(config, dialect)
}

fn command<'d>(dialect: &'d Dialect, name: &str) -> Result<&'d at_spec::ir::Command, String> {
    dialect
        .command(name)
        .ok_or_else(|| format!("the spec has no command AT+{name}"))
}

fn check_param(dialect: &Dialect, cmd: &str, param: &str) -> Result<(), String> {
    let c = command(dialect, cmd)?;
    let found = c
        .forms
        .iter()
        .any(|f| flat_params(&f.params).iter().any(|p| p.name == param));
    if found {
        Ok(())
    } else {
        Err(format!("AT+{cmd} has no parameter `{param}`"))
    }
}

fn check_source(dialect: &Dialect, source: &Source) -> Result<(), String> {
    let c = command(dialect, &source.command)?;
    if let Some(key) = &source.key {
        let lit = key_literal(key)
            .ok_or_else(|| format!("AT+{}: a key is a number or a string", c.name))?;
        if !c.forms.iter().any(|f| f.key.as_ref() == Some(&lit)) {
            return Err(format!(
                "AT+{} has no sub-command {}",
                c.name,
                value_text(key)
            ));
        }
    }
    match (&source.param, source.data) {
        (Some(p), false) => check_param(dialect, &source.command, p),
        (None, true) if c.forms.iter().any(|f| f.data.is_some()) => Ok(()),
        (None, true) => Err(format!("AT+{} has no data phase", c.name)),
        _ => Err(format!(
            "AT+{}: a source names either `param` or `data = true`",
            c.name
        )),
    }
}

fn check_send(config: &MailConfig, dialect: &Dialect) -> Result<(), String> {
    let c = command(dialect, &config.send.command)?;
    let completion = c
        .forms
        .iter()
        .find_map(|f| f.completion.as_ref())
        .ok_or_else(|| format!("AT+{} has no completion URC", c.name))?;
    if !config.send.failures.contains_key("refused") {
        return Err(String::from(
            "send.failures needs `refused` (the fallback of every failure)",
        ));
    }
    let tables = std::iter::once(("success", &config.send.success))
        .chain(config.send.failures.iter().map(|(k, v)| (k.as_str(), v)));
    for (what, values) in tables {
        let (list, alt) = completion_values(values);
        completion_line(dialect, completion, &list, alt.as_deref())
            .map_err(|e| format!("send.{what}: {e}"))?;
    }
    Ok(())
}

/// Completion values as (field, value) pairs and the alternative.
pub fn completion_values(values: &Values) -> (Vec<(String, String)>, Option<String>) {
    let alt = values.get("alternative").map(value_text);
    let list = values
        .iter()
        .filter(|(k, _)| k.as_str() != "alternative")
        .map(|(k, v)| (k.clone(), value_text(v)))
        .collect();
    (list, alt)
}
