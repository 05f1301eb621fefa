//! The price a customer pays (`docs/domain-rules.md`, "Prices").
//!
//! For an organization, a product, a quantity and a date: the agreement valid on that
//! date (valid_from ≤ date < valid_to), within it the tier with the largest minimum
//! quantity ≤ quantity, else the agreement's base price, else the list price.
//! Dates are days since 1970-01-01 in the organization's time zone.

use crate::calendar::{Day, DayParseError};
use crate::field::{FieldProblem, FormProblems};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A quantity tier: from `min_quantity` pieces on, `unit_price` each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub min_quantity: i64,
    pub unit_price: Money,
}

/// A negotiated price for one product, valid for a window of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub valid_from: i64,
    /// Exclusive; `None` = open-ended.
    pub valid_to: Option<i64>,
    pub base_price: Money,
    pub tiers: Vec<Tier>,
}

impl Agreement {
    pub fn valid_on(&self, day: i64) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day < to)
    }
}

/// Where a unit price came from (shown to the customer: "your price" vs "list").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceSource {
    List,
    Agreement,
    Tier {
        min_quantity: i64,
    },
    /// The price offered in an accepted quote (for that order only).
    Quote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPrice {
    pub unit_price: Money,
    pub source: PriceSource,
}

/// Why an agreement cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementProblem {
    EmptyWindow,
    OverlapsAnother,
    TierBelowOne,
    DuplicateTier,
    /// A tier for more pieces must not cost more per piece than one for fewer.
    TiersNotFalling,
    /// Ending an agreement on a day on which none is valid.
    NothingToEnd,
}

/// Checks a new agreement against the product's existing ones for the same customer.
pub fn validate_agreement(new: &Agreement, existing: &[Agreement]) -> Result<(), AgreementProblem> {
    if new.valid_to.is_some_and(|to| to <= new.valid_from) {
        return Err(AgreementProblem::EmptyWindow);
    }
    let overlaps = |other: &Agreement| {
        let starts_before_other_ends = other.valid_to.is_none_or(|to| new.valid_from < to);
        let ends_after_other_starts = new.valid_to.is_none_or(|to| other.valid_from < to);
        starts_before_other_ends && ends_after_other_starts
    };
    if existing.iter().any(overlaps) {
        return Err(AgreementProblem::OverlapsAnother);
    }
    let mut tiers = new.tiers.clone();
    tiers.sort_by_key(|t| t.min_quantity);
    if tiers.iter().any(|t| t.min_quantity < 1) {
        return Err(AgreementProblem::TierBelowOne);
    }
    let mut previous_price = new.base_price;
    for pair in tiers.windows(2) {
        if pair[0].min_quantity == pair[1].min_quantity {
            return Err(AgreementProblem::DuplicateTier);
        }
    }
    for tier in &tiers {
        if tier.unit_price > previous_price {
            return Err(AgreementProblem::TiersNotFalling);
        }
        previous_price = tier.unit_price;
    }
    Ok(())
}

/// The unit price for `quantity` pieces on `day`.
pub fn unit_price(
    list_price: Money,
    agreements: &[Agreement],
    quantity: i64,
    day: i64,
) -> UnitPrice {
    let Some(agreement) = agreements.iter().find(|a| a.valid_on(day)) else {
        return UnitPrice {
            unit_price: list_price,
            source: PriceSource::List,
        };
    };
    match agreement
        .tiers
        .iter()
        .filter(|t| t.min_quantity <= quantity)
        .max_by_key(|t| t.min_quantity)
    {
        Some(tier) => UnitPrice {
            unit_price: tier.unit_price,
            source: PriceSource::Tier {
                min_quantity: tier.min_quantity,
            },
        },
        None => UnitPrice {
            unit_price: agreement.base_price,
            source: PriceSource::Agreement,
        },
    }
}

/// Parses tiers typed one per line (or separated by ';'): "50: 1.090,00" or "50 = 1090".
pub fn parse_tiers(text: &str) -> Result<Vec<Tier>, FieldProblem> {
    let mut tiers = Vec::new();
    for entry in text
        .split(['\n', ';', '|'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let (quantity, price) = entry
            .split_once([':', '='])
            .ok_or(FieldProblem::InvalidTiers)?;
        let quantity = quantity.trim().trim_end_matches('+').trim();
        let min_quantity: i64 = quantity.parse().map_err(|_| FieldProblem::InvalidTiers)?;
        let unit_price = Money::parse_price(price).map_err(|_| FieldProblem::InvalidTiers)?;
        tiers.push(Tier {
            min_quantity,
            unit_price,
        });
    }
    tiers.sort_by_key(|t| t.min_quantity);
    Ok(tiers)
}

/// Tiers as the form shows them: "50: 1090.00", one per line.
pub fn tiers_text(tiers: &[Tier]) -> String {
    tiers
        .iter()
        .map(|t| {
            let c = t.unit_price.cents();
            format!("{}: {}.{:02}", t.min_quantity, c / 100, c % 100)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl AgreementProblem {
    /// The form field the problem belongs to, and how to say it there.
    pub fn at_field(self) -> (&'static str, FieldProblem) {
        match self {
            AgreementProblem::EmptyWindow => ("valid_to", FieldProblem::EmptyWindow),
            AgreementProblem::OverlapsAnother => ("valid_to", FieldProblem::OverlapsAnother),
            AgreementProblem::TierBelowOne => ("tiers", FieldProblem::TierBelowOne),
            AgreementProblem::DuplicateTier => ("tiers", FieldProblem::DuplicateTier),
            AgreementProblem::TiersNotFalling => ("tiers", FieldProblem::TiersNotFalling),
            AgreementProblem::NothingToEnd => ("valid_from", FieldProblem::NothingToEnd),
        }
    }
}

/// A price agreement form as typed: "set this price from that day".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementForm {
    pub base_price: String,
    pub tiers: String,
    /// Empty = today.
    pub valid_from: String,
    /// Empty = open-ended.
    pub valid_to: String,
}

impl AgreementForm {
    /// Parses the form; `today` is the organization's current day. A change takes
    /// effect today or later, never in the past (orders already placed keep their
    /// prices anyway, and the history must not be rewritten).
    pub fn parse(&self, today: i64) -> Result<Agreement, FormProblems> {
        let mut problems = FormProblems::default();
        let base_price = Money::parse_price(&self.base_price)
            .map_err(|e| problems.add("base_price", e.into()))
            .unwrap_or_default();
        let tiers = parse_tiers(&self.tiers)
            .map_err(|p| problems.add("tiers", p))
            .unwrap_or_default();
        let valid_from = match Day::parse(&self.valid_from) {
            Err(DayParseError::Empty) => today,
            Ok(day) if day.0 < today => {
                problems.add("valid_from", FieldProblem::DateInPast);
                today
            }
            Ok(day) => day.0,
            Err(other) => {
                problems.add("valid_from", other.into());
                today
            }
        };
        let valid_to = match Day::parse(&self.valid_to) {
            Err(DayParseError::Empty) => None,
            Ok(day) => Some(day.0),
            Err(other) => {
                problems.add("valid_to", other.into());
                None
            }
        };
        let agreement = Agreement {
            valid_from,
            valid_to,
            base_price,
            tiers,
        };
        if problems.is_empty()
            && let Err(problem) = validate_agreement(&agreement, &[])
        {
            let (field, problem) = problem.at_field();
            problems.add(field, problem);
        }
        problems.or_value(|| agreement)
    }
}

/// An agreement already recorded, with its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedAgreement {
    pub id: String,
    pub agreement: Agreement,
}

/// What recording a price change from day `from` does to the agreements already
/// recorded for that customer and product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricePlan {
    /// The agreement valid on `from` that began earlier: it now ends on `from`.
    pub ends: Option<String>,
    /// An agreement that begins on `from` exactly: the new one replaces it.
    pub replaces: Option<String>,
    /// The agreement that applied on `from` until now (history: old → new).
    pub before: Option<Agreement>,
}

/// Plans a price change effective from `from`: `Some(new)` sets a new agreement
/// (starting on `from`), `None` ends the agreement valid on `from` (back to the list
/// price). Later agreements are never shortened silently: a new agreement that
/// would reach into one is refused as overlapping, so the vendor decides.
pub fn plan_price_change(
    recorded: &[RecordedAgreement],
    new: Option<&Agreement>,
    from: i64,
) -> Result<PricePlan, AgreementProblem> {
    let current = recorded.iter().find(|r| r.agreement.valid_on(from));
    let mut plan = PricePlan {
        ends: None,
        replaces: None,
        before: current.map(|r| r.agreement.clone()),
    };
    match current {
        Some(r) if r.agreement.valid_from == from => plan.replaces = Some(r.id.clone()),
        Some(r) => plan.ends = Some(r.id.clone()),
        None if new.is_none() => return Err(AgreementProblem::NothingToEnd),
        None => {}
    }
    if let Some(new) = new {
        // What remains after the plan: the current one shortened or gone.
        let remaining: Vec<Agreement> = recorded
            .iter()
            .filter(|r| Some(&r.id) != plan.replaces.as_ref())
            .map(|r| {
                let mut a = r.agreement.clone();
                if Some(&r.id) == plan.ends.as_ref() {
                    a.valid_to = Some(from);
                }
                a
            })
            .collect();
        validate_agreement(new, &remaining)?;
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: i64 = 20_000;

    fn eur(euros: i64) -> Money {
        Money::from_cents(euros * 100)
    }

    fn pump_agreement(valid_to: Option<i64>) -> Agreement {
        Agreement {
            valid_from: TODAY - 30,
            valid_to,
            base_price: eur(1_150),
            tiers: vec![Tier {
                min_quantity: 50,
                unit_price: eur(1_090),
            }],
        }
    }

    #[test]
    fn the_worked_examples() {
        let agreements = [pump_agreement(None)];
        assert_eq!(
            unit_price(eur(1_290), &agreements, 5, TODAY).unit_price,
            eur(1_150)
        );
        assert_eq!(
            unit_price(eur(1_290), &agreements, 50, TODAY).unit_price,
            eur(1_090)
        );
        let expired = [pump_agreement(Some(TODAY))];
        assert_eq!(
            unit_price(eur(1_290), &expired, 5, TODAY),
            UnitPrice {
                unit_price: eur(1_290),
                source: PriceSource::List
            }
        );
        assert_eq!(
            unit_price(Money::from_cents(8_450), &[], 3, TODAY).unit_price,
            Money::from_cents(8_450)
        );
    }

    #[test]
    fn agreements_are_checked() {
        let current = pump_agreement(Some(TODAY + 10));
        let mut next = pump_agreement(None);
        next.valid_from = TODAY + 10;
        assert_eq!(
            validate_agreement(&next, std::slice::from_ref(&current)),
            Ok(()),
            "back to back is fine"
        );
        next.valid_from = TODAY + 9;
        assert_eq!(
            validate_agreement(&next, &[current]),
            Err(AgreementProblem::OverlapsAnother)
        );
        let mut rising = pump_agreement(None);
        rising.tiers.push(Tier {
            min_quantity: 100,
            unit_price: eur(1_100),
        });
        assert_eq!(
            validate_agreement(&rising, &[]),
            Err(AgreementProblem::TiersNotFalling)
        );
        let mut empty = pump_agreement(Some(TODAY - 30));
        empty.tiers.clear();
        assert_eq!(
            validate_agreement(&empty, &[]),
            Err(AgreementProblem::EmptyWindow)
        );
    }

    fn agreement() -> impl Strategy<Value = Agreement> {
        (
            0i64..100,
            proptest::option::of(1i64..100),
            0i64..1_000_000,
            proptest::collection::btree_map(1i64..200, 0i64..1_000_000, 0..4),
        )
            .prop_map(|(from, len, base, tiers)| {
                // Make tiers fall with quantity so that the agreement is valid.
                let mut price = base;
                let tiers = tiers
                    .into_iter()
                    .map(|(min_quantity, cut)| {
                        price -= cut.min(price);
                        Tier {
                            min_quantity,
                            unit_price: Money::from_cents(price),
                        }
                    })
                    .collect();
                Agreement {
                    valid_from: from,
                    valid_to: len.map(|l| from + l),
                    base_price: Money::from_cents(base),
                    tiers,
                }
            })
    }

    proptest! {
        #[test]
        fn exactly_one_price_never_negative_and_falling_with_quantity(
            a in agreement(), list in 0i64..2_000_000, day in 0i64..250, q in 1i64..300
        ) {
            prop_assume!(validate_agreement(&a, &[]).is_ok());
            let agreements = [a.clone()];
            let price = unit_price(Money::from_cents(list), &agreements, q, day);
            prop_assert!(price.unit_price >= Money::ZERO);
            prop_assert!(unit_price(Money::from_cents(list), &agreements, q + 1, day).unit_price <= price.unit_price);
            if !a.valid_on(day) {
                prop_assert_eq!(price.source, PriceSource::List);
            }
        }
    }

    /// A random history of price changes, as the vendor might enter them.
    fn change() -> impl Strategy<Value = (i64, Option<Agreement>)> {
        (0i64..60, proptest::option::weighted(0.8, agreement()))
    }

    proptest! {
        #[test]
        fn accepted_changes_never_overlap_and_give_one_price_per_day(
            changes in proptest::collection::vec(change(), 1..12), q in 1i64..300
        ) {
            let mut recorded: Vec<RecordedAgreement> = Vec::new();
            for (n, (from, new)) in changes.into_iter().enumerate() {
                let new = new.map(|mut a| {
                    let len = a.valid_to.map(|to| to - a.valid_from);
                    a.valid_from = from;
                    a.valid_to = len.map(|l| from + l);
                    a
                });
                if new.as_ref().is_some_and(|a| validate_agreement(a, &[]).is_err()) {
                    continue;
                }
                let Ok(plan) = plan_price_change(&recorded, new.as_ref(), from) else { continue };
                recorded.retain(|r| Some(&r.id) != plan.replaces.as_ref());
                for r in &mut recorded {
                    if Some(&r.id) == plan.ends.as_ref() {
                        r.agreement.valid_to = Some(from);
                    }
                }
                if let Some(a) = new {
                    recorded.push(RecordedAgreement { id: n.to_string(), agreement: a });
                }
                // Invariant: no two recorded windows share a day.
                for day in 0..200 {
                    let valid = recorded.iter().filter(|r| r.agreement.valid_on(day)).count();
                    prop_assert!(valid <= 1, "day {} has {} agreements", day, valid);
                }
                // The change applies from its day on.
                let agreements: Vec<Agreement> = recorded.iter().map(|r| r.agreement.clone()).collect();
                let price = unit_price(Money::from_cents(99_999), &agreements, q, from);
                match recorded.iter().find(|r| r.id == n.to_string()) {
                    Some(_) => prop_assert_ne!(price.source, PriceSource::List),
                    None => prop_assert_eq!(price.source, PriceSource::List),
                }
            }
        }

        #[test]
        fn an_overlapping_window_is_always_refused(
            a in agreement(), b in agreement()
        ) {
            prop_assume!(validate_agreement(&a, &[]).is_ok() && validate_agreement(&b, &[]).is_ok());
            let overlap = (0..250).any(|d| a.valid_on(d) && b.valid_on(d));
            prop_assert_eq!(
                validate_agreement(&b, std::slice::from_ref(&a)) == Err(AgreementProblem::OverlapsAnother),
                overlap
            );
        }
    }

    #[test]
    fn tiers_are_typed_one_per_line() {
        assert_eq!(
            parse_tiers("50: 1.090,00\n100+ = 1050"),
            Ok(vec![
                Tier {
                    min_quantity: 50,
                    unit_price: eur(1_090)
                },
                Tier {
                    min_quantity: 100,
                    unit_price: eur(1_050)
                },
            ])
        );
        assert_eq!(parse_tiers("  "), Ok(vec![]));
        assert_eq!(parse_tiers("fifty: 3"), Err(FieldProblem::InvalidTiers));
        assert_eq!(tiers_text(&parse_tiers("50: 1090").unwrap()), "50: 1090.00");
    }

    #[test]
    fn a_change_ends_the_current_agreement_or_replaces_one_of_the_same_day() {
        let current = RecordedAgreement {
            id: "a".into(),
            agreement: pump_agreement(None),
        };
        let mut cheaper = pump_agreement(None);
        cheaper.valid_from = TODAY;
        cheaper.base_price = eur(1_100);
        let plan =
            plan_price_change(std::slice::from_ref(&current), Some(&cheaper), TODAY).unwrap();
        assert_eq!(plan.ends.as_deref(), Some("a"));
        assert_eq!(plan.before, Some(current.agreement.clone()));
        let same_day = RecordedAgreement {
            id: "b".into(),
            agreement: cheaper.clone(),
        };
        let plan = plan_price_change(&[same_day], Some(&cheaper), TODAY).unwrap();
        assert_eq!(plan.replaces.as_deref(), Some("b"));
        // A later agreement is not cut short silently.
        let mut later = pump_agreement(None);
        later.valid_from = TODAY + 30;
        let later = RecordedAgreement {
            id: "c".into(),
            agreement: later,
        };
        assert_eq!(
            plan_price_change(&[later], Some(&cheaper), TODAY),
            Err(AgreementProblem::OverlapsAnother)
        );
        assert_eq!(
            plan_price_change(&[], None, TODAY),
            Err(AgreementProblem::NothingToEnd)
        );
    }

    #[test]
    fn the_form_refuses_the_past_and_reports_at_the_field() {
        let form = AgreementForm {
            base_price: "1.150,00".into(),
            tiers: "50: 1.190,00".into(),
            valid_from: Day(TODAY - 1).to_string(),
            valid_to: "soon".into(),
        };
        let problems = form.parse(TODAY).unwrap_err();
        assert_eq!(problems.get("valid_from"), Some(FieldProblem::DateInPast));
        assert_eq!(problems.get("valid_to"), Some(FieldProblem::InvalidDate));
        let form = AgreementForm {
            valid_from: String::new(),
            valid_to: String::new(),
            ..form
        };
        assert_eq!(
            form.parse(TODAY).unwrap_err().get("tiers"),
            Some(FieldProblem::TiersNotFalling)
        );
        let ok = AgreementForm {
            tiers: "50: 1090".into(),
            ..form
        };
        assert_eq!(ok.parse(TODAY).unwrap().valid_from, TODAY, "empty = today");
    }
}
