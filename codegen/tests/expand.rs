//! Snapshots of the formatted expansion of small specs, one per language construct.

const HEADER: &str =
    "dialect demo { vendor \"V\" family \"F\" manual \"M\" version \"1\" timeout 5s }\n";

fn expand(body: &str) -> String {
    let src = format!("{HEADER}{body}");
    match atspec_codegen::expand_str("demo.atspec", &src) {
        Ok(tokens) => atspec_codegen::pretty(&tokens),
        Err(e) => panic!("spec did not validate:\n{e}\n---\n{src}"),
    }
}

macro_rules! construct {
    ($name:ident, $spec:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(expand($spec));
        }
    };
}

construct!(
    code_table,
    r#"
codes SmtpResult "Outcome of sending an e-mail" {
    1    Success        "e-mail sent"
    61   NetworkError   "network error"
    -421 ServiceClosing "server closing the transmission channel"
}
"#
);

construct!(
    enumerations,
    r#"
enum RcptType "Kind of recipient" {
    0 To  "primary recipient"
    1 Cc  "carbon copy"
    2 Bcc
}
enum SmtpStatus "Progress reported by +SMTP" {
    "SUCCESS"       Success
    "AUTH REQUIRED" AuthRequired
}
"#
);

construct!(
    integer_ranges,
    r#"
type Port = int 1..=65535
command RANGES "Integer parameters" {
    write (byte: int 0..=255, port: Port, wide: int 0..=100000, neg: int -15..=-1, any: int)
}
"#
);

construct!(
    string_modifiers,
    r#"
command STRINGS "String parameters" {
    write (server: string max 50 nonempty, uid: string printable max 70 unquoted,
           code: string alnum min 2 max 8, hexed: string hex, file: string prefix "RAM:" max 63,
           name: string non_ascii_marker "{non-ascii}" max 127, password: string max 20 secret)
}
"#
);

construct!(
    four_forms,
    r#"
command SMTPSRV "Set SMTP server address and port" {
    test  { response "+SMTPSRV": server_len: int, ports: range }
    read  { response "+SMTPSRV": server: string, port: int 1..=65535 }
    write (server: string max 50 nonempty [, port: int 1..=65535 = 25 "server port"])
    exec  { doc "Clears the server setting" timeout 10s }
}
"#
);

construct!(
    nested_optional,
    r#"
enum RcptType "Kind of recipient" { 0 To 1 Cc 2 Bcc }
command SMTPRCPT "Add a recipient" {
    write (kind: RcptType [, index: int 0..=4 [, address: string max 50 [, name: string max 50]]])
}
"#
);

construct!(
    keyed_and_literals,
    r#"
command QSMTPCFG "Configure SMTP" {
    write "account" ([user: string max 255, password: string max 255 secret]) {
        response optional "+QSMTPCFG": "account", user: string, password: masked
    }
    write "contextid" ([id: int 1..=16]) {
        response optional "+QSMTPCFG": "contextid", id: int
    }
}
command LIT "A literal parameter" {
    write (1, mode: int 0..=1 [, "x"])
}
"#
);

construct!(
    rules,
    r#"
enum Charset "Character set" { 0 Ascii 1 Utf8 }
command RULES "Cross-parameter rules" {
    write (flag: int 0..=1 [, user: string max 20, password: string max 20 secret]) {
        rule flag == 0 => absent(user, password)
        rule flag == 1 => present(user, password)
    }
}
command CMPS "Comparison and hex rules" {
    write (file_type: int 0..=2, encode_type: int 0..=1, charset: Charset, subject: string max 64 [, cmd: int 1..=4 [, line: int 0..=9]]) {
        rule file_type == 1 => encode_type == 0
        rule file_type == 2 => encode_type == 1
        rule charset != Ascii => hex(subject)
        rule cmd in {1, 2} => absent(line)
    }
}
"#
);

construct!(
    repeated_and_optional_responses,
    r#"
enum RcptType "Kind of recipient" { 0 To 1 Cc 2 Bcc }
command SMTPRCPT "List recipients" {
    read { response many "+SMTPRCPT": kind: RcptType, index: int, address: string, name: string? }
}
command OPT "Optional line" {
    read { response optional "+OPT": value: int }
}
"#
);

construct!(
    one_of_response,
    r#"
command POP3READ "Read buffered data" {
    write (len: int 1..=1460) {
        response one_of {
            Partial: "+POP3READ": 1, len: int then raw len
            Last:    "+POP3READ": 2, len: int then raw len
        }
    }
}
"#
);

construct!(
    payloads_text_literal_masked,
    r#"
command CSMTPSBODY "Body" { read { response "+CSMTPSBODY": len: int then raw len } }
command POP3HDR "Headers" { exec { response "+POP3HDR": status: int then text } }
command POP3LIST "Listing" { exec { response text } }
command QSMTPUSER "User" { read { response "+QSMTPUSER": "USER" } }
command QSMTPPWD "Password" { read { response "+QSMTPPWD": password: masked } }
command FREE "Rest of line" { read { response "+FREE": code: int, detail: text } }
"#
);

construct!(
    several_response_clauses,
    r#"
command MULTI "Two clauses" {
    read {
        response "+HEAD": count: int
        response many "+ITEM": n: int, name: string
    }
}
"#
);

construct!(
    error_lines,
    r#"
codes CmeError "Equipment error" { 3 NotAllowed "operation not allowed" 4 NotSupported "operation not supported" }
codes CsmtpsResult "SMTPS result" { 602 Busy "busy" }
error final "+CME ERROR": CmeError
error line  "+CSMTPS": CsmtpsResult
"#
);

construct!(
    urcs,
    r#"
codes SmtpResult "Outcome" { 1 Sent "sent" 61 NetworkError "network error" }
codes Pop3Result "POP3 outcome" { 1 Out "logged out" }
urc SmtpSend "Outcome of AT+SMTPSEND" "+SMTPSEND": code: SmtpResult
urc Pop3Num "Answer to AT+POP3NUM" one_of {
    Listed:   "+POP3NUM": 1, count: int, size: int
    Negative: "+POP3NUM": 0
    Closed:   "+POP3OUT": code: Pop3Result
}
urc DataWaiting "Unread data" "+POP3READ": 3, data_len: int
"#
);

construct!(
    data_phases,
    r#"
urc SmtpFtReady "Ready for a chunk" "+SMTPFT": 1, max_len: int
command SMTPBODY "Body by prompt" { exec { data prompt ctrl_z } }
command CSMTPSSUB "Subject by length" { write (len: int 1..=512) { data prompt exact len } }
command QSMTPBODY "Body by CONNECT" {
    write (charset: int 0..=3 [, body_len: int 1..=10240 [, input_time: int 1..=65535]]) {
        data connect {
            length body_len
            escape "+++" guard 1s
            timeout input_time
            result "+QSMTPBODY": len: int
        }
    }
}
command SMTPFT "Attachment chunks" {
    write (req_len: int 0..=1460) {
        response "+SMTPFT": 2, cnf_len: int
        data chunked {
            ready SmtpFtReady.max_len
            request req_len
            granted cnf_len
        }
    }
}
"#
);

construct!(
    completions,
    r#"
codes SmtpResult "Outcome" { 1 Sent "sent" }
urc SmtpSend "Outcome of AT+SMTPSEND" "+SMTPSEND": code: SmtpResult
urc QsmtpPut "Outcome of AT+QSMTPPUT" "+QSMTPPUT": err: int, protocol_error: int
command SMTPSEND "Send" { exec { completes SmtpSend within 95s } }
command QSMTPPUT "Send" {
    write ([timeout: int 60..=65535 = 300]) { completes QsmtpPut within timeout s else 300s }
}
"#
);

construct!(
    strict_lines_words_and_until,
    r#"
codes FtpCode "FTP errors" { 61 NetError "network error" }
enum Progress "SMTP progress" { "OK" SessionOpen "SUCCESS" Sent }
urc FtpPut "Upload window or failure" one_of {
    Ready "window open": "+FTPPUT": 1, 1, max_len: int 1..=1460
    Failed: "+FTPPUT": 1, error: FtpCode
}
urc Smtp "SMTP progress" one_of {
    Status: "+SMTP": status: Progress
    BadRcpt "a recipient was refused": "+SMTP": "BAD RCPT" address: text?
}
command CFG "Settings" {
    read { response "+CFG": "ctx", id: int 1..=16, ... }
}
command SMTPSEND "Send" {
    exec { completes Smtp within 300s until status != SessionOpen }
}
command SUB "Subject" {
    write (charset: int 0..=3, subject: string max 200) {
        rule charset == 0 => max(subject, 100)
        rule charset == 0 => ascii(subject)
    }
}
"#
);

construct!(
    connect_at_most_length_and_taken,
    r#"
command QSMTPBODY "Body in data mode" {
    write (body_length: int 1..=10240 [, input_time: int 1..=65535 = 90]) {
        data connect {
            length at_most body_length
            escape "+++" guard 1s
            timeout input_time
            result "+QSMTPBODY": input_length: int 0..=10240
            taken input_length
        }
    }
}
"#
);

construct!(
    text_limits_and_code_ranges,
    r#"
codes Res "Result" {
    0  Ok     "success"
    -1 Failed "failure"
}
urc Uidl "Unique-id" "+UIDL": n: int, uid: text printable min 1 max 70
urc Note "Hex note" "+NOTE": note: text hex max 8?
urc Done "Outcome" one_of {
    Stored: "+DONE": length: int 0..=100
    Failed: "+DONE": error: Res in -9..=-1
}
"#
);

#[test]
fn spec_errors_carry_file_line_col() {
    let err = atspec_codegen::expand_str("bad.atspec", "dialect d { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\ncommand X \"x\" { write (p: Nope) }\n")
        .unwrap_err();
    assert!(err.starts_with("bad.atspec:2:"), "{err}");
}

construct!(
    hygiene,
    r#"
command SHADOW "Fields named like the parser's own variables" {
    read { response "+SHADOW": c: int, line: string, pos: int, lines: int, payload: int, len: int then raw len }
    write (w: int 0..=9, out: string max 5, redact: int 0..=1, value: string max 5 secret, match: int 0..=1, self: int 0..=1) {
        rule w == 1 => value == "x"
    }
}
"#
);
