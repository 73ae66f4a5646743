//! `atspec run`: the main job. Options shared by both paths, and the path
//! with `--device`: one e-mail through a real module of the dialect
//! `--dialect` names, with the vendor-neutral mail API. The SMTP password
//! comes from `ATSPEC_SMTP_PASSWORD` or a prompt (see [`crate::password`]),
//! never from the command line. Without `--device`, see [`crate::run`].

use std::process::ExitCode;

use atspec_mail::{Address, AnyModem, DialectName, Email, Login, SmtpAccount};
use indicatif::{ProgressBar, ProgressStyle};

/// Options of `atspec run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Serial device of a real modem; without it a simulated modem is used.
    #[arg(long, requires = "dialect")]
    pub device: Option<String>,
    /// Baud rate for --device.
    #[arg(long, default_value_t = 115_200)]
    pub baud: u32,
    /// The module's dialect: simcom_sim900, simcom_smtps, simcom_sim52xx,
    /// quectel_uc15 or quectel_gsm (without --device: all five, one after the other).
    #[arg(long)]
    pub dialect: Option<DialectName>,
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
    #[arg(long, default_value = "Grüße from atspec")]
    pub subject: String,
    /// Body text.
    #[arg(long, default_value = "Sent through a typed, validated AT API.\r\n")]
    pub body: String,
    /// Print the raw serial traffic (secrets redacted).
    #[arg(long)]
    pub trace: bool,
}

/// A progress bar over the data-phase bytes of `email` (body and
/// attachments), on stderr; hidden when stderr is not a terminal.
pub fn progress_bar(email: &Email) -> ProgressBar {
    let total = email.body.len()
        + email
            .attachments
            .iter()
            .map(|a| a.bytes.len())
            .sum::<usize>();
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Runs the main job on a real module.
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
    let (Some(path), Some(dialect)) = (&args.device, args.dialect) else {
        return Err("--device needs --dialect".into());
    };
    // Never a command-line argument: `ps` would show it to every user.
    let password = crate::password::password(true)?;
    println!("modem: {path} at {} baud, dialect {dialect}", args.baud);
    let mut modem = AnyModem::open(dialect, path, args.baud)?;
    let email = Email::new(
        Address::new(args.from.clone()),
        Address::new(args.to.clone()),
        args.subject.clone(),
        args.body.clone(),
    );
    let account = SmtpAccount {
        host: args.server.clone(),
        port: args.port,
        login: Some(Login::new(args.user.clone(), password)),
    };
    let bar = progress_bar(&email);
    let result = modem.send_observed(&account, &email, &mut |n| bar.inc(n));
    bar.finish_and_clear();
    let sent = result?;
    println!("outcome: sent ({})", sent.completion);
    Ok(())
}
