//! The background reader threads.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError};
#[cfg(unix)]
use std::time::Duration;

#[cfg(unix)]
use serialport::TTYPort;

use super::Shared;
#[cfg(unix)]
use super::{IDLE_GRACE, READ_POLL};
use crate::command::Dialect;
#[cfg(unix)]
use crate::direct;

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
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut
                        | io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                ) =>
            {
                continue
            }
            Err(e) => e.to_string(),
        };
        shared.lock().close(reason);
        shared.cond.notify_all();
        return;
    }
}

/// The background reader of the unix fast path: reads only while no command
/// is in flight, and parks while one is.
#[cfg(unix)]
pub(super) fn direct_reader_loop<D: Dialect>(
    shared: Arc<Shared<D>>,
    port: TTYPort,
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
            let mut st = shared.lock();
            loop {
                if st.stop || st.closed.is_some() {
                    return;
                }
                let idle_for = st.idle_since.map(|t| t.elapsed());
                match idle_for {
                    Some(idle) if !st.in_flight && idle >= IDLE_GRACE => break,
                    _ => {
                        let nap = IDLE_GRACE - idle_for.unwrap_or_default().min(IDLE_GRACE);
                        st = shared
                            .cond
                            .wait_timeout(st, nap.max(Duration::from_millis(1)))
                            .unwrap_or_else(PoisonError::into_inner)
                            .0;
                    }
                }
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
