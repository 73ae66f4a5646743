//! The validated intermediate representation of a dialect.
//!
//! Every type here is named after the thing it stands for in a modem manual.
//! A [`Dialect`] handed out by [`crate::parse`] has passed `validate.rs`, so the
//! code generator may assume: names are unique and resolve, ranges are ordered,
//! defaults lie in range, rules name parameters of their own form, counted
//! payloads point at integer fields, and every completion names a declared URC.

use std::time::Duration;

/// A position in a spec source: file, byte range, and 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Index into [`Dialect::sources`].
    pub file: usize,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    pub col: usize,
}

/// One source file that went into a dialect (the root file and its includes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path or name the file was loaded under.
    pub name: String,
    /// The full text.
    pub text: String,
}

/// A whole dialect: one vendor manual's command set.
#[derive(Clone, Debug, PartialEq)]
pub struct Dialect {
    /// Identifier of the dialect, e.g. `simcom_sim900`.
    pub name: String,
    /// Facts about the manual this dialect transcribes.
    pub header: Header,
    /// Named value sets (`enum`), integer- or string-valued.
    pub enums: Vec<EnumDef>,
    /// Result and error code tables (`codes`).
    pub code_tables: Vec<CodeTable>,
    /// Named types (`type X = ...`), already resolved into each use site too.
    pub types: Vec<NamedType>,
    /// Lines that end a command with an error (`error final` / `error line`).
    pub errors: Vec<ErrorLine>,
    /// Whole lines that end a command with an error
    /// (`error final "COMMAND NOT SUPPORT"`).
    pub final_errors: Vec<DeclaredLine>,
    /// Data-entry prompts besides `>` and `CONNECT` (`prompt "DOWNLOAD"`).
    pub prompts: Vec<DeclaredLine>,
    /// Unsolicited result codes (`urc`).
    pub urcs: Vec<Urc>,
    /// The commands, in spec order.
    pub commands: Vec<Command>,
    /// The root file followed by every included file.
    pub sources: Vec<SourceFile>,
    /// Where the `dialect` header is.
    pub span: Span,
}

/// The `dialect name { ... }` header.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Header {
    /// Vendor, e.g. `SIMCom`.
    pub vendor: String,
    /// Module family, e.g. `SIM900`.
    pub family: String,
    /// Manual title.
    pub manual: String,
    /// Manual version, e.g. `1.04`.
    pub version: String,
    /// Timeout for forms that do not declare one.
    pub default_timeout: Duration,
}

/// `enum Name "doc" { 0 To "doc" ... }` or `{ "SUCCESS" Success ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Rust-style type name (`RcptType`).
    pub name: String,
    /// One-line description.
    pub doc: String,
    /// The values in spec order.
    pub variants: Vec<EnumVariant>,
    /// Where it is declared.
    pub span: Span,
}

/// One value of an [`EnumDef`].
#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    /// Variant name (`Cc`).
    pub name: String,
    /// The value on the wire.
    pub value: Literal,
    /// Optional description.
    pub doc: String,
    /// Where it is declared.
    pub span: Span,
}

/// `codes Name "doc" { 61 NetworkError "network error" ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeTable {
    /// Type name (`SmtpResult`).
    pub name: String,
    /// One-line description.
    pub doc: String,
    /// The codes in spec order (negative codes allowed).
    pub codes: Vec<Code>,
    /// Where it is declared.
    pub span: Span,
}

/// One row of a [`CodeTable`].
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// Numeric code, may be negative.
    pub value: i64,
    /// Variant name.
    pub name: String,
    /// Short meaning (used for `Display`).
    pub meaning: String,
    /// The standard verbose text a module sends instead of the number
    /// (`text "operation not allowed"`, after `AT+CMEE=2`), matched ignoring
    /// ASCII case.
    pub verbose: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// `type Name = <type>`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    /// Type name.
    pub name: String,
    /// What it stands for.
    pub ty: Type,
    /// Where it is declared.
    pub span: Span,
}

/// The type of a parameter or response field, with named types resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// An integer, optionally bounded (inclusive).
    Int(IntType),
    /// A string with its constraints.
    Str(StrType),
    /// A value of a named [`EnumDef`].
    Enum(String),
    /// A value of a named [`CodeTable`]; unknown codes are kept, never lost.
    Codes(String),
    /// Response only: the rest of the line, verbatim.
    Text,
    /// Response only: a parenthesised range or list such as `(1-16)` or `(0,1)`, verbatim.
    Range,
    /// Response only: a secret the module prints masked (`"<****>"`).
    Masked,
}

/// An integer type; `min`/`max` are inclusive, absent means unbounded.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct IntType {
    /// Smallest accepted value.
    pub min: Option<i64>,
    /// Largest accepted value.
    pub max: Option<i64>,
    /// Name of the `type` alias this came from, if any (for generated newtypes).
    pub alias: Option<String>,
}

/// A string type and everything that must hold before it reaches the wire.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StrType {
    /// Shortest accepted length in bytes (`nonempty` is `min_len = 1`).
    pub min_len: usize,
    /// Longest accepted length in bytes, if bounded.
    pub max_len: Option<usize>,
    /// Allowed characters.
    pub charset: Charset,
    /// Written between double quotes (default) or bare.
    pub quoting: Quoting,
    /// A literal prefix the value must start with (`RAM:`).
    pub prefix: Option<String>,
    /// SIMCom's marker (e.g. `{non-ascii}`) written before a hex-encoded quoted
    /// value when the text is not ASCII.
    pub non_ascii_marker: Option<String>,
    /// Never shown in `Debug`, logs or traces.
    pub secret: bool,
    /// Name of the `type` alias this came from, if any (for generated newtypes).
    pub alias: Option<String>,
}

/// Character classes a string may be restricted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Charset {
    /// Any character except the framing breakers (`"`, CR, LF, Ctrl-Z, ESC).
    #[default]
    Any,
    /// 7-bit ASCII without control characters.
    Ascii,
    /// Letters and digits only.
    Alnum,
    /// Printable 0x21..=0x7E (no space).
    Printable,
    /// Hexadecimal digits, even count (hex-encoded text).
    Hex,
}

/// How a string is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Quoting {
    /// `"value"`.
    #[default]
    Quoted,
    /// `value`.
    Unquoted,
}

/// A constant in a spec: integer or string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// An integer (may be negative).
    Int(i64),
    /// A string (written quoted unless the use site says otherwise).
    Str(String),
}

/// `error final "+CME ERROR": code: CmeError` or `error line "+CSMTPS": ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorLine {
    /// Whether the line ends the command itself or precedes a plain `ERROR`.
    pub kind: ErrorKind,
    /// Prefix without the colon, e.g. `+CME ERROR`.
    pub prefix: String,
    /// The code table the single numeric field is looked up in.
    pub table: String,
    /// Where it is declared.
    pub span: Span,
}

/// A whole line the dialect declares: a final error result
/// (`error final "COMMAND NOT SUPPORT"`) or a prompt (`prompt "DOWNLOAD"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredLine {
    /// The exact text of the line.
    pub text: String,
    /// Where it is declared.
    pub span: Span,
}

/// How an [`ErrorLine`] relates to the final result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The line is the final result (`+CME ERROR: 3`).
    Final,
    /// The line comes before a bare `ERROR` and explains it (`+CSMTPS: 602`).
    Line,
}

/// `urc Name "doc" <response shape>`: a line the module sends on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Urc {
    /// Type/variant name (`SmtpSend`).
    pub name: String,
    /// One-line description.
    pub doc: String,
    /// The line or alternatives it may take.
    pub shape: Shape,
    /// Where it is declared.
    pub span: Span,
}

/// `command NAME "doc" { forms }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// The name after `AT+` (`SMTPSRV`).
    pub name: String,
    /// One-line description.
    pub doc: String,
    /// The forms the manual documents, in spec order.
    pub forms: Vec<Form>,
    /// Where it is declared.
    pub span: Span,
}

/// The four syntactic forms of an AT command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// `AT+X=?`
    Test,
    /// `AT+X?`
    Read,
    /// `AT+X=<params>`
    Write,
    /// `AT+X`
    Exec,
}

/// One form of a command: what is sent, what comes back, and what follows.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// Test, read, write or exec.
    pub kind: FormKind,
    /// Sub-command key written first (`"account"` in `AT+QSMTPCFG="account",...`).
    pub key: Option<Literal>,
    /// The parameter list, nesting preserved.
    pub params: Vec<ParamNode>,
    /// Cross-parameter rules over `params`.
    pub rules: Vec<Rule>,
    /// The information lines before the final result.
    pub response: Response,
    /// A data-entry phase after the command line, if any.
    pub data: Option<DataPhase>,
    /// Completion URC awaited after `OK`, if any.
    pub completion: Option<Completion>,
    /// Time allowed for the final result.
    pub timeout: Duration,
    /// Optional description of this form.
    pub doc: String,
    /// Where it is declared.
    pub span: Span,
}

/// An element of a parameter list.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamNode {
    /// A single parameter.
    Param(Param),
    /// A constant written at this position.
    Literal(Literal, Span),
    /// `[, a [, b]]`: all of it may be left off; nesting is kept.
    Optional(Vec<ParamNode>, Span),
}

/// A named, typed parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// snake_case name.
    pub name: String,
    /// Type with named types resolved.
    pub ty: Type,
    /// The value the module assumes when the parameter is left off.
    pub default: Option<Literal>,
    /// Optional description.
    pub doc: String,
    /// Where it is declared.
    pub span: Span,
}

/// `rule <condition> => <consequence>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// When the rule applies.
    pub when: Condition,
    /// What must then hold.
    pub then: Requirement,
    /// Where it is declared.
    pub span: Span,
}

/// The left side of a rule: a comparison of one parameter with constants.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// Parameter name.
    pub param: String,
    /// `==`, `!=` or `in`.
    pub op: CompareOp,
    /// Constants (one for `==`/`!=`); enum variant names are resolved to their values.
    pub values: Vec<Literal>,
}

/// Comparison operators in rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// Equal to the value.
    Eq,
    /// Not equal to the value.
    Ne,
    /// One of the values.
    In,
}

/// The right side of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Requirement {
    /// `absent(a, b)`: these parameters must be left off.
    Absent(Vec<String>),
    /// `present(a, b)`: these parameters must be given.
    Present(Vec<String>),
    /// `p == v`, `p != v`, `p in {..}`: the parameter (if given) must compare so.
    Compare(Condition),
    /// `hex(p)`: the string must be hex digits of even length.
    Hex(String),
    /// `ascii(p)`: the string must be printable 7-bit ASCII (0x20..=0x7E).
    Ascii(String),
    /// `max(p, n)`: the string must be at most `n` bytes long.
    MaxLen(String, usize),
}

/// The information lines of a response, in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Response {
    /// Each item matches a run of lines; empty means only the final result.
    pub items: Vec<ResponseItem>,
}

/// One part of a response.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseItem {
    /// How many times the shape may occur.
    pub repeat: Repeat,
    /// `response when absent(p)`: the line comes exactly when the optional
    /// parameter `p` is left off (then `repeat` is [`Repeat::Optional`]).
    pub when_absent: Option<String>,
    /// What the lines look like.
    pub shape: Shape,
    /// Where it is declared.
    pub span: Span,
}

/// Occurrence of a [`ResponseItem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Exactly once.
    One,
    /// Zero or one time (`optional`).
    Optional,
    /// Zero or more times (`many`).
    Many,
}

/// A line shape or a choice between line shapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A single line shape.
    Line(LineShape),
    /// `one_of { Name: line ... }`: the first alternative that matches.
    OneOf(Vec<Alternative>),
    /// `text`: free lines up to the final result, kept verbatim.
    Text,
}

/// A named alternative of [`Shape::OneOf`].
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// Variant name.
    pub name: String,
    /// The line it matches.
    pub line: LineShape,
    /// Optional description (`Ready "window open": ...`).
    pub doc: String,
    /// Where it is declared.
    pub span: Span,
}

/// `"+PFX": field, field [, ...] [then raw <field> | then text]`.
#[derive(Clone, Debug, PartialEq)]
pub struct LineShape {
    /// Prefix without the colon (`+SMTPSRV`).
    pub prefix: String,
    /// Fields in order; constants act as discriminators.
    pub fields: Vec<Field>,
    /// What follows the line, if anything.
    pub payload: Option<Payload>,
    /// `...` after the last field: the module may append more fields, kept
    /// verbatim (in the generated `extra`). Without it a line with more
    /// fields than declared does not match.
    pub trailing: bool,
    /// Where it is declared.
    pub span: Span,
}

/// A field of a response line.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// A named, typed value.
    Value(ValueField),
    /// A constant that must appear here (`1` in `+POP3NUM: 1,<n>,<size>`).
    Literal(Literal, Span),
    /// A constant word that starts a field; the next field's value follows
    /// it after a space, in the same comma-separated field
    /// (`BAD RCPT` in `+SMTP: BAD RCPT <address>`).
    Word(String, Span),
}

/// A named field of a response line.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueField {
    /// snake_case name.
    pub name: String,
    /// Type; a field written without a type takes the write parameter's.
    pub ty: Type,
    /// `?`: the module may leave it empty or off.
    pub optional: bool,
    /// `text max 70 printable`: the length and class limits of a `text`
    /// field (a value outside them fails the field, so the line).
    pub text_limits: Option<TextLimits>,
    /// `Codes in -554..=-1`: a code-table field that takes only codes in
    /// this inclusive range (any other value fails the field).
    pub code_range: Option<(i64, i64)>,
    /// Optional description.
    pub doc: String,
    /// Where it is declared.
    pub span: Span,
}

/// Length and character-class limits of a `text` field, written with the
/// modifiers strings take (`max`, `min`, `nonempty`, `ascii`, `alnum`,
/// `printable`, `hex`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TextLimits {
    /// Shortest accepted length in bytes.
    pub min_len: usize,
    /// Longest accepted length in bytes, if bounded.
    pub max_len: Option<usize>,
    /// Allowed characters.
    pub charset: Charset,
}

impl TextLimits {
    /// What breaks the limits in `text`, in words (`71 bytes`, `' ' at
    /// byte 3`); `None` when it keeps them.
    pub fn check(&self, text: &str) -> Option<String> {
        let len = text.len();
        let too_long = self.max_len.is_some_and(|m| len > m);
        if len < self.min_len || too_long {
            return Some(format!("{len} bytes"));
        }
        if self.charset == Charset::Hex && len % 2 == 1 {
            return Some(format!("an odd count of hex digits ({len})"));
        }
        let bad = text.char_indices().find(|(_, c)| !self.charset.allows(*c));
        bad.map(|(at, c)| format!("{c:?} at byte {at}"))
    }

    /// The limits in words: `text of 1..=70 bytes, printable 0x21..=0x7E
    /// characters`.
    pub fn describe(&self) -> String {
        let len = match (self.min_len, self.max_len) {
            (0, None) => String::new(),
            (min, None) => format!(" of at least {min} bytes"),
            (min, Some(max)) => format!(" of {min}..={max} bytes"),
        };
        let class = match self.charset {
            Charset::Any => String::new(),
            c => format!(", {} characters", c.word()),
        };
        format!("text{len}{class}")
    }
}

impl Charset {
    /// Whether `c` belongs to the class (`Any`: every character, the wire
    /// rule is checked separately; `Hex`: a hex digit, the even count is
    /// checked separately).
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::Any => true,
            Charset::Ascii => (' '..='~').contains(&c),
            Charset::Alnum => c.is_ascii_alphanumeric(),
            Charset::Printable => ('!'..='~').contains(&c),
            Charset::Hex => c.is_ascii_hexdigit(),
        }
    }

    /// The class in words, for messages.
    pub fn word(self) -> &'static str {
        match self {
            Charset::Any => "line-safe",
            Charset::Ascii => "printable ASCII",
            Charset::Alnum => "letters and digits",
            Charset::Printable => "printable 0x21..=0x7E",
            Charset::Hex => "hex digit",
        }
    }
}

/// Raw content that follows an information line.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// `then raw <field>`: exactly as many bytes as the named integer field says.
    Counted(String),
    /// `then text`: every line up to the final result.
    Text,
}

/// `data ...`: what happens between the command line and its result.
#[derive(Clone, Debug, PartialEq)]
pub enum DataPhase {
    /// `data prompt ctrl_z`: `>` then text ended by Ctrl-Z; ESC cancels.
    PromptCtrlZ,
    /// `data prompt exact <param>`: `>` then exactly `<param>` bytes.
    PromptExact(String),
    /// `data prompt "DOWNLOAD" exact <param>`: the module answers this line
    /// (no `>`), then takes exactly `<param>` bytes (SIMCom `AT+SMTPBODY=<len>`).
    PromptLine {
        /// The line that opens the phase, e.g. `DOWNLOAD`.
        prompt: String,
        /// The `int` parameter giving the byte count.
        length: String,
    },
    /// `data connect { ... }`: `CONNECT` then bytes, then a result line.
    Connect(ConnectPhase),
    /// `data chunked { ... }`: URC-driven flow-controlled chunks (SIM900 SMTPFT).
    Chunked(ChunkedPhase),
}

/// How a `CONNECT` data phase ends, and what comes after it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectPhase {
    /// `data connect after ok`: the module answers `OK` first, then
    /// `CONNECT`; the result line after the data ends the command (no second
    /// final result). Without it, `CONNECT` comes instead of the final result
    /// and the result line (if any) comes after the data, before the final
    /// result.
    pub after_ok: bool,
    /// `length <param>`: ends after this many bytes.
    pub length: Option<String>,
    /// `length at_most <param>`: the length is a bound, not an exact count:
    /// the host may send fewer bytes and end the phase early (with the
    /// `escape`, or by letting the input time run out).
    pub at_most: bool,
    /// `taken <field>`: the result field giving how many bytes the module
    /// took (compared with what the host sent).
    pub taken: Option<String>,
    /// `max 10240`: the module takes at most this many bytes; the executor
    /// refuses to write more.
    pub max: Option<u64>,
    /// `escape "+++" guard 1s`: ends with the escape sequence between guard times.
    pub escape: Option<(String, Duration)>,
    /// `timeout <param>` or `timeout 90s`: ends when input pauses this long.
    pub idle_timeout: Option<Timeout>,
    /// `result "+QSMTPBODY": ...` or `result one_of { ... }`: the line
    /// reported once data entry ends ([`Shape::Line`] or [`Shape::OneOf`]).
    pub result: Option<Shape>,
}

/// A duration given literally or by an integer parameter in seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Timeout {
    /// A fixed duration.
    Fixed(Duration),
    /// The value of this parameter, in seconds, with the fallback when it is left off.
    Param(String, Duration),
    /// `<param> s + <margin> else <fallback>`: the parameter's value in
    /// seconds plus a margin (the module's own time limit, so its report of
    /// running out arrives in time); the fallback when it is left off.
    Margin {
        /// The `int` parameter in seconds.
        param: String,
        /// Added to the parameter's value.
        margin: Duration,
        /// Used when the parameter is left off.
        fallback: Duration,
    },
}

impl Timeout {
    /// The parameter the timeout is read from, if any.
    pub fn param(&self) -> Option<&str> {
        match self {
            Timeout::Fixed(_) => None,
            Timeout::Param(p, _) | Timeout::Margin { param: p, .. } => Some(p),
        }
    }
}

/// URC-driven chunked transfer.
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkedPhase {
    /// URC announcing readiness, and its field giving the largest chunk.
    pub ready: (String, String),
    /// The write parameter carrying a chunk length; `0` ends the transfer.
    pub request: String,
    /// The response field giving how many bytes the module will take now.
    pub granted: String,
}

/// `completes <Urc> within <timeout>`: the outcome arrives after `OK`.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// Name of the [`Urc`] that carries the outcome.
    pub urc: String,
    /// How long to wait for it after `OK`.
    pub timeout: Timeout,
    /// `after chunks <COMMAND>`: before the completion, the module may ask
    /// for that command's chunked data (SIM900 `AT+SMTPSEND` with an
    /// attachment set asks for `AT+SMTPFT` chunks).
    pub after_chunks: Option<String>,
    /// `until <field> <op> <values>`: only a line of the URC for which this
    /// holds ends the wait; the others are passed on as URCs. The field is
    /// one of the URC's; values are integers, strings, or value names of the
    /// field's enum or code table (kept as written: `Literal::Str(name)`).
    pub until: Option<Condition>,
    /// `success ...`: which completion lines report success. `None` when
    /// the spec does not say (then nothing judges the outcome: no guess).
    pub success: Option<Success>,
    /// Where it is declared.
    pub span: Span,
}

/// `success ...` on a completion: which of its lines report success.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// `success <field> == <value>` (or `!=`, `in { ... }`): a condition
    /// over a field of the URC; a line without the field is not a success.
    When(Condition),
    /// `success Listed, Reset`: the `one_of` alternatives that report
    /// success (the others are failures).
    Alternatives(Vec<String>),
}

impl Dialect {
    /// Looks up an enum by name.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// Looks up a code table by name.
    pub fn code_table(&self, name: &str) -> Option<&CodeTable> {
        self.code_tables.iter().find(|c| c.name == name)
    }

    /// Looks up a URC by name.
    pub fn urc(&self, name: &str) -> Option<&Urc> {
        self.urcs.iter().find(|u| u.name == name)
    }

    /// Looks up a command by name.
    pub fn command(&self, name: &str) -> Option<&Command> {
        self.commands.iter().find(|c| c.name == name)
    }
}

impl Command {
    /// The forms of a kind (write may occur once per sub-command key).
    pub fn forms_of(&self, kind: FormKind) -> impl Iterator<Item = &Form> {
        self.forms.iter().filter(move |f| f.kind == kind)
    }
}
