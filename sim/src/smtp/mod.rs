//! Real e-mail around the simulated modem: an SMTP receiver on loopback that
//! keeps what it receives, and delivery of a composed message with `lettre`.

mod deliver;
mod receiver;

pub use deliver::{compose, deliver, DeliveryError, Outgoing, OutgoingFile, SmtpServer};
pub use receiver::{Mailbox, Received, ReceiverConfig, SmtpReceiver, MAX_MESSAGE};
