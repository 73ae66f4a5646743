//! A SIM900 POP3 side for the tests: serves a mailbox as the manual's flow
//! does (3.5-3.7: every answer a URC after `OK`, the RETR answer read back
//! in `AT+POP3READ` chunks of the server's raw bytes). It plays the module
//! and its POP3 server together, on the simulator's real pty pair.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use atspec_sim::{Personality, Reply};

const LATER: Duration = Duration::from_millis(10);

/// The mailbox, what was deleted, and every line received.
#[derive(Debug, Default)]
pub struct Pop3Module {
    /// Messages (raw RFC 5322 bytes), numbered from 1.
    pub messages: Vec<Vec<u8>>,
    /// The password the server accepts.
    pub password: String,
    /// Numbers marked for deletion, applied at `AT+POP3OUT`.
    pub deleted: Arc<Mutex<Vec<u32>>>,
    /// Every command line received.
    pub received: Arc<Mutex<Vec<String>>>,
    answer: Vec<u8>,
    logged_in: bool,
}

impl Pop3Module {
    /// A module serving `messages`, accepting `password`.
    pub fn new(messages: Vec<Vec<u8>>, password: &str) -> Self {
        Pop3Module {
            messages,
            password: password.into(),
            ..Pop3Module::default()
        }
    }

    fn urc(line: String) -> Reply {
        let mut reply = Reply::ok(&[]);
        reply.later(LATER, line);
        reply
    }

    fn message(&self, arg: &str) -> Option<(u32, &Vec<u8>)> {
        let n: u32 = arg.parse().ok()?;
        Some((
            n,
            self.messages
                .get(usize::try_from(n).ok()?.checked_sub(1)?)?,
        ))
    }

    /// The RETR answer: status line, dot-stuffed lines, the final `.` line.
    fn retr(message: &[u8]) -> Vec<u8> {
        let mut out = b"+OK message follows\r\n".to_vec();
        for line in message.split_inclusive(|&b| b == b'\n') {
            if line.starts_with(b".") {
                out.push(b'.');
            }
            out.extend_from_slice(line);
        }
        out.extend_from_slice(b".\r\n");
        out
    }

    fn read(&mut self, want: usize) -> Reply {
        let n = want.min(self.answer.len());
        let chunk: Vec<u8> = self.answer.drain(..n).collect();
        let kind = if self.answer.is_empty() { 2 } else { 1 };
        let mut reply = Reply::default();
        reply
            .now
            .extend_from_slice(format!("\r\n+POP3READ: {kind},{n}\r\n").as_bytes());
        reply.now.extend_from_slice(&chunk);
        reply.now.extend_from_slice(b"\r\nOK\r\n");
        reply
    }
}

impl Personality for Pop3Module {
    fn command(&mut self, line: &str) -> Reply {
        if let Ok(mut log) = self.received.lock() {
            log.push(line.to_owned());
        }
        let (name, arg) = line.split_once('=').unwrap_or((line, ""));
        match name {
            "AT+EMAILCID" | "AT+EMAILTO" => Reply::ok(&[]),
            "AT+POP3SRV" => {
                self.logged_in = arg.contains(&format!("\"{}\"", self.password));
                Reply::ok(&[])
            }
            "AT+POP3IN" if self.logged_in => Self::urc("+POP3IN: 1".into()),
            "AT+POP3IN" => Self::urc("+POP3IN: 68".into()),
            "AT+POP3NUM" => {
                let size: usize = self.messages.iter().map(Vec::len).sum();
                Self::urc(format!("+POP3NUM: 1,{},{size}", self.messages.len()))
            }
            "AT+POP3LIST" => match self.message(arg) {
                Some((n, m)) => Self::urc(format!("+POP3LIST: 1,{n},{}", m.len())),
                None => Self::urc("+POP3LIST: 0".into()),
            },
            "AT+POP3CMD" => match arg.strip_prefix("4,").and_then(|a| self.message(a)) {
                Some((_, m)) => {
                    self.answer = Self::retr(m);
                    Self::urc("+POP3CMD: 1".into())
                }
                None => Self::urc("+POP3CMD: 0".into()),
            },
            "AT+POP3READ" => match arg.parse::<usize>() {
                Ok(n) if (1..=1460).contains(&n) && !self.answer.is_empty() => self.read(n),
                _ => Reply::error(),
            },
            "AT+POP3DEL" => match self.message(arg) {
                Some((n, _)) => {
                    if let Ok(mut d) = self.deleted.lock() {
                        d.push(n);
                    }
                    Self::urc("+POP3DEL: 1".into())
                }
                None => Self::urc("+POP3DEL: 0".into()),
            },
            "AT+POP3OUT" => Self::urc("+POP3OUT: 1".into()),
            _ => Reply::error(),
        }
    }

    fn data(&mut self, _bytes: Vec<u8>, _cancelled: bool) -> Reply {
        Reply::error()
    }
}
