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

    /// Every recipient with its place among those of its kind (0 for the
    /// first To, the first Cc and the first Bcc), for modules that number
    /// each kind's entries; the place saturates at 255.
    pub fn numbered_recipients(&self) -> impl Iterator<Item = (RecipientKind, u8, &Address)> {
        fn number(
            kind: RecipientKind,
            list: &[Address],
        ) -> impl Iterator<Item = (RecipientKind, u8, &Address)> {
            list.iter()
                .enumerate()
                .map(move |(i, a)| (kind, u8::try_from(i).unwrap_or(u8::MAX), a))
        }
        number(RecipientKind::To, &self.to)
            .chain(number(RecipientKind::Cc, &self.cc))
            .chain(number(RecipientKind::Bcc, &self.bcc))
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

#[cfg(test)]
mod numbering {
    use super::*;

    #[test]
    fn each_kind_is_numbered_from_zero() {
        let email = Email {
            from: Address::new("a@example.com"),
            to: vec![Address::new("t0@x"), Address::new("t1@x")],
            cc: vec![Address::new("c0@x")],
            bcc: vec![Address::new("b0@x")],
            subject: String::new(),
            body: String::new(),
            attachments: Vec::new(),
        };
        let got: Vec<(RecipientKind, u8, &str)> = email
            .numbered_recipients()
            .map(|(k, i, a)| (k, i, a.address.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (RecipientKind::To, 0, "t0@x"),
                (RecipientKind::To, 1, "t1@x"),
                (RecipientKind::Cc, 0, "c0@x"),
                (RecipientKind::Bcc, 0, "b0@x"),
            ]
        );
    }
}
