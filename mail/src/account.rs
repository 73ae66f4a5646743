//! The SMTP server a module is told to use.

use atspec_runtime::wire::Secret;

/// User name and password for the SMTP login (the password never shows in `Debug`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    /// User name.
    pub user: String,
    /// Password.
    pub password: Secret<String>,
}

impl Login {
    /// A login from a user name and a password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Login {
            user: user.into(),
            password: Secret::new(password.into()),
        }
    }
}

/// Where the module sends the mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpAccount {
    /// Server host name or IPv4 address.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Login, when the server wants one.
    pub login: Option<Login>,
}
