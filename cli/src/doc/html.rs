//! The static HTML page: the Markdown rendered by pulldown-cmark, with a
//! fixed index of every command, URC and table beside it. No scripts, no
//! external resources.

use at_spec::ir::Dialect;
use pulldown_cmark::{html::push_html, Options, Parser};

use super::words::anchor;

const STYLE: &str = "\
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1b1f24;background:#fff}
nav{position:fixed;top:0;left:0;bottom:0;width:250px;overflow:auto;padding:16px;background:#f4f6f8;border-right:1px solid #d8dee4;box-sizing:border-box}
nav h2{font-size:14px;margin:12px 0 4px;text-transform:uppercase;color:#57606a}
nav a{display:block;color:#0969da;text-decoration:none;font-size:13px;padding:1px 0}
main{margin-left:250px;padding:16px 40px;max-width:1000px}
code{font:13px ui-monospace,monospace;background:#eef1f4;padding:1px 4px;border-radius:4px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
h3{border-top:1px solid #d8dee4;padding-top:16px;margin-top:28px}
h4{margin-bottom:4px}
";

/// The HTML page of `d`, from its Markdown reference `md`.
pub fn html(d: &Dialect, md: &str) -> String {
    let mut body = String::new();
    push_html(&mut body, Parser::new_ext(md, Options::ENABLE_TABLES));
    let title = format!(
        "{} — {} {} AT commands",
        d.name, d.header.vendor, d.header.family
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<nav>\n{}</nav>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(&title),
        nav(d)
    )
}

fn nav(d: &Dialect) -> String {
    let mut out = format!("<strong>{}</strong>\n", escape(&d.name));
    out.push_str("<h2><a href=\"#commands\">Commands</a></h2>\n");
    for c in &d.commands {
        let name = format!("AT+{}", c.name);
        out.push_str(&format!(
            "<a href=\"#{}\">{}</a>\n",
            anchor(&name),
            escape(&name)
        ));
    }
    out.push_str("<h2><a href=\"#urcs\">URCs</a></h2>\n");
    for u in &d.urcs {
        out.push_str(&format!(
            "<a href=\"#{}\">{}</a>\n",
            anchor(&format!("urc-{}", u.name)),
            escape(&u.name)
        ));
    }
    out.push_str("<h2><a href=\"#code-tables\">Code tables</a></h2>\n");
    for t in &d.code_tables {
        out.push_str(&format!(
            "<a href=\"#{}\">{}</a>\n",
            anchor(&t.name),
            escape(&t.name)
        ));
    }
    out.push_str("<h2><a href=\"#enumerations\">Enumerations</a></h2>\n");
    for e in &d.enums {
        out.push_str(&format!(
            "<a href=\"#{}\">{}</a>\n",
            anchor(&e.name),
            escape(&e.name)
        ));
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
