//! Quotes: a buyer asks the vendor for an offer, the vendor answers with versions of
//! it, and the buyer accepts one (which becomes an order through the ordinary
//! placement rules), declines, or lets it expire.
//!
//! requested → offered → (changes requested → offered)* → accepted | declined |
//! expired | withdrawn. In words:
//! - The vendor **offers** a version while the quote is requested or changes were
//!   requested; each offer is a new version and supersedes the one before.
//! - The buyer may **ask for changes** to the offered version (with a comment), or
//!   **accept** it while it is valid, or **decline** it (with a reason).
//! - The vendor may **decline** a request it cannot quote (with a reason), while it
//!   waits for an offer.
//! - The buyer may **withdraw** the quote until it is accepted, declined or expired.
//! - An offered version **expires** the day after its validity (Berlin days): the
//!   notice loop ends the quote. While the buyer's change request waits for the
//!   vendor, nothing expires: the next version brings a new validity.
//!
//! Decisions taken here where the rules are silent: who may do what is the service's
//! (the table only knows what may follow what); declining by the vendor was added
//! because a request for something the vendor cannot supply must end somewhere.

use crate::Money;
use crate::calendar::{Day, berlin_day};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuoteState {
    /// The buyer asked; the vendor has not offered yet.
    Requested,
    /// A version is on the table for the buyer.
    Offered,
    /// The buyer asked for another version.
    ChangesRequested,
    /// The buyer accepted a version: it became an order.
    Accepted,
    Declined,
    Expired,
    Withdrawn,
}

/// Something that happens to a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuoteEvent {
    /// The vendor sends a (new) version.
    Offer,
    /// The buyer asks for changes to the offered version.
    RequestChanges,
    /// The buyer accepts the offered version.
    Accept,
    /// The buyer declines the offer, or the vendor a request it cannot quote.
    Decline,
    /// The buyer takes the request back.
    Withdraw,
    /// The offered version's validity ended.
    Expire,
}

impl QuoteEvent {
    /// Asking for changes and declining need words the other side can read.
    pub fn needs_comment(self) -> bool {
        matches!(self, QuoteEvent::RequestChanges | QuoteEvent::Decline)
    }
}

/// Why an event does not apply to the quote as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAllowed {
    pub state: QuoteState,
    pub event: QuoteEvent,
}

impl QuoteState {
    pub const ALL: [QuoteState; 7] = [
        QuoteState::Requested,
        QuoteState::Offered,
        QuoteState::ChangesRequested,
        QuoteState::Accepted,
        QuoteState::Declined,
        QuoteState::Expired,
        QuoteState::Withdrawn,
    ];

    /// The state after `event`, or why it cannot happen now.
    pub fn apply(self, event: QuoteEvent) -> Result<QuoteState, NotAllowed> {
        use QuoteEvent as E;
        use QuoteState as S;
        match (self, event) {
            (S::Requested | S::ChangesRequested, E::Offer) => Ok(S::Offered),
            (S::Offered, E::RequestChanges) => Ok(S::ChangesRequested),
            (S::Offered, E::Accept) => Ok(S::Accepted),
            (S::Requested | S::Offered | S::ChangesRequested, E::Decline) => Ok(S::Declined),
            (S::Requested | S::Offered | S::ChangesRequested, E::Withdraw) => Ok(S::Withdrawn),
            (S::Offered, E::Expire) => Ok(S::Expired),
            (state, event) => Err(NotAllowed { state, event }),
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            QuoteState::Accepted
                | QuoteState::Declined
                | QuoteState::Expired
                | QuoteState::Withdrawn
        )
    }

    /// Whose move it is: the vendor's while requested or changes are requested.
    pub fn waits_for_vendor(self) -> bool {
        matches!(self, QuoteState::Requested | QuoteState::ChangesRequested)
    }

    /// Stable name for the database and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteState::Requested => "requested",
            QuoteState::Offered => "offered",
            QuoteState::ChangesRequested => "changes_requested",
            QuoteState::Accepted => "accepted",
            QuoteState::Declined => "declined",
            QuoteState::Expired => "expired",
            QuoteState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<QuoteState> {
        QuoteState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A version may be accepted on its last valid day, not after (Berlin days).
pub fn still_valid(valid_until: Day, now_ms: i64) -> bool {
    berlin_day(now_ms) <= valid_until
}

/// Whether the notice loop ends an offered version now: from the day after its
/// validity on.
pub fn expired(valid_until: Day, now_ms: i64) -> bool {
    !still_valid(valid_until, now_ms)
}

/// What a line asks for: a catalog product, or an item or service described in
/// words (not in the catalog).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineItem {
    Product { sku: String },
    FreeText { description: String },
}

/// One line of an offered version: what, how many, at which unit price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedLine {
    pub item: LineItem,
    pub quantity: i64,
    pub unit_price: Money,
}

impl OfferedLine {
    /// Quantity × unit price in cents; `None` on overflow.
    pub fn total(&self) -> Option<Money> {
        self.unit_price.checked_mul(self.quantity)
    }
}

/// A version's total: every line plus shipping, exact in cents; `None` on overflow
/// (which the offer form refuses).
pub fn version_total(lines: &[OfferedLine], shipping: Money) -> Option<Money> {
    lines
        .iter()
        .try_fold(shipping, |sum, line| sum.checked_add(line.total()?))
}

/// How one line changed from one version to the next, for the history ("old →
/// new"): matched by item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineChange {
    Added(OfferedLine),
    Removed(OfferedLine),
    Changed {
        item: LineItem,
        quantity: (i64, i64),
        unit_price: (Money, Money),
    },
}

/// The changes from version `before` to version `after`, in `after`'s line order,
/// removed lines last. Lines that stayed as they were are left out.
pub fn changes_between(before: &[OfferedLine], after: &[OfferedLine]) -> Vec<LineChange> {
    let mut changes = Vec::new();
    for line in after {
        match before.iter().find(|b| b.item == line.item) {
            None => changes.push(LineChange::Added(line.clone())),
            Some(old) if old != line => changes.push(LineChange::Changed {
                item: line.item.clone(),
                quantity: (old.quantity, line.quantity),
                unit_price: (old.unit_price, line.unit_price),
            }),
            Some(_) => {}
        }
    }
    for old in before {
        if !after.iter().any(|a| a.item == old.item) {
            changes.push(LineChange::Removed(old.clone()));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuoteEvent as E;
    use QuoteState as S;

    const EVENTS: [QuoteEvent; 6] = [
        E::Offer,
        E::RequestChanges,
        E::Accept,
        E::Decline,
        E::Withdraw,
        E::Expire,
    ];

    #[test]
    fn exactly_the_documented_transitions_exist() {
        let allowed: Vec<(QuoteState, QuoteEvent, QuoteState)> = S::ALL
            .into_iter()
            .flat_map(|s| {
                EVENTS
                    .into_iter()
                    .filter_map(move |e| s.apply(e).ok().map(|t| (s, e, t)))
            })
            .collect();
        assert_eq!(
            allowed,
            vec![
                (S::Requested, E::Offer, S::Offered),
                (S::Requested, E::Decline, S::Declined),
                (S::Requested, E::Withdraw, S::Withdrawn),
                (S::Offered, E::RequestChanges, S::ChangesRequested),
                (S::Offered, E::Accept, S::Accepted),
                (S::Offered, E::Decline, S::Declined),
                (S::Offered, E::Withdraw, S::Withdrawn),
                (S::Offered, E::Expire, S::Expired),
                (S::ChangesRequested, E::Offer, S::Offered),
                (S::ChangesRequested, E::Decline, S::Declined),
                (S::ChangesRequested, E::Withdraw, S::Withdrawn),
            ]
        );
    }

    #[test]
    fn final_states_stay_final_and_names_round_trip() {
        for state in S::ALL {
            if state.is_final() {
                assert!(EVENTS.iter().all(|e| state.apply(*e).is_err()), "{state:?}");
                assert!(!state.waits_for_vendor());
            }
            assert_eq!(S::parse(state.as_str()), Some(state));
        }
        assert!(E::Decline.needs_comment() && E::RequestChanges.needs_comment());
        assert!(!E::Accept.needs_comment());
    }

    #[test]
    fn a_version_is_valid_through_its_last_berlin_day() {
        let last = Day::from_ymd(2026, 12, 15).unwrap();
        let start_of = crate::calendar::berlin_start_of_day;
        // 23:59 Berlin on the last day: still valid; midnight: expired.
        let next_midnight = start_of(last.next());
        assert!(still_valid(last, next_midnight - 60_000));
        assert!(expired(last, next_midnight));
        // 23:30 UTC on the 15th is already 00:30 on the 16th in Berlin (UTC+1 in
        // winter): a UTC calendar would still call it valid.
        let utc_2330_on_the_15th = start_of(last) + 3_600_000 + 23 * 3_600_000 + 30 * 60_000;
        assert!(expired(last, utc_2330_on_the_15th));
    }

    fn line(sku: &str, quantity: i64, cents: i64) -> OfferedLine {
        OfferedLine {
            item: LineItem::Product { sku: sku.into() },
            quantity,
            unit_price: Money::from_cents(cents),
        }
    }

    #[test]
    fn totals_are_exact_in_cents_and_overflow_is_refused() {
        let commissioning = OfferedLine {
            item: LineItem::FreeText {
                description: "On-site commissioning".into(),
            },
            quantity: 1,
            unit_price: Money::from_cents(180_000),
        };
        let lines = vec![line("NH-PMP-1000", 55, 109_999), commissioning];
        assert_eq!(
            version_total(&lines, Money::from_cents(9_500)),
            Some(Money::from_cents(55 * 109_999 + 180_000 + 9_500))
        );
        assert_eq!(version_total(&[line("X", i64::MAX, 2)], Money::ZERO), None);
    }

    #[test]
    fn the_history_shows_old_and_new_per_line() {
        let v1 = vec![line("A", 55, 110_000), line("B", 2, 5_000)];
        let v2 = vec![line("A", 55, 104_500), line("C", 1, 900)];
        assert_eq!(
            changes_between(&v1, &v2),
            vec![
                LineChange::Changed {
                    item: LineItem::Product { sku: "A".into() },
                    quantity: (55, 55),
                    unit_price: (Money::from_cents(110_000), Money::from_cents(104_500)),
                },
                LineChange::Added(line("C", 1, 900)),
                LineChange::Removed(line("B", 2, 5_000)),
            ]
        );
        assert!(changes_between(&v2, &v2).is_empty());
    }
}
