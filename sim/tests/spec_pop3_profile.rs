//! A mail profile's `[pop3]` section is checked against its spec before the
//! module starts: a command, parameter or answer field the spec does not
//! have is refused, naming where.

mod support;

use atspec_sim::spec::mail::{builtin, MailConfig, MailProfile, Relay};

fn profile_with(dialect: &str, from: &str, to: &str) -> Result<MailProfile, String> {
    let text = atspec_sim::spec::mail::PROFILES
        .iter()
        .find(|(d, _)| *d == dialect)
        .map(|(_, t)| t.replace(from, to))
        .expect("a seed profile");
    let config = MailConfig::parse("test.toml", &text)?;
    let spec = support::dialect(dialect);
    MailProfile::new(config, &spec, Relay::AsConfigured)
}

#[test]
fn the_seed_profiles_with_pop3_fit_their_specs() {
    for dialect in ["simcom_sim900", "simcom_sim52xx"] {
        let config = builtin(dialect).expect("seed").expect("parses");
        assert!(config.pop3.is_some(), "{dialect} serves POP3");
        let spec = support::dialect(dialect);
        MailProfile::new(config, &spec, Relay::AsConfigured).expect("fits");
    }
}

#[test]
fn a_pop3_answer_field_the_spec_lacks_is_refused() {
    let err = profile_with(
        "simcom_sim900",
        "count = \"$count\", size = \"$size\"",
        "count = \"$count\", bytes = \"$size\"",
    )
    .unwrap_err();
    assert!(
        err.contains("pop3.count.ok") && err.contains("bytes"),
        "{err}"
    );
}

#[test]
fn a_pop3_command_the_spec_lacks_is_refused() {
    let err = profile_with(
        "simcom_sim52xx",
        "command = \"POP3GET\"",
        "command = \"POP3FETCH\"",
    )
    .unwrap_err();
    assert!(
        err.contains("pop3.retrieve") && err.contains("AT+POP3FETCH"),
        "{err}"
    );
}
