//! The price a customer pays (`DOMAIN-RULES.md`, "Prices").
//!
//! For an organization, a product, a quantity and a date: the agreement valid on that
//! date (valid_from ≤ date < valid_to), within it the tier with the largest minimum
//! quantity ≤ quantity, else the agreement's base price, else the list price.
//! Dates are days since 1970-01-01 in the organization's time zone.

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
    fn valid_on(&self, day: i64) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day < to)
    }
}

/// Where a unit price came from (shown to the customer: "your price" vs "list").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceSource {
    List,
    Agreement,
    Tier { min_quantity: i64 },
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
}
