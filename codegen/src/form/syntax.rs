//! The docs of a form's request type: its command line and notes.

use at_spec::ir::{Command, Dialect, Form, FormKind, Literal};

use crate::enums::doc_or;
use crate::names::form_type_name;

/// The command line a form sends, for docs: `AT+SMTPSRV=<server>[,<port>]`.
pub(super) fn syntax(cmd: &Command, form: &Form) -> String {
    match form.kind {
        FormKind::Test => format!("AT+{}=?", cmd.name),
        FormKind::Read => format!("AT+{}?", cmd.name),
        FormKind::Exec => format!("AT+{}", cmd.name),
        FormKind::Write => {
            let mut s = format!("AT+{}=", cmd.name);
            let mut parts = Vec::new();
            if let Some(key) = &form.key {
                parts.push(lit(key));
            }
            describe(&form.params, &mut parts);
            s.push_str(&parts.join(","));
            s
        }
    }
}

fn lit(l: &Literal) -> String {
    match l {
        Literal::Int(i) => i.to_string(),
        Literal::Str(s) => format!("{s:?}"),
    }
}

fn describe(nodes: &[at_spec::ir::ParamNode], parts: &mut Vec<String>) {
    for n in nodes {
        match n {
            at_spec::ir::ParamNode::Param(p) => parts.push(format!("<{}>", p.name)),
            at_spec::ir::ParamNode::Literal(l, _) => parts.push(lit(l)),
            at_spec::ir::ParamNode::Optional(inner, _) => {
                let mut sub = Vec::new();
                describe(inner, &mut sub);
                let joined = sub.join(",");
                match parts.pop() {
                    Some(last) => parts.push(format!("{last}[,{joined}]")),
                    None => parts.push(format!("[{joined}]")),
                }
            }
        }
    }
}

/// The doc of a form's request type: the command's doc, the command line,
/// the form's doc and, for a completion after chunks, how to run it.
pub(super) fn type_doc(dialect: &Dialect, cmd: &Command, form: &Form, what: &str) -> String {
    let mut doc = format!(
        "{} ({what}).",
        doc_or(&cmd.doc, || format!("The `{}` command", cmd.name)).trim_end_matches('.')
    );
    if !form.doc.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&form.doc);
    }
    if let Some(other) = form
        .completion
        .as_ref()
        .and_then(|c| c.after_chunks.as_deref())
    {
        doc.push_str(&chunks_doc(dialect, other));
    }
    doc
}

/// Doc paragraph of a form whose completion comes after another command's
/// chunked transfer.
fn chunks_doc(dialect: &Dialect, other: &str) -> String {
    let chunk_ty = dialect
        .command(other)
        .and_then(|c| {
            c.forms
                .iter()
                .find(|f| f.kind == FormKind::Write)
                .map(|f| form_type_name(&c.name, f.key.as_ref(), f.kind))
        })
        .unwrap_or_else(|| other.to_string());
    format!(
        "\n\nBefore its completion the module may ask for `AT+{other}` chunks \
         (when there is data to transfer, e.g. an attachment): run it with \
         `modem.send_chunked(&cmd, |n| {chunk_ty}::new(n as _), data)`. A plain `send` \
         fails with `Error::Protocol` as soon as such a request arrives."
    )
}
