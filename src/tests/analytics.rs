//! The spend analytics' reads: an organization's order lines and approval decisions,
//! counted by the domain's rules, on a small history whose figures are worked out
//! here from the orders' own totals.

use crate::on_both_backends;
use crate::orders::{decide, detail, order, placed_id};
use crate::support::{Backend, TestApp};
use kontor_app::api::analytics::AnalyticsTable;
use kontor_app::services::{Actor, ServiceError, analytics};
use kontor_domain::analytics::{Breakdown, Month, cycle_times, per_group, per_month};

on_both_backends!(
    spend_and_cycle_times_come_from_the_orders_as_placed,
    the_page_draws_its_charts_with_their_tables_and_exports_them,
    the_demo_history_gives_the_charts_something_to_say,
    the_vendor_sees_revenue_and_service_level_of_its_customers,
    the_monthly_sums_follow_every_change_of_an_order
);

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
    // Moved behind the application's back: its monthly sums are computed afresh.
    app.kontor_store.rebuild_order_months().await.unwrap();
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

    // The buyers' analytics as Hannah sees them in late October: 24 months ending
    // with October, the same figures, and her own cycle times.
    let ctx = app
        .server_context()
        .at(Month::new(2026, 10).unwrap().starts_at() + 20 * 24 * HOUR);
    let store = &app.kontor_store;
    let person = |email: &'static str| async move {
        let record = store.user_by_email(email).await.unwrap().unwrap();
        Actor::of_person(record, kontor_domain::Locale::De)
    };
    let hannah_actor = person("hannah@mueller.example").await;
    let seen = analytics::spend(&ctx, &hannah_actor).await.unwrap();
    assert_eq!(seen.months.len(), 24);
    assert_eq!(seen.months[0].month, "2024-11");
    let month = |iso: &str| {
        seen.months
            .iter()
            .find(|m| m.month == iso)
            .unwrap()
            .spent
            .cents()
    };
    assert_eq!(month("2026-09"), cents(&small["total"]));
    assert_eq!(month("2026-10"), cents(&approved["total"]));
    let all: i64 = seen.months.iter().map(|m| m.spent.cents()).sum();
    assert_eq!(all, goods + shipping, "only the two orders count");
    let egon_record = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.purchasers.len(), 1, "{:?}", seen.purchasers);
    let row = &seen.purchasers[0];
    assert_eq!(row.name, egon_record.display_name);
    assert_eq!(row.spent.cents(), goods + shipping);
    assert_eq!(row.this_month.cents(), cents(&approved["total"]));
    assert_eq!(
        row.monthly_budget.map(|m| m.cents()),
        egon_record.monthly_budget_cents
    );
    assert_eq!(
        row.per_order_limit.map(|m| m.cents()),
        egon_record.per_order_limit_cents
    );
    let by_category: i64 = seen.categories.iter().map(|g| g.spent.cents()).sum();
    assert_eq!(by_category, all);
    let by_cost_center: i64 = seen.cost_centers.iter().map(|g| g.spent.cents()).sum();
    assert_eq!(by_cost_center, all);
    assert_eq!(seen.approvers.len(), 1);
    assert_eq!(
        (
            seen.approvers[0].decisions,
            seen.approvers[0].median_ms,
            seen.approvers[0].p90_ms
        ),
        (2, HOUR, 3 * HOUR)
    );
    // The same table as a German spreadsheet: `;`, decimal comma, hours.
    let csv = analytics::export(
        &ctx,
        &hannah_actor,
        AnalyticsTable::Months,
        kontor_domain::Locale::De,
    )
    .await
    .unwrap();
    assert_eq!(csv.file_name, "ausgaben-months.csv");
    let total = cents(&approved["total"]);
    let line = format!("2026-10;{},{:02}\r\n", total / 100, total % 100);
    assert!(
        csv.content.starts_with("\u{feff}Monat;Ausgaben\r\n"),
        "{}",
        csv.content
    );
    assert!(csv.content.contains(&line), "{line:?} in {}", csv.content);
    let approvers = analytics::export(
        &ctx,
        &hannah_actor,
        AnalyticsTable::Approvers,
        kontor_domain::Locale::En,
    )
    .await
    .unwrap();
    assert!(
        approvers.content.ends_with(",2,1.00,3.00\r\n"),
        "{}",
        approvers.content
    );
    // A purchaser sees their own headroom at checkout, not the organization's spend.
    let egon_actor = person("egon@mueller.example").await;
    assert!(matches!(
        analytics::spend(&ctx, &egon_actor).await,
        Err(ServiceError::Forbidden)
    ));

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

/// The page as Hannah opens it now: the chart with its title, description and a bar
/// per month, the same months as a table, and each table's CSV behind its link.
async fn the_page_draws_its_charts_with_their_tables_and_exports_them(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let response = hannah.page("/analytics").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    for part in [
        "data-chart=\"months\"",
        "<title id=\"months-chart-title\">",
        "<desc id=\"months-chart-description\">",
        "data-table=\"months\"",
        "data-table=\"purchasers\"",
        "data-table=\"categories\"",
        "data-table=\"cost-centers\"",
        "data-table=\"approvers\"",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
    let chart = &page[page.find("data-chart").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert_eq!(
        chart.matches("<rect ").count(),
        24,
        "a bar per month: {chart}"
    );
    assert_eq!(chart.matches("data-month=").count(), 24, "{chart}");
    let now = Month::of(kontor_store::now_ms());
    let bar = format!("data-month=\"{}\"", now.iso());
    assert!(page.contains(&bar), "a bar for this month");
    for table in AnalyticsTable::ALL {
        assert!(page.contains(&format!("href=\"{}\"", table.csv_path())));
        let csv = hannah.get_with(&table.csv_path(), &[]).await;
        assert_eq!(csv.status(), 200, "{}", table.slug());
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(
            csv.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&format!("spend-{}.csv", table.slug()))
        );
        let body = csv.text().await.unwrap();
        if table == AnalyticsTable::Months {
            // The header and one line per month, the newest last.
            assert_eq!(body.lines().count(), 25, "{body}");
            assert!(body.lines().last().unwrap().starts_with(&now.iso()));
        }
    }
    // An address that names no table, and a signed-out browser.
    assert_eq!(
        hannah
            .get_with("/analytics/csv/secrets", &[])
            .await
            .status(),
        404
    );
    let anonymous = app.browser();
    let away = anonymous
        .get_with("/analytics/csv/months", &[("accept", "text/html")])
        .await;
    assert_eq!(away.status(), 303);
    assert_eq!(away.headers()["location"], "/sign-in?next=/analytics");
    app.stop().await;
}

/// Three months of demo history: each month has spend, Hannah has decided (and once
/// in the three refused), every category and cost center is there — and this month,
/// and so everybody's budget for it, is untouched.
async fn the_demo_history_gives_the_charts_something_to_say(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_DEMO", "1"),
            ("KONTOR_DEMO_PASSWORD", crate::support::DEMO_PASSWORD),
            ("KONTOR_DEMO_HISTORY_MONTHS", "3"),
        ],
    )
    .await;
    let ctx = app.server_context();
    let record = app
        .kontor_store
        .user_by_email("frieda@mueller.example")
        .await
        .unwrap()
        .unwrap();
    let frieda = Actor::of_person(record, kontor_domain::Locale::En);
    let seen = analytics::spend(&ctx, &frieda).await.unwrap();
    let now = Month::of(kontor_store::now_ms());
    for back in [
        now.previous(),
        now.previous().previous(),
        now.previous().previous().previous(),
    ] {
        let month = seen.months.iter().find(|m| m.month == back.iso()).unwrap();
        assert!(month.spent.cents() > 0, "{} has spend", back.iso());
    }
    // Worked by hand from the history's rules, two and three months back: before
    // the framework agreement of a month ago, so at list prices with the default 49 €
    // shipping per order (and never touched by today's demo orders, at most 26 days
    // old). Two back: 7 seal kits × 84.50 + 49 = 640.50 and 4 pumps × 1,290 + 49 =
    // 5,209.00 → 5,849.50. Three back: 8 × 84.50 + 49 = 725.00, 5 pumps (above Egon's
    // limit: Hannah approves) 6,450 + 49 = 6,499.00, 6 valves × 248 + 49 = 1,537.00
    // → 8,761.00.
    let spent = |month: Month| {
        seen.months
            .iter()
            .find(|m| m.month == month.iso())
            .unwrap()
            .spent
            .cents()
    };
    assert_eq!(spent(now.previous().previous()), 584_950);
    assert_eq!(spent(now.previous().previous().previous()), 876_100);
    let before = now.previous().previous().previous().previous();
    let older = seen
        .months
        .iter()
        .find(|m| m.month == before.iso())
        .unwrap();
    assert_eq!(older.spent.cents(), 0, "nothing before the history");
    let categories: Vec<_> = seen
        .categories
        .iter()
        .filter_map(|g| g.group.clone())
        .collect();
    for category in ["pumps", "spare_parts", "valves"] {
        assert!(categories.iter().any(|c| c == category), "{categories:?}");
    }
    let cost_centers: Vec<_> = seen
        .cost_centers
        .iter()
        .filter_map(|g| g.group.clone())
        .collect();
    for center in ["4711", "4712"] {
        assert!(cost_centers.iter().any(|c| c == center), "{cost_centers:?}");
    }
    assert!(
        !cost_centers.iter().any(|c| c.starts_with("KST")),
        "Becker's stay Becker's"
    );
    let hannah = seen
        .approvers
        .iter()
        .find(|a| a.name.starts_with("Hannah"))
        .unwrap();
    assert!(hannah.decisions >= 2, "{hannah:?}");
    // This month holds today's demo orders only: the history is all in the past.
    let history_this_month: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE idempotency_key LIKE 'demo-history-%' AND placed_at >= $1",
    )
    .bind(now.starts_at())
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert_eq!(history_this_month, 0);
    // Every history order that was not refused went all the way to delivery.
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE idempotency_key LIKE 'demo-history-%'
            AND state NOT IN ('delivered', 'rejected')",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert_eq!(open, 0);
    app.stop().await;
}

/// Revenue per month and customer from back-dated orders, as the vendor admin sees
/// it and as each account manager sees their own customers; the service level of the
/// demo's requests; the page and its exports.
async fn the_vendor_sees_revenue_and_service_level_of_its_customers(backend: Backend) {
    use kontor_app::api::analytics::VendorTable;
    use kontor_app::services::vendor_analytics;
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let bob = app.signed_in("bob@becker.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let small = placed_id(&order(&egon, &[("NH-PMP-1000", 1)]).await);
    let waiting = placed_id(&order(&egon, &[("NH-PMP-1000", 5)]).await);
    let refused = placed_id(&order(&egon, &[("NH-PMP-1000", 5)]).await);
    decide(&hannah, &refused, 0, "reject", "No").await;
    let becker = placed_id(&order(&bob, &[("NH-PMP-1030", 2)]).await);
    let september = Month::new(2026, 9).unwrap().starts_at() + 9 * 24 * HOUR;
    let october = Month::new(2026, 10).unwrap().starts_at() + 4 * 24 * HOUR;
    back_date(&app, &small, september, None).await;
    back_date(&app, &waiting, october, None).await;
    back_date(&app, &refused, october, Some(HOUR)).await;
    back_date(&app, &becker, october + HOUR, None).await;
    let small = detail(&egon, &small).await;
    let becker = detail(&bob, &becker).await;
    let ctx = app
        .server_context()
        .at(Month::new(2026, 10).unwrap().starts_at() + 20 * 24 * HOUR);
    let store = &app.kontor_store;
    let person = |email: &'static str| async move {
        let record = store.user_by_email(email).await.unwrap().unwrap();
        Actor::of_person(record, kontor_domain::Locale::En)
    };
    let admin = person("admin@nordhydraulik.example").await;
    let seen = vendor_analytics::report(&ctx, &admin).await.unwrap();
    assert_eq!(seen.months.len(), 12);
    let month = |iso: &str| {
        let m = seen.months.iter().find(|m| m.month == iso).unwrap();
        (m.orders, m.revenue.cents())
    };
    // September: the small order; October: Becker's only — Egon's waiting order is
    // not revenue yet, the refused one never.
    assert_eq!(month("2026-09"), (1, cents(&small["total"])));
    assert_eq!(month("2026-10"), (1, cents(&becker["total"])));
    let customers: Vec<(&str, i64)> = seen
        .customers
        .iter()
        .map(|c| (c.customer.as_str(), c.revenue.cents()))
        .collect();
    assert_eq!(customers.len(), 2, "{customers:?}");
    assert!(customers.contains(&("Maschinenbau Müller GmbH", cents(&small["total"]))));
    // Tim looks after Becker only; Sam works requests, not figures.
    let tim = person("tim@nordhydraulik.example").await;
    let his = vendor_analytics::report(&ctx, &tim).await.unwrap();
    assert!(
        his.customers
            .iter()
            .all(|c| c.customer.starts_with("Becker")),
        "{:?}",
        his.customers
    );
    assert_eq!(his.customers.len(), 1);
    let sam = person("sam@nordhydraulik.example").await;
    assert!(matches!(
        vendor_analytics::report(&ctx, &sam).await,
        Err(ServiceError::Forbidden)
    ));

    // The service level now: the demo's two requests of Müller, counted as the
    // rules say (a first response at or before its due time is kept).
    let now = app.server_context();
    let seen = vendor_analytics::report(&now, &admin).await.unwrap();
    let mueller = seen
        .service_level
        .iter()
        .find(|l| l.customer.starts_with("Maschinenbau"))
        .unwrap();
    assert_eq!(mueller.requests, 2);
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_requests
          WHERE first_response_at IS NOT NULL AND first_response_at <= first_response_due",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert_eq!(mueller.responses_kept, kept);
    // The demo's lead: Jonas confirmed and downloaded the AP-45's CAD model, once.
    let sum = |f: fn(&kontor_app::api::analytics::LeadMonthRow) -> i64| {
        seen.leads.iter().map(f).sum::<i64>()
    };
    assert_eq!(seen.leads.len(), 12);
    assert_eq!(
        (
            sum(|l| l.registered),
            sum(|l| l.downloading),
            sum(|l| l.downloads)
        ),
        (1, 1, 1)
    );

    // The page and its exports, as Vera opens them.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let response = vera.page("/vendor/analytics").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    for part in [
        "data-chart=\"revenue\"",
        "<title id=\"revenue-chart-title\">",
        "data-table=\"revenue-months\"",
        "data-table=\"customers\"",
        "data-table=\"service-level\"",
        "data-table=\"leads\"",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
    for table in VendorTable::ALL {
        let csv = vera.get_with(&table.csv_path(), &[]).await;
        assert_eq!(csv.status(), 200, "{}", table.slug());
        let body = csv.text().await.unwrap();
        let header = body.lines().next().unwrap().trim_start_matches('\u{feff}');
        let first = if table == VendorTable::Leads {
            "Month,"
        } else {
            "Customer,"
        };
        assert!(header.starts_with(first), "{header}");
    }
    assert_eq!(
        vera.get_with("/vendor/analytics/csv/nothing", &[])
            .await
            .status(),
        404
    );
    app.stop().await;
}

/// The monthly sums the analytics read are kept as orders change. After placing,
/// deciding (two decisions at the same moment), changing a waiting order (another
/// cost center, a line of another category), the vendor's steps and a product moved
/// to another category, they equal the sums computed afresh from the orders; the
/// first start after the upgrade fills them once.
async fn the_monthly_sums_follow_every_change_of_an_order(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let store = &app.kontor_store;
    let fresh = || async {
        let kept = store.monthly_sums().await.unwrap();
        store.rebuild_order_months().await.unwrap();
        (kept, store.monthly_sums().await.unwrap())
    };
    let (kept, rebuilt) = fresh().await;
    assert_eq!(kept, rebuilt, "the demo's history");
    assert!(kept.iter().any(|s| s.state == "delivered"), "{kept:?}");

    let small = placed_id(&order(&egon, &[("NH-PMP-1000", 1)]).await);
    let waiting: Vec<String> = {
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(placed_id(&order(&egon, &[("NH-PMP-1000", 5)]).await));
        }
        ids
    };
    // The pump moves to another category while orders of it wait: what they were
    // ordered as is what is taken out again.
    sqlx::query("UPDATE products SET category = 'moved_pumps' WHERE sku = 'NH-PMP-1000'")
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    // Another cost center and a spare part on the first waiting order.
    let key = "quantities[q-NH-PMP-1000]";
    let amended = egon
        .ok(
            "amend_order",
            &[
                ("order_id", waiting[0].as_str()),
                (key, "5"),
                ("add_sku", "NH-SPR-3000"),
                ("add_quantity", "2"),
                ("cost_center", "KST-4711"),
                ("po_number", "PO-TEST"),
                ("delivery_address", "Werk 2, Stuttgart"),
            ],
        )
        .await;
    assert_eq!(amended, serde_json::json!({ "Amended": "PendingApproval" }));
    // Two decisions at the same moment move sums under shared keys.
    let (approved, rejected) = tokio::join!(
        decide(&hannah, &waiting[0], 0, "approve", ""),
        decide(&hannah, &waiting[1], 0, "reject", "No"),
    );
    assert_eq!(approved, serde_json::json!({ "Decided": "Approved" }));
    assert_eq!(rejected, serde_json::json!({ "Decided": "Rejected" }));
    for (step, state) in [
        ("confirm", "Confirmed"),
        ("ship", "Shipped"),
        ("deliver", "Delivered"),
    ] {
        let advanced = vera
            .ok(
                "advance_order",
                &[("order_id", small.as_str()), ("step", step)],
            )
            .await;
        assert_eq!(advanced, serde_json::json!({ "Decided": state }));
    }
    let (kept, rebuilt) = fresh().await;
    assert_eq!(kept, rebuilt, "after the changes");
    // "Waiting now" comes from the sums too: the third order and whatever of the
    // demo's waits.
    let (count, total): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(total_cents), 0) AS BIGINT) FROM orders
          WHERE state = 'pending_approval'
            AND organization_id = (SELECT organization_id FROM orders WHERE id = $1)",
    )
    .bind(&waiting[2])
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert!(count >= 1);
    let hannah_actor = kontor_app::services::Actor::of_person(
        store
            .user_by_email("hannah@mueller.example")
            .await
            .unwrap()
            .unwrap(),
        kontor_domain::Locale::En,
    );
    let report = analytics::spend(&app.server_context(), &hannah_actor)
        .await
        .unwrap();
    assert_eq!(
        (report.waiting_orders, report.waiting_total.cents()),
        (count, total)
    );
    assert!(
        kept.iter()
            .any(|s| s.state == "approved" && s.key == "Egon Schmidt / KST-4711 / spare_parts"),
        "{kept:?}"
    );

    // The first start after the upgrade: nothing filled yet, the migration's fill
    // computes the sums once (a second start leaves them alone).
    let mut raw = app.db.raw().await;
    for wipe in [
        "DELETE FROM spend_months",
        "DELETE FROM order_months",
        "DELETE FROM data_fills",
    ] {
        sqlx::query(wipe).execute(&mut raw).await.unwrap();
    }
    store.migrate().await.unwrap();
    assert_eq!(store.monthly_sums().await.unwrap(), kept);
    sqlx::query("DELETE FROM order_months")
        .execute(&mut raw)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert!(
        store
            .monthly_sums()
            .await
            .unwrap()
            .iter()
            .all(|s| !s.key.is_empty()),
        "filled once only"
    );
    app.stop().await;
}
