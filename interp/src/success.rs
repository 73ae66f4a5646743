//! Whether a matched completion line reports success, as the spec's
//! `success` clause declares it (the same judgement as the generated
//! `Command::outcome_succeeded`).

use at_spec::ir::{CompareOp, Completion, Literal, Success};

use crate::line::Matched;
use crate::value::Value;

/// `Some(true)` / `Some(false)` when the completion declares `success`;
/// `None` when the spec makes no claim (nothing is guessed).
///
/// A `success <field> ...` condition over a field the matched line does not
/// have (another `one_of` alternative, or a left-off optional field) is not
/// a success.
pub fn succeeded(completion: &Completion, m: &Matched) -> Option<bool> {
    Some(match completion.success.as_ref()? {
        Success::Alternatives(names) => m
            .alternative
            .as_ref()
            .is_some_and(|a| names.iter().any(|n| n == a)),
        Success::When(cond) => {
            let Some(v) = m
                .values
                .iter()
                .find(|v| v.name == cond.param)
                .map(|v| &v.value)
                .filter(|v| !matches!(v, Value::Absent))
            else {
                return Some(false);
            };
            let any = cond.values.iter().any(|lit| equals(v, lit));
            match cond.op {
                CompareOp::Eq | CompareOp::In => any,
                CompareOp::Ne => !any,
            }
        }
    })
}

/// Whether `v` is the spec's literal: a value name (enum variant or code
/// name) or the value itself.
fn equals(v: &Value, lit: &Literal) -> bool {
    match (v, lit) {
        (Value::Enum { variant, value, .. }, lit) => {
            value == lit || matches!(lit, Literal::Str(s) if s == variant)
        }
        (Value::Code { code, .. }, Literal::Int(n)) => code == n,
        (Value::Code { known, .. }, Literal::Str(s)) => {
            known.as_ref().is_some_and(|(name, _)| name == s)
        }
        (Value::Int(a), Literal::Int(b)) => a == b,
        (Value::Str(a) | Value::Text(a), Literal::Str(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::match_shape;

    const SPEC: &str = r#"
dialect t { vendor "v" family "f" manual "m" version "1" timeout 1s }
codes R "result" {
    1  Sent "sent"
    61 Net  "network"
}
enum S "status" {
    "OK"      Open    "open"
    "SUCCESS" Success "done"
}
urc Done "outcome" "+DONE": code: R
urc Num "count" one_of {
    Listed:   "+NUM": 1, count: int
    Negative: "+NUM": 0
}
urc St "status" one_of {
    Status: "+ST": status: S
    Other:  "+ST": detail: text
}
urc Plain "no claim" "+PLAIN": code: R
command A "a" { exec { completes Done within 1s success code == Sent } }
command B "b" { exec { completes Num within 1s success Listed } }
command C "c" { exec { completes St within 1s success status == Success } }
command D "d" { exec { completes Plain within 1s } }
"#;

    fn judge(command: &str, line: &str) -> Option<bool> {
        let d = at_spec::parse_str("t.atspec", SPEC).expect("valid spec");
        let done = d.command(command).unwrap().forms[0].completion.clone().unwrap();
        let urc = d.urc(&done.urc).unwrap();
        let m = match_shape(&d, &urc.shape, line).expect("the line matches");
        succeeded(&done, &m)
    }

    #[test]
    fn a_declared_success_judges_each_outcome() {
        assert_eq!(judge("A", "+DONE: 1"), Some(true));
        assert_eq!(judge("A", "+DONE: 61"), Some(false));
        assert_eq!(judge("A", "+DONE: 99"), Some(false));
        assert_eq!(judge("B", "+NUM: 1,3"), Some(true));
        assert_eq!(judge("B", "+NUM: 0"), Some(false));
        assert_eq!(judge("C", "+ST: SUCCESS"), Some(true));
        assert_eq!(judge("C", "+ST: OK"), Some(false));
        assert_eq!(judge("C", "+ST: SOMETHING ELSE"), Some(false));
    }

    #[test]
    fn without_success_nothing_is_guessed() {
        // The first code of the table is not taken to mean success.
        assert_eq!(judge("D", "+PLAIN: 1"), None);
        assert_eq!(judge("D", "+PLAIN: 61"), None);
    }
}
