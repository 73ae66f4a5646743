//! The one e-mail value every dialect's sender takes.

/// A mailbox: an address and an optional display name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The address (`ann@example.com`).
    pub address: String,
    /// The display name, if any.
    pub name: Option<String>,
}

impl Address {
    /// An address without a display name.
    pub fn new(address: impl Into<String>) -> Self {
        Address {
            address: address.into(),
            name: None,
        }
    }

    /// An address with a display name.
    pub fn named(address: impl Into<String>, name: impl Into<String>) -> Self {
        Address {
            address: address.into(),
            name: Some(name.into()),
        }
    }
}

/// A file sent with the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The name the recipient sees.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// One e-mail: sender, recipients, subject, text body, attachments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// Sender.
    pub from: Address,
    /// Primary recipients.
    pub to: Vec<Address>,
    /// Carbon-copy recipients.
    pub cc: Vec<Address>,
    /// Blind carbon-copy recipients.
    pub bcc: Vec<Address>,
    /// Subject (any Unicode text; dialects hex-encode it where needed).
    pub subject: String,
    /// Text body.
    pub body: String,
    /// Attachments (only dialects that transfer files over the line take them).
    pub attachments: Vec<Attachment>,
}

impl Email {
    /// A message from `from` to one recipient, with no cc, bcc or attachment.
    pub fn new(
        from: Address,
        to: Address,
        subject: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Email {
            from,
            to: vec![to],
            cc: Vec::new(),
            bcc: Vec::new(),
            subject: subject.into(),
            body: body.into(),
            attachments: Vec::new(),
        }
    }

    /// Every recipient with its kind, To first, then Cc, then Bcc.
    pub fn recipients(&self) -> impl Iterator<Item = (RecipientKind, &Address)> {
        let tag = |kind| move |a| (kind, a);
        self.to
            .iter()
            .map(tag(RecipientKind::To))
            .chain(self.cc.iter().map(tag(RecipientKind::Cc)))
            .chain(self.bcc.iter().map(tag(RecipientKind::Bcc)))
    }

    /// Whether subject or body hold anything outside ASCII.
    pub fn needs_charset(&self) -> bool {
        !self.subject.is_ascii() || !self.body.is_ascii()
    }
}

/// Kind of recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecipientKind {
    /// `To:`.
    To,
    /// `Cc:`.
    Cc,
    /// Blind copy: no header.
    Bcc,
}
