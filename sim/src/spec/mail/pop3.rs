//! POP3 served by the simulated module from a mailbox (the one the loopback
//! SMTP receiver fills), as the profile's `[pop3]` section declares: log in,
//! count, list, retrieve, read, delete (at logout), log out.

use std::collections::BTreeSet;

use at_spec::ir::{Dialect, Form, Shape, ValueField};
use atspec_interp::{lookup, HostCommand, Value};

use super::check::completion_values;
use super::compose::{holds, string};
use super::config::Values;
use super::pop3_config::{Pop3Config, Pop3Op, Shows};
use crate::smtp::Mailbox;
use crate::spec::answer::Line;
use crate::spec::behaviour::Action;
use crate::spec::complete::{completion_line, given_literal};
use crate::spec::fill::{alternatives, literal_value, value_fields, write_shape};
use crate::spec::store::{Entry, Settings};

/// The numbers an answer may name (`$count`, `$size`, `$id`, `$length`).
#[derive(Clone, Copy, Debug, Default)]
struct Numbers {
    count: Option<usize>,
    size: Option<usize>,
    id: Option<usize>,
    length: Option<usize>,
}

impl Numbers {
    fn get(&self, name: &str) -> Option<usize> {
        match name {
            "count" => self.count,
            "size" => self.size,
            "id" => self.id,
            "length" => self.length,
            _ => None,
        }
    }

    /// Every number set to 1 (to check a profile's answers can be written).
    fn ones() -> Self {
        Numbers {
            count: Some(1),
            size: Some(1),
            id: Some(1),
            length: Some(1),
        }
    }
}

/// An answer's (field, value) pairs and the alternative it picks.
type Resolved = (Vec<(String, String)>, Option<String>);

/// The answer's (field, value) pairs with the numbers put in, and the alternative.
fn resolve(values: &Values, numbers: &Numbers) -> Result<Resolved, String> {
    let (list, alt) = completion_values(values);
    let list = list
        .into_iter()
        .map(|(field, text)| match text.strip_prefix('$') {
            Some(name) => numbers
                .get(name)
                .map(|n| (field.clone(), n.to_string()))
                .ok_or_else(|| {
                    format!("`{field} = \"{text}\"`: no number `${name}` here (use $count, $size, $id or $length)")
                }),
            None => Ok((field, text)),
        })
        .collect::<Result<_, _>>()?;
    Ok((list, alt))
}

/// The answer of `form` carrying `values`: its completion URC when it has
/// one, else its first response line (with `raw` bytes after it).
fn answer(
    dialect: &Dialect,
    form: &Form,
    values: &Values,
    numbers: &Numbers,
    raw: Vec<u8>,
) -> Result<Action, String> {
    let (list, alternative) = resolve(values, numbers)?;
    if let Some(completion) = &form.completion {
        completion_line(dialect, completion, &list, alternative.as_deref())?;
        return Ok(Action {
            completion: Some(list),
            alternative,
            ..Action::default()
        });
    }
    let item = form
        .response
        .items
        .first()
        .ok_or("the form has no response line and no completion to carry the answer")?;
    let text = response_line(dialect, &item.shape, &list, alternative.as_deref())?;
    Ok(Action {
        response: Some(vec![Line { text, raw }]),
        ..Action::default()
    })
}

/// A response line of `shape` with `values` set by field name.
fn response_line(
    dialect: &Dialect,
    shape: &Shape,
    values: &[(String, String)],
    alternative: Option<&str>,
) -> Result<String, String> {
    for (name, _) in values {
        let known = alternatives(shape)
            .iter()
            .any(|(_, l)| value_fields(l).any(|f| &f.name == name));
        if !known {
            return Err(format!("the response has no field `{name}`"));
        }
    }
    let lookup = |f: &ValueField| {
        let (_, text) = values.iter().find(|(n, _)| *n == f.name)?;
        literal_value(dialect, &f.ty, &given_literal(text))
            .or_else(|| Some(Value::Str(text.clone())))
    };
    write_shape(dialect, shape, alternative, &lookup).map_err(|e| e.to_string())
}

/// The lines of a text answer: one CRLF before the text and one after each
/// line, as a module prints a dump (a blank line stays a blank line).
fn text_lines(message: &[u8]) -> Vec<Line> {
    let body = message.strip_suffix(b"\r\n").unwrap_or(message);
    let (first, rest) = match body.windows(2).position(|w| w == b"\r\n") {
        Some(at) => (&body[..at], &body[at + 2..]),
        None => (body, &[][..]),
    };
    vec![Line {
        text: String::from_utf8_lossy(first).into_owned(),
        raw: rest.to_vec(),
    }]
}

/// The server's RETR answer: `+OK`, the lines dot-stuffed, the final `.`.
fn retr_answer(message: &[u8]) -> Vec<u8> {
    let mut out = b"+OK message follows\r\n".to_vec();
    for line in message.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b".") {
            out.push(b'.');
        }
        out.extend_from_slice(line);
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// One logged-in session.
#[derive(Debug, Default)]
struct Session {
    /// Message numbers marked for deletion (1-based).
    deleted: BTreeSet<usize>,
    /// What the reads show of the message retrieved last, still unread.
    retrieved: Option<Vec<u8>>,
}

/// The POP3 side of a simulated module: a mailbox and its session.
#[derive(Debug)]
pub struct Pop3Server {
    mailbox: Mailbox,
    credentials: Option<(String, String)>,
    session: Option<Session>,
}

impl Pop3Server {
    /// Serves `mailbox`, accepting only `credentials` (user, password) when given.
    pub fn new(mailbox: Mailbox, credentials: Option<(String, String)>) -> Self {
        Pop3Server {
            mailbox,
            credentials,
            session: None,
        }
    }

    /// The action for `cmd` if it is one of `config`'s operations.
    pub(crate) fn on_action(
        &mut self,
        config: &Pop3Config,
        dialect: &Dialect,
        cmd: &HostCommand<'_>,
        settings: &Settings,
    ) -> Option<Result<Action, String>> {
        let name = cmd.command.name.as_str();
        if config.read.command.eq_ignore_ascii_case(name) {
            return Some(self.read(config, dialect, cmd));
        }
        let entry = Entry {
            params: cmd.params.clone(),
            data: None,
        };
        let (what, op) = config.ops().into_iter().find(|(_, op)| {
            op.command.eq_ignore_ascii_case(name) && holds(&entry, op.when.as_ref())
        })?;
        let id = op
            .id
            .as_ref()
            .and_then(|p| lookup(&cmd.params, p))
            .and_then(Value::as_int)
            .and_then(|n| usize::try_from(n).ok());
        let numbers = match what {
            "login" => self.login(config, settings),
            "count" => self.count(),
            "list" => self.list(id),
            "retrieve" => self.retrieve(config, id),
            "delete" => self.delete(id),
            _ => self.logout(),
        };
        Some(reply(dialect, cmd.form, op, numbers))
    }

    /// The messages not marked for deletion, as (number, size).
    fn kept(&self) -> Vec<(usize, usize)> {
        let deleted = self.session.as_ref().map(|s| &s.deleted);
        self.mailbox
            .messages()
            .iter()
            .enumerate()
            .map(|(i, m)| (i + 1, m.data.len()))
            .filter(|(n, _)| !deleted.is_some_and(|d| d.contains(n)))
            .collect()
    }

    fn message(&self, id: Option<usize>) -> Option<Vec<u8>> {
        self.session.as_ref()?;
        let id = id?;
        let kept = self.kept().iter().any(|(n, _)| *n == id);
        let messages = self.mailbox.messages();
        kept.then(|| messages.get(id - 1).map(|m| m.data.clone()))
            .flatten()
    }

    fn login(&mut self, config: &Pop3Config, settings: &Settings) -> Option<Numbers> {
        let given = string(settings, &config.user).zip(string(settings, &config.password));
        let accepted = match (&self.credentials, given) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(want), Some(got)) => *want == got,
        };
        self.session = accepted.then(Session::default);
        accepted.then(Numbers::default)
    }

    fn count(&self) -> Option<Numbers> {
        self.session.as_ref()?;
        let kept = self.kept();
        Some(Numbers {
            count: Some(kept.len()),
            size: Some(kept.iter().map(|(_, s)| s).sum()),
            ..Numbers::default()
        })
    }

    fn list(&self, id: Option<usize>) -> Option<Numbers> {
        let message = self.message(id)?;
        Some(Numbers {
            id,
            size: Some(message.len()),
            ..Numbers::default()
        })
    }

    fn retrieve(&mut self, config: &Pop3Config, id: Option<usize>) -> Option<Numbers> {
        let message = self.message(id)?;
        let shown = match config.read.shows {
            Shows::RetrAnswer => retr_answer(&message),
            Shows::Message => message.clone(),
        };
        self.session.as_mut()?.retrieved = Some(shown);
        Some(Numbers {
            id,
            size: Some(message.len()),
            ..Numbers::default()
        })
    }

    fn delete(&mut self, id: Option<usize>) -> Option<Numbers> {
        self.message(id)?;
        let id = id?;
        self.session.as_mut()?.deleted.insert(id);
        Some(Numbers {
            id: Some(id),
            ..Numbers::default()
        })
    }

    /// Ends the session; the marked messages leave the mailbox.
    fn logout(&mut self) -> Option<Numbers> {
        let session = self.session.take()?;
        for n in session.deleted.iter().rev() {
            self.mailbox.remove(n - 1);
        }
        Some(Numbers::default())
    }

    fn read(
        &mut self,
        config: &Pop3Config,
        dialect: &Dialect,
        cmd: &HostCommand<'_>,
    ) -> Result<Action, String> {
        let read = &config.read;
        let pending = self
            .session
            .as_mut()
            .and_then(|s| s.retrieved.as_mut())
            .filter(|r| !r.is_empty());
        let Some(pending) = pending else {
            return match &read.refused {
                Some(values) => answer(dialect, cmd.form, values, &Numbers::default(), Vec::new()),
                None => Ok(error()),
            };
        };
        let Some(param) = &read.length else {
            return Ok(Action {
                response: Some(text_lines(pending)),
                ..Action::default()
            });
        };
        let want = lookup(&cmd.params, param)
            .and_then(Value::as_int)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("AT+{}: no `{param}` given", cmd.command.name))?;
        let chunk: Vec<u8> = pending.drain(..want.min(pending.len())).collect();
        let values = if pending.is_empty() {
            &read.last
        } else {
            &read.more
        };
        let values = values
            .as_ref()
            .ok_or("pop3.read needs `more` and `last` with `length`")?;
        let numbers = Numbers {
            length: Some(chunk.len()),
            ..Numbers::default()
        };
        answer(dialect, cmd.form, values, &numbers, chunk)
    }
}

fn error() -> Action {
    Action {
        final_line: Some(vec![String::from("ERROR")]),
        ..Action::default()
    }
}

/// The operation's answer: `ok` with `numbers`, else `refused` (or `ERROR`).
fn reply(
    dialect: &Dialect,
    form: &Form,
    op: &Pop3Op,
    numbers: Option<Numbers>,
) -> Result<Action, String> {
    match (numbers, &op.refused) {
        (Some(n), _) => answer(dialect, form, &op.ok, &n, Vec::new()),
        (None, Some(values)) => answer(dialect, form, values, &Numbers::default(), Vec::new()),
        (None, None) => Ok(error()),
    }
}

/// Every command, parameter and answer of `config` fits `dialect`.
pub fn check(config: &Pop3Config, dialect: &Dialect) -> Result<(), String> {
    for (what, op) in config.ops() {
        let form = op_form(dialect, &op.command, op.id.as_deref())
            .map_err(|e| format!("pop3.{what}: {e}"))?;
        let tables =
            std::iter::once(("ok", &op.ok)).chain(op.refused.iter().map(|r| ("refused", r)));
        for (which, values) in tables {
            answer(dialect, form, values, &Numbers::ones(), Vec::new())
                .map_err(|e| format!("pop3.{what}.{which}: {e}"))?;
        }
        if let Some(w) = &op.when {
            op_form(dialect, &op.command, Some(&w.param))
                .map_err(|e| format!("pop3.{what}.when: {e}"))?;
        }
    }
    let read = &config.read;
    let form = op_form(dialect, &read.command, read.length.as_deref())
        .map_err(|e| format!("pop3.read: {e}"))?;
    let tables = [
        ("more", &read.more),
        ("last", &read.last),
        ("refused", &read.refused),
    ];
    for (which, values) in tables {
        if let Some(values) = values {
            answer(dialect, form, values, &Numbers::ones(), Vec::new())
                .map_err(|e| format!("pop3.read.{which}: {e}"))?;
        }
    }
    if read.length.is_some() && (read.more.is_none() || read.last.is_none()) {
        return Err(String::from("pop3.read: `length` needs `more` and `last`"));
    }
    Ok(())
}

/// The form of `command` taking parameter `param` (its exec form without one).
fn op_form<'d>(
    dialect: &'d Dialect,
    command: &str,
    param: Option<&str>,
) -> Result<&'d Form, String> {
    let c = dialect
        .command(command)
        .ok_or_else(|| format!("the spec has no command AT+{command}"))?;
    let found = c.forms.iter().find(|f| match param {
        Some(p) => crate::spec::answer::flat_params(&f.params)
            .iter()
            .any(|q| q.name == p),
        None => f.kind == at_spec::ir::FormKind::Exec,
    });
    found.ok_or_else(|| match param {
        Some(p) => format!("AT+{command} has no parameter `{p}`"),
        None => format!("AT+{command} has no exec form"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retr_answer_stuffs_dot_lines_and_ends_with_a_dot_line() {
        let answer = retr_answer(b"Subject: x\r\n\r\n.\r\n..x\r\nOK\r\n");
        assert_eq!(
            answer,
            b"+OK message follows\r\nSubject: x\r\n\r\n..\r\n...x\r\nOK\r\n.\r\n".to_vec()
        );
    }

    #[test]
    fn a_text_dump_is_the_first_line_then_the_rest_without_the_last_crlf() {
        let lines = text_lines(b"a\r\n\r\nb\r\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "a");
        assert_eq!(lines[0].raw, b"\r\nb".to_vec());
    }

    #[test]
    fn an_unknown_number_is_refused_with_the_ones_there_are() {
        let mut values = Values::new();
        values.insert("count".into(), toml::Value::String("$total".into()));
        let err = resolve(&values, &Numbers::ones()).unwrap_err();
        assert!(err.contains("$total") && err.contains("$count"), "{err}");
    }
}
