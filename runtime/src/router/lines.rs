//! Routing one framed line: the operation's echo, final results and error
//! lines, its claimed lines and payloads, awaited and held lines, and
//! everything else as a URC.

use std::borrow::Cow;

use super::*;

/// `trimmed` as text, and whether it is valid UTF-8 (checked once: the
/// line is never re-validated on its way; an invalid one is shown with
/// replacement characters but never typed).
#[inline]
fn text(trimmed: &[u8]) -> (Cow<'_, str>, bool) {
    if trimmed.is_ascii() {
        // The common case, checked inline (a call to `from_utf8` returns
        // its result through memory, which stalls the load right after).
        // SAFETY: ASCII bytes are valid UTF-8.
        let line = unsafe { std::str::from_utf8_unchecked(trimmed) };
        return (Cow::Borrowed(line), true);
    }
    match std::str::from_utf8(trimmed) {
        Ok(line) => (Cow::Borrowed(line), true),
        Err(_) => (String::from_utf8_lossy(trimmed), false),
    }
}

impl<D: Dialect> Router<D> {
    pub(super) fn on_line(&mut self, raw: &[u8], claim: Option<&dyn Fn(&str) -> Claim>) -> Step {
        let trimmed = raw.trim_ascii();
        if trimmed.is_empty() && self.stale_echo.is_none() {
            // The blank lines around every answer: kept only inside free text.
            if let Some(op) = self.op.as_mut().filter(|op| op.in_free_text) {
                op.lines.push(ResponseLine::Line(String::new()));
            }
            return Step::Nothing;
        }
        if let Some((echo, redacted)) = &self.stale_echo {
            if echo.as_slice() == trimmed {
                self.tracer.received_echo_bytes(redacted);
                self.stale_echo = None;
                return Step::Nothing;
            }
        }
        if !trimmed.is_empty() && self.tracer.enabled() {
            // Masking is for the trace alone: skipped when nobody traces.
            let echo = self.op.as_ref().and_then(Op::due_echo);
            if echo != Some(trimmed) {
                self.tracer.received_line(&self.masked(raw));
            }
        }
        let Some(op) = self.op.as_mut() else {
            if trimmed.is_empty() {
                return Step::Nothing;
            }
            let (line, utf8) = text(trimmed);
            if self.orphaned {
                match finals::classify::<D>(&line) {
                    // May explain the late ERROR that is still to come.
                    Some(FinalKind::VendorLine(error)) => {
                        self.hold(raw, error);
                        return Step::Nothing;
                    }
                    Some(_) => {
                        self.orphaned = false;
                        self.tracer
                            .note("late final result of a timed-out command skipped");
                        return Step::Nothing;
                    }
                    None => {}
                }
            }
            self.route_urc_text(trimmed, line, utf8);
            return Step::Nothing;
        };

        if op.due_echo() == Some(trimmed) && !trimmed.is_empty() {
            op.echo_due = false;
            op.echo_seen = true;
            op.orphan_before_echo = false;
            self.tracer.received_echo_bytes(op.redacted());
            return Step::Nothing;
        }
        if trimmed.is_empty() {
            if op.in_free_text {
                op.lines.push(ResponseLine::Line(String::new()));
            }
            return Step::Nothing;
        }
        let (line, utf8) = text(trimmed);

        if op.orphan_before_echo {
            // Before this command's echo, lines are the late answer of the
            // timed-out one (its final result is skipped) or URCs.
            match finals::classify::<D>(&line) {
                Some(FinalKind::VendorLine(error)) => self.hold(raw, error),
                Some(_) => {
                    op.orphan_before_echo = false;
                    op.skipped_orphan = true;
                    self.tracer
                        .note("late final result of a timed-out command skipped");
                }
                None => self.route_urc_text(trimmed, line, utf8),
            }
            return Step::Nothing;
        }

        let opens = match op.data_start {
            Some(DataStart::Connect) => {
                finals::is_connect(&line) || finals::declared_prompt::<D>(&line).is_some()
            }
            Some(DataStart::Prompt) => finals::declared_prompt::<D>(&line).is_some(),
            Some(DataStart::Line(prompt)) => line == prompt,
            None => false,
        };
        if opens {
            op.data_start = None;
            op.in_data = true;
            return Step::DataStart;
        }
        // Some modules prompt again for every line of text entered.
        if op.in_data && op.collecting && line == ">" {
            self.tracer.received_prompt();
            return Step::Nothing;
        }

        if op.collecting {
            let kind = finals::classify::<D>(&line).or_else(|| {
                if finals::is_connect(&line) {
                    Some(FinalKind::Failed(ModemError::UnexpectedConnect(
                        line.clone().into_owned(),
                    )))
                } else {
                    finals::declared_prompt::<D>(&line)
                        .map(|p| FinalKind::Failed(ModemError::UnexpectedPrompt(p)))
                }
            });
            if let Some(kind) = kind {
                let result = match kind {
                    FinalKind::VendorLine(error) => {
                        self.hold(raw, error);
                        return Step::Nothing;
                    }
                    FinalKind::Ok => Ok(()),
                    FinalKind::Error => Err(match op.vendor_line.take() {
                        Some(v) => ModemError::Line(v),
                        None => ModemError::Error,
                    }),
                    FinalKind::Failed(ModemError::Text(text)) => Err(ModemError::Text(
                        String::from_utf8_lossy(&Self::masked_with(&self.secrets, text.as_bytes()))
                            .into_owned(),
                    )),
                    FinalKind::Failed(error) => Err(error),
                };
                op.collecting = false;
                op.data_start = None;
                op.in_data = false;
                self.framer.stop_echo();
                if op.in_free_text {
                    op.in_free_text = false;
                    while op.lines.last() == Some(&ResponseLine::Line(String::new())) {
                        op.lines.pop();
                    }
                }
                self.framer.set_prompt_expected(false);
                return match result {
                    Ok(()) => Step::FinalOk,
                    Err(error) => {
                        self.failed = Some(error);
                        Step::FinalErr
                    }
                };
            }
        }
        self.route_collected(raw, line, utf8, claim)
    }

    /// Holds a vendor-error candidate until the next line is known.
    pub(super) fn hold(&mut self, raw: &[u8], error: VendorError) {
        self.held = Some(Held {
            raw: raw.to_vec(),
            error,
        });
    }

    /// Routes a line that is no final result while an operation runs: the
    /// command's (free text, claim), an awaited line, or a URC.
    pub(super) fn route_collected(
        &mut self,
        raw: &[u8],
        line: Cow<'_, str>,
        utf8: bool,
        claim: Option<&dyn Fn(&str) -> Claim>,
    ) -> Step {
        if utf8 && self.offer_completion(&line) {
            return Step::Nothing;
        }
        let Some(op) = self.op.as_mut() else {
            self.route_urc(line);
            return Step::Nothing;
        };
        if op.collecting {
            if op.in_free_text {
                let bytes = raw.trim_ascii_end();
                let text = String::from_utf8_lossy(bytes);
                // A declared URC (starting the line) interrupts the text.
                if text == line && is_declared_urc::<D>(&line) {
                    self.route_urc(line);
                    return Step::Nothing;
                }
                Self::refuse_non_utf8(op, bytes);
                let text = text.into_owned();
                Self::collect(op, &self.limits, ResponseLine::Line(text));
                return Step::Claimed;
            }
            match claim.map_or(Claim::NotMine, |claim| claim(&line)) {
                Claim::Mine => {
                    if !utf8 {
                        Self::refuse_non_utf8(op, raw.trim_ascii());
                    }
                    let kept = self.spare.string(&line);
                    Self::collect(op, &self.limits, ResponseLine::Line(kept));
                    op.in_free_text = op.free_text;
                    return Step::Claimed;
                }
                Claim::MineWithPayload(n) => {
                    Self::refuse_non_utf8(op, raw.trim_ascii());
                    let line = line.into_owned();
                    if n > self.limits.max_payload {
                        // A lying or absurd length must not make the
                        // framer buffer it: refuse, frame on as lines.
                        op.refused.get_or_insert(Refusal::Payload {
                            announced: n,
                            limit: self.limits.max_payload,
                        });
                        self.tracer.note("counted payload over the limit refused");
                        return Step::Claimed;
                    }
                    if n == 0 {
                        Self::collect(op, &self.limits, ResponseLine::Line(line));
                        Self::collect(op, &self.limits, ResponseLine::Payload(Vec::new()));
                        return Step::Claimed;
                    }
                    Self::collect(op, &self.limits, ResponseLine::Line(line.clone()));
                    self.framer.expect_payload(n);
                    self.payload_owner = Some(PayloadOwner::Op(line));
                    return Step::Nothing;
                }
                Claim::PayloadOverMax { announced, max } => {
                    Self::refuse_non_utf8(op, raw.trim_ascii());
                    Self::collect(op, &self.limits, ResponseLine::Line(line.into_owned()));
                    op.refused.get_or_insert(Refusal::Payload {
                        announced,
                        limit: max.min(self.limits.max_payload),
                    });
                    self.tracer
                        .note("counted payload over the declared maximum refused");
                    return Step::Claimed;
                }
                Claim::Unrecognised => {
                    if !op.awaited.iter().any(|p| has_prefix(&line, p))
                        && !is_declared_urc::<D>(&line)
                    {
                        if op.unrecognised.len() < MAX_UNRECOGNISED {
                            // Shown to the caller: secrets masked.
                            let masked = Self::masked_with(&self.secrets, line.as_bytes());
                            op.unrecognised
                                .push(String::from_utf8_lossy(&masked).into_owned());
                        } else {
                            self.tracer.note("too many unrecognised lines; one dropped");
                        }
                        return Step::Nothing;
                    }
                }
                Claim::NotMine => {}
            }
        }
        if utf8 && op.awaited.iter().any(|p| has_prefix(&line, p)) {
            // Filled in place; `next_event` moves it into the event.
            let kept = self.spare.awaited_line.get_or_insert_with(String::new);
            kept.clear();
            kept.push_str(&line);
            return Step::Awaited;
        }
        self.route_urc_text(raw.trim_ascii(), line, utf8);
        Step::Nothing
    }

    /// Refuses the answer if a line of it is not valid UTF-8.
    pub(super) fn refuse_non_utf8(op: &mut Op, text: &[u8]) {
        if let Err(e) = std::str::from_utf8(text) {
            let line = op.lines.len() + 1;
            op.refused.get_or_insert(Refusal::Utf8 {
                line,
                offset: e.valid_up_to(),
            });
        }
    }

    /// Queues a line the operation was handed but does not want, as a URC.
    pub fn route_line_as_urc(&mut self, line: String) {
        self.route_urc(Cow::Owned(line));
    }

    /// Queues `raw` as a URC: text if it is UTF-8, else [`Urc::Raw`].
    pub(super) fn route_urc_raw(&mut self, raw: &[u8]) {
        match std::str::from_utf8(raw) {
            Ok(line) => self.route_urc(Cow::Borrowed(line)),
            Err(_) => self.route_urc_text(raw, Cow::Borrowed(""), false),
        }
    }

    /// [`Router::route_urc_raw`] for a line already checked: `line` is
    /// `raw` as text when `utf8`, else `raw` is queued as [`Urc::Raw`].
    pub(super) fn route_urc_text(&mut self, raw: &[u8], line: Cow<'_, str>, utf8: bool) {
        if utf8 {
            self.route_urc(line);
        } else {
            let raw = self.masked(raw).into_owned();
            self.urcs.push(Urc::Raw(raw));
        }
    }

    /// Queues `line` as a URC (unless the outstanding completion takes it);
    /// copies it only if it is kept as text.
    pub(super) fn route_urc(&mut self, line: Cow<'_, str>) {
        if self.offer_completion(&line) {
            return;
        }
        if let Some(n) = D::urc_payload_len(&line) {
            let limit = D::urc_payload_max(&line).map_or(self.limits.max_payload, |max| {
                max.min(self.limits.max_payload)
            });
            if n > limit {
                self.tracer.note("URC payload over the limit refused");
                let line = self.masked_text(line.as_bytes());
                self.urcs.push(Urc::PayloadTooLarge { line, announced: n });
                return;
            }
            let line = line.into_owned();
            if n > 0 {
                self.framer.expect_payload(n);
                self.payload_owner = Some(PayloadOwner::Urc(line));
                return;
            }
            let urc = D::parse_urc(&line);
            let line = self.masked_text(line.as_bytes());
            self.urcs.push(Urc::WithPayload {
                line,
                urc,
                payload: Vec::new(),
            });
            return;
        }
        self.push_urc(&line);
    }

    /// Queues `line` (no payload header) as a typed or unknown URC.
    pub(super) fn push_urc(&mut self, line: &str) {
        match D::parse_urc(line) {
            Some(urc) => self.urcs.push(Urc::Typed(urc)),
            None => {
                let text = self.masked_text(line.as_bytes());
                self.urcs.push(Urc::Unknown(text));
            }
        }
    }
}
