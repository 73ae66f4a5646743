//! Memory limits of the router and its bounded URC queue.
//!
//! Nothing the modem sends can grow memory past these: lines are cut by the
//! framer ([`crate::framer::MAX_LINE`]), counted payloads are refused above
//! [`Limits::max_payload`], the lines collected for one command stop at
//! [`Limits::max_response`] bytes, and the URC queue holds at most
//! [`Limits::max_urcs`] URCs (the newest are dropped and counted, reported
//! as one [`Urc::Dropped`]).

use std::collections::VecDeque;

use super::Urc;

/// How much of the modem's output the router keeps at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest counted payload taken (a command's `then raw` or a URC's);
    /// a longer announcement is refused: the command fails with
    /// [`crate::Error::TooLarge`], a URC header becomes
    /// [`Urc::PayloadTooLarge`], and the bytes that follow are framed as
    /// lines. Default 1 MiB.
    pub max_payload: usize,
    /// The most bytes of lines and payloads collected for one command
    /// (over it, the rest is dropped and the command fails with
    /// [`crate::Error::TooLarge`]). Default 4 MiB.
    pub max_response: usize,
    /// The most URCs queued (in the router and in the [`crate::Urcs`]
    /// channel each); newer ones are dropped and counted. Default 1,024.
    pub max_urcs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_payload: 1 << 20,
            max_response: 4 << 20,
            max_urcs: 1024,
        }
    }
}

/// Why the answer to the command in flight was not taken whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A claimed line announced a counted payload over the limit.
    Payload {
        /// The announced length.
        announced: usize,
        /// [`Limits::max_payload`], or the length field's declared
        /// maximum when that is smaller.
        limit: usize,
    },
    /// The collected lines grew over [`Limits::max_response`] bytes.
    Response {
        /// The limit.
        limit: usize,
    },
    /// A line of a free-text response was longer than
    /// [`crate::framer::MAX_LINE`] (its bytes were dropped).
    Overlong {
        /// Its length.
        len: usize,
    },
    /// A claimed line is not valid UTF-8 (a typed value is never guessed
    /// from replacement characters).
    Utf8 {
        /// 1-based index of the line within the response.
        line: usize,
        /// Offset of the first invalid byte in the line.
        offset: usize,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Payload { announced, limit } => write!(
                f,
                "a counted payload of {announced} bytes was announced, over the limit of {limit} (the length field's declared maximum, or Limits::max_payload)"
            ),
            Refusal::Response { limit } => write!(
                f,
                "the response grew over {limit} bytes (Limits::max_response); the rest was dropped"
            ),
            Refusal::Overlong { len } => write!(
                f,
                "a line of the response was {len} bytes long, over the framer's limit; it was dropped"
            ),
            Refusal::Utf8 { line, offset } => write!(
                f,
                "line {line} of the response is not valid UTF-8 (byte {offset})"
            ),
        }
    }
}

/// A FIFO of URCs holding at most `cap` entries: when full, new URCs are
/// dropped and counted; the count comes out as one [`Urc::Dropped`] after
/// the URCs kept (where the dropped ones were).
#[derive(Debug)]
pub(crate) struct UrcQueue<U> {
    items: VecDeque<Urc<U>>,
    dropped: u64,
    cap: usize,
}

impl<U> UrcQueue<U> {
    /// An empty queue for at most `cap` URCs (at least 1).
    pub(crate) fn new(cap: usize) -> Self {
        UrcQueue {
            items: VecDeque::new(),
            dropped: 0,
            cap: cap.max(1),
        }
    }

    /// Changes the capacity (URCs already queued are kept).
    pub(crate) fn set_cap(&mut self, cap: usize) {
        self.cap = cap.max(1);
    }

    /// Queues `urc`, or counts it as dropped when the queue is full.
    pub(crate) fn push(&mut self, urc: Urc<U>) {
        if self.items.len() >= self.cap {
            self.dropped = self.dropped.saturating_add(1);
        } else {
            self.items.push_back(urc);
        }
    }

    /// Takes everything queued; a drop count last. URCs the iterator
    /// was dropped before reaching stay queued (never lost).
    #[inline]
    pub(crate) fn drain(&mut self) -> Drain<'_, U> {
        Drain { queue: self }
    }
}

/// The iterator of [`UrcQueue::drain`]: pops from the front (no setup
/// or drop work when the queue is empty, the common case).
#[derive(Debug)]
pub(crate) struct Drain<'a, U> {
    queue: &'a mut UrcQueue<U>,
}

impl<U> Iterator for Drain<'_, U> {
    type Item = Urc<U>;

    #[inline]
    fn next(&mut self) -> Option<Urc<U>> {
        if let Some(urc) = self.queue.items.pop_front() {
            return Some(urc);
        }
        match std::mem::take(&mut self.queue.dropped) {
            0 => None,
            n => Some(Urc::Dropped(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_drops_the_newest_and_reports_the_count_last() {
        let mut q = UrcQueue::<()>::new(2);
        for i in 0..5 {
            q.push(Urc::Unknown(i.to_string()));
        }
        let got: Vec<Urc<()>> = q.drain().collect();
        assert_eq!(
            got,
            [
                Urc::Unknown("0".into()),
                Urc::Unknown("1".into()),
                Urc::Dropped(3)
            ]
        );
        q.push(Urc::Unknown("5".into()));
        assert_eq!(q.drain().collect::<Vec<_>>(), [Urc::Unknown("5".into())]);
    }

    #[test]
    fn urcs_a_drain_did_not_reach_stay_queued() {
        let mut q = UrcQueue::<()>::new(4);
        for i in 0..3 {
            q.push(Urc::Unknown(i.to_string()));
        }
        assert_eq!(q.drain().next(), Some(Urc::Unknown("0".into())));
        let rest: Vec<Urc<()>> = q.drain().collect();
        assert_eq!(rest, [Urc::Unknown("1".into()), Urc::Unknown("2".into())]);
        assert_eq!(q.drain().next(), None);
    }
}
