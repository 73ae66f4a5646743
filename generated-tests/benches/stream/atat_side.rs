//! atat 0.25 on the anchor stream: the bytes go into an ingress buffer and
//! through `AtDigester` exactly as `atat::Ingress::try_advance` does it
//! (digest, act on the result, shift the swallowed bytes out); responses go
//! to the command's derived parser, URCs to the derived `AtatUrc`. atat
//! hands a multi-line response over as one slice: its lines are parsed one
//! by one with `serde_at::from_slice`, as an atat user parses a list.

use atat::atat_derive::{AtatCmd, AtatResp, AtatUrc};
use atat::heapless::String as HString;
use atat::{AtDigester, AtatCmd as _, AtatUrc as _, DigestResult, Digester, InternalError};
use criterion::black_box;

use super::{Summary, EXCHANGES};

#[derive(Clone, Debug, AtatResp)]
pub struct NoResponse;

#[derive(Clone, AtatCmd)]
#[at_cmd("+SMTPSRV", NoResponse)]
pub struct SetSrv {
    #[at_arg(position = 0)]
    pub server: HString<50>,
    #[at_arg(position = 1)]
    pub port: u16,
}

#[derive(Clone, Debug, AtatResp)]
pub struct SmtpRcpt {
    #[at_arg(position = 0)]
    pub kind: u8,
    #[at_arg(position = 1)]
    pub index: u8,
    #[at_arg(position = 2)]
    pub address: HString<50>,
    #[at_arg(position = 3)]
    pub name: HString<50>,
}

/// The whole (multi-line) answer, split into lines by the caller.
#[derive(Clone, Debug, AtatResp)]
pub struct Lines;

#[derive(Clone, AtatCmd)]
#[at_cmd("+SMTPRCPT?", Lines, parse = raw_lines)]
pub struct GetRcpt;

fn raw_lines(_: &[u8]) -> Result<Lines, atat::Error> {
    Ok(Lines)
}

#[derive(Clone, AtatCmd)]
#[at_cmd("+POP3NUM", NoResponse)]
pub struct Pop3Num;

#[derive(Clone, AtatCmd)]
#[at_cmd("+QSMTPPUT", NoResponse)]
pub struct QsmtpPut {
    #[at_arg(position = 0)]
    pub timeout: u16,
}

#[derive(Clone, Debug, AtatResp)]
pub struct SmtpSrv {
    #[at_arg(position = 0)]
    pub server: HString<50>,
    #[at_arg(position = 1)]
    pub port: u16,
}

#[derive(Clone, AtatCmd)]
#[at_cmd("+SMTPSRV?", SmtpSrv)]
pub struct GetSrv;

#[derive(Clone, Debug, AtatResp)]
pub struct SmtpSendUrc {
    #[at_arg(position = 0)]
    pub code: i32,
}

#[derive(Clone, Debug, AtatResp)]
pub struct QsmtpPutUrc {
    #[at_arg(position = 0)]
    pub err: i32,
    #[at_arg(position = 1)]
    pub protocol_error: i32,
}

#[derive(Clone, Debug, AtatResp)]
pub struct Pop3NumUrc {
    #[at_arg(position = 0)]
    pub flag: u8,
    #[at_arg(position = 1)]
    pub count: u32,
    #[at_arg(position = 2)]
    pub size: u32,
}

#[derive(Clone, Debug, AtatUrc)]
pub enum Urc {
    #[at_urc("+QSMTPPUT")]
    QsmtpPut(QsmtpPutUrc),
    #[at_urc("+SMTPSEND")]
    SmtpSend(SmtpSendUrc),
    #[at_urc("+POP3NUM")]
    Pop3Num(Pop3NumUrc),
}

/// Ingress buffer size (atat's `Ingress` has a fixed one too).
const BUF: usize = 512;

/// atat's ingress state and the commands of the stream.
pub struct Side {
    buf: [u8; BUF],
    pos: usize,
    digester: AtDigester<Urc>,
    out: [u8; 128],
    set_srv: SetSrv,
}

impl Side {
    /// A fresh ingress.
    pub fn new() -> Self {
        Self {
            buf: [0; BUF],
            pos: 0,
            digester: AtDigester::new(),
            out: [0; 128],
            set_srv: SetSrv {
                server: HString::try_from("smtp.example.com").expect("fits"),
                port: 25,
            },
        }
    }

    /// One cycle in reads of at most `read` bytes (see the atspec side).
    pub fn cycle(&mut self, read: usize, summarize: bool) -> Summary {
        let mut s = Summary::default();
        let n = self.set_srv.write(&mut self.out);
        black_box(&self.out[..n]);
        let set_srv = self.set_srv.clone();
        self.feed(EXCHANGES[0], read, &mut s, |resp, s| {
            s.oks += usize::from(set_srv.parse(resp).is_ok());
        });
        let n = GetRcpt.write(&mut self.out);
        black_box(&self.out[..n]);
        self.feed(EXCHANGES[1], read, &mut s, |resp, s| {
            let Ok(bytes) = resp else { return };
            s.oks += 1;
            for line in bytes.split(|&b| b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let rest = line.strip_prefix(b"+SMTPRCPT: ").unwrap_or(line);
                if let Ok(r) = atat::serde_at::from_slice::<SmtpRcpt>(rest) {
                    if summarize {
                        s.recipients.push((r.kind, r.index, r.address.len()));
                    }
                    black_box(r);
                }
            }
        });
        self.feed(EXCHANGES[2], read, &mut s, |_, _| {});
        let n = Pop3Num.write(&mut self.out);
        black_box(&self.out[..n]);
        self.feed(EXCHANGES[3], read, &mut s, |resp, s| {
            s.oks += usize::from(Pop3Num.parse(resp).is_ok());
        });
        let put = QsmtpPut { timeout: 300 };
        let n = put.write(&mut self.out);
        black_box(&self.out[..n]);
        self.feed(EXCHANGES[4], read, &mut s, |resp, s| {
            s.oks += usize::from(put.parse(resp).is_ok());
        });
        let n = GetSrv.write(&mut self.out);
        black_box(&self.out[..n]);
        self.feed(EXCHANGES[5], read, &mut s, |resp, s| {
            if let Err(InternalError::CmeError(code)) = resp {
                s.cme = code as i64;
            }
            black_box(GetSrv.parse(resp).ok());
        });
        s
    }

    /// Feeds `bytes` in reads of at most `read`, as `Ingress::try_advance`:
    /// a response goes to `on_response`, a URC is parsed and filed.
    fn feed(
        &mut self,
        bytes: &[u8],
        read: usize,
        s: &mut Summary,
        mut on_response: impl FnMut(Result<&[u8], InternalError>, &mut Summary),
    ) {
        for chunk in bytes.chunks(read) {
            self.buf[self.pos..self.pos + chunk.len()].copy_from_slice(chunk);
            self.pos += chunk.len();
            while self.pos > 0 {
                let (result, swallowed) = self.digester.digest(&self.buf[..self.pos]);
                match result {
                    DigestResult::Urc(line) => match Urc::parse(line) {
                        Some(Urc::SmtpSend(u)) => s.send_code = i64::from(u.code),
                        Some(Urc::Pop3Num(u)) => s.pop3 = (u.count, u.size),
                        Some(Urc::QsmtpPut(u)) => s.put = (u.err, u.protocol_error),
                        None => panic!("atat parses every URC of the stream"),
                    },
                    DigestResult::Response(resp) => on_response(resp, s),
                    DigestResult::Prompt(_) | DigestResult::None => {}
                }
                if swallowed == 0 {
                    break;
                }
                self.buf.copy_within(swallowed..self.pos, 0);
                self.pos -= swallowed;
            }
        }
    }
}
