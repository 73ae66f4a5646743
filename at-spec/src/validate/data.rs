//! Checks of data-entry phases: prompts, connect phases (lengths, caps,
//! escapes, result lines), chunked transfers and their link to a command.

use crate::ir::{DataPhase, Field, Form, LineShape, Shape, Span, Timeout, Type};
use crate::lower::closest;

use super::params::FormParams;
use super::{type_word, Validator};

impl Validator<'_> {
    pub(super) fn data(&mut self, f: &Form, data: &DataPhase, params: &FormParams) {
        let span = self
            .data_spans
            .get(&(f.span.file, f.span.start))
            .cloned()
            .unwrap_or_else(|| f.span.clone());
        let f_span = &span;
        match data {
            DataPhase::PromptCtrlZ => {}
            DataPhase::PromptExact(p) => self.int_param(f_span, "data prompt exact", p, params),
            DataPhase::PromptLine { prompt, length } => {
                self.prompt_line(f_span, prompt);
                self.int_param(f_span, "data prompt ... exact", length, params);
            }
            DataPhase::Connect(c) => {
                if let Some(p) = &c.length {
                    self.int_param(f_span, "length", p, params);
                    if let Some(cap) = c.max {
                        self.length_within_cap(f_span, p, cap, params);
                    }
                }
                if let Some(p) = c.idle_timeout.as_ref().and_then(Timeout::param) {
                    self.int_param(f_span, "timeout", p, params);
                }
                if let Some((esc, _)) = &c.escape {
                    if esc.is_empty() {
                        self.err(
                            f_span,
                            "`escape` sequence is empty",
                            "empty escape",
                            "write the sequence, e.g. `escape \"+++\" guard 1s`",
                        );
                    }
                }
                if c.length.is_none() && c.escape.is_none() && c.idle_timeout.is_none() {
                    self.err(
                        f_span,
                        "`data connect` has no way to end: give `length`, `escape` or `timeout`",
                        "endless data phase",
                        "e.g. `length body_len`, `escape \"+++\" guard 1s` or `timeout 90s`",
                    );
                }
                if let Some(result) = &c.result {
                    self.data_result(f_span, result);
                }
                self.connect_length(f_span, c);
            }
            DataPhase::Chunked(ch) => {
                let (urc_name, field) = &ch.ready;
                if !urc_name.is_empty() {
                    match self.index.urc(urc_name) {
                        None => {
                            let hint = match closest(
                                urc_name,
                                self.d.urcs.iter().map(|u| u.name.as_str()),
                            ) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "declare the URC that opens the window".to_string(),
                            };
                            self.err(
                                f_span,
                                format!("`ready {urc_name}.{field}` names an undeclared URC"),
                                "unknown URC",
                                hint,
                            );
                        }
                        Some(u) => {
                            let lines: Vec<&LineShape> = match &u.shape {
                                Shape::Line(l) => vec![l],
                                Shape::OneOf(a) => a.iter().map(|a| &a.line).collect(),
                                Shape::Text => Vec::new(),
                            };
                            self.int_field(
                                f_span,
                                &format!("ready {urc_name}.{field}"),
                                field,
                                &lines,
                            );
                        }
                    }
                }
                if !ch.request.is_empty() {
                    self.int_param(f_span, "request", &ch.request, params);
                }
                if !ch.granted.is_empty() {
                    let lines: Vec<&LineShape> = f
                        .response
                        .items
                        .iter()
                        .flat_map(|i| match &i.shape {
                            Shape::Line(l) => vec![l],
                            Shape::OneOf(a) => a.iter().map(|a| &a.line).collect(),
                            Shape::Text => Vec::new(),
                        })
                        .collect();
                    self.int_field(
                        f_span,
                        &format!("granted {}", ch.granted),
                        &ch.granted,
                        &lines,
                    );
                }
            }
        }
    }

    /// `after chunks <COMMAND>` names a command with a chunked data phase.
    pub(super) fn chunks_link(&mut self, span: &Span, name: &str) {
        let chunked = self.index.command(name).is_some_and(|c| {
            c.forms
                .iter()
                .any(|f| matches!(f.data, Some(DataPhase::Chunked(_))))
        });
        if !chunked {
            let hint = match closest(name, self.d.commands.iter().map(|c| c.name.as_str())) {
                Some(s) if s != name => format!("did you mean `{s}`?"),
                _ => "name the command whose form has `data chunked { ... }`".to_string(),
            };
            self.err(
                span,
                format!("`after chunks {name}`: `{name}` is no command with a chunked data phase"),
                "no chunked command",
                hint,
            );
        }
    }

    /// The line that opens a `data prompt "<line>" exact` phase.
    fn prompt_line(&mut self, span: &Span, prompt: &str) {
        if prompt.trim().is_empty() || prompt.trim() != prompt {
            self.err(
                span,
                format!("the prompt line {prompt:?} is empty or has surrounding spaces"),
                "bad prompt line",
                "write the line the module answers, e.g. `data prompt \"DOWNLOAD\" exact len`",
            );
        } else if matches!(prompt, "OK" | "ERROR" | "CONNECT" | ">") {
            self.err(
                span,
                format!("{prompt:?} can't open a data phase as a prompt line"),
                "reserved line",
                "use `data prompt exact` for `>` and `data connect` for `CONNECT`",
            );
        } else if !self.d.prompts.iter().any(|p| p.text == prompt) {
            self.err(
                span,
                format!("the prompt line {prompt:?} is not declared by the dialect"),
                "undeclared prompt",
                format!("declare it once in the spec: `prompt {prompt:?}`"),
            );
        }
    }

    /// A `length` parameter whose range allows more bytes than `max`.
    fn length_within_cap(&mut self, span: &Span, name: &str, cap: u64, params: &FormParams) {
        let Some(Type::Int(t)) = params.get(name).map(|p| &p.ty) else {
            return;
        };
        let hi = t.max.unwrap_or(i64::MAX);
        if u64::try_from(hi).is_ok_and(|hi| hi > cap) {
            self.err(
                span,
                format!("`length {name}` allows up to {hi} bytes, more than `max {cap}`"),
                "length above the cap",
                format!("bound the parameter: `{name}: int 0..={cap}`"),
            );
        }
    }

    /// The result line of a connect phase: a line, or `one_of` lines that
    /// share one prefix (the executor waits for that prefix).
    fn data_result(&mut self, span: &Span, result: &Shape) {
        self.shape(result, span);
        if let Shape::OneOf(alts) = result {
            if let Some(first) = alts.first() {
                if let Some(other) = alts.iter().find(|a| a.line.prefix != first.line.prefix) {
                    self.err(
                        &other.span,
                        format!(
                            "result alternative `{}` has prefix {:?}, `{}` has {:?}",
                            other.name, other.line.prefix, first.name, first.line.prefix
                        ),
                        "mixed prefixes",
                        "all alternatives of a data-phase result start with the same prefix",
                    );
                }
            }
        }
    }

    /// Checks that one of `lines` has an integer field `name`.
    pub(super) fn int_field(&mut self, span: &Span, what: &str, name: &str, lines: &[&LineShape]) {
        let found = lines
            .iter()
            .flat_map(|l| l.fields.iter())
            .find_map(|f| match f {
                Field::Value(v) if v.name == name => Some(v),
                _ => None,
            });
        match found {
            None => self.err(
                span,
                format!("`{what}`: no response field is named `{name}`"),
                "unknown field",
                format!("add an integer field `{name}: int` to the line it comes from"),
            ),
            Some(v) if !matches!(v.ty, Type::Int(_)) && !self.is_poisoned(&v.span) => {
                let msg = format!(
                    "`{what}`: field `{name}` is {}, not an integer",
                    type_word(&v.ty)
                );
                self.err(
                    span,
                    msg,
                    "not an integer",
                    "byte counts come from `int` fields",
                );
            }
            Some(_) => {}
        }
    }
}
