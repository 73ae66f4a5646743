//! One error type for every dialect, keeping the vendor's code and meaning.

use std::fmt;

use atspec_runtime::{Error as RuntimeError, ModemError};

/// What went wrong, whatever the module's dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server refused the login (or wants one that was not given).
    Auth,
    /// The server refused a recipient.
    BadRecipient,
    /// No recipient was set.
    NoRecipient,
    /// The bearer, the TCP connection or the transfer failed.
    Network,
    /// The server name could not be resolved.
    Dns,
    /// The module is busy with another send.
    Busy,
    /// The module or the server did not answer in time.
    Timeout,
    /// The server answered with an error not covered above.
    Server,
    /// SSL/TLS set-up failed.
    Ssl,
    /// The module rejected a setting or parameter.
    BadParameter,
    /// The e-mail cannot be expressed in this dialect (e.g. an attachment
    /// over a dialect that cannot transfer files); nothing was sent.
    Unsupported,
    /// A value failed the spec's validation before reaching the wire.
    Invalid,
    /// The serial line failed or closed.
    Port,
    /// The module's answer broke the dialect's protocol.
    Protocol,
    /// The module failed with a code whose meaning is unknown.
    Unknown,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Auth => "authentication failed",
            ErrorKind::BadRecipient => "recipient refused",
            ErrorKind::NoRecipient => "no recipient",
            ErrorKind::Network => "network error",
            ErrorKind::Dns => "DNS error",
            ErrorKind::Busy => "module busy",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Server => "server error",
            ErrorKind::Ssl => "SSL error",
            ErrorKind::BadParameter => "bad parameter",
            ErrorKind::Unsupported => "not supported by this dialect",
            ErrorKind::Invalid => "invalid value",
            ErrorKind::Port => "serial line failed",
            ErrorKind::Protocol => "protocol error",
            ErrorKind::Unknown => "unknown failure",
        })
    }
}

/// A vendor's own code for a failure, with its meaning from the dialect's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorCode {
    /// The code as the module printed it (`67`, `-535`, `AUTH ERROR`).
    pub code: String,
    /// Its meaning from the dialect's code table, if the code is listed.
    pub meaning: Option<String>,
}

impl VendorCode {
    /// A code and its meaning.
    pub fn new(code: impl fmt::Display, meaning: Option<&str>) -> Self {
        VendorCode {
            code: code.to_string(),
            meaning: meaning.map(str::to_owned),
        }
    }
}

/// Why sending or fetching mail failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{step}: {kind}{}{}", vendor_text(.vendor), detail_text(.detail))]
pub struct MailError {
    /// The sort of failure.
    pub kind: ErrorKind,
    /// The module's code and its meaning, when the module gave one.
    pub vendor: Option<VendorCode>,
    /// The step that failed (the AT command, or what the sender was doing).
    pub step: String,
    /// More detail (the runtime's message, what to check).
    pub detail: String,
}

fn vendor_text(vendor: &Option<VendorCode>) -> String {
    match vendor {
        Some(VendorCode {
            code,
            meaning: Some(m),
        }) => format!(" (vendor code {code}: {m})"),
        Some(VendorCode {
            code,
            meaning: None,
        }) => format!(" (vendor code {code})"),
        None => String::new(),
    }
}

fn detail_text(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!("; {detail}")
    }
}

impl MailError {
    /// An error of `kind` at `step`.
    pub fn new(kind: ErrorKind, step: impl Into<String>, detail: impl Into<String>) -> Self {
        MailError {
            kind,
            vendor: None,
            step: step.into(),
            detail: detail.into(),
        }
    }

    /// The same error carrying the vendor's code.
    pub fn with_vendor(mut self, vendor: VendorCode) -> Self {
        self.vendor = Some(vendor);
        self
    }

    /// The same error with `detail` (e.g. the refused address).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// A completion code the module reported (URC or result line), classified by `classify`.
    pub fn from_code(
        step: impl Into<String>,
        code: impl fmt::Display,
        meaning: Option<&str>,
        kind: ErrorKind,
    ) -> Self {
        MailError::new(kind, step, "").with_vendor(VendorCode::new(code, meaning))
    }

    /// Maps a runtime error; vendor codes in error results go through `classify`.
    pub fn from_runtime(error: RuntimeError, classify: fn(i64) -> ErrorKind) -> Self {
        let detail = error.to_string();
        let (kind, step, vendor) = match &error {
            RuntimeError::Timeout { command, .. } => (ErrorKind::Timeout, at(command), None),
            RuntimeError::Modem { command, error } => match error.vendor() {
                Some(v) => (
                    classify(v.code),
                    at(command),
                    Some(VendorCode::new(v.code, v.meaning)),
                ),
                None if *error == ModemError::NoCarrier => (ErrorKind::Network, at(command), None),
                None if *error == ModemError::Busy => (ErrorKind::Busy, at(command), None),
                None => (ErrorKind::BadParameter, at(command), None),
            },
            RuntimeError::Parse { command, .. } | RuntimeError::Protocol { command, .. } => {
                (ErrorKind::Protocol, at(command), None)
            }
            RuntimeError::Payload { command, .. } => (ErrorKind::Invalid, at(command), None),
            RuntimeError::TooLarge { command, .. } => (ErrorKind::Protocol, at(command), None),
            RuntimeError::Cancelled { command } => (ErrorKind::Timeout, at(command), None),
            RuntimeError::Invalid(_) => (ErrorKind::Invalid, "request".into(), None),
            RuntimeError::Io(_) | RuntimeError::Open(_) | RuntimeError::PortClosed { .. } => {
                (ErrorKind::Port, "serial line".into(), None)
            }
        };
        MailError {
            kind,
            vendor,
            step,
            detail,
        }
    }
}

fn at(command: &str) -> String {
    format!("AT+{command}")
}

impl From<atspec_runtime::wire::ValidationError> for MailError {
    fn from(e: atspec_runtime::wire::ValidationError) -> Self {
        MailError::new(ErrorKind::Invalid, "request", e.to_string())
    }
}
