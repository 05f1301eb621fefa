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
use crate::calendar::{Day, DayParseError, berlin_day};
use crate::checkout::{MAX_QUANTITY, QuickLine, parse_quantity, parse_quick_order};
use crate::field::{FieldProblem, FormProblems};
use crate::text::{optional_text, required_line};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most lines of one request or one version.
pub const MAX_LINES: usize = 50;
/// A free-text line's description ("On-site commissioning").
pub const DESCRIPTION_MAX: usize = 200;
/// Messages, comments, reasons and internal notes.
pub const MESSAGE_MAX: usize = 2000;
/// Delivery terms written into an offer ("DAP Stuttgart, 4 weeks after order").
pub const DELIVERY_TERMS_MAX: usize = 300;
/// An offer is valid for at most a year.
pub const MAX_VALIDITY_DAYS: i64 = 366;
/// Payment terms an offer may name, in days after the invoice.
pub const MAX_PAYMENT_DAYS: i64 = 180;

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

/// The request form as typed: catalog lines as "SKU quantity" per line (what the cart
/// pre-fills), free-text lines as "[quantity] description" per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub catalog_lines: String,
    pub free_text_lines: String,
    pub wished_date: String,
    pub message: String,
}

/// A request, checked: which SKUs (not yet looked up in the catalog: the service
/// does that) and which described items, in how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDraft {
    /// SKU and quantity, each SKU once (repeated lines add up).
    pub products: Vec<(String, i64)>,
    /// Description and quantity.
    pub free_text: Vec<(String, i64)>,
    pub wished_date: Option<Day>,
    pub message: Option<String>,
}

/// One free-text line: a leading whole number followed by a space is the quantity
/// ("2 Training day on site"), otherwise the quantity is 1.
pub fn parse_free_text_line(text: &str) -> Result<(String, i64), FieldProblem> {
    let text = text.trim();
    let (quantity, description) = match text.split_once(char::is_whitespace) {
        Some((first, rest)) if first.chars().all(|c| c.is_ascii_digit()) => {
            (parse_quantity(first)?, rest)
        }
        _ => (1, text),
    };
    let description = required_line(description, DESCRIPTION_MAX)?;
    Ok((description, quantity))
}

impl RequestForm {
    /// Every problem at once, by field. A wished delivery date is a day from today on.
    pub fn parse(&self, now: i64) -> Result<RequestDraft, FormProblems> {
        let mut problems = FormProblems::default();
        let mut products: Vec<(String, i64)> = Vec::new();
        for line in parse_quick_order(&self.catalog_lines) {
            match line {
                QuickLine::Item { sku, quantity, .. } => {
                    match products.iter_mut().find(|(s, _)| *s == sku) {
                        Some((_, q)) => *q = (*q + quantity).min(MAX_QUANTITY),
                        None => products.push((sku, quantity)),
                    }
                }
                QuickLine::Problem { problem, .. } => problems.add("catalog_lines", problem),
            }
        }
        let mut free_text = Vec::new();
        for line in self
            .free_text_lines
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            match parse_free_text_line(line) {
                Ok(item) => free_text.push(item),
                Err(problem) => problems.add("free_text_lines", problem),
            }
        }
        if products.is_empty() && free_text.is_empty() && problems.is_empty() {
            problems.add("catalog_lines", FieldProblem::Required);
        }
        if products.len() + free_text.len() > MAX_LINES {
            problems.add("catalog_lines", FieldProblem::TooLong);
        }
        let wished_date = match Day::parse(&self.wished_date) {
            Err(DayParseError::Empty) => None,
            Err(e) => {
                problems.add("wished_date", e.into());
                None
            }
            Ok(day) if day < berlin_day(now) => {
                problems.add("wished_date", FieldProblem::DateInPast);
                None
            }
            Ok(day) => Some(day),
        };
        let message = optional_text(&self.message, MESSAGE_MAX)
            .map_err(|e| problems.add("message", e.into()))
            .unwrap_or_default();
        problems.or_value(|| RequestDraft {
            products,
            free_text,
            wished_date,
            message,
        })
    }
}

/// The offer form as typed. The lines on the table (the request's, or the last
/// version's) are keyed by their number: `quantity[2]`, `unit_price[2]`; a quantity
/// of 0 takes a line out. Lines the vendor adds: "SKU or description; quantity;
/// unit price" per line. Empty payment days and delivery terms: as in the contract.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    #[serde(default)]
    pub quantity: BTreeMap<String, String>,
    #[serde(default)]
    pub unit_price: BTreeMap<String, String>,
    #[serde(default)]
    pub added_lines: String,
    #[serde(default)]
    pub shipping: String,
    #[serde(default)]
    pub payment_net_days: String,
    #[serde(default)]
    pub delivery_terms: String,
    #[serde(default)]
    pub valid_until: String,
    #[serde(default)]
    pub message: String,
    /// For vendor staff only; never shown to the customer nor mailed to them.
    #[serde(default)]
    pub internal_note: String,
}

/// A line the vendor adds, before the service looks the first field up in the
/// catalog (a known SKU is a product, anything else a description).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedLine {
    pub text: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// An offer, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferDraft {
    /// The lines on the table that stay, with their quantity and price.
    pub lines: Vec<OfferedLine>,
    pub added: Vec<AddedLine>,
    pub shipping: Money,
    pub payment_net_days: Option<u32>,
    pub delivery_terms: Option<String>,
    pub valid_until: Day,
    pub message: Option<String>,
    pub internal_note: Option<String>,
}

/// One added line, "SKU or description; quantity; unit price".
pub fn parse_added_line(text: &str) -> Result<AddedLine, FieldProblem> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    let [what, quantity, price] = parts[..] else {
        return Err(FieldProblem::WrongColumnCount);
    };
    Ok(AddedLine {
        text: required_line(what, DESCRIPTION_MAX)?,
        quantity: parse_quantity(quantity)?,
        unit_price: Money::parse_price(price)?,
    })
}

impl OfferForm {
    /// Every problem at once, by field (`unit_price[2]` for line 2). `on_table` are
    /// the lines offered on, numbered from 1 in this order.
    pub fn parse(&self, on_table: &[LineItem], now: i64) -> Result<OfferDraft, FormProblems> {
        let mut problems = FormProblems::default();
        let mut lines = Vec::new();
        for (index, item) in on_table.iter().enumerate() {
            let key = (index + 1).to_string();
            let text = |map: &BTreeMap<String, String>| map.get(&key).cloned().unwrap_or_default();
            let quantity_field = format!("quantity[{key}]");
            let quantity = match text(&self.quantity).trim() {
                "0" => continue,
                typed => parse_quantity(typed).map_err(|p| problems.add(&quantity_field, p)),
            };
            let price_field = format!("unit_price[{key}]");
            let price = Money::parse_price(&text(&self.unit_price))
                .map_err(|e| problems.add(&price_field, e.into()));
            if let (Ok(quantity), Ok(unit_price)) = (quantity, price) {
                lines.push(OfferedLine {
                    item: item.clone(),
                    quantity,
                    unit_price,
                });
            }
        }
        let mut added = Vec::new();
        for line in self.added_lines.lines().filter(|l| !l.trim().is_empty()) {
            match parse_added_line(line) {
                Ok(line) => added.push(line),
                Err(problem) => problems.add("added_lines", problem),
            }
        }
        if lines.is_empty() && added.is_empty() && problems.is_empty() {
            problems.add("added_lines", FieldProblem::Required);
        }
        if lines.len() + added.len() > MAX_LINES {
            problems.add("added_lines", FieldProblem::TooLong);
        }
        let shipping = match self.shipping.trim() {
            "" => Money::ZERO,
            typed => Money::parse_price(typed).unwrap_or_else(|e| {
                problems.add("shipping", e.into());
                Money::ZERO
            }),
        };
        let payment_net_days = match self.payment_net_days.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(days) if (0..=MAX_PAYMENT_DAYS).contains(&days) => Some(days as u32),
                Ok(_) => {
                    problems.add("payment_net_days", FieldProblem::OutOfRange);
                    None
                }
                Err(_) => {
                    problems.add("payment_net_days", FieldProblem::InvalidNumber);
                    None
                }
            },
        };
        let delivery_terms = optional_text(&self.delivery_terms, DELIVERY_TERMS_MAX)
            .map_err(|e| problems.add("delivery_terms", e.into()))
            .unwrap_or_default();
        let today = berlin_day(now);
        let valid_until = match Day::parse(&self.valid_until) {
            Err(DayParseError::Empty) => {
                problems.add("valid_until", FieldProblem::Required);
                None
            }
            Err(e) => {
                problems.add("valid_until", e.into());
                None
            }
            Ok(day) if day < today => {
                problems.add("valid_until", FieldProblem::DateInPast);
                None
            }
            Ok(day) if day.0 - today.0 > MAX_VALIDITY_DAYS => {
                problems.add("valid_until", FieldProblem::OutOfRange);
                None
            }
            Ok(day) => Some(day),
        };
        let mut text = |field: &str, typed: &str| {
            optional_text(typed, MESSAGE_MAX)
                .map_err(|e| problems.add(field, e.into()))
                .unwrap_or_default()
        };
        let message = text("message", &self.message);
        let internal_note = text("internal_note", &self.internal_note);
        let priced: Vec<OfferedLine> = lines
            .iter()
            .cloned()
            .chain(added.iter().map(|a| OfferedLine {
                item: LineItem::FreeText {
                    description: a.text.clone(),
                },
                quantity: a.quantity,
                unit_price: a.unit_price,
            }))
            .collect();
        if version_total(&priced, shipping).is_none() {
            problems.add("added_lines", FieldProblem::OutOfRange);
        }
        problems.or_value(|| OfferDraft {
            lines,
            added,
            shipping,
            payment_net_days,
            delivery_terms,
            valid_until: valid_until.unwrap_or(today),
            message,
            internal_note,
        })
    }
}

/// A comment the other side must be able to read (asking for changes, declining):
/// required, at most [`MESSAGE_MAX`] characters.
pub fn parse_comment(text: &str) -> Result<String, FieldProblem> {
    optional_text(text, MESSAGE_MAX)?.ok_or(FieldProblem::Required)
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

    const NOW: i64 = 1_764_576_000_000; // 2025-12-01 09:00 in Berlin

    #[test]
    fn a_request_reads_catalog_and_free_text_lines() {
        let form = RequestForm {
            catalog_lines: "NH-PMP-1000 50\nNH-FLT-200; 4\nNH-PMP-1000 5".into(),
            free_text_lines: "On-site commissioning\n2 Training day on site\n".into(),
            wished_date: "2026-02-01".into(),
            message: "For the new line in Plant 2".into(),
        };
        let draft = form.parse(NOW).unwrap();
        assert_eq!(
            draft.products,
            vec![("NH-PMP-1000".into(), 55), ("NH-FLT-200".into(), 4)]
        );
        assert_eq!(
            draft.free_text,
            vec![
                ("On-site commissioning".into(), 1),
                ("Training day on site".into(), 2)
            ]
        );
        assert_eq!(draft.wished_date, Day::from_ymd(2026, 2, 1));
    }

    #[test]
    fn a_request_names_every_problem_at_its_field() {
        let empty = RequestForm::default().parse(NOW).unwrap_err();
        assert_eq!(empty.get("catalog_lines"), Some(FieldProblem::Required));
        let bad = RequestForm {
            catalog_lines: "NH-PMP-1000 0".into(),
            free_text_lines: format!("3 {}", "x".repeat(DESCRIPTION_MAX + 1)),
            wished_date: "2025-11-30".into(),
            message: "y".repeat(MESSAGE_MAX + 1),
        }
        .parse(NOW)
        .unwrap_err();
        assert_eq!(bad.get("catalog_lines"), Some(FieldProblem::OutOfRange));
        assert_eq!(bad.get("free_text_lines"), Some(FieldProblem::TooLong));
        assert_eq!(bad.get("wished_date"), Some(FieldProblem::DateInPast));
        assert_eq!(bad.get("message"), Some(FieldProblem::TooLong));
    }

    fn offer_form(prices: &[(&str, &str, &str)]) -> OfferForm {
        OfferForm {
            quantity: prices
                .iter()
                .map(|(k, q, _)| (k.to_string(), q.to_string()))
                .collect(),
            unit_price: prices
                .iter()
                .map(|(k, _, p)| (k.to_string(), p.to_string()))
                .collect(),
            valid_until: "2025-12-15".into(),
            ..OfferForm::default()
        }
    }

    #[test]
    fn an_offer_prices_the_lines_on_the_table_and_may_add_and_drop() {
        let on_table = [
            LineItem::Product {
                sku: "NH-PMP-1000".into(),
            },
            LineItem::FreeText {
                description: "On-site commissioning".into(),
            },
        ];
        let mut form = offer_form(&[("1", "55", "1.045,00"), ("2", "0", "")]);
        form.added_lines = "NH-FLT-200; 10; 45,50\nExtended warranty; 1; 900".into();
        form.shipping = "95".into();
        form.payment_net_days = "45".into();
        let draft = form.parse(&on_table, NOW).unwrap();
        assert_eq!(
            draft.lines,
            vec![OfferedLine {
                item: on_table[0].clone(),
                quantity: 55,
                unit_price: Money::from_cents(104_500),
            }]
        );
        assert_eq!(draft.added.len(), 2);
        assert_eq!(draft.added[0].unit_price, Money::from_cents(4_550));
        assert_eq!(draft.shipping, Money::from_cents(9_500));
        assert_eq!(draft.payment_net_days, Some(45));
        assert_eq!(draft.valid_until, Day::from_ymd(2025, 12, 15).unwrap());
    }

    #[test]
    fn an_offer_refuses_missing_prices_bad_days_and_empty_versions() {
        let on_table = [LineItem::Product { sku: "A".into() }];
        let mut form = offer_form(&[("1", "5", "")]);
        form.valid_until = "2025-11-30".into();
        form.payment_net_days = "365".into();
        form.added_lines = "only two; 1".into();
        let problems = form.parse(&on_table, NOW).unwrap_err();
        assert_eq!(problems.get("unit_price[1]"), Some(FieldProblem::Required));
        assert_eq!(problems.get("valid_until"), Some(FieldProblem::DateInPast));
        assert_eq!(
            problems.get("payment_net_days"),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problems.get("added_lines"),
            Some(FieldProblem::WrongColumnCount)
        );
        let mut far = offer_form(&[("1", "5", "10")]);
        far.valid_until = "2027-06-01".into();
        assert_eq!(
            far.parse(&on_table, NOW).unwrap_err().get("valid_until"),
            Some(FieldProblem::OutOfRange)
        );
        let nothing = offer_form(&[("1", "0", "")]).parse(&on_table, NOW);
        assert_eq!(
            nothing.unwrap_err().get("added_lines"),
            Some(FieldProblem::Required)
        );
        assert_eq!(parse_comment("  "), Err(FieldProblem::Required));
    }
}
