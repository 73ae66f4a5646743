//! `Modem::open` by device path and baud, on the slave side of a pty pair.
// Drives a pty pair through the serial-port constructors.
#![cfg(feature = "serial")]

mod support;

use std::io::{Read, Write};
use std::time::Duration;

use atspec_runtime::{Error, Modem};
use serialport::{SerialPort, TTYPort};
use support::commands::ReadServer;
use support::dialect::TestDialect;

#[test]
fn open_by_path_runs_a_command() {
    let (mut master, slave) = TTYPort::pair().expect("pty pair");
    let path = slave.name().expect("the slave has a path");
    let (mut modem, _urcs) = Modem::<TestDialect>::open(&path, 115_200).expect("open by path");
    drop(slave);
    master
        .set_timeout(Duration::from_secs(10))
        .expect("timeout");
    let script = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        while !got.ends_with(b"\r") {
            master.read_exact(&mut byte).expect("command byte");
            got.push(byte[0]);
        }
        assert_eq!(got, b"AT+SMTPSRV?\r");
        master
            .write_all(b"\r\n+SMTPSRV: \"a.b\",587\r\n\r\nOK\r\n")
            .expect("answer");
        master
    });
    let reply = modem.send(&ReadServer::default()).expect("reply");
    assert_eq!(reply.response, ("a.b".to_string(), 587));
    drop(script.join().expect("script"));
}

#[test]
fn opening_a_missing_device_is_an_error() {
    let err = Modem::<TestDialect>::open("/dev/atspec-no-such-tty", 9600).unwrap_err();
    assert!(matches!(err, Error::Open(_)), "{err}");
    assert!(err.to_string().contains("cannot open serial port"), "{err}");
}
