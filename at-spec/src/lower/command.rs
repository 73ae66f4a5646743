//! Commands: forms, parameters, rules, responses, data phases and completions.

use std::time::Duration;

use pest::iterators::{Pair, Pairs};

use super::Lower;
use crate::grammar::Rule;
use crate::ir::{
    Alternative, ChunkedPhase, Command, CompareOp, Completion, Condition, ConnectPhase, DataPhase,
    Field, Form, FormKind, IntType, LineShape, Literal, Param, ParamNode, Payload, Repeat,
    Requirement, Response, ResponseItem, Rule as SpecRule, Shape, Success, Timeout, Type,
    ValueField,
};

/// What a form's body sets.
struct Body {
    timeout: Duration,
    doc: String,
    rules: Vec<SpecRule>,
    response: Response,
    data: Option<DataPhase>,
    completion: Option<Completion>,
}

/// Every named parameter of a parameter list, nesting flattened, in order.
pub(crate) fn flat_params(nodes: &[ParamNode]) -> Vec<&Param> {
    let mut out = Vec::new();
    collect_params(nodes, &mut out);
    out
}

fn collect_params<'a>(nodes: &'a [ParamNode], out: &mut Vec<&'a Param>) {
    for n in nodes {
        match n {
            ParamNode::Param(p) => out.push(p),
            ParamNode::Optional(inner, _) => collect_params(inner, out),
            ParamNode::Literal(..) => {}
        }
    }
}

impl<'s> Lower<'s> {
    pub(super) fn lower_command(&mut self, file: usize, item: Pair<'s, Rule>) -> Command {
        let span = self.span(file, &item);
        let mut command = Command {
            name: String::new(),
            doc: String::new(),
            forms: Vec::new(),
            span,
        };
        let mut bodies = Vec::new();
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::ident => command.name = p.as_str().to_string(),
                Rule::string => command.doc = self.string(file, &p).unwrap_or_default(),
                Rule::form => {
                    let (form, body) = self.form_head(file, p);
                    command.forms.push(form);
                    bodies.push(body);
                }
                _ => {}
            }
        }
        // Write parameters of the command, for untyped response fields.
        let lowered: Vec<Option<Body>> = {
            let forms = &command.forms;
            let writes: Vec<&Param> = forms
                .iter()
                .filter(|f| f.kind == FormKind::Write)
                .flat_map(|f| flat_params(&f.params))
                .collect();
            forms
                .iter()
                .zip(bodies)
                .map(|(form, body)| {
                    let body = body?;
                    let own = flat_params(&form.params);
                    let mut lookup = if form.kind == FormKind::Write {
                        own.clone()
                    } else {
                        Vec::new()
                    };
                    lookup.extend(writes.iter().copied());
                    Some(self.form_body(file, body, form, &own, &lookup))
                })
                .collect()
        };
        for (form, body) in command.forms.iter_mut().zip(lowered) {
            if let Some(b) = body {
                form.timeout = b.timeout;
                form.doc = b.doc;
                form.rules = b.rules;
                form.response = b.response;
                form.data = b.data;
                form.completion = b.completion;
            }
        }
        command
    }

    /// Kind, key and parameters of a form; the body is lowered later.
    fn form_head(&mut self, file: usize, pair: Pair<'s, Rule>) -> (Form, Option<Pair<'s, Rule>>) {
        let span = self.span(file, &pair);
        let mut form = Form {
            kind: FormKind::Exec,
            key: None,
            params: Vec::new(),
            rules: Vec::new(),
            response: Response::default(),
            data: None,
            completion: None,
            timeout: self.default_timeout,
            doc: String::new(),
            span,
        };
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_test => form.kind = FormKind::Test,
                Rule::kw_read => form.kind = FormKind::Read,
                Rule::kw_write => form.kind = FormKind::Write,
                Rule::kw_exec => form.kind = FormKind::Exec,
                Rule::literal => form.key = self.literal(file, p),
                Rule::param_list => form.params = self.param_nodes(file, p.into_inner()),
                Rule::form_body => body = Some(p),
                _ => {}
            }
        }
        (form, body)
    }

    fn param_nodes(&mut self, file: usize, pairs: Pairs<'s, Rule>) -> Vec<ParamNode> {
        let mut out = Vec::new();
        for p in pairs {
            match p.as_rule() {
                Rule::param => out.push(ParamNode::Param(self.param(file, p))),
                Rule::literal => {
                    let span = self.span(file, &p);
                    if let Some(lit) = self.literal(file, p) {
                        out.push(ParamNode::Literal(lit, span));
                    }
                }
                Rule::opt_group => {
                    let span = self.span(file, &p);
                    let inner = self.param_nodes(file, p.into_inner());
                    out.push(ParamNode::Optional(inner, span));
                }
                _ => {}
            }
        }
        out
    }

    fn param(&mut self, file: usize, pair: Pair<'s, Rule>) -> Param {
        let span = self.span(file, &pair);
        let mut param = Param {
            name: String::new(),
            ty: Type::Int(IntType::default()),
            default: None,
            doc: String::new(),
            span,
        };
        let mut resolved = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => param.name = p.as_str().to_string(),
                Rule::type_expr => match self.lower_type(file, p) {
                    Some(ty) => {
                        param.ty = ty;
                        resolved = true;
                    }
                    None => self.poison(&param.span),
                },
                Rule::value if resolved => {
                    let ty = param.ty.clone();
                    param.default = self.value(file, p, Some(&ty));
                    if param.default.is_none() {
                        self.poison(&param.span);
                    }
                }
                Rule::string => param.doc = self.string(file, &p).unwrap_or_default(),
                _ => {}
            }
        }
        param
    }

    fn form_body(
        &mut self,
        file: usize,
        body: Pair<'s, Rule>,
        form: &Form,
        own: &[&Param],
        lookup: &[&Param],
    ) -> Body {
        let mut out = Body {
            timeout: form.timeout,
            doc: String::new(),
            rules: Vec::new(),
            response: Response::default(),
            data: None,
            completion: None,
        };
        let clauses: Vec<Pair<'s, Rule>> = body
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::p_lbrace | Rule::p_rbrace))
            .collect();
        let mut timeout_seen = false;
        for c in clauses
            .iter()
            .filter(|c| c.as_rule() == Rule::timeout_clause)
        {
            let span = self.span(file, c);
            if timeout_seen {
                self.error(
                    &span,
                    "`timeout` given twice in one form",
                    "second timeout",
                    "keep one `timeout` clause",
                );
                continue;
            }
            timeout_seen = true;
            if let Some(d) = c
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::duration)
            {
                if let Some(d) = self.duration(file, &d) {
                    out.timeout = d;
                }
            }
        }
        let mut doc_seen = false;
        for c in clauses {
            let span = self.span(file, &c);
            match c.as_rule() {
                Rule::doc_clause => {
                    if doc_seen {
                        self.error(
                            &span,
                            "`doc` given twice in one form",
                            "second doc",
                            "merge the two descriptions",
                        );
                    }
                    doc_seen = true;
                    if let Some(s) = c.into_inner().find(|p| p.as_rule() == Rule::string) {
                        out.doc = self.string(file, &s).unwrap_or_default();
                    }
                }
                Rule::rule => {
                    let rule = self.rule(file, c, own);
                    out.rules.push(rule);
                }
                Rule::response => {
                    let item = self.response_item(file, c, lookup);
                    out.response.items.push(item);
                }
                Rule::data => {
                    if out.data.is_some() {
                        self.error(
                            &span,
                            "a form has at most one `data` phase",
                            "second data phase",
                            "remove one of them",
                        );
                        continue;
                    }
                    self.data_spans
                        .insert((form.span.file, form.span.start), span);
                    out.data = self.data_phase(file, c, own, out.timeout);
                }
                Rule::completes => {
                    if out.completion.is_some() {
                        self.error(
                            &span,
                            "a form has at most one `completes` clause",
                            "second completion",
                            "remove one of them",
                        );
                        continue;
                    }
                    let mut urc = String::new();
                    let mut timeout = Timeout::Fixed(out.timeout);
                    let mut after_chunks = None;
                    let mut until = None;
                    let mut success = None;
                    for p in c.into_inner() {
                        match p.as_rule() {
                            Rule::ident => urc = p.as_str().to_string(),
                            Rule::chunks_link => {
                                after_chunks = p
                                    .into_inner()
                                    .find(|i| i.as_rule() == Rule::ident)
                                    .map(|i| i.as_str().to_string());
                            }
                            Rule::timeout_value => {
                                timeout = self.timeout_value(file, p, own, out.timeout)
                            }
                            // URC fields are checked in validation (the URC may come later).
                            Rule::condition => {
                                let mut ok = true;
                                until = Some(self.condition(file, p, &[], &mut ok));
                            }
                            Rule::success => success = Some(self.success(file, p)),
                            _ => {}
                        }
                    }
                    out.completion = Some(Completion {
                        urc,
                        timeout,
                        after_chunks,
                        until,
                        success,
                        span,
                    });
                }
                _ => {}
            }
        }
        out
    }

    fn rule(&mut self, file: usize, pair: Pair<'s, Rule>, params: &[&Param]) -> SpecRule {
        let span = self.span(file, &pair);
        let mut when = None;
        let mut then = None;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::condition => when = Some(self.condition(file, p, params, &mut ok)),
                Rule::requirement => {
                    let inner: Vec<Pair<'s, Rule>> = p.into_inner().collect();
                    let names = |v: &[Pair<'s, Rule>]| -> Vec<String> {
                        v.iter()
                            .filter(|q| q.as_rule() == Rule::ident)
                            .map(|q| q.as_str().to_string())
                            .collect()
                    };
                    then = match inner.first().map(|q| q.as_rule()) {
                        Some(Rule::kw_absent) => Some(Requirement::Absent(names(&inner))),
                        Some(Rule::kw_present) => Some(Requirement::Present(names(&inner))),
                        Some(Rule::kw_hex) => Some(Requirement::Hex(names(&inner).concat())),
                        Some(Rule::kw_ascii) => Some(Requirement::Ascii(names(&inner).concat())),
                        Some(Rule::kw_max) => {
                            let n = inner
                                .iter()
                                .find(|q| q.as_rule() == Rule::integer)
                                .and_then(|q| self.length(file, q));
                            if n.is_none() {
                                ok = false;
                            }
                            n.map(|n| Requirement::MaxLen(names(&inner).concat(), n))
                        }
                        _ => inner.into_iter().next().map(|q| {
                            Requirement::Compare(self.condition(file, q, params, &mut ok))
                        }),
                    };
                }
                _ => {}
            }
        }
        if !ok {
            self.poison(&span);
        }
        let when = when.unwrap_or(Condition {
            param: String::new(),
            op: CompareOp::Eq,
            values: Vec::new(),
        });
        SpecRule {
            when,
            then: then.unwrap_or(Requirement::Absent(Vec::new())),
            span,
        }
    }

    /// `success <condition>` or `success <Alternative>, ...` (URC fields and
    /// alternatives are checked in validation).
    fn success(&mut self, file: usize, pair: Pair<'s, Rule>) -> Success {
        let mut out = Success::Alternatives(Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::condition => {
                    let mut ok = true;
                    out = Success::When(self.condition(file, p, &[], &mut ok));
                }
                Rule::success_alts => {
                    let names = p
                        .into_inner()
                        .filter(|i| i.as_rule() == Rule::ident)
                        .map(|i| i.as_str().to_string())
                        .collect();
                    out = Success::Alternatives(names);
                }
                _ => {}
            }
        }
        out
    }

    fn condition(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        params: &[&Param],
        ok: &mut bool,
    ) -> Condition {
        let mut cond = Condition {
            param: String::new(),
            op: CompareOp::Eq,
            values: Vec::new(),
        };
        let mut ty: Option<Type> = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => {
                    cond.param = p.as_str().to_string();
                    ty = params
                        .iter()
                        .find(|q| q.name == cond.param)
                        .filter(|q| !self.poisoned.contains(&(q.span.file, q.span.start)))
                        .map(|q| q.ty.clone());
                }
                Rule::op_eq => cond.op = CompareOp::Eq,
                Rule::op_ne => cond.op = CompareOp::Ne,
                Rule::kw_in => cond.op = CompareOp::In,
                Rule::value => match self.value(file, p, ty.as_ref()) {
                    Some(v) => cond.values.push(v),
                    None => *ok = false,
                },
                _ => {}
            }
        }
        cond
    }

    fn response_item(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        lookup: &[&Param],
    ) -> ResponseItem {
        let span = self.span(file, &pair);
        let mut repeat = Repeat::One;
        let mut when_absent = None;
        let mut shape = Shape::Text;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_optional => repeat = Repeat::Optional,
                Rule::when_absent => {
                    repeat = Repeat::Optional;
                    when_absent = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::ident)
                        .map(|q| q.as_str().to_string());
                }
                Rule::kw_many => repeat = Repeat::Many,
                Rule::kw_text => shape = Shape::Text,
                Rule::one_of => shape = self.one_of(file, p, lookup),
                Rule::line_shape => shape = Shape::Line(self.line_shape(file, p, lookup)),
                _ => {}
            }
        }
        ResponseItem {
            repeat,
            when_absent,
            shape,
            span,
        }
    }

    /// `one_of { Name: line ... }`.
    pub(super) fn one_of(&mut self, file: usize, pair: Pair<'s, Rule>, lookup: &[&Param]) -> Shape {
        let mut alternatives = Vec::new();
        for alt in pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::alternative)
        {
            let span = self.span(file, &alt);
            let mut name = String::new();
            let mut doc = String::new();
            let mut line = None;
            for p in alt.into_inner() {
                match p.as_rule() {
                    Rule::ident => name = p.as_str().to_string(),
                    Rule::string => doc = self.string(file, &p).unwrap_or_default(),
                    Rule::line_shape => line = Some(self.line_shape(file, p, lookup)),
                    _ => {}
                }
            }
            if let Some(line) = line {
                alternatives.push(Alternative {
                    name,
                    line,
                    doc,
                    span,
                });
            }
        }
        Shape::OneOf(alternatives)
    }

    /// `"+PFX": fields [then ...]`; untyped fields take the type of the
    /// same-named parameter in `lookup`.
    pub(super) fn line_shape(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        lookup: &[&Param],
    ) -> LineShape {
        let span = self.span(file, &pair);
        let mut line = LineShape {
            prefix: String::new(),
            fields: Vec::new(),
            payload: None,
            trailing: false,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => line.prefix = self.string(file, &p).unwrap_or_default(),
                Rule::field => {
                    let Some(inner) = p.into_inner().next() else {
                        continue;
                    };
                    let span = self.span(file, &inner);
                    if inner.as_rule() == Rule::word_field {
                        let mut parts = inner.into_inner();
                        let (Some(word), Some(value)) = (parts.next(), parts.next()) else {
                            continue;
                        };
                        let text = self.string(file, &word).unwrap_or_default();
                        line.fields.push(Field::Word(text, span));
                        let field = self.value_field(file, value, lookup);
                        line.fields.push(Field::Value(field));
                    } else if inner.as_rule() == Rule::literal {
                        if let Some(lit) = self.literal(file, inner) {
                            line.fields.push(Field::Literal(lit, span));
                        }
                    } else {
                        let field = self.value_field(file, inner, lookup);
                        line.fields.push(Field::Value(field));
                    }
                }
                Rule::p_ellipsis => line.trailing = true,
                Rule::payload => {
                    let inner: Vec<Pair<'s, Rule>> = p.into_inner().collect();
                    line.payload = Some(match inner.iter().find(|q| q.as_rule() == Rule::ident) {
                        Some(field) => Payload::Counted(field.as_str().to_string()),
                        None => Payload::Text,
                    });
                }
                _ => {}
            }
        }
        line
    }

    fn value_field(&mut self, file: usize, pair: Pair<'s, Rule>, lookup: &[&Param]) -> ValueField {
        let span = self.span(file, &pair);
        let mut field = ValueField {
            name: String::new(),
            ty: Type::Int(IntType::default()),
            optional: false,
            text_limits: None,
            code_range: None,
            doc: String::new(),
            span,
        };
        let mut typed = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => field.name = p.as_str().to_string(),
                Rule::type_expr => {
                    typed = true;
                    let lowered = self.field_type(file, p);
                    field.text_limits = lowered.text_limits;
                    field.code_range = lowered.code_range;
                    match lowered.ty {
                        Some(ty) => field.ty = ty,
                        None => self.poison(&field.span),
                    }
                }
                Rule::p_question => field.optional = true,
                Rule::string => field.doc = self.string(file, &p).unwrap_or_default(),
                _ => {}
            }
        }
        if !typed {
            match lookup.iter().find(|p| p.name == field.name) {
                Some(param) => {
                    field.ty = param.ty.clone();
                    if self.poisoned.contains(&(param.span.file, param.span.start)) {
                        self.poison(&field.span);
                    }
                }
                None => {
                    let span = field.span.clone();
                    let msg = format!(
                        "field `{}` has no type and no write parameter of that name",
                        field.name
                    );
                    let help = format!(
                        "give it a type (`{}: int`, `{}: string`, ...); untyped fields take the type of the command's same-named write parameter",
                        field.name, field.name
                    );
                    self.error(&span, msg, "untyped field", &help);
                    self.poison(&span);
                }
            }
        }
        field
    }

    fn data_phase(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        params: &[&Param],
        form_timeout: Duration,
    ) -> Option<DataPhase> {
        let phase = pair.into_inner().find(|p| p.as_rule() != Rule::kw_data)?;
        let phase_span = self.span(file, &phase);
        match phase.as_rule() {
            Rule::prompt_ctrl_z => Some(DataPhase::PromptCtrlZ),
            Rule::prompt_exact => {
                let name = phase.into_inner().find(|p| p.as_rule() == Rule::ident)?;
                Some(DataPhase::PromptExact(name.as_str().to_string()))
            }
            Rule::prompt_line => {
                let inner: Vec<Pair<'s, Rule>> = phase.into_inner().collect();
                let prompt = inner
                    .iter()
                    .find(|p| p.as_rule() == Rule::string)
                    .and_then(|p| self.string(file, p))?;
                let length = inner.iter().find(|p| p.as_rule() == Rule::ident)?;
                Some(DataPhase::PromptLine {
                    prompt,
                    length: length.as_str().to_string(),
                })
            }
            Rule::connect => {
                let mut c = ConnectPhase {
                    after_ok: false,
                    length: None,
                    at_most: false,
                    taken: None,
                    max: None,
                    escape: None,
                    idle_timeout: None,
                    result: None,
                };
                for entry in phase.into_inner() {
                    if entry.as_rule() == Rule::after_ok {
                        c.after_ok = true;
                        continue;
                    }
                    if entry.as_rule() != Rule::connect_entry {
                        continue;
                    }
                    let span = self.span(file, &entry);
                    let inner: Vec<Pair<'s, Rule>> = entry.into_inner().collect();
                    let Some(key) = inner.first() else { continue };
                    let word = key.as_str().to_string();
                    let dup = match key.as_rule() {
                        Rule::kw_length => c.length.is_some(),
                        Rule::kw_taken => c.taken.is_some(),
                        Rule::kw_max => c.max.is_some(),
                        Rule::kw_escape => c.escape.is_some(),
                        Rule::kw_timeout => c.idle_timeout.is_some(),
                        _ => c.result.is_some(),
                    };
                    if dup {
                        self.error(
                            &span,
                            format!("`{word}` given twice in `data connect`"),
                            "repeated entry",
                            "keep one of them",
                        );
                        continue;
                    }
                    match key.as_rule() {
                        Rule::kw_length => {
                            c.at_most = inner.iter().any(|p| p.as_rule() == Rule::kw_at_most);
                            c.length = inner
                                .iter()
                                .find(|p| p.as_rule() == Rule::ident)
                                .map(|p| p.as_str().to_string());
                        }
                        Rule::kw_taken => {
                            c.taken = inner.get(1).map(|p| p.as_str().to_string());
                        }
                        Rule::kw_max => {
                            c.max = inner.get(1).and_then(|p| self.data_cap(file, p));
                        }
                        Rule::kw_escape => {
                            let text = inner.get(1).and_then(|p| self.string(file, p));
                            let guard = inner.get(3).and_then(|p| self.duration(file, p));
                            if let (Some(t), Some(g)) = (text, guard) {
                                c.escape = Some((t, g));
                            }
                        }
                        Rule::kw_timeout => {
                            if let Some(v) = inner.get(1).cloned() {
                                c.idle_timeout =
                                    Some(self.timeout_value(file, v, params, form_timeout));
                            }
                        }
                        _ => {
                            if let Some(v) = inner.get(1).cloned() {
                                c.result = Some(self.result_shape(file, v));
                            }
                        }
                    }
                }
                Some(DataPhase::Connect(c))
            }
            _ => {
                let mut ready = None;
                let mut request = None;
                let mut granted = None;
                for entry in phase
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::chunked_entry)
                {
                    let span = self.span(file, &entry);
                    let inner: Vec<Pair<'s, Rule>> = entry.into_inner().collect();
                    let Some(key) = inner.first() else { continue };
                    let idents: Vec<String> = inner
                        .iter()
                        .filter(|p| p.as_rule() == Rule::ident)
                        .map(|p| p.as_str().to_string())
                        .collect();
                    let slot = match key.as_rule() {
                        Rule::kw_ready => {
                            let value = (
                                idents.first().cloned().unwrap_or_default(),
                                idents.get(1).cloned().unwrap_or_default(),
                            );
                            ready.replace(value).is_some()
                        }
                        Rule::kw_request => request.replace(idents.concat()).is_some(),
                        _ => granted.replace(idents.concat()).is_some(),
                    };
                    if slot {
                        self.error(
                            &span,
                            format!("`{}` given twice in `data chunked`", key.as_str()),
                            "repeated entry",
                            "keep one of them",
                        );
                    }
                }
                let missing: Vec<&str> = [
                    ("ready", ready.is_none()),
                    ("request", request.is_none()),
                    ("granted", granted.is_none()),
                ]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| *n)
                .collect();
                if !missing.is_empty() {
                    self.error(
                        &phase_span,
                        format!("`data chunked` is missing {}", missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
                        "incomplete chunked phase",
                        "a chunked phase names `ready <Urc>.<field>`, `request <param>` and `granted <field>`",
                    );
                }
                Some(DataPhase::Chunked(ChunkedPhase {
                    ready: ready.unwrap_or_default(),
                    request: request.unwrap_or_default(),
                    granted: granted.unwrap_or_default(),
                }))
            }
        }
    }

    /// `max <n>` of a connect phase: a positive byte count.
    fn data_cap(&mut self, file: usize, pair: &Pair<'s, Rule>) -> Option<u64> {
        let n = self.integer(file, pair)?;
        match u64::try_from(n) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                let span = self.span(file, pair);
                self.error(
                    &span,
                    format!("`max {n}` caps the data phase at no byte at all"),
                    "not a positive size",
                    "give the most bytes the module takes, e.g. `max 10240`",
                );
                None
            }
        }
    }

    /// The `result` of a connect phase: one line shape or `one_of`.
    fn result_shape(&mut self, file: usize, pair: Pair<'s, Rule>) -> Shape {
        match pair.as_rule() {
            Rule::one_of => self.one_of(file, pair, &[]),
            _ => Shape::Line(self.line_shape(file, pair, &[])),
        }
    }

    /// `30s`, or `<param> [s [+ 10s] else 30s]`: the fallback is the `else` duration,
    /// else the parameter's default (in seconds), else the form's timeout.
    fn timeout_value(
        &mut self,
        file: usize,
        pair: Pair<'s, Rule>,
        params: &[&Param],
        form_timeout: Duration,
    ) -> Timeout {
        let mut name = None;
        let mut fallback = None;
        let mut margin = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::margin => {
                    margin = p
                        .into_inner()
                        .find(|d| d.as_rule() == Rule::duration)
                        .and_then(|d| self.duration(file, &d));
                }
                Rule::duration => {
                    let d = self.duration(file, &p);
                    if name.is_none() {
                        return Timeout::Fixed(d.unwrap_or(form_timeout));
                    }
                    fallback = d;
                }
                Rule::ident => name = Some(p.as_str().to_string()),
                _ => {}
            }
        }
        let name = name.unwrap_or_default();
        let fallback = fallback.unwrap_or_else(|| {
            params
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| match p.default {
                    Some(Literal::Int(n)) => u64::try_from(n).ok().map(Duration::from_secs),
                    _ => None,
                })
                .unwrap_or(form_timeout)
        });
        match margin {
            Some(margin) => Timeout::Margin {
                param: name,
                margin,
                fallback,
            },
            None => Timeout::Param(name, fallback),
        }
    }
}
