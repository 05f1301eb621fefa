//! From a cart to an order: prices, totals, the minimum order value, the spending
//! rules and who must approve (`docs/domain-rules.md`, "Money", "Prices", "Spending limits").
//!
//! The server runs [`quote`] and [`assess`] inside the transaction that places the
//! order, on the cart and agreements as stored; the cart page shows the same result
//! before placing ("needs approval by Hannah, then Max"). Nothing the browser sends
//! takes part but product ids and quantities.

use crate::approval::{Member, Routing, Spending, Step, check_spending, route};
use crate::calendar::{Day, DayParseError, berlin_day};
use crate::field::{FieldProblem, FormProblems};
use crate::money::Money;
use crate::pricing::{Agreement, PriceSource, unit_price};
use crate::terms::Terms;
use crate::text::optional_text;
use serde::{Deserialize, Serialize};

/// The most pieces of one product in one line.
pub const MAX_QUANTITY: i64 = 100_000;
/// The most lines of one cart (and of one quick-order paste).
pub const MAX_LINES: usize = 200;

/// One cart line as the store knows it: the product and the customer's agreement
/// valid on the pricing day (if any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub list_price: Money,
    pub agreements: Vec<Agreement>,
    pub quantity: i64,
    /// Archived since it was put in the cart: it cannot be ordered any more.
    pub archived: bool,
}

/// A line with its price, as an order snapshots it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub product_id: String,
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub quantity: i64,
    pub list_price: Money,
    pub unit_price: Money,
    pub source: PriceSource,
    pub line_total: Money,
}

/// What an order would cost: goods + shipping = total (net; what limits compare).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub lines: Vec<PricedLine>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
}

/// Prices every line for `day` and adds shipping from the terms. `None` only when
/// the sums leave the range of money (quantities are bounded far below that).
pub fn quote(lines: &[CartLine], terms: &Terms, day: Day) -> Option<Quote> {
    let mut priced = Vec::with_capacity(lines.len());
    let mut goods = Money::ZERO;
    for line in lines {
        let price = unit_price(line.list_price, &line.agreements, line.quantity, day.0);
        let line_total = price.unit_price.checked_mul(line.quantity)?;
        goods = goods.checked_add(line_total)?;
        priced.push(PricedLine {
            product_id: line.product_id.clone(),
            sku: line.sku.clone(),
            name_en: line.name_en.clone(),
            name_de: line.name_de.clone(),
            unit: line.unit.clone(),
            quantity: line.quantity,
            list_price: line.list_price,
            unit_price: price.unit_price,
            source: price.source,
            line_total,
        });
    }
    let shipping = if lines.is_empty() {
        Money::ZERO
    } else {
        terms.shipping_for(goods)
    };
    Some(Quote {
        lines: priced,
        goods,
        total: goods.checked_add(shipping)?,
        shipping,
    })
}

/// Why an order cannot be placed; each one is a message the purchaser understands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    EmptyCart,
    /// "The minimum order value is 250,00 €."
    BelowMinimum {
        minimum: Money,
        goods: Money,
    },
    /// A product in the cart was taken out of the catalog.
    Unavailable {
        sku: String,
    },
    /// "Nobody in your organization can approve this amount — ask your administrator."
    NobodyCanApprove,
    TooLarge,
}

/// The outcome of the spending rules for one order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    ApprovedAtOnce,
    NeedsApproval {
        steps: Vec<Step>,
        over_limit: bool,
        over_budget: bool,
    },
    Refused(Refusal),
}

/// What the purchaser has left before this order (`None`: no such limit / budget;
/// a purchaser without a per-order limit has 0 left and needs approval for all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headroom {
    pub per_order_limit: Option<Money>,
    pub monthly_budget: Option<Money>,
    pub spent_this_month: Money,
    /// Budget minus what the month has spent (negative when already over).
    pub budget_left: Option<Money>,
}

impl Headroom {
    pub fn of(purchaser: &Member, spent_this_month: Money) -> Headroom {
        Headroom {
            per_order_limit: purchaser.per_order_limit,
            monthly_budget: purchaser.monthly_budget,
            spent_this_month,
            budget_left: purchaser
                .monthly_budget
                .map(|b| Money::from_cents(b.cents().saturating_sub(spent_this_month.cents()))),
        }
    }
}

/// Decides what placing `quote` means for `purchaser` in their organization
/// (`members`, everyone incl. the purchaser), with `spent_this_month` = the month's
/// other orders that count against the budget.
pub fn assess(
    purchaser: &Member,
    members: &[Member],
    lines: &[CartLine],
    quote: &Quote,
    terms: &Terms,
    spent_this_month: Money,
) -> Placement {
    if lines.is_empty() {
        return Placement::Refused(Refusal::EmptyCart);
    }
    if let Some(line) = lines.iter().find(|l| l.archived) {
        return Placement::Refused(Refusal::Unavailable {
            sku: line.sku.clone(),
        });
    }
    if quote.goods < terms.minimum_order_value {
        return Placement::Refused(Refusal::BelowMinimum {
            minimum: terms.minimum_order_value,
            goods: quote.goods,
        });
    }
    assess_total(purchaser, members, quote.total, spent_this_month)
}

/// The spending rules alone for an order of `total`: the purchaser's limit and
/// budget, and the approval chain above them. An accepted quote goes through this
/// (its lines and prices were agreed with the vendor, so the cart's own checks —
/// archived products, the minimum order value — do not apply to it).
pub fn assess_total(
    purchaser: &Member,
    members: &[Member],
    total: Money,
    spent_this_month: Money,
) -> Placement {
    let spending = check_spending(purchaser, total, spent_this_month);
    match route(members, &purchaser.id, total, &spending) {
        Routing::ApprovedAtOnce => Placement::ApprovedAtOnce,
        Routing::NobodyCanApprove => Placement::Refused(Refusal::NobodyCanApprove),
        Routing::Approval(steps) => {
            let Spending::NeedsApproval {
                over_limit,
                over_budget,
            } = spending
            else {
                unreachable!("route approves covered orders at once")
            };
            Placement::NeedsApproval {
                steps,
                over_limit,
                over_budget,
            }
        }
    }
}

/// A quantity typed by a person: a whole number from 1 to [`MAX_QUANTITY`].
pub fn parse_quantity(text: &str) -> Result<i64, FieldProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    let quantity: i64 = text.parse().map_err(|_| FieldProblem::InvalidNumber)?;
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(FieldProblem::OutOfRange);
    }
    Ok(quantity)
}

/// One line of a quick order ("NH-PMP-1000 5"), or what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuickLine {
    Item {
        line: usize,
        sku: String,
        quantity: i64,
    },
    Problem {
        line: usize,
        text: String,
        problem: FieldProblem,
    },
}

/// Reads pasted "SKU quantity" lines: separated by spaces, tabs, ';' or ',' (as a
/// spreadsheet copies them); a missing quantity means 1; empty lines are skipped.
/// Lines are numbered from 1 as the person sees them. At most [`MAX_LINES`] lines
/// with content are read; the rest are reported as too many.
pub fn parse_quick_order(text: &str) -> Vec<QuickLine> {
    let mut out = Vec::new();
    let mut items = 0;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let problem = |problem| QuickLine::Problem {
            line,
            text: trimmed.to_string(),
            problem,
        };
        items += 1;
        if items > MAX_LINES {
            out.push(problem(FieldProblem::TooLong));
            continue;
        }
        let mut parts = trimmed
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .filter(|p| !p.is_empty());
        let sku = parts.next().unwrap_or_default();
        let quantity = parts.next();
        if parts.next().is_some() {
            out.push(problem(FieldProblem::WrongColumnCount));
            continue;
        }
        let sku = match crate::catalog::parse_sku(sku) {
            Ok(sku) => sku,
            Err(p) => {
                out.push(problem(p));
                continue;
            }
        };
        match quantity.map_or(Ok(1), parse_quantity) {
            Ok(quantity) => out.push(QuickLine::Item {
                line,
                sku,
                quantity,
            }),
            Err(p) => out.push(problem(p)),
        }
    }
    out
}

/// The checkout form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsForm {
    pub po_number: String,
    pub cost_center: String,
    pub delivery_address: String,
    pub requested_date: String,
    pub note: String,
}

/// The order's own details, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub po_number: Option<String>,
    pub cost_center: Option<String>,
    pub delivery_address: String,
    pub requested_date: Option<Day>,
    pub note: Option<String>,
}

impl DetailsForm {
    /// Every problem at once, by field. A requested delivery date is a day from today
    /// on (Europe/Berlin); earlier is refused rather than silently ignored.
    pub fn parse(&self, now: i64) -> Result<OrderDetails, FormProblems> {
        let mut problems = FormProblems::default();
        let mut short = |field: &str, text: &str| {
            optional_text(text, 35)
                .map_err(|e| problems.add(field, e.into()))
                .unwrap_or_default()
                .filter(|t| !t.contains('\n'))
        };
        let po_number = short("po_number", &self.po_number);
        let cost_center = short("cost_center", &self.cost_center);
        let delivery_address = match optional_text(&self.delivery_address, 500) {
            Ok(Some(address)) => Some(address),
            Ok(None) => {
                problems.add("delivery_address", FieldProblem::Required);
                None
            }
            Err(e) => {
                problems.add("delivery_address", e.into());
                None
            }
        };
        let requested_date = match Day::parse(&self.requested_date) {
            Err(DayParseError::Empty) => None,
            Err(e) => {
                problems.add("requested_date", e.into());
                None
            }
            Ok(day) if day < berlin_day(now) => {
                problems.add("requested_date", FieldProblem::DateInPast);
                None
            }
            Ok(day) => Some(day),
        };
        let note = optional_text(&self.note, 1000)
            .map_err(|e| problems.add("note", e.into()))
            .unwrap_or_default();
        problems.or_value(|| OrderDetails {
            po_number,
            cost_center,
            delivery_address: delivery_address.unwrap_or_default(),
            requested_date,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::mueller;
    use crate::pricing::Tier;

    fn euros(e: i64) -> Money {
        Money::from_cents(e * 100)
    }

    fn pump(quantity: i64) -> CartLine {
        CartLine {
            product_id: "p1".into(),
            sku: "NH-PMP-1000".into(),
            name_en: "Axial piston pump AP-45".into(),
            name_de: "Axialkolbenpumpe AP-45".into(),
            unit: "pc".into(),
            list_price: euros(1_290),
            agreements: vec![Agreement {
                valid_from: 0,
                valid_to: None,
                base_price: euros(1_150),
                tiers: vec![Tier {
                    min_quantity: 50,
                    unit_price: euros(1_090),
                }],
            }],
            quantity,
            archived: false,
        }
    }

    fn mueller_terms() -> Terms {
        Terms {
            free_freight_threshold: Some(euros(2_500)),
            shipping_fee: euros(95),
            minimum_order_value: euros(250),
            ..Terms::standard()
        }
    }

    fn assess_for(who: &str, lines: &[CartLine]) -> Placement {
        let members = mueller();
        let purchaser = members.iter().find(|m| m.id == who).unwrap();
        let terms = mueller_terms();
        let q = quote(lines, &terms, Day(20_000)).unwrap();
        assess(purchaser, &members, lines, &q, &terms, Money::ZERO)
    }

    #[test]
    fn the_seed_story_five_pumps_need_hannah() {
        let lines = [pump(5)];
        let q = quote(&lines, &mueller_terms(), Day(20_000)).unwrap();
        assert_eq!(q.goods, euros(5_750));
        assert_eq!(q.shipping, Money::ZERO, "free freight from 2,500 €");
        assert_eq!(q.total, euros(5_750));
        assert!(matches!(
            assess_for("egon", &lines),
            Placement::NeedsApproval { ref steps, over_limit: true, over_budget: false }
                if *steps == vec![Step::Approver("hannah".into())]
        ));
    }

    #[test]
    fn tiers_shipping_and_the_minimum() {
        let q = quote(&[pump(50)], &mueller_terms(), Day(20_000)).unwrap();
        assert_eq!(q.lines[0].unit_price, euros(1_090));
        assert_eq!(q.total, euros(54_500));
        assert!(matches!(
            assess_for("egon", &[pump(50)]),
            Placement::NeedsApproval { ref steps, .. } if steps.len() == 2
        ));
        let mut washer = pump(1);
        washer.agreements.clear();
        washer.list_price = Money::from_cents(8_450);
        let q = quote(std::slice::from_ref(&washer), &mueller_terms(), Day(20_000)).unwrap();
        assert_eq!(q.shipping, euros(95), "below free freight: the fee");
        assert_eq!(q.total, Money::from_cents(8_450 + 9_500));
        assert_eq!(
            assess_for("egon", &[washer]),
            Placement::Refused(Refusal::BelowMinimum {
                minimum: euros(250),
                goods: Money::from_cents(8_450)
            })
        );
        assert_eq!(
            assess_for("egon", &[]),
            Placement::Refused(Refusal::EmptyCart)
        );
        let mut gone = pump(1);
        gone.archived = true;
        assert!(matches!(
            assess_for("egon", &[gone]),
            Placement::Refused(Refusal::Unavailable { .. })
        ));
        assert_eq!(assess_for("egon", &[pump(4)]), Placement::ApprovedAtOnce);
    }

    #[test]
    fn quick_order_lines() {
        let lines =
            parse_quick_order("NH-PMP-1000 5\n\nnh-vlv-2000;2\nBAD SKU! 3\nNH-X 0\nNH-Y\nA 1 2");
        assert_eq!(
            lines[0],
            QuickLine::Item {
                line: 1,
                sku: "NH-PMP-1000".into(),
                quantity: 5
            }
        );
        assert!(
            matches!(&lines[1], QuickLine::Item { line: 3, sku, quantity: 2 } if sku == "nh-vlv-2000")
        );
        assert!(matches!(&lines[2], QuickLine::Problem { line: 4, .. }));
        assert!(matches!(
            &lines[3],
            QuickLine::Problem {
                line: 5,
                problem: FieldProblem::OutOfRange,
                ..
            }
        ));
        assert!(matches!(
            &lines[4],
            QuickLine::Item {
                line: 6,
                quantity: 1,
                ..
            }
        ));
        assert!(matches!(
            &lines[5],
            QuickLine::Problem {
                line: 7,
                problem: FieldProblem::WrongColumnCount,
                ..
            }
        ));
    }

    #[test]
    fn details_form() {
        let now = crate::calendar::berlin_start_of_day(Day::from_ymd(2026, 11, 24).unwrap());
        let form = DetailsForm {
            po_number: " PO-4711 ".into(),
            delivery_address: "Werk 2\nIndustriestr. 5\n70565 Stuttgart".into(),
            requested_date: "01.12.2026".into(),
            ..Default::default()
        };
        let details = form.parse(now).unwrap();
        assert_eq!(details.po_number.as_deref(), Some("PO-4711"));
        assert_eq!(details.requested_date, Day::from_ymd(2026, 12, 1));
        let bad = DetailsForm {
            po_number: "x".repeat(36),
            requested_date: "23.11.2026".into(),
            ..Default::default()
        };
        let problems = bad.parse(now).unwrap_err();
        assert_eq!(problems.get("po_number"), Some(FieldProblem::TooLong));
        assert_eq!(
            problems.get("delivery_address"),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            problems.get("requested_date"),
            Some(FieldProblem::DateInPast)
        );
    }
}
