//! The background reader threads.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
#[cfg(feature = "serial")]
use std::sync::{MutexGuard, PoisonError};
#[cfg(feature = "serial")]
use std::time::Duration;

#[cfg(all(unix, feature = "serial"))]
use std::os::fd::OwnedFd;

#[cfg(feature = "serial")]
use serialport::SerialPort;

use super::Shared;
#[cfg(all(unix, feature = "serial"))]
use super::READ_POLL;
#[cfg(feature = "serial")]
use super::{State, IDLE_GRACE};
use crate::command::Dialect;
#[cfg(all(unix, feature = "serial"))]
use crate::direct;

/// Whether a read that failed this way is simply retried (a timeout, or
/// nothing to read yet).
pub(super) fn is_retry(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
    )
}

/// Whether the background reader of a tty or serial port may read now: no
/// command in flight for [`IDLE_GRACE`], and no other reader (`token`: the
/// read token of the serial path). Otherwise how long to wait first.
#[cfg(feature = "serial")]
fn may_read<D: Dialect>(st: &State<D>, token: bool) -> Result<(), Duration> {
    let idle_for = st.idle_since.map(|t| t.elapsed());
    match idle_for {
        Some(idle) if !st.in_flight && idle >= IDLE_GRACE && !(token && st.reading) => Ok(()),
        _ => {
            let nap = IDLE_GRACE - idle_for.unwrap_or_default().min(IDLE_GRACE);
            Err(nap.max(Duration::from_millis(1)))
        }
    }
}

/// Waits until the background reader may read ([`may_read`]); `None`
/// once the modem stopped or the port closed.
#[cfg(feature = "serial")]
fn park<D: Dialect>(shared: &Shared<D>, token: bool) -> Option<MutexGuard<'_, State<D>>> {
    let mut st = shared.lock();
    loop {
        if st.stop || st.closed.is_some() {
            return None;
        }
        match may_read(&st, token) {
            Ok(()) => return Some(st),
            Err(nap) => {
                st = shared
                    .cond
                    .wait_timeout(st, nap)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        }
    }
}

/// The background reader of [`super::Modem::from_serial`]: reads only
/// while no command is in flight (holding the read token while it does),
/// and leaves the port to the calling thread while one is.
#[cfg(feature = "serial")]
pub(super) fn serial_reader_loop<D: Dialect>(
    shared: Arc<Shared<D>>,
    mut port: Box<dyn SerialPort>,
    rx_bytes: Arc<AtomicU64>,
) {
    let mut buf = vec![0u8; 4096];
    loop {
        let Some(mut st) = park(&shared, true) else {
            return;
        };
        st.reading = true;
        drop(st);
        let read = port.read(&mut buf);
        let mut st = shared.lock();
        st.reading = false;
        let reason = match read {
            Ok(0) => "end of file".to_string(),
            Ok(n) => {
                st.router.push(&buf[..n]);
                if !st.in_flight {
                    st.route_idle();
                }
                drop(st);
                // A command or a pending completion may wait for these.
                shared.cond.notify_all();
                rx_bytes.fetch_add(n as u64, Ordering::Release);
                continue;
            }
            Err(e) if is_retry(&e) => {
                let waiting = st.in_flight;
                drop(st);
                if waiting {
                    // The calling thread may wait for the token.
                    shared.cond.notify_all();
                }
                continue;
            }
            Err(e) => e.to_string(),
        };
        st.close(reason);
        drop(st);
        shared.cond.notify_all();
        return;
    }
}

/// The portable reader: reads everything; routes while no command runs and
/// wakes the calling thread while one does.
pub(super) fn reader_loop<D: Dialect, R: Read>(
    shared: Arc<Shared<D>>,
    mut port: R,
    rx_bytes: Arc<AtomicU64>,
) {
    let mut buf = vec![0u8; 4096];
    loop {
        if shared.lock().stop {
            return;
        }
        let reason = match port.read(&mut buf) {
            Ok(0) => "end of file".to_string(),
            Ok(n) => {
                let mut st = shared.lock();
                st.router.push(&buf[..n]);
                if st.in_flight {
                    drop(st);
                    shared.cond.notify_all();
                } else {
                    st.route_idle();
                    drop(st);
                    // A pending completion may have come.
                    shared.cond.notify_all();
                }
                rx_bytes.fetch_add(n as u64, Ordering::Release);
                continue;
            }
            Err(e) if is_retry(&e) => continue,
            Err(e) => e.to_string(),
        };
        shared.lock().close(reason);
        shared.cond.notify_all();
        return;
    }
}

/// The background reader of the unix fast path: reads only while no command
/// is in flight, and parks while one is.
#[cfg(all(unix, feature = "serial"))]
pub(super) fn direct_reader_loop<D: Dialect>(
    shared: Arc<Shared<D>>,
    port: OwnedFd,
    rx_bytes: Arc<AtomicU64>,
) {
    use std::os::unix::io::AsRawFd;
    let fd = port.as_raw_fd();
    let mut buf = vec![0u8; 4096];
    loop {
        {
            // Stay off the fd while commands run, and for a short grace after
            // one ends: back-to-back commands then never wake this thread on
            // their responses.
            if park(&shared, false).is_none() {
                return;
            }
        }
        let reason = match direct::wait_readable(fd, READ_POLL) {
            direct::Ready::Timeout => continue,
            direct::Ready::Gone(reason) => reason,
            direct::Ready::Data => {
                let mut st = shared.lock();
                if st.in_flight {
                    // The calling thread reads now.
                    continue;
                }
                match direct::read_now(fd, &mut buf) {
                    Ok(None) => continue,
                    Ok(Some(0)) => "end of file".to_string(),
                    Ok(Some(n)) => {
                        st.router.push(&buf[..n]);
                        st.route_idle();
                        drop(st);
                        // A pending completion may have come.
                        shared.cond.notify_all();
                        rx_bytes.fetch_add(n as u64, Ordering::Release);
                        continue;
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                        ) =>
                    {
                        continue
                    }
                    Err(e) => format!("read failed: {e}"),
                }
            }
        };
        shared.lock().close(reason);
        shared.cond.notify_all();
        return;
    }
}
