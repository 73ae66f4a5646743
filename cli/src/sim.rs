//! `atspec sim`: a simulated module driven by a spec, on a pseudo-terminal
//! that minicom or a firmware host can open.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use atspec_sim::smtp::SmtpReceiver;
use atspec_sim::spec::mail::{builtin, MailConfig, MailProfile, Relay};
use atspec_sim::spec::{SpecModem, SpecOptions};
use atspec_sim::Simulator;
use clap::Args;

/// Arguments of `atspec sim`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  atspec sim simcom_sim900               # prints e.g. `device: /dev/pts/7`
  minicom -D /dev/pts/7                  # in another terminal
  atspec sim my_modem.atspec --mail my_modem.toml --echo
  atspec sim quectel_gsm --relay 127.0.0.1:2525

The module answers every line as the spec says, keeps what was set, plays the
data phases and completions. With a mail profile (--mail, or the built-in one
of the five dialects) it really delivers what it is told to send: to an SMTP
receiver on loopback (default; each message is printed) or to --relay.
Runs until end of input (Ctrl-D) or Ctrl-C.
Exit codes: 0 ok, 1 the spec or the mail profile has errors, 2 usage.")]
pub struct SimArgs {
    /// Dialect name or path to a .atspec file.
    spec: String,
    /// Mail profile (TOML, see dialects/mail/); default: the built-in one of
    /// the dialect, if any.
    #[arg(long, value_name = "FILE")]
    mail: Option<PathBuf>,
    /// Echo command lines from power-on (off unless given).
    #[arg(long)]
    echo: bool,
    /// Deliver to this SMTP server instead of the loopback receiver;
    /// `configured` delivers to the server the module was set up with.
    #[arg(long, value_name = "HOST:PORT")]
    relay: Option<String>,
}

/// Runs `atspec sim`.
pub fn run(args: &SimArgs) -> ExitCode {
    let dialect = match crate::spec::load(&args.spec) {
        Ok(d) => Arc::new(d),
        Err(e) => return crate::spec::report(e),
    };
    let config = match mail_config(args, &dialect.name) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let relay = match parse_relay(args.relay.as_deref()) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    let options = SpecOptions {
        echo: args.echo,
        ..SpecOptions::default()
    };
    let receiver = match (&config, &relay) {
        (Some(_), None) => match SmtpReceiver::start() {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("error: cannot start the loopback SMTP receiver: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };
    let modem = match (config, relay, &receiver) {
        (Some(config), relay, receiver) => {
            let relay = relay.unwrap_or_else(|| {
                let addr = receiver.as_ref().map(SmtpReceiver::addr);
                addr.map_or(Relay::AsConfigured, |a| {
                    Relay::Fixed(a.ip().to_string(), a.port())
                })
            });
            match MailProfile::new(config, &dialect, relay) {
                // A dialect with POP3 serves what the receiver got, to any login.
                Ok(profile) => {
                    match receiver {
                        Some(r) => profile.with_pop3(r.mailbox().clone(), None),
                        None => profile,
                    }
                    .into_modem(Arc::clone(&dialect), options)
                    .0
                }
                Err(e) => {
                    eprintln!("error: mail profile: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        (None, _, _) => SpecModem::new(Arc::clone(&dialect)).with_options(options),
    };
    serve(modem, receiver.as_ref())
}

/// The mail profile: `--mail`, else the dialect's built-in one, else none.
fn mail_config(args: &SimArgs, dialect: &str) -> Result<Option<MailConfig>, ExitCode> {
    let parsed = match &args.mail {
        Some(path) => {
            let name = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => MailConfig::parse(&name, &text),
                Err(e) => {
                    eprintln!("error: cannot read {name}: {e}");
                    return Err(ExitCode::from(2));
                }
            }
        }
        None => match builtin(dialect) {
            Some(parsed) => parsed,
            None => return Ok(None),
        },
    };
    parsed.map(Some).map_err(|e| {
        eprintln!("error: mail profile: {e}");
        ExitCode::FAILURE
    })
}

/// `HOST:PORT` or `configured`.
fn parse_relay(text: Option<&str>) -> Result<Option<Relay>, String> {
    let Some(text) = text else { return Ok(None) };
    if text == "configured" {
        return Ok(Some(Relay::AsConfigured));
    }
    let (host, port) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("--relay `{text}`: expected HOST:PORT or `configured`"))?;
    let port: u16 = port
        .parse()
        .map_err(|_| format!("--relay `{text}`: the port must be 1..=65535"))?;
    if host.is_empty() || port == 0 {
        return Err(format!(
            "--relay `{text}`: expected HOST:PORT with a port 1..=65535"
        ));
    }
    Ok(Some(Relay::Fixed(host.to_owned(), port)))
}

/// Starts the module, prints its device, and runs until end of input.
fn serve(modem: SpecModem, receiver: Option<&SmtpReceiver>) -> ExitCode {
    let log = modem.log();
    let (sim, host_end) = match Simulator::spawn(modem) {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("error: cannot open a pseudo-terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("device: {}", sim.device());
    if let Some(r) = receiver {
        println!("smtp receiver: {}", r.addr());
    }
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sink = [0u8; 256];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        let _ = done_tx.send(());
    });
    let mut shown = 0;
    let mut problems = 0;
    loop {
        if let Some(r) = receiver {
            for m in r.mailbox().messages().iter().skip(shown) {
                println!(
                    "received: from {} to {} ({} bytes)",
                    m.from,
                    m.to.join(", "),
                    m.data.len()
                );
                shown += 1;
            }
        }
        for p in log.problems().iter().skip(problems) {
            println!("refused: {p}");
            problems += 1;
        }
        if done_rx.recv_timeout(Duration::from_millis(100)).is_ok() {
            break;
        }
    }
    // Keeps the host end open until here: without any open end the module
    // would read end-of-file as soon as no program has the device open.
    drop(host_end);
    drop(sim);
    ExitCode::SUCCESS
}
