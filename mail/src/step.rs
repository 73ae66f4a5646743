//! The step every sender repeats: send one command and map a runtime error
//! into a [`MailError`] with the dialect's vendor-code classifier.

use std::io::Read;

use atspec_runtime::command::Dialect;
use atspec_runtime::{Command, Modem, Reply, SendOptions};

use crate::{ErrorKind, MailError};

/// A dialect's vendor code to error kind.
pub(crate) type Classify = fn(i64) -> ErrorKind;

/// For dialects whose errors carry no number.
pub(crate) fn no_code(_: i64) -> ErrorKind {
    ErrorKind::Unknown
}

/// Sends `cmd`; the whole reply (response, completion, data result).
pub(crate) fn reply<D: Dialect + 'static, C: Command>(
    modem: &mut Modem<D>,
    cmd: &C,
    classify: Classify,
) -> Result<Reply<C>, MailError> {
    modem
        .send(cmd)
        .map_err(|e| MailError::from_runtime(e, classify))
}

/// Sends `cmd`; its response.
pub(crate) fn step<D: Dialect + 'static, C: Command>(
    modem: &mut Modem<D>,
    cmd: &C,
    classify: Classify,
) -> Result<C::Response, MailError> {
    reply(modem, cmd, classify).map(|r| r.response)
}

/// Sends `cmd` and streams `data` in its data phase.
pub(crate) fn data<D: Dialect + 'static, C: Command, R: Read>(
    modem: &mut Modem<D>,
    cmd: &C,
    data: R,
    options: SendOptions,
    classify: Classify,
) -> Result<Reply<C>, MailError> {
    modem
        .send_data_with(cmd, data, options)
        .map_err(|e| MailError::from_runtime(e, classify))
}
