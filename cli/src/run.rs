//! `atspec run` without `--device`: the main job against the simulated
//! modem. One e-mail (to, cc, bcc, a non-ASCII subject where the dialect has
//! a charset, an attachment where it transfers files) goes through the
//! vendor-neutral mail API ([`AnyModem`]) and the spec-driven simulated
//! module of each of the five dialects (or the one `--dialect` names), on a
//! real pseudo-terminal pair; the simulated module really delivers it over
//! SMTP to a receiver on loopback, and what the receiver got is printed.

use std::process::ExitCode;
use std::sync::Arc;

use atspec_mail::{Address, AnyModem, Attachment, DialectName, Email, Login, SmtpAccount};
use atspec_sim::smtp::{Received, ReceiverConfig, SmtpReceiver};
use atspec_sim::spec::mail::{builtin, MailProfile, Relay};
use atspec_sim::spec::SpecOptions;
use atspec_sim::Simulator;
use mail_parser::{MessageParser, MimeHeaders};

use crate::demo::{progress_bar, RunArgs};

/// The login the loopback receiver accepts (a local demo account, redacted in the trace).
const DEMO_PASSWORD: &str = "demo-only-password";
/// The subject sent instead of a non-ASCII one where the dialect has no charset.
const ASCII_SUBJECT: &str = "Hello from atspec";
/// Name of the attachment sent where the dialect transfers files.
const ATTACHMENT_NAME: &str = "report.txt";

type Error = Box<dyn std::error::Error>;

/// Runs the main job against the simulated modem.
pub fn run(args: &RunArgs) -> ExitCode {
    init_tracing();
    let dialects = match args.dialect {
        Some(d) => vec![d],
        None => DialectName::ALL.to_vec(),
    };
    let mut failed = 0;
    for dialect in dialects {
        println!("=== {dialect} ===");
        if let Err(e) = send_simulated(args, dialect) {
            eprintln!("error ({dialect}): {e}");
            failed += 1;
        }
        println!();
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The AT trace (secrets redacted) goes to stderr unless `RUST_LOG` says otherwise.
fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "atspec::traffic=trace".into()),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn send_simulated(args: &RunArgs, dialect: DialectName) -> Result<(), Error> {
    let email = demo_email(args, dialect);
    let receiver = SmtpReceiver::with_config(ReceiverConfig {
        credentials: Some((args.user.clone(), DEMO_PASSWORD.into())),
        reject_recipients: Vec::new(),
    })?;
    println!("SMTP receiver: {} (loopback)", receiver.addr());
    let spec = Arc::new(crate::spec::load(dialect.name()).map_err(|_| "built-in spec")?);
    let config = builtin(dialect.name()).ok_or("no mail profile")??;
    let relay = Relay::Fixed(receiver.addr().ip().to_string(), receiver.addr().port());
    let profile = MailProfile::new(config, &spec, relay)?;
    let (module, _outbox) = profile.into_modem(Arc::clone(&spec), SpecOptions::default());
    let (sim, port) = Simulator::spawn(module)?;
    println!(
        "modem: simulated {dialect} (from its spec) on {}",
        sim.device()
    );
    let mut modem = AnyModem::from_tty(dialect, port)?;
    let account = SmtpAccount {
        host: args.server.clone(),
        port: args.port,
        login: Some(Login::new(args.user.clone(), DEMO_PASSWORD)),
    };
    let bar = progress_bar(&email);
    let result = modem.send_observed(&account, &email, &mut |n| bar.inc(n));
    bar.finish_and_clear();
    drop(modem);
    drop(sim);
    match result {
        Ok(sent) => println!(
            "outcome: sent ({}), {} attachment bytes",
            sent.completion, sent.attachment_bytes
        ),
        // Reported on stderr by `run`, with the kind, vendor code and meaning.
        Err(e) => return Err(format!("{:?}: {e}", e.kind).into()),
    }
    for message in receiver.mailbox().messages() {
        print_received(&message)?;
    }
    Ok(())
}

/// The demo message, within what `dialect` can carry.
fn demo_email(args: &RunArgs, dialect: DialectName) -> Email {
    let (subject, body) = match dialect {
        // No charset, and the body is one quoted parameter.
        DialectName::SimcomSim52xx => {
            let subject = if args.subject.is_ascii() {
                args.subject.clone()
            } else {
                println!(
                    "note: {dialect} has no charset; the subject is sent as {ASCII_SUBJECT:?}"
                );
                ASCII_SUBJECT.to_owned()
            };
            (subject, one_line(&args.body))
        }
        _ => (args.subject.clone(), args.body.clone()),
    };
    let attachments = if dialect.sends_attachments() {
        vec![Attachment {
            name: ATTACHMENT_NAME.into(),
            bytes: report_text(&args.to).into_bytes(),
        }]
    } else {
        Vec::new()
    };
    Email {
        from: Address::named(args.from.clone(), "atspec"),
        to: vec![Address::new(args.to.clone())],
        cc: vec![Address::new("carl@example.com")],
        bcc: vec![Address::new("audit@example.com")],
        subject,
        body,
        attachments,
    }
}

fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn report_text(to: &str) -> String {
    (1..=40)
        .map(|i| format!("line {i:02}: report for {to} generated by atspec\r\n"))
        .collect()
}

fn print_received(message: &Received) -> Result<(), Error> {
    let parsed = MessageParser::default()
        .parse(&message.data)
        .ok_or("the receiver got a message that is not MIME")?;
    let addresses = |a: Option<&mail_parser::Address>| -> String {
        a.map(|a| {
            a.iter()
                .filter_map(|a| a.address())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
    };
    println!("receiver got a message ({} bytes):", message.data.len());
    println!("  login:     {}", message.user.as_deref().unwrap_or("-"));
    println!("  envelope:  {} -> {}", message.from, message.to.join(", "));
    println!("  From:      {}", addresses(parsed.from()));
    println!("  To:        {}", addresses(parsed.to()));
    println!("  Cc:        {}", addresses(parsed.cc()));
    let bcc = if parsed.bcc().is_some() {
        "present"
    } else {
        "absent"
    };
    println!("  Bcc:       {bcc} (header)");
    println!("  Subject:   {}", parsed.subject().unwrap_or(""));
    let body = parsed.body_text(0).unwrap_or_default();
    println!("  body:      {} bytes", body.len());
    for file in parsed.attachments() {
        println!(
            "  attachment {:?} ({} bytes)",
            file.attachment_name().unwrap_or("-"),
            file.contents().len()
        );
    }
    Ok(())
}
