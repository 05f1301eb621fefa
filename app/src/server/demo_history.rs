//! The demo's order history: months of Müller's and Becker's ordering before today's
//! demo orders, so that the spend analytics have something to say (spend that varies
//! by month, several cost centers and categories, approvals that took hours or days,
//! a few rejections). Every order goes through the operations people use — cart,
//! checkout, approval, the vendor's steps — each at its moment in the past, with the
//! same rules (limits, approvers, prices) as a real order. Most of it lies before the
//! framework agreement the demo records a month ago, so those orders are at list
//! prices with the default shipping: the charts show what the agreement changed.
//!
//! The history is made from the month's number alone (no randomness): every demo
//! start shows the same figures. It stays out of the current month, so nobody's
//! budget for this month is touched.

use crate::api::orders::PlaceResult;
use crate::server::ServerContext;
use crate::services::orders::{
    self, AdvanceOrder, CartLine, DecideOrder, PlaceOrder, VendorStep, Verdict,
};
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::analytics::Month;
use kontor_domain::order::OrderState;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// One order of the history.
struct HistoryOrder {
    purchaser: &'static str,
    items: Vec<(&'static str, i64)>,
    cost_center: &'static str,
    /// Day of the month (1-based) and hour in Berlin.
    day: i64,
    hour: i64,
    /// If it needs approval: approve (`true`) or reject, after how many hours.
    decision: (bool, i64),
}

/// What was ordered in the month `back` months before the current one.
fn month_of_orders(back: i64) -> Vec<HistoryOrder> {
    let mut orders = vec![
        // Seal kits every month, for maintenance.
        HistoryOrder {
            purchaser: "egon@mueller.example",
            items: vec![("NH-SPR-3000", 5 + back % 7)],
            cost_center: "4712",
            day: 3 + back * 5 % 7,
            hour: 9,
            decision: (true, 2),
        },
        // Pumps for the Stuttgart line: above Egon's limit from three pumps, so
        // Hannah decides — within hours, sometimes days; every ninth month she says no.
        HistoryOrder {
            purchaser: "egon@mueller.example",
            items: vec![("NH-PMP-1000", 2 + back % 5)],
            cost_center: "4711",
            day: 10 + back * 3 % 9,
            hour: 10,
            decision: (back % 9 != 4, 1 + back * 7 % 40),
        },
        HistoryOrder {
            purchaser: "bob@becker.example",
            items: vec![("NH-PMP-1030", 1 + back % 3), ("NH-SPR-3000", 4)],
            cost_center: if back % 2 == 0 { "KST-100" } else { "KST-200" },
            day: 6 + back * 4 % 15,
            hour: 14,
            decision: (true, 1),
        },
    ];
    // Valves every other month, on the workshop's cost center.
    if back % 2 == 1 {
        orders.push(HistoryOrder {
            purchaser: "hannah@mueller.example",
            items: vec![("NH-VLV-2000", 3 + back % 4)],
            cost_center: "4713",
            day: 20 + back % 6,
            hour: 11,
            decision: (true, 4),
        });
    }
    orders
}

/// Seeds `months` months of history before the current one (none for 0).
pub async fn seed(ctx: &ServerContext, now: i64, months: u32) -> Result<(), ServiceError> {
    if months == 0 {
        return Ok(());
    }
    let store = &ctx.store;
    let person = |email: &'static str| async move {
        let record = store.user_by_email(email).await?.expect("demo user");
        Ok::<_, ServiceError>(Actor::of_person(record, Locale::default()))
    };
    let hannah = person("hannah@mueller.example").await?;
    let vera = person("vera@nordhydraulik.example").await?;
    let tim = person("tim@nordhydraulik.example").await?;
    let mut month = Month::of(now);
    for back in 1..=i64::from(months) {
        month = month.previous();
        for (n, demo) in month_of_orders(back).into_iter().enumerate() {
            let at = month.starts_at() + (demo.day - 1) * DAY + demo.hour * HOUR;
            let purchaser = person(demo.purchaser).await?;
            let key = format!("demo-history-{}-{n}", month.iso());
            let po = format!("PO-{}-{:02}-{}", month.year(), month.month(), n + 1);
            let Some((order_id, needs_approval)) =
                place(&ctx.at(at), &purchaser, &demo, &po, &key).await?
            else {
                continue;
            };
            let (approve, after_hours) = demo.decision;
            if needs_approval {
                let decision = DecideOrder {
                    order_id: order_id.clone(),
                    step: 0,
                    revision: None,
                    verdict: Some(if approve {
                        Verdict::Approve
                    } else {
                        Verdict::Reject
                    }),
                    comment: if approve {
                        String::new()
                    } else {
                        "Not this month: the line's budget is spent.".into()
                    },
                };
                orders::decide(&ctx.at(at + after_hours * HOUR), &hannah, decision).await?;
                if !approve {
                    continue;
                }
            }
            let vendor = if demo.purchaser.ends_with("@becker.example") {
                &tim
            } else {
                &vera
            };
            let steps = [VendorStep::Confirm, VendorStep::Ship, VendorStep::Deliver];
            for (i, step) in steps.into_iter().enumerate() {
                let advance = AdvanceOrder {
                    order_id: order_id.clone(),
                    step: Some(step),
                    ..AdvanceOrder::default()
                };
                let when = at + after_hours * HOUR + (i as i64 + 1) * DAY;
                orders::advance(&ctx.at(when), vendor, advance).await?;
            }
        }
    }
    Ok(())
}

/// Fills the purchaser's cart and places it with the checkout form's starting values
/// (the organization's delivery address); the order and whether it waits for approval.
async fn place(
    ctx: &ServerContext,
    purchaser: &Actor,
    demo: &HistoryOrder,
    po: &str,
    key: &str,
) -> Result<Option<(String, bool)>, ServiceError> {
    for (sku, quantity) in &demo.items {
        let line = CartLine {
            sku: sku.to_string(),
            quantity: quantity.to_string(),
        };
        orders::add_to_cart(ctx, purchaser, line).await?;
    }
    let mut details = orders::cart_view(ctx, purchaser).await?.details;
    details.po_number = po.into();
    details.cost_center = demo.cost_center.into();
    let order = PlaceOrder {
        idempotency_key: key.into(),
        details,
    };
    Ok(match orders::place(ctx, purchaser, order).await? {
        PlaceResult::Placed { order_id, state } => {
            Some((order_id, state == OrderState::PendingApproval))
        }
        other => {
            tracing::warn!(?other, "a demo history order was not placed");
            None
        }
    })
}
