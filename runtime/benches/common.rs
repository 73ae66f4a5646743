//! Shared by the benches: a responder on the modem end of a pty pair that
//! serves the runtime and a raw write-and-read client identically.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::time::Duration;

use serialport::{SerialPort, TTYPort};

/// The answer to `AT+SMTPSRV?`.
pub const READ_ANSWER: &[u8] = b"\r\n+SMTPSRV: \"mail.example.com\",25\r\n\r\nOK\r\n";

/// A fresh pty pair; the master end is served by [`respond`] on a thread.
pub fn served_pair() -> TTYPort {
    let (mut master, mut slave) = TTYPort::pair().expect("pty pair");
    slave.set_timeout(Duration::from_secs(10)).expect("timeout");
    master
        .set_timeout(Duration::from_secs(3600))
        .expect("timeout");
    std::thread::spawn(move || {
        let _ = respond(&mut master);
    });
    slave
}

fn read_some(port: &mut TTYPort, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match port.read(buf) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
            Err(e) => return Err(e),
        }
    }
}

/// Answers `AT+SMTPSRV?` and `AT+QSMTPBODY=<n>` (CONNECT, swallow n bytes,
/// result + OK) until the host goes away.
pub fn respond(port: &mut TTYPort) -> io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut line = Vec::with_capacity(64);
    let mut filled = 0usize;
    let mut pos = 0usize;
    loop {
        if pos == filled {
            filled = read_some(port, &mut buf)?;
            pos = 0;
        }
        let b = buf[pos];
        pos += 1;
        if b != b'\r' {
            line.push(b);
            continue;
        }
        if line == b"AT+SMTPSRV?" {
            port.write_all(READ_ANSWER)?;
        } else if let Some(n) = line.strip_prefix(b"AT+QSMTPBODY=") {
            let n: usize = std::str::from_utf8(n)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            port.write_all(b"\r\nCONNECT\r\n")?;
            let mut left = n;
            let take = left.min(filled - pos);
            pos += take;
            left -= take;
            while left > 0 {
                let k = read_some(port, &mut buf[..left.min(64 * 1024)])?;
                left -= k;
                pos = 0;
                filled = 0;
            }
            port.write_all(format!("\r\n+QSMTPBODY: {n}\r\n\r\nOK\r\n").as_bytes())?;
        } else {
            port.write_all(b"\r\nERROR\r\n")?;
        }
        line.clear();
    }
}

/// Reads from `port` until the bytes end with `tail`.
pub fn read_until_tail(port: &mut TTYPort, buf: &mut Vec<u8>, tail: &[u8]) {
    buf.clear();
    let mut chunk = [0u8; 4096];
    while !buf.ends_with(tail) {
        let n = read_some(port, &mut chunk).expect("read");
        buf.extend_from_slice(&chunk[..n]);
    }
}
