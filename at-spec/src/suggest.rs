//! "Did you mean ...?" suggestions, with bounded work.
//!
//! The edit distance of two names costs their lengths multiplied, so a hostile
//! spec (a 60,000-character unknown name, or thousands of unknown names
//! against thousands of declared ones) could make suggestions the slowest and
//! largest part of a check. Three bounds keep the work linear:
//!
//! - names longer than [`MAX_NAME`] characters get no suggestion;
//! - only distances up to a third of the name's length count, so the distance
//!   is computed in a band of that width, and stops as soon as a row exceeds it;
//! - one parse may spend at most [`BUDGET`] table cells on suggestions (and
//!   a cell per byte of each candidate looked at); a lookup whose worst case does not
//!   fit in what is left gets no suggestion.
//!   The worst case is computed before any work, so the outcome does not depend
//!   on the order of the candidates.

use std::cell::Cell;

/// Longest name (in characters) that gets a suggestion.
pub(crate) const MAX_NAME: usize = 64;

/// Table cells one parse may spend on suggestions.
pub(crate) const BUDGET: u64 = 20_000_000;

thread_local! {
    static LEFT: Cell<u64> = const { Cell::new(BUDGET) };
}

/// Gives the current thread a full budget (called when a parse starts).
pub(crate) fn reset_budget() {
    LEFT.with(|left| left.set(BUDGET));
}

/// The candidate closest to `name` (case-insensitive, within a third of its
/// length), ties broken alphabetically; `None` past the bounds above.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = name.chars().count();
    if len > MAX_NAME {
        return None;
    }
    let limit = (len / 3).max(1);
    let near = near_candidates(candidates, len, limit)?;
    let band = u64::try_from(2 * limit + 1).unwrap_or(u64::MAX);
    let per_candidate = u64::try_from(len.max(1))
        .unwrap_or(u64::MAX)
        .saturating_mul(band);
    let cost = per_candidate.saturating_mul(u64::try_from(near.len()).unwrap_or(u64::MAX));
    let affordable = LEFT.with(|left| {
        let have = left.get();
        if cost <= have {
            left.set(have - cost);
            true
        } else {
            false
        }
    });
    if !affordable {
        return None;
    }
    let a: Vec<char> = name.to_lowercase().chars().collect();
    near.into_iter()
        .filter_map(|c| {
            let b: Vec<char> = c.to_lowercase().chars().collect();
            bounded_distance(&a, &b, limit).map(|d| (d, c))
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The candidates whose length is within `limit` of `len`. Looking at a
/// candidate costs a cell of the budget per byte, so many lookups over many
/// candidates stay bounded too; `None` when the budget runs out.
fn near_candidates<'a>(
    candidates: impl IntoIterator<Item = &'a str>,
    len: usize,
    limit: usize,
) -> Option<Vec<&'a str>> {
    let mut near = Vec::new();
    let mut seen: u64 = 0;
    let have = LEFT.with(Cell::get);
    for c in candidates {
        seen = seen.saturating_add(u64::try_from(c.len()).unwrap_or(u64::MAX).saturating_add(1));
        if seen > have {
            LEFT.with(|left| left.set(0));
            return None;
        }
        if c.chars().count().abs_diff(len) <= limit {
            near.push(c);
        }
    }
    LEFT.with(|left| left.set(have - seen));
    Some(near)
}

/// Optimal string alignment distance of `a` and `b` (a swap of neighbours
/// counts once) if it is at most `k`; computed in the band `|i - j| <= k`.
fn bounded_distance(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    let inf = k + 1;
    let mut prev2 = vec![inf; m + 1];
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(inf)).collect();
    let mut cur = vec![inf; m + 1];
    for i in 1..=n {
        cur.fill(inf);
        cur[0] = i.min(inf);
        let mut row_min = cur[0];
        for j in i.saturating_sub(k).max(1)..=(i + k).min(m) {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(prev2[j - 2] + 1);
            }
            cur[j] = best.min(inf);
            row_min = row_min.min(cur[j]);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(m).copied().filter(|d| *d <= k)
}

/// The first few of `names`, comma-separated, then how many more: a hint
/// stays short however big the enum is.
pub(crate) fn listing<'n>(names: impl Iterator<Item = &'n str>) -> String {
    const SHOWN: usize = 12;
    let mut shown = Vec::new();
    let mut more = 0usize;
    for name in names {
        if shown.len() < SHOWN {
            shown.push(name);
        } else {
            more += 1;
        }
    }
    let list = shown.join(", ");
    match more {
        0 => list,
        n => format!("{list} and {n} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::{bounded_distance, closest, reset_budget, MAX_NAME};

    /// The plain full-table distance, to check the banded one against.
    fn full(a: &[char], b: &[char]) -> usize {
        let w = b.len() + 1;
        let mut d = vec![0usize; (a.len() + 1) * w];
        for i in 0..=a.len() {
            d[i * w] = i;
        }
        for (j, cell) in d.iter_mut().enumerate().take(w) {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                d[i * w + j] = best;
            }
        }
        d[a.len() * w + b.len()]
    }

    #[test]
    fn the_band_agrees_with_the_full_table_within_the_limit() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "smtpsrv", "smtpsvr", "smtp_srv", "pop3in",
            "pop3out", "kitten", "sitting", "RcptType", "rcpttype", "xyzzyx", "abcdefgh",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let want = full(&ca, &cb);
                for k in 0..6 {
                    let got = bounded_distance(&ca, &cb, k);
                    assert_eq!(got, (want <= k).then_some(want), "{a:?} {b:?} k={k}");
                }
            }
        }
    }

    #[test]
    fn suggestions_still_work_and_long_names_get_none() {
        reset_budget();
        assert_eq!(
            closest("RcptTyp", ["RcptType", "Charset"]),
            Some("RcptType")
        );
        assert_eq!(closest("zzz", ["RcptType"]), None);
        let long = "a".repeat(MAX_NAME + 1);
        assert_eq!(closest(&long, [long.as_str()]), None);
    }

    #[test]
    fn an_exhausted_budget_gives_no_suggestion_instead_of_work() {
        reset_budget();
        let many: Vec<String> = (0..2_000).map(|i| format!("name_{i:040}")).collect();
        let name = format!("name_{:039}x", 7);
        let mut answered = 0;
        for _ in 0..20 {
            if closest(&name, many.iter().map(String::as_str)).is_some() {
                answered += 1;
            }
        }
        assert!(answered > 0, "the budget allows some lookups");
        assert!(answered < 20, "the budget stops the rest");
        reset_budget();
        assert!(closest(&name, many.iter().map(String::as_str)).is_some());
    }
}
