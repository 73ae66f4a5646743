//! Where `atspec run` gets the SMTP password: never from the command line
//! (any user can read it there with `ps`), but from an environment variable,
//! else a prompt on the terminal (input not echoed), else, for the simulated
//! modem only, a demo default.

use std::io::{BufRead, IsTerminal, Write};

/// Environment variable holding the SMTP password.
pub const PASSWORD_VAR: &str = "ATSPEC_SMTP_PASSWORD";

/// Password used with the built-in simulator when none is given.
const DEMO_PASSWORD: &str = "secret";

/// Where the password comes from, in order of preference.
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// The environment variable [`PASSWORD_VAR`].
    Environment,
    /// A prompt on the terminal.
    Prompt,
    /// The simulator's demo default.
    Demo,
}

/// Picks where the password comes from: the environment variable if set,
/// else a prompt if stdin is a terminal, else the demo default when the
/// modem is simulated; a real modem without either is an error.
pub fn source(env_set: bool, terminal: bool, real_modem: bool) -> Result<Source, String> {
    match (env_set, terminal, real_modem) {
        (true, _, _) => Ok(Source::Environment),
        (false, true, _) => Ok(Source::Prompt),
        (false, false, false) => Ok(Source::Demo),
        (false, false, true) => Err(format!(
            "no SMTP password: set {PASSWORD_VAR} or run on a terminal to be asked for it"
        )),
    }
}

/// The SMTP password for this run.
pub fn password(real_modem: bool) -> Result<String, String> {
    let env = std::env::var(PASSWORD_VAR).ok();
    match source(env.is_some(), std::io::stdin().is_terminal(), real_modem)? {
        Source::Environment => Ok(env.unwrap_or_default()),
        Source::Prompt => prompt(),
        Source::Demo => Ok(DEMO_PASSWORD.to_string()),
    }
}

/// Asks for the password on stderr and reads one line from stdin with echo off.
fn prompt() -> Result<String, String> {
    eprint!("SMTP password: ");
    let _ = std::io::stderr().flush();
    let _echo = EchoOff::new();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    eprintln!();
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Turns terminal echo off on stdin while it lives (no-op where unsupported).
struct EchoOff {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl EchoOff {
    #[cfg(unix)]
    fn new() -> Self {
        // SAFETY: termios is plain data; tcgetattr fills it or fails.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 is stdin; `t` is a valid termios to fill.
        if unsafe { libc::tcgetattr(0, &mut t) } != 0 {
            return EchoOff { saved: None };
        }
        let saved = t;
        t.c_lflag &= !libc::ECHO;
        // SAFETY: fd 0 with a termios obtained from tcgetattr.
        let ok = unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) } == 0;
        EchoOff {
            saved: ok.then_some(saved),
        }
    }

    #[cfg(not(unix))]
    fn new() -> Self {
        EchoOff {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            // SAFETY: restores the settings read by tcgetattr on fd 0.
            unsafe { libc::tcsetattr(0, libc::TCSANOW, saved) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{source, Source};

    #[test]
    fn the_environment_wins_then_the_prompt_then_the_demo_default() {
        assert_eq!(source(true, true, true), Ok(Source::Environment));
        assert_eq!(source(true, false, false), Ok(Source::Environment));
        assert_eq!(source(false, true, true), Ok(Source::Prompt));
        assert_eq!(source(false, false, false), Ok(Source::Demo));
        let err = source(false, false, true).unwrap_err();
        assert!(err.contains(super::PASSWORD_VAR), "{err}");
    }
}
