//! The spend analytics' reads: an organization's order lines and approval decisions,
//! counted by the domain's rules, on a small history whose figures are worked out
//! here from the orders' own totals.

use crate::on_both_backends;
use crate::orders::{decide, detail, order, placed_id};
use crate::support::{Backend, TestApp};
use kontor_domain::analytics::{Breakdown, Month, cycle_times, per_group, per_month};

on_both_backends!(spend_and_cycle_times_come_from_the_orders_as_placed);

const HOUR: i64 = 3_600_000;

/// Moves an order (and its events) to `placed_at`, its decision `decided_after` later:
/// the history a real customer builds over months, made in a moment.
async fn back_date(app: &TestApp, order_id: &str, placed_at: i64, decided_after: Option<i64>) {
    let mut raw = app.db.raw().await;
    sqlx::query("UPDATE orders SET placed_at = $1 WHERE id = $2")
        .bind(placed_at)
        .bind(order_id)
        .execute(&mut raw)
        .await
        .unwrap();
    if let Some(after) = decided_after {
        sqlx::query(
            "UPDATE order_events SET at = $1
              WHERE order_id = $2 AND kind IN ('approved', 'rejected')",
        )
        .bind(placed_at + after)
        .bind(order_id)
        .execute(&mut raw)
        .await
        .unwrap();
    }
}

fn cents(value: &serde_json::Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("not cents: {value}"))
}

async fn spend_and_cycle_times_come_from_the_orders_as_placed(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    // Within Egon's limit: approved when placed. Above it: Hannah approves one after
    // three hours and rejects the other after one.
    let small = placed_id(&order(&egon, &[("NH-PMP-1000", 1)]).await);
    let approved = placed_id(&order(&egon, &[("NH-PMP-1000", 5)]).await);
    let rejected = placed_id(&order(&egon, &[("NH-PMP-1000", 5)]).await);
    decide(&hannah, &approved, 0, "approve", "").await;
    decide(&hannah, &rejected, 0, "reject", "Not this month").await;
    let september = Month::new(2026, 9).unwrap().starts_at() + 9 * 24 * HOUR;
    let october = Month::new(2026, 10).unwrap().starts_at() + 4 * 24 * HOUR;
    back_date(&app, &small, september, None).await;
    back_date(&app, &approved, october, Some(3 * HOUR)).await;
    back_date(&app, &rejected, october + HOUR, Some(HOUR)).await;
    let small = detail(&egon, &small).await;
    let approved = detail(&egon, &approved).await;
    assert_eq!(approved["state"], "Approved");

    let mueller: String = sqlx::query_scalar(
        "SELECT organization_id FROM users WHERE email = 'egon@mueller.example'",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    let period = (
        Month::new(2026, 8).unwrap().starts_at(),
        Month::new(2026, 11).unwrap().starts_at(),
    );
    let lines = app
        .kontor_store
        .spend_lines(&mueller, period)
        .await
        .unwrap();

    // Per month: September the small order, October the approved one (the rejected
    // one does not count), August nothing — each with its shipping, as its total.
    let months: Vec<(String, i64)> = per_month(&lines, Month::new(2026, 10).unwrap(), 3)
        .iter()
        .map(|m| (m.month.iso(), m.spent.cents()))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-08".to_string(), 0),
            ("2026-09".to_string(), cents(&small["total"])),
            ("2026-10".to_string(), cents(&approved["total"])),
        ]
    );
    // By category: the pumps' goods, and shipping as a group of its own.
    let (from, to) = (Month::new(2026, 9).unwrap(), Month::new(2026, 10).unwrap());
    let categories = per_group(&lines, Breakdown::Category, from, to);
    let goods = cents(&small["goods"]) + cents(&approved["goods"]);
    let shipping = cents(&small["shipping"]) + cents(&approved["shipping"]);
    assert_eq!(categories[0].spent.cents(), goods, "{categories:?}");
    assert!(categories[0].group.is_some());
    let shipped: i64 = categories
        .iter()
        .filter(|g| g.group.is_none())
        .map(|g| g.spent.cents())
        .sum();
    assert_eq!(shipped, shipping, "{categories:?}");
    // By purchaser: all of it is Egon's.
    let purchasers = per_group(&lines, Breakdown::Purchaser, from, to);
    assert_eq!(purchasers.len(), 1, "{purchasers:?}");
    assert_eq!(purchasers[0].spent.cents(), goods + shipping);

    // Hannah decided after 3 hours and after 1: median 1 hour, 90th percentile 3.
    let decisions = app
        .kontor_store
        .approval_decisions(&mueller, period)
        .await
        .unwrap();
    let times = cycle_times(&decisions);
    assert_eq!(times.len(), 1, "{times:?}");
    assert_eq!(
        (times[0].decisions, times[0].median_ms, times[0].p90_ms),
        (2, HOUR, 3 * HOUR)
    );

    // Another organization's period holds none of it.
    let becker: String =
        sqlx::query_scalar("SELECT organization_id FROM users WHERE email = 'bob@becker.example'")
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    assert!(
        app.kontor_store
            .spend_lines(&becker, period)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.kontor_store
            .approval_decisions(&becker, period)
            .await
            .unwrap()
            .is_empty()
    );
    app.stop().await;
}
