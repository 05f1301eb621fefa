//! Limits on attempts that guessing could abuse (passwords, second-factor codes,
//! links) and on mail anyone can trigger (access requests, reset links).
//!
//! An attempt is *reserved* before the expensive or dangerous work (a password hash,
//! a mail) and the store does it atomically, so a hundred parallel requests cannot all
//! pass a check that reads the count before any of them wrote it. A limit counts the
//! attempts in a window; when a window's attempts are used up, further attempts wait
//! until the window ends. With back-off, every time a window is used up the next wait
//! doubles (15 minutes, 30, an hour, … at most a day), so a guesser slows down
//! geometrically, while a wait never lasts forever and a success forgives.
//!
//! Keys are chosen by the caller so that a stranger cannot lock out someone else:
//! a person's password attempts count per *account and client address* (a stranger's
//! guesses from elsewhere do not touch the owner's count), and the per-client count
//! gives back the attempts that succeeded (people behind one proxy signing in
//! successfully never fill it).

use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60 * 1000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// How many attempts a key has per window, and what happens when they are used up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max_attempts: i64,
    pub window_ms: i64,
    /// Each used-up window doubles the next wait (at most a day).
    pub backoff: bool,
}

/// Password attempts of one account from one client address.
pub const SIGN_IN_PER_ACCOUNT_AND_CLIENT: Limit = Limit {
    max_attempts: 5,
    window_ms: 15 * MINUTE_MS,
    backoff: true,
};
/// Failed password attempts from one client address, whatever the account (a
/// success gives its attempt back).
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    max_attempts: 30,
    window_ms: 15 * MINUTE_MS,
    backoff: false,
};
/// Second-factor codes of one account (from anywhere: the password was right).
pub const SECOND_FACTOR_PER_ACCOUNT: Limit = Limit {
    max_attempts: 5,
    window_ms: 15 * MINUTE_MS,
    backoff: true,
};
/// Attempts to confirm the current password when changing it.
pub const CHANGE_PASSWORD_PER_ACCOUNT: Limit = Limit {
    max_attempts: 5,
    window_ms: 15 * MINUTE_MS,
    backoff: true,
};
/// Setting a password from a link, per client address (a success gives it back).
pub const PASSWORD_LINK_PER_CLIENT: Limit = Limit {
    max_attempts: 10,
    window_ms: 15 * MINUTE_MS,
    backoff: false,
};
/// Mail that anyone may trigger (access requests, reset links), per client address.
pub const ANONYMOUS_MAIL_PER_CLIENT: Limit = Limit {
    max_attempts: 10,
    window_ms: 60 * MINUTE_MS,
    backoff: false,
};
/// The same, per address the mail would go to.
pub const ANONYMOUS_MAIL_PER_RECIPIENT: Limit = Limit {
    max_attempts: 3,
    window_ms: 60 * MINUTE_MS,
    backoff: false,
};

/// What the store keeps per key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub attempts: i64,
    pub window_started_at: i64,
    /// How many windows were used up in a row (drives the back-off).
    pub strikes: i64,
    /// No attempt before this instant (0: none pending).
    pub blocked_until: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The attempt is reserved. `last` when it used up the window (a second factor
    /// drops the half-finished sign-in if this one fails too).
    Allowed { last: bool },
    /// Refused; try again in this many milliseconds.
    Wait { retry_after_ms: i64 },
}

impl Verdict {
    /// Whole seconds to wait, at least one (for `Retry-After`).
    pub fn retry_after_seconds(self) -> Option<i64> {
        match self {
            Verdict::Allowed { .. } => None,
            Verdict::Wait { retry_after_ms } => Some((retry_after_ms + 999).max(1000) / 1000),
        }
    }
}

impl Limit {
    /// The wait after the `strikes`-th used-up window in a row.
    fn wait_after(&self, strikes: i64) -> i64 {
        if self.backoff {
            let doublings = (strikes - 1).clamp(0, 20) as u32;
            self.window_ms.saturating_mul(1 << doublings).min(DAY_MS)
        } else {
            self.window_ms
        }
    }

    /// Reserves one attempt at `now`: the counter to store, and whether the attempt
    /// may go ahead. A refused attempt changes nothing.
    pub fn reserve(&self, current: Option<Counter>, now: i64) -> (Counter, Verdict) {
        let mut counter = current.unwrap_or(Counter {
            window_started_at: now,
            ..Counter::default()
        });
        if now < counter.blocked_until {
            let wait = counter.blocked_until - now;
            return (
                counter,
                Verdict::Wait {
                    retry_after_ms: wait,
                },
            );
        }
        if now >= counter.window_started_at + self.window_ms || counter.blocked_until > 0 {
            // A new window. A day without a used-up window forgives the strikes.
            if now - counter.window_started_at.max(counter.blocked_until) >= DAY_MS {
                counter.strikes = 0;
            }
            counter.attempts = 0;
            counter.window_started_at = now;
            counter.blocked_until = 0;
        }
        counter.attempts += 1;
        let last = counter.attempts >= self.max_attempts;
        if last {
            counter.strikes += 1;
            let window_end = counter.window_started_at + self.window_ms;
            counter.blocked_until = window_end.max(now + self.wait_after(counter.strikes));
        }
        (counter, Verdict::Allowed { last })
    }
}

/// What a success does to a key's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgive {
    /// Start afresh (the account proved itself).
    Reset,
    /// Give this attempt back (a client whose attempt succeeded).
    Refund,
}

impl Forgive {
    /// The counter after a success, `None` when nothing need be kept.
    pub fn apply(self, counter: Counter) -> Option<Counter> {
        match self {
            Forgive::Reset => None,
            Forgive::Refund => Some(Counter {
                attempts: (counter.attempts - 1).max(0),
                // The success did not use the window up.
                blocked_until: 0,
                strikes: 0,
                ..counter
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIMIT: Limit = SIGN_IN_PER_ACCOUNT_AND_CLIENT;

    fn run(limit: Limit, mut counter: Option<Counter>, times: &[i64]) -> Vec<Verdict> {
        times
            .iter()
            .map(|&now| {
                let (next, verdict) = limit.reserve(counter, now);
                counter = Some(next);
                verdict
            })
            .collect()
    }

    #[test]
    fn five_attempts_then_wait_for_the_window() {
        let verdicts = run(LIMIT, None, &[0, 1, 2, 3, 4, 5]);
        assert!(
            verdicts[..4]
                .iter()
                .all(|v| *v == Verdict::Allowed { last: false })
        );
        assert_eq!(verdicts[4], Verdict::Allowed { last: true });
        // The wait runs from the fifth attempt (at 4 ms).
        assert_eq!(
            verdicts[5],
            Verdict::Wait {
                retry_after_ms: 15 * MINUTE_MS - 1
            }
        );
        assert_eq!(verdicts[5].retry_after_seconds(), Some(900));
    }

    #[test]
    fn each_used_up_window_doubles_the_wait_up_to_a_day() {
        let mut counter = None;
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..9 {
            for _ in 0..5 {
                let (next, verdict) = LIMIT.reserve(counter, now);
                assert!(matches!(verdict, Verdict::Allowed { .. }));
                counter = Some(next);
            }
            let (_, verdict) = LIMIT.reserve(counter, now);
            let Verdict::Wait { retry_after_ms } = verdict else {
                panic!("the sixth attempt waits")
            };
            waits.push(retry_after_ms / MINUTE_MS);
            now += retry_after_ms;
        }
        assert_eq!(waits, [15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    }

    #[test]
    fn a_quiet_day_forgives_the_strikes() {
        let mut counter = None;
        for t in 0..5 {
            counter = Some(LIMIT.reserve(counter, t).0);
        }
        assert_eq!(counter.unwrap().strikes, 1);
        let (after, verdict) = LIMIT.reserve(counter, 2 * DAY_MS);
        assert_eq!(verdict, Verdict::Allowed { last: false });
        assert_eq!(after.strikes, 0);
    }

    #[test]
    fn a_refund_gives_the_attempt_back() {
        let mut counter = None;
        for t in 0..30 {
            let (next, verdict) = SIGN_IN_PER_CLIENT.reserve(counter, t);
            assert!(matches!(verdict, Verdict::Allowed { .. }));
            // Every attempt succeeded: the client's count never fills.
            counter = Forgive::Refund.apply(next);
        }
        assert_eq!(counter.unwrap().attempts, 0);
        assert_eq!(Forgive::Reset.apply(counter.unwrap()), None);
    }

    proptest! {
        /// However attempts are spread in time, no stretch of a window's length lets
        /// more than two windows' worth through (the end of one and the start of the
        /// next), and a wait is never longer than a day.
        #[test]
        fn never_more_than_the_limit_per_window(gaps in prop::collection::vec(0i64..400_000, 1..80)) {
            let mut counter = None;
            let mut now = 0;
            let mut allowed: Vec<i64> = Vec::new();
            for gap in gaps {
                now += gap;
                let (next, verdict) = LIMIT.reserve(counter, now);
                counter = Some(next);
                match verdict {
                    Verdict::Allowed { .. } => allowed.push(now),
                    Verdict::Wait { retry_after_ms } => prop_assert!(retry_after_ms <= DAY_MS && retry_after_ms > 0),
                }
            }
            for (i, start) in allowed.iter().enumerate() {
                let within = allowed[i..].iter().take_while(|t| **t < start + LIMIT.window_ms).count();
                prop_assert!(within as i64 <= 2 * LIMIT.max_attempts);
            }
        }
    }
}
