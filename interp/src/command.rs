//! Host command lines (`AT+X=...`, `AT+X?`, `AT+X=?`, `AT+X`) read against a dialect.
//!
//! A line is accepted exactly when the generated request type could have
//! encoded it: the command and form exist, a keyed form's key is first, every
//! parameter is in its place with its type and constraints (integers and
//! enums bare, strings quoted unless `unquoted`, a `non_ascii_marker` string
//! as `marker"HEX"`), optional groups are whole, nothing is left over, and
//! every rule holds. `AT` and the command name are matched case-insensitively
//! (V.250 command names are). Refusals name the field and say why.

use std::fmt;

use at_spec::ir::{Command, Dialect, Form, FormKind, Literal, Type};
use atspec_runtime::wire::{Fields, RawField};

use crate::params::{broken_rule, rule_field, rule_text, Layout, SlotItem};
use crate::typed::{self, lit_text, shown, Problem, Side};
use crate::value::{NamedValue, Value};

/// A host command line the dialect accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct HostCommand<'d> {
    /// The command.
    pub command: &'d Command,
    /// The form that was sent.
    pub form: &'d Form,
    /// Every parameter of the form in spec order; left off ones are [`Value::Absent`].
    pub params: Vec<NamedValue>,
}

impl HostCommand<'_> {
    /// The value of parameter `name` (absent parameters give `Value::Absent`).
    pub fn get(&self, name: &str) -> Option<&Value> {
        crate::value::lookup(&self.params, name)
    }

    /// The form's kind.
    pub fn kind(&self) -> FormKind {
        self.form.kind
    }
}

/// Why a host command line was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// The line does not start with `AT`.
    NotAt,
    /// An `AT` line that is not an extended `AT+` command (`ATE0`, `AT`, `AT&F`).
    Basic(String),
    /// Several commands in one line (`;`), which this interpreter does not split.
    Concatenated,
    /// The dialect has no command of this name.
    UnknownCommand(String),
    /// The command has no form of this kind.
    NoSuchForm {
        /// Command name.
        command: String,
        /// The form the line has.
        kind: FormKind,
    },
    /// A keyed write form whose key is none of the spec's.
    UnknownKey {
        /// Command name.
        command: String,
        /// The first field as found.
        found: String,
        /// The keys the spec knows.
        known: Vec<String>,
    },
    /// A parameter is wrong.
    Param {
        /// Its name (a constant: the constant).
        field: String,
        /// Why.
        problem: Problem,
    },
    /// More fields than the form has parameters.
    TooMany {
        /// Positions the form has (key included).
        known: usize,
        /// Fields on the line.
        found: usize,
    },
    /// A cross-parameter rule does not hold.
    Rule {
        /// The parameter it is reported against.
        field: String,
        /// The rule as the spec writes it.
        rule: String,
    },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::NotAt => f.write_str("not an AT command line"),
            CommandError::Basic(s) => write!(f, "basic command `{s}` (not an AT+ command)"),
            CommandError::Concatenated => {
                f.write_str("several commands joined with `;` (send them one by one)")
            }
            CommandError::UnknownCommand(n) => write!(f, "unknown command AT+{n} for this dialect"),
            CommandError::NoSuchForm { command, kind } => {
                write!(f, "AT+{command} has no {} form", kind_word(*kind))
            }
            CommandError::UnknownKey {
                command,
                found,
                known,
            } => write!(
                f,
                "AT+{command}: unknown sub-command {found} (known: {})",
                known.join(", ")
            ),
            CommandError::Param { field, problem } => write!(f, "parameter `{field}`: {problem}"),
            CommandError::TooMany { known, found } => {
                write!(f, "{found} parameters where the form takes at most {known}")
            }
            CommandError::Rule { field, rule } => {
                write!(f, "parameter `{field}`: violates rule `{rule}`")
            }
        }
    }
}

impl std::error::Error for CommandError {}

/// The spec keyword of a form kind (`test`, `read`, `write`, `exec`).
pub fn kind_word(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Test => "test",
        FormKind::Read => "read",
        FormKind::Write => "write",
        FormKind::Exec => "exec",
    }
}

/// The command name and form of an `AT+` line, and the text after `=`.
///
/// `Ok((name, kind, params))`; the name is as written (case kept).
pub fn split_command(line: &str) -> Result<(&str, FormKind, &str), CommandError> {
    let line = line.trim_end_matches([' ', '\r', '\n']);
    let head = line.get(..2).ok_or(CommandError::NotAt)?;
    if !head.eq_ignore_ascii_case("AT") {
        return Err(CommandError::NotAt);
    }
    let Some(rest) = line[2..].strip_prefix('+') else {
        return Err(CommandError::Basic(line.to_owned()));
    };
    if has_unquoted_semicolon(rest) {
        return Err(CommandError::Concatenated);
    }
    let end = rest.find(['=', '?']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let (kind, params) = if tail.is_empty() {
        (FormKind::Exec, "")
    } else if tail == "?" {
        (FormKind::Read, "")
    } else if tail == "=?" {
        (FormKind::Test, "")
    } else if let Some(p) = tail.strip_prefix('=') {
        (FormKind::Write, p)
    } else {
        return Err(CommandError::Basic(line.to_owned()));
    };
    Ok((name, kind, params))
}

fn has_unquoted_semicolon(s: &str) -> bool {
    let mut quoted = false;
    s.chars().any(|c| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ';' && !quoted
    })
}

/// Reads a host command line (without its CR) against `dialect`.
pub fn parse_command<'d>(
    dialect: &'d Dialect,
    line: &str,
) -> Result<HostCommand<'d>, CommandError> {
    let (name, kind, text) = split_command(line)?;
    let command = dialect
        .commands
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| CommandError::UnknownCommand(name.to_owned()))?;
    let no_form = || CommandError::NoSuchForm {
        command: command.name.clone(),
        kind,
    };
    let mut fields: Vec<RawField<'_>> = Fields::new(text).collect();
    let form = pick_form(command, kind, &mut fields)?.ok_or_else(no_form)?;
    let params = read_params(dialect, form, &fields)?;
    Ok(HostCommand {
        command,
        form,
        params,
    })
}

/// The form of `kind`; for keyed write forms the one whose key is the first
/// field (which is then taken off `fields`).
fn pick_form<'d>(
    command: &'d Command,
    kind: FormKind,
    fields: &mut Vec<RawField<'_>>,
) -> Result<Option<&'d Form>, CommandError> {
    let mut forms = command.forms_of(kind).peekable();
    let keyed = forms.peek().is_some_and(|f| f.key.is_some());
    if !keyed {
        return Ok(command.forms_of(kind).next());
    }
    let first = fields.first().copied();
    let found = command.forms_of(kind).find(|f| match (&f.key, first) {
        (Some(Literal::Str(k)), Some(r)) => r.quoted && r.text == k,
        (Some(Literal::Int(k)), Some(r)) => !r.quoted && r.as_i64() == Some(*k),
        _ => false,
    });
    match found {
        Some(f) => {
            fields.remove(0);
            Ok(Some(f))
        }
        None => Err(CommandError::UnknownKey {
            command: command.name.clone(),
            found: first.map_or(String::from("nothing"), |r| shown(&r, false)),
            known: command
                .forms_of(kind)
                .filter_map(|f| f.key.as_ref().map(lit_text))
                .collect(),
        }),
    }
}

fn read_params(
    dialect: &Dialect,
    form: &Form,
    fields: &[RawField<'_>],
) -> Result<Vec<NamedValue>, CommandError> {
    let layout = Layout::of(&form.params);
    let key = usize::from(form.key.is_some());
    if fields.len() > layout.slots.len() {
        return Err(CommandError::TooMany {
            known: layout.slots.len() + key,
            found: fields.len() + key,
        });
    }
    let given = |i: usize| fields.get(i).filter(|r| !r.is_blank());
    // A group is present when any position inside it is given.
    let mut present = vec![false; layout.groups];
    for (i, slot) in layout.slots.iter().enumerate() {
        if given(i).is_some() {
            for &g in &slot.groups {
                present[g] = true;
            }
        }
    }
    let mut values = Vec::new();
    for (i, slot) in layout.slots.iter().enumerate() {
        let active = slot.groups.iter().all(|&g| present[g]);
        let raw = given(i);
        match slot.item {
            SlotItem::Literal(lit) => {
                if active && !literal_ok(lit, raw) {
                    return Err(param_error(lit_text(lit), lit_text(lit), raw, false));
                }
            }
            SlotItem::Param(p) => {
                let value = match raw {
                    Some(r) if active => {
                        typed::read(dialect, &p.ty, *r, Side::Param).map_err(|problem| {
                            CommandError::Param {
                                field: p.name.clone(),
                                problem,
                            }
                        })?
                    }
                    None if active => {
                        let expected = typed::describe(dialect, &p.ty);
                        return Err(param_error(p.name.clone(), expected, None, false));
                    }
                    _ => Value::Absent,
                };
                values.push(NamedValue::new(p.name.clone(), value));
            }
        }
    }
    if let Some(rule) = broken_rule(dialect, &layout, &form.rules, &values) {
        return Err(CommandError::Rule {
            field: rule_field(rule).to_owned(),
            rule: rule_text(rule),
        });
    }
    Ok(values)
}

fn literal_ok(lit: &Literal, raw: Option<&RawField<'_>>) -> bool {
    match (lit, raw) {
        (Literal::Int(i), Some(r)) => !r.quoted && r.as_i64() == Some(*i),
        (Literal::Str(s), Some(r)) => r.quoted && r.text == s,
        (_, None) => false,
    }
}

fn param_error(
    field: String,
    expected: String,
    raw: Option<&RawField<'_>>,
    secret: bool,
) -> CommandError {
    let found = raw.map_or(String::from("nothing (left off)"), |r| shown(r, secret));
    CommandError::Param {
        field,
        problem: Problem::new(expected, found),
    }
}

/// The command line with every secret parameter written as `***`, as the
/// generated `redacted()` writes it; other fields are kept as sent.
pub fn redact_line(dialect: &Dialect, line: &str) -> String {
    let Ok(cmd) = parse_command(dialect, line) else {
        return redact_unparsed(dialect, line);
    };
    let secrets: Vec<usize> = secret_positions(&cmd);
    if secrets.is_empty() {
        return line.to_owned();
    }
    rewrite_fields(line, |i| secrets.contains(&i))
}

/// Field positions (after `=`, key included) holding secrets.
fn secret_positions(cmd: &HostCommand<'_>) -> Vec<usize> {
    let key = usize::from(cmd.form.key.is_some());
    Layout::of(&cmd.form.params)
        .slots
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.item, SlotItem::Param(p) if typed::is_secret(&p.ty)))
        .map(|(i, _)| i + key)
        .collect()
}

/// A line the dialect refuses: secrets cannot be placed by name, so the
/// fields at every position where any form of that command has a secret are
/// masked (over-masking beats a leak).
fn redact_unparsed(dialect: &Dialect, line: &str) -> String {
    let Ok((name, FormKind::Write, _)) = split_command(line) else {
        return line.to_owned();
    };
    let Some(command) = dialect
        .commands
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name))
    else {
        return line.to_owned();
    };
    let mut positions = Vec::new();
    for form in command.forms_of(FormKind::Write) {
        let key = usize::from(form.key.is_some());
        for (i, s) in Layout::of(&form.params).slots.iter().enumerate() {
            if matches!(s.item, SlotItem::Param(p) if typed::is_secret(&p.ty) || matches!(p.ty, Type::Masked))
            {
                positions.push(i + key);
            }
        }
    }
    if positions.is_empty() {
        return line.to_owned();
    }
    rewrite_fields(line, |i| positions.contains(&i))
}

/// `line` with the fields after `=` for which `mask(i)` holds replaced by `***`.
fn rewrite_fields(line: &str, mask: impl Fn(usize) -> bool) -> String {
    let Some(eq) = line.find('=') else {
        return line.to_owned();
    };
    let (head, rest) = line.split_at(eq + 1);
    let mut out = String::from(head);
    let mut field = 0;
    let mut quoted = false;
    let mut masking = mask(0);
    let mut wrote_mask = false;
    for c in rest.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == ',' && !quoted {
            field += 1;
            masking = mask(field);
            wrote_mask = false;
            out.push(c);
            continue;
        }
        if masking {
            if !wrote_mask {
                out.push_str("***");
                wrote_mask = true;
            }
        } else {
            out.push(c);
        }
    }
    out
}
