//! Changing a waiting order instead of withdrawing it.
//!
//! The purchaser edits the quantities (0 removes a line), adds a line and changes the
//! details of an order that is still *pending approval*. The changed order is priced
//! and routed as if it were placed now: today's prices and terms, the budget without
//! the order's own earlier total, the chain worked out anew from its first step. The
//! approvals it had collected no longer count, because they were given for something
//! else; approval links mailed for the earlier content stop deciding.
//!
//! Decisions taken here where the rules are silent:
//! - A submission that changes no quantity and no detail changes nothing (no new
//!   revision, nobody is told), even if prices moved since placement: the purchaser
//!   asked for no change, and repricing alone is not theirs to trigger.
//! - At least one line must remain; dropping everything is a withdrawal.
//! - A line added with an SKU already on the order adds to that line.

use crate::checkout::{MAX_QUANTITY, OrderDetails, parse_quantity};
use crate::field::{FieldProblem, FormProblems};
use serde::{Deserialize, Serialize};

/// The form field of a line's quantity (also its problem's key).
pub fn quantity_field(sku: &str) -> String {
    format!("q-{sku}")
}

/// The quantities as typed: one per current line (by SKU; "0" removes the line) and
/// one line to add (both empty: none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinesForm {
    pub quantities: Vec<(String, String)>,
    pub add_sku: String,
    pub add_quantity: String,
}

impl LinesForm {
    /// The order's lines after the change, (SKU, quantity) in the order's order with
    /// an added line last; `current` are the lines now. A current line the form does
    /// not mention keeps its quantity.
    pub fn parse(&self, current: &[(String, i64)]) -> Result<Vec<(String, i64)>, FormProblems> {
        let mut problems = FormProblems::default();
        let mut lines: Vec<(String, i64)> = Vec::new();
        for (sku, quantity) in current {
            let typed = self
                .quantities
                .iter()
                .find(|(s, _)| s == sku)
                .map(|(_, q)| q.trim());
            match typed {
                None => lines.push((sku.clone(), *quantity)),
                Some("0") => {}
                Some(text) => match parse_quantity(text) {
                    Ok(q) => lines.push((sku.clone(), q)),
                    Err(p) => problems.add(&quantity_field(sku), p),
                },
            }
        }
        let add_sku = self.add_sku.trim();
        if !add_sku.is_empty() {
            match parse_quantity(&self.add_quantity) {
                Ok(q) => match lines
                    .iter_mut()
                    .find(|(s, _)| s.eq_ignore_ascii_case(add_sku))
                {
                    Some(line) => line.1 = (line.1 + q).min(MAX_QUANTITY),
                    None => lines.push((add_sku.to_string(), q)),
                },
                Err(p) => problems.add("add_quantity", p),
            }
        }
        if problems.0.is_empty() && lines.is_empty() {
            problems.add("lines", FieldProblem::NoLinesLeft);
        }
        problems.or_value(|| lines)
    }
}

/// One line's quantity before and after a change (0: not on the order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuantityChange {
    pub sku: String,
    pub before: i64,
    pub after: i64,
}

/// A detail of an order the purchaser can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetailField {
    PoNumber,
    CostCenter,
    DeliveryAddress,
    RequestedDate,
    Note,
}

/// What a change changes: quantities per SKU and the details that differ.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChange {
    pub quantities: Vec<QuantityChange>,
    pub details: Vec<DetailField>,
}

impl OrderChange {
    /// Compares the lines (SKU, quantity) and details before and after.
    pub fn between(
        before: &[(String, i64)],
        after: &[(String, i64)],
        old: &OrderDetails,
        new: &OrderDetails,
    ) -> OrderChange {
        let quantity = |lines: &[(String, i64)], sku: &str| {
            lines.iter().find(|(s, _)| s == sku).map_or(0, |(_, q)| *q)
        };
        let mut skus: Vec<&str> = before.iter().map(|(s, _)| s.as_str()).collect();
        skus.extend(
            after
                .iter()
                .map(|(s, _)| s.as_str())
                .filter(|s| !before.iter().any(|(b, _)| b == s)),
        );
        let quantities = skus
            .into_iter()
            .map(|sku| QuantityChange {
                sku: sku.to_string(),
                before: quantity(before, sku),
                after: quantity(after, sku),
            })
            .filter(|c| c.before != c.after)
            .collect();
        let mut details = Vec::new();
        if old.po_number != new.po_number {
            details.push(DetailField::PoNumber);
        }
        if old.cost_center != new.cost_center {
            details.push(DetailField::CostCenter);
        }
        if old.delivery_address != new.delivery_address {
            details.push(DetailField::DeliveryAddress);
        }
        if old.requested_date != new.requested_date {
            details.push(DetailField::RequestedDate);
        }
        if old.note != new.note {
            details.push(DetailField::Note);
        }
        OrderChange {
            quantities,
            details,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.quantities.is_empty() && self.details.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[(&str, i64)]) -> Vec<(String, i64)> {
        items.iter().map(|(s, q)| (s.to_string(), *q)).collect()
    }

    fn form(quantities: &[(&str, &str)], add: (&str, &str)) -> LinesForm {
        LinesForm {
            quantities: quantities
                .iter()
                .map(|(s, q)| (s.to_string(), q.to_string()))
                .collect(),
            add_sku: add.0.into(),
            add_quantity: add.1.into(),
        }
    }

    fn details(po: &str) -> OrderDetails {
        OrderDetails {
            po_number: Some(po.into()),
            cost_center: None,
            delivery_address: "Werk 2".into(),
            requested_date: None,
            note: None,
        }
    }

    #[test]
    fn quantities_change_lines_drop_at_zero_and_an_added_line_comes_last() {
        let now = lines(&[("A", 5), ("B", 2)]);
        assert_eq!(
            form(&[("A", "3"), ("B", "0")], ("C", "1")).parse(&now),
            Ok(lines(&[("A", 3), ("C", 1)]))
        );
        // An SKU already on the order adds to its line; untouched lines stay.
        assert_eq!(
            form(&[], ("a", "2")).parse(&now),
            Ok(lines(&[("A", 7), ("B", 2)]))
        );
        assert_eq!(form(&[], ("", "")).parse(&now), Ok(now.clone()));
    }

    #[test]
    fn bad_quantities_are_named_by_field_and_an_empty_order_is_refused() {
        let now = lines(&[("A", 5)]);
        let p = form(&[("A", "x")], ("C", "")).parse(&now).unwrap_err();
        assert_eq!(p.get("q-A"), Some(FieldProblem::InvalidNumber));
        assert_eq!(p.get("add_quantity"), Some(FieldProblem::Required));
        let p = form(&[("A", "0")], ("", "")).parse(&now).unwrap_err();
        assert_eq!(p.get("lines"), Some(FieldProblem::NoLinesLeft));
    }

    #[test]
    fn a_change_lists_what_differs_and_nothing_else() {
        let before = lines(&[("A", 5), ("B", 2)]);
        let after = lines(&[("A", 3), ("B", 2), ("C", 1)]);
        let change = OrderChange::between(&before, &after, &details("1"), &details("2"));
        assert_eq!(
            change.quantities,
            vec![
                QuantityChange {
                    sku: "A".into(),
                    before: 5,
                    after: 3
                },
                QuantityChange {
                    sku: "C".into(),
                    before: 0,
                    after: 1
                },
            ]
        );
        assert_eq!(change.details, vec![DetailField::PoNumber]);
        assert!(OrderChange::between(&before, &before, &details("1"), &details("1")).is_empty());
    }
}
