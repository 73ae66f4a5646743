//! An SMTP receiver on loopback: `mailin`'s server state machine behind a
//! small accept loop that stops when the receiver is dropped.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use mailin::response::{
    AUTH_OK, INVALID_CREDENTIALS, NO_MAILBOX, NO_STORAGE, OK, TRANSACTION_FAILED,
};
use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder};

/// Longest SMTP line accepted (RFC 5321 allows 1000; the slack keeps odd clients working).
const MAX_LINE: u64 = 64 * 1024;
/// Largest message accepted; a bigger one is refused with 552.
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;
/// How often blocked accept/read calls look at the stop flag.
const POLL: Duration = Duration::from_millis(10);

/// One message the receiver accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// Envelope sender (`MAIL FROM`).
    pub from: String,
    /// Envelope recipients (`RCPT TO`), Bcc included.
    pub to: Vec<String>,
    /// User name the client authenticated as, if it did.
    pub user: Option<String>,
    /// The message as sent after `DATA`, dot-unstuffed, without the final `.`.
    pub data: Vec<u8>,
}

/// The messages a receiver accepted, shared with whoever reads them (tests,
/// the demo, the simulated module's POP3 mailbox).
#[derive(Clone, Debug, Default)]
pub struct Mailbox(Arc<Mutex<Vec<Received>>>);

impl Mailbox {
    /// A copy of every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        self.lock().clone()
    }

    /// Number of messages held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no message is held.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Removes message `index` (0-based); `false` if there is none.
    pub fn remove(&self, index: usize) -> bool {
        let mut list = self.lock();
        if index < list.len() {
            list.remove(index);
            true
        } else {
            false
        }
    }

    /// Appends a message (used by the receiver, and by tests that fill a mailbox).
    pub fn push(&self, message: Received) {
        self.lock().push(message);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Received>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the receiver accepts.
#[derive(Clone, Debug, Default)]
pub struct ReceiverConfig {
    /// The only user and password accepted; `None` accepts any login.
    pub credentials: Option<(String, String)>,
    /// Recipient addresses answered with `550 Mailbox unavailable`.
    pub reject_recipients: Vec<String>,
}

/// A running SMTP receiver on `127.0.0.1`; stops when dropped.
#[derive(Debug)]
pub struct SmtpReceiver {
    addr: SocketAddr,
    mailbox: Mailbox,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SmtpReceiver {
    /// Starts a receiver accepting any login and any recipient.
    pub fn start() -> std::io::Result<Self> {
        Self::with_config(ReceiverConfig::default())
    }

    /// Starts a receiver that offers no login at all: any client may send
    /// without authenticating (as a relay inside a private network), which
    /// modules set up without a login need. (`mailin` makes a login
    /// mandatory as soon as it offers one.)
    pub fn start_open() -> std::io::Result<Self> {
        Self::spawn(ReceiverConfig::default(), false)
    }

    /// Starts a receiver with `config` on a free loopback port.
    pub fn with_config(config: ReceiverConfig) -> std::io::Result<Self> {
        Self::spawn(config, true)
    }

    fn spawn(config: ReceiverConfig, auth: bool) -> std::io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let mailbox = Mailbox::default();
        let stop = Arc::new(AtomicBool::new(false));
        let ctx = Context {
            config: Arc::new(config),
            auth,
            mailbox: mailbox.clone(),
            stop: Arc::clone(&stop),
        };
        let thread = std::thread::Builder::new()
            .name("atspec-smtp".into())
            .spawn(move || accept_loop(&listener, &ctx))?;
        Ok(SmtpReceiver {
            addr,
            mailbox,
            stop,
            thread: Some(thread),
        })
    }

    /// The loopback address and port it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The messages it accepted.
    pub fn mailbox(&self) -> &Mailbox {
        &self.mailbox
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[derive(Clone)]
struct Context {
    /// Whether a login is offered (and so required).
    auth: bool,
    config: Arc<ReceiverConfig>,
    mailbox: Mailbox,
    stop: Arc<AtomicBool>,
}

fn accept_loop(listener: &TcpListener, ctx: &Context) {
    let mut sessions = Vec::new();
    while !ctx.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let ctx = ctx.clone();
                let spawned = std::thread::Builder::new()
                    .name("atspec-smtp-session".into())
                    .spawn(move || serve_session(stream, peer.ip(), &ctx));
                if let Ok(handle) = spawned {
                    sessions.push(handle);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
        sessions.retain(|h: &JoinHandle<()>| !h.is_finished());
    }
    for handle in sessions {
        let _ = handle.join();
    }
}

fn serve_session(stream: TcpStream, peer: IpAddr, ctx: &Context) {
    if stream.set_nonblocking(false).is_err() || stream.set_read_timeout(Some(POLL)).is_err() {
        return;
    }
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut builder = SessionBuilder::new("atspec-receiver");
    if ctx.auth {
        builder
            .enable_auth(AuthMechanism::Plain)
            .enable_auth(AuthMechanism::Login)
            .insecure_enable_plaintext_auth();
    }
    let mut session = builder.build(peer, Session::new(ctx.clone()));
    if write_response(&mut writer, &session.greeting()).is_err() {
        return;
    }
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        match read_line(&mut reader, &mut line, &ctx.stop) {
            Some(true) => {}
            _ => return,
        }
        let response = session.process(&line);
        line.clear();
        match response.action {
            Action::Reply => {
                if write_response(&mut writer, &response).is_err() {
                    return;
                }
            }
            Action::Close | Action::UpgradeTls => {
                let _ = write_response(&mut writer, &response);
                return;
            }
            Action::NoReply => {}
        }
    }
}

/// Reads one line into `line`: `Some(true)` when a whole line is there,
/// `None` on end of stream, error, stop or an over-long line.
fn read_line<R: Read>(
    reader: &mut BufReader<R>,
    line: &mut Vec<u8>,
    stop: &AtomicBool,
) -> Option<bool> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let room = MAX_LINE.saturating_sub(line.len() as u64);
        match reader.by_ref().take(room).read_until(b'\n', line) {
            Ok(0) => return None,
            Ok(_) if line.ends_with(b"\n") => return Some(true),
            Ok(_) if line.len() as u64 >= MAX_LINE => return None,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

fn write_response(writer: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    response.write_to(writer)?;
    writer.flush()
}

/// Per-connection state handed to `mailin`.
struct Session {
    ctx: Context,
    user: Option<String>,
    current: Option<Received>,
    too_big: bool,
}

impl Session {
    fn new(ctx: Context) -> Self {
        Session {
            ctx,
            user: None,
            current: None,
            too_big: false,
        }
    }

    fn login(&mut self, user: &str, password: &str) -> Response {
        let ok = match &self.ctx.config.credentials {
            Some((u, p)) => u == user && p == password,
            None => true,
        };
        if ok {
            self.user = Some(user.to_owned());
            AUTH_OK
        } else {
            INVALID_CREDENTIALS
        }
    }
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        if self.ctx.config.reject_recipients.iter().any(|r| r == to) {
            NO_MAILBOX
        } else {
            OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.too_big = false;
        self.current = Some(Received {
            from: from.to_owned(),
            to: to.to_vec(),
            user: self.user.clone(),
            data: Vec::new(),
        });
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            if current.data.len() + buf.len() > MAX_MESSAGE {
                self.too_big = true;
            } else {
                current.data.extend_from_slice(buf);
            }
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        match self.current.take() {
            Some(_) if self.too_big => NO_STORAGE,
            Some(message) => {
                self.ctx.mailbox.push(message);
                OK
            }
            None => TRANSACTION_FAILED,
        }
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.login(user, password)
    }
}
