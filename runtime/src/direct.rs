//! Unix fast path: the calling thread polls and reads the tty itself while a
//! command is in flight, so a response reaches it without a thread hop.
//!
//! Discipline that keeps bytes in order: a thread may only `read` the fd
//! while holding the executor's state lock (and then pushes what it read
//! before releasing it); the background reader never reads while a command
//! is in flight.

use std::io;
use std::os::unix::io::RawFd;
use std::time::Duration;

/// Takes over a tty's file descriptor as a plain fd (the calling-thread
/// reads need nothing of the driver but the fd).
#[cfg(feature = "serial")]
pub fn owned(port: serialport::TTYPort) -> std::os::fd::OwnedFd {
    use std::os::fd::{FromRawFd, IntoRawFd};
    // SAFETY: `into_raw_fd` gives up the port's ownership of an open fd,
    // which the `OwnedFd` now closes exactly once.
    unsafe { std::os::fd::OwnedFd::from_raw_fd(port.into_raw_fd()) }
}

/// What waiting for input found.
pub enum Ready {
    /// Bytes (or end of file) can be read without blocking.
    Data,
    /// Nothing arrived in time.
    Timeout,
    /// The line hung up or the fd failed.
    Gone(String),
}

/// Waits until `fd` is readable, at most `timeout` (rounded up to 1 ms).
pub fn wait_readable(fd: RawFd, timeout: Duration) -> Ready {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let mut ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    if ms == 0 && !timeout.is_zero() {
        ms = 1;
    }
    // SAFETY: `pfd` is a valid pollfd for the duration of the call, and the
    // count passed is 1.
    let n = unsafe { libc::poll(&mut pfd, 1, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return match e.kind() {
            io::ErrorKind::Interrupted => Ready::Timeout,
            _ => Ready::Gone(format!("poll failed: {e}")),
        };
    }
    if n == 0 {
        return Ready::Timeout;
    }
    if pfd.revents & libc::POLLIN != 0 {
        Ready::Data
    } else if pfd.revents & libc::POLLNVAL != 0 {
        Ready::Gone("the port's file descriptor is no longer valid".into())
    } else {
        Ready::Gone("the line hung up".into())
    }
}

/// Reads what is available from `fd` without blocking: `Ok(None)` if
/// nothing is (another thread may have taken what a poll announced). Call
/// under the state lock.
pub fn read_now(fd: RawFd, buf: &mut [u8]) -> io::Result<Option<usize>> {
    match wait_readable(fd, Duration::ZERO) {
        Ready::Timeout => return Ok(None),
        Ready::Gone(_) | Ready::Data => {}
    }
    // SAFETY: `buf` is valid for writes of `buf.len()` bytes.
    let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(Some(n as usize))
    }
}

/// Puts the open file description of `fd` in non-blocking mode, so a write
/// on a full line returns what fit instead of blocking until all of it does
/// (it would never return if the far end stopped reading).
#[cfg(feature = "serial")]
pub fn set_nonblocking(fd: RawFd) -> io::Result<()> {
    // SAFETY: F_GETFL / F_SETFL on a file descriptor we hold open.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}
