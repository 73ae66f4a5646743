//! `atspec run`: the main job. Sends an e-mail with an attachment through a
//! SIM900-class modem using the typed `simcom_sim900` API; without `--device`
//! the modem is the built-in simulator on a real pseudo-terminal pair. The
//! SMTP password comes from `ATSPEC_SMTP_PASSWORD` or a prompt (see
//! [`crate::password`]), never from the command line.

use std::fmt::Debug;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use atspec_dialects::simcom_sim900 as sim900;
use atspec_runtime::modem::{Modem, Reply, Urcs};
use atspec_runtime::wire::ValidationError;
use atspec_runtime::Command;
use atspec_sim::{Sim900, Simulator};

/// Options of `atspec run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Serial device of a real modem; without it a simulated modem is used.
    #[arg(long)]
    pub device: Option<String>,
    /// Baud rate for --device.
    #[arg(long, default_value_t = 115_200)]
    pub baud: u32,
    /// SMTP server host name or address.
    #[arg(long, default_value = "mail.example.com")]
    pub server: String,
    /// SMTP server port.
    #[arg(long, default_value_t = 25)]
    pub port: u16,
    /// SMTP user name.
    #[arg(long, default_value = "john")]
    pub user: String,
    /// Sender address.
    #[arg(long, default_value = "john@example.com")]
    pub from: String,
    /// Recipient address.
    #[arg(long, default_value = "ann@example.com")]
    pub to: String,
    /// Subject line.
    #[arg(long, default_value = "Hello from atspec")]
    pub subject: String,
    /// Body text.
    #[arg(long, default_value = "Sent through a typed, validated AT API.\r\n")]
    pub body: String,
    /// Print the raw serial traffic (secrets redacted).
    #[arg(long)]
    pub trace: bool,
}

/// A text attachment sent with every demo message.
const ATTACHMENT_NAME: &str = "report.txt";

/// Runs the main job.
pub fn run(args: &RunArgs) -> ExitCode {
    init_tracing(args.trace);
    match send_mail(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(trace: bool) {
    let filter = if trace {
        "atspec::traffic=trace"
    } else {
        "warn"
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

type Error = Box<dyn std::error::Error>;

fn send_mail(args: &RunArgs) -> Result<(), Error> {
    // Never a command-line argument: `ps` would show it to every user.
    let password = crate::password::password(args.device.is_some())?;
    let outbox = Arc::new(Mutex::new(Vec::new()));
    let (simulator, modem) = match &args.device {
        Some(path) => {
            println!("modem: {path} at {} baud", args.baud);
            (None, Modem::<sim900::Dialect>::open(path, args.baud)?)
        }
        None => {
            let (sim, port) = Simulator::spawn(Sim900::new(Arc::clone(&outbox)))?;
            println!("modem: simulated SIM900 on {}", sim.device());
            // The simulator hands out a tty: take the fast path (the calling
            // thread reads the answer itself while a command runs).
            (Some(sim), Modem::<sim900::Dialect>::from_tty(port)?)
        }
    };
    let (mut modem, urcs) = modem;
    let attachment = attachment_text(args);

    step(&mut modem, &sim900::EmailcidWrite::new(1)?)?;
    step(&mut modem, &sim900::EmailtoWrite::new(30)?)?;
    step(
        &mut modem,
        &sim900::SmtpsrvWrite::new(&args.server, Some(args.port))?,
    )?;
    let auth = sim900::SmtpauthWrite::new(sim900::AuthType::Login, Some((&args.user, &password)))?;
    step(&mut modem, &auth)?;
    step(&mut modem, &sim900::SmtpfromWrite::new(&args.from, None)?)?;
    step(
        &mut modem,
        &sim900::SmtprcptWrite::new(sim900::RcptType::To, Some((0, Some((&args.to, None)))))?,
    )?;
    step(&mut modem, &sim900::SmtpsubWrite::new(&args.subject)?)?;
    let body = sim900::SmtpbodyExec::new();
    announce(&body);
    let reply = modem.send_data(&body, args.body.as_bytes())?;
    report(&reply);
    let file = sim900::SmtpfileWrite::new(
        sim900::FileType::Text,
        Some((ATTACHMENT_NAME, sim900::EncodeType::SevenBit)),
    )?;
    step(&mut modem, &file)?;

    let send = sim900::SmtpsendExec::new();
    announce(&send);
    let reply = modem.send_chunked(&send, chunk_command, attachment.as_bytes())?;
    report(&reply);
    let outcome = reply
        .outcome
        .ok_or("AT+SMTPSEND ended without its +SMTPSEND result")?;
    println!("result: {} ({})", outcome.code.code(), outcome.code);
    drain_urcs(&urcs);

    if let Some(sim) = simulator {
        drop(modem);
        drop(sim);
        for mail in outbox
            .lock()
            .map_err(|_| "simulator outbox poisoned")?
            .iter()
        {
            println!(
                "simulated server received: from {} to {:?}, subject {:?}, {} body bytes, attachment {:?} ({} bytes)",
                mail.from.0,
                mail.recipients.iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(),
                mail.subject,
                mail.body.len(),
                mail.attachment.as_ref().map(|(n, _)| n.as_str()).unwrap_or("-"),
                mail.attachment.as_ref().map_or(0, |(_, b)| b.len()),
            );
        }
    }
    if outcome.code == sim900::SmtpResult::Sent {
        Ok(())
    } else {
        Err(format!("the module reports: {}", outcome.code).into())
    }
}

/// The chunk command for `n` granted bytes: the module never grants more than
/// the spec's cap, so the value is clamped to it before validation (which
/// still has the last word: an error ends the transfer, nothing panics).
fn chunk_command(n: usize) -> Result<sim900::SmtpftWrite, ValidationError> {
    const CAP: u16 = 1460;
    let len = u16::try_from(n).map_or(CAP, |n| n.min(CAP));
    sim900::SmtpftWrite::new(len)
}

fn attachment_text(args: &RunArgs) -> String {
    (1..=40)
        .map(|i| {
            format!(
                "line {i:02}: report for {} generated by atspec\r\n",
                args.to
            )
        })
        .collect()
}

fn announce<C: Command>(cmd: &C) {
    println!(">> {}", cmd.redacted());
}

fn report<C: Command>(reply: &Reply<C>)
where
    C::Response: Debug,
{
    println!("<< OK {:?}", reply.response);
}

fn step<C: Command>(modem: &mut Modem<sim900::Dialect>, cmd: &C) -> Result<(), Error> {
    announce(cmd);
    let reply = modem.send(cmd)?;
    report(&reply);
    Ok(())
}

fn drain_urcs(urcs: &Urcs<sim900::Urc>) {
    while let Some(urc) = urcs.try_recv() {
        println!("urc: {urc:?}");
    }
}
