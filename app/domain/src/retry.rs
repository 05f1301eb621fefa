//! When to try again after a failed delivery (outbox mail and, later, other jobs).

/// Delay in seconds before attempt number `attempt + 1`, after `attempt` failures
/// (`attempt` ≥ 1): 30 s, 1 min, 2 min, … doubling, capped at one hour so that a mail
/// server that was down overnight is retried within the hour after it is back.
pub fn backoff_seconds(attempt: u32) -> i64 {
    const BASE: i64 = 30;
    const CAP: i64 = 3_600;
    let exponent = attempt.saturating_sub(1).min(20);
    (BASE << exponent).min(CAP)
}

/// What to do with a message after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again, not before `delay_seconds` from now.
    RetryIn { delay_seconds: i64 },
    /// The failure is permanent (e.g. the recipient was refused): keep the message for
    /// people to look at, stop trying.
    GiveUp,
}

/// A permanent SMTP failure (5xx) is not retried; anything else is, forever, with
/// back-off: a mail is never dropped because the server was down.
pub fn after_failure(attempt: u32, permanent: bool) -> AfterFailure {
    if permanent {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryIn {
            delay_seconds: backoff_seconds(attempt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn schedule() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(2), 60);
        assert_eq!(backoff_seconds(3), 120);
        assert_eq!(backoff_seconds(8), 3_600);
        assert_eq!(backoff_seconds(u32::MAX), 3_600);
        assert_eq!(after_failure(1, true), AfterFailure::GiveUp);
    }

    proptest! {
        #[test]
        fn monotonic_and_bounded(a in 1u32..1000) {
            prop_assert!(backoff_seconds(a) <= backoff_seconds(a + 1));
            prop_assert!((30..=3_600).contains(&backoff_seconds(a)));
        }
    }
}
