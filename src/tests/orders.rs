//! Ordering: the seed story, the approval chain, decisions taken exactly once,
//! idempotent placement, budgets under concurrency, reminders, escalation,
//! deputies, the vendor's steps — on both databases.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, count, field_message, outbox_mails, tag_of};
use serde_json::Value;

on_both_backends!(
    the_seed_story_egon_orders_and_hannah_approves_online,
    a_large_order_climbs_from_hannah_to_max,
    rejecting_needs_a_comment_and_ends_the_order,
    prices_limits_and_the_minimum_are_decided_on_the_server,
    fifty_parallel_decisions_take_one_effect,
    fifty_parallel_submissions_with_one_key_place_one_order,
    concurrent_orders_never_spend_past_the_budget_without_approval,
    reminders_escalation_and_deputies,
    quick_order_and_reorder_fill_the_cart,
    vendor_staff_follow_and_advance_their_customers_orders,
    order_lists_page_by_keyset_and_filter_by_status,
    placing_without_javascript_lands_on_the_new_order,
    deputy_and_approval_times_are_set_without_javascript,
    order_actions_work_without_javascript,
    the_quick_order_works_without_javascript,
    operations_run_without_a_request_and_check_their_actor
);

const PUMP: &str = "NH-PMP-1000";

/// Adds `items` to the cart and places it with the cart's own idempotency key.
pub(crate) async fn order(browser: &Browser, items: &[(&str, i64)]) -> Value {
    for (sku, quantity) in items {
        let added = browser
            .ok(
                "add_to_cart",
                &[("sku", sku), ("quantity", &quantity.to_string())],
            )
            .await;
        assert_eq!(added, "Changed", "{sku}");
    }
    let cart = browser.ok("cart", &[]).await;
    place(browser, &cart).await
}

async fn place(browser: &Browser, cart: &Value) -> Value {
    let key = cart["idempotency_key"].as_str().unwrap();
    browser
        .ok(
            "place_order",
            &[
                ("idempotency_key", key),
                ("po_number", "PO-TEST"),
                ("delivery_address", "Werk 2, Stuttgart"),
            ],
        )
        .await
}

pub(crate) fn placed_id(outcome: &Value) -> String {
    outcome["Placed"]["order_id"]
        .as_str()
        .unwrap_or_else(|| panic!("not placed: {outcome}"))
        .to_string()
}

/// (recipient, subject, body) of every mail about an order, oldest first.
async fn mails_of(app: &TestApp, order_id: &str) -> Vec<(String, String, String)> {
    outbox_mails(app, &format!("order/{order_id}/")).await
}

pub(crate) async fn decide(
    browser: &Browser,
    order_id: &str,
    step: i64,
    decision: &str,
    comment: &str,
) -> Value {
    browser
        .ok(
            "decide_order",
            &[
                ("order_id", order_id),
                ("step", &step.to_string()),
                ("decision", decision),
                ("comment", comment),
            ],
        )
        .await
}

pub(crate) async fn detail(browser: &Browser, order_id: &str) -> Value {
    browser.ok("order", &[("order_id", order_id)]).await
}

async fn the_seed_story_egon_orders_and_hannah_approves_online(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    egon.ok("add_to_cart", &[("sku", PUMP), ("quantity", "5")])
        .await;
    let cart = egon.ok("cart", &[]).await;
    // 5 × 1,150 € (Müller's price, not the 1,290 € list price); free freight.
    assert_eq!(cart["total"], 575_000, "{cart}");
    assert_eq!(cart["shipping"], 0);
    assert_eq!(
        cart["preview"]["NeedsApproval"]["steps"],
        serde_json::json!([{ "Person": "Hannah Becker" }]),
        "{cart}"
    );
    assert_eq!(cart["headroom"]["per_order_limit"], 500_000);
    let placed = place(&egon, &cart).await;
    let id = placed_id(&placed);
    assert_eq!(placed["Placed"]["state"], "PendingApproval");
    assert!(
        egon.ok("cart", &[]).await["lines"]
            .as_array()
            .unwrap()
            .is_empty(),
        "cart emptied"
    );

    // Hannah is asked, with the summary and a link to the order.
    let mails = mails_of(&app, &id).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "hannah@mueller.example");
    // In Hannah's language (German), not in that of Egon's browser (English): the
    // product's German name and amounts as Germans write them.
    assert!(
        mails[0].1.starts_with("Freigabe erbeten: Bestellung"),
        "{}",
        mails[0].1
    );
    assert!(mails[0].2.contains("Axialkolbenpumpe"), "{}", mails[0].2);
    assert!(mails[0].2.contains("5.750,00"), "{}", mails[0].2);
    assert!(
        mails[0].2.contains(&format!("/orders/{id}")),
        "{}",
        mails[0].2
    );
    assert!(mails[0].2.contains("5 × NH-PMP-1000"), "{}", mails[0].2);

    // Egon sees who holds it; he cannot decide it himself; Max may not (yet).
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["holders"], serde_json::json!(["Hannah Becker"]));
    assert_eq!(seen["decide_step"], Value::Null);
    assert_eq!(
        egon.call(
            "decide_order",
            &[
                ("order_id", &id),
                ("step", "0"),
                ("decision", "approve"),
                ("comment", "")
            ]
        )
        .await
        .status(),
        403
    );
    let max = app.signed_in("max@mueller.example").await;
    assert_eq!(decide(&max, &id, 0, "approve", "").await, "NotYours");

    let hannah = app.signed_in("hannah@mueller.example").await;
    let inbox = hannah.ok("approvals", &[]).await;
    assert!(
        inbox["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == id.as_str()),
        "{inbox}"
    );
    assert_eq!(detail(&hannah, &id).await["decide_step"], 0);
    assert_eq!(
        decide(&hannah, &id, 0, "approve", "OK for the Stuttgart line").await,
        serde_json::json!({ "Decided": "Approved" })
    );

    let seen = detail(&egon, &id).await;
    assert_eq!(seen["state"], "Approved");
    assert_eq!(
        seen["chain"][0]["status"]["Done"]["comment"],
        "OK for the Stuttgart line"
    );
    let kinds: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["placed", "approved"]);

    // The confirmation reaches Egon through SMTP, with the terms; Vera hears of it.
    let confirmation = loop_until_mail(&app, "egon@mueller.example", "Order confirmation").await;
    let text = crate::support::mail_text(&confirmation);
    assert!(text.contains("30 days net"), "{text}");
    assert!(text.contains("DAP Stuttgart"), "{text}");
    assert!(text.contains("OK for the Stuttgart line"), "{text}");
    let mails = mails_of(&app, &id).await;
    assert!(
        mails
            .iter()
            .any(|m| m.0 == "vera@nordhydraulik.example" && m.1.starts_with("New order"))
    );
    // Every step is in Müller's audit trail.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE target LIKE $1",
            &format!("order:{id}%")
        )
        .await,
        2
    );
    app.stop().await;
}

/// Waits until the SMTP sink has a mail to `to` whose subject starts with `subject`.
async fn loop_until_mail(app: &TestApp, to: &str, subject: &str) -> String {
    for _ in 0..100 {
        if let Some(m) = app.smtp.messages().into_iter().find(|m| {
            m.contains(&format!("To: {to}")) && m.contains(&format!("Subject: {subject}"))
        }) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail '{subject}' to {to}");
}

async fn a_large_order_climbs_from_hannah_to_max(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    // 55 × 1,090 € (the 50+ tier) = 59,950 €: above Hannah's 50,000 €.
    egon.ok("add_to_cart", &[("sku", PUMP), ("quantity", "55")])
        .await;
    let cart = egon.ok("cart", &[]).await;
    assert_eq!(cart["total"], 5_995_000);
    assert_eq!(
        cart["preview"]["NeedsApproval"]["steps"],
        serde_json::json!([{ "Person": "Hannah Becker" }, { "Person": "Max Müller" }])
    );
    let id = placed_id(&place(&egon, &cart).await);
    let hannah = app.signed_in("hannah@mueller.example").await;
    let max = app.signed_in("max@mueller.example").await;
    assert_eq!(
        decide(&max, &id, 0, "approve", "").await,
        "NotYours",
        "not Max's turn yet"
    );
    assert_eq!(
        decide(&hannah, &id, 0, "approve", "Fine by me").await,
        serde_json::json!({ "Decided": "PendingApproval" })
    );
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["holders"], serde_json::json!(["Max Müller"]));
    assert_eq!(seen["chain"][1]["status"], "Current");
    // Hannah's decision is final for her step: a second click changes nothing.
    assert_eq!(
        decide(&hannah, &id, 0, "approve", "").await,
        "AlreadyDecided"
    );
    let mails = mails_of(&app, &id).await;
    assert!(
        mails
            .iter()
            .any(|m| m.0 == "max@mueller.example" && m.1.starts_with("Freigabe erbeten"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.0 == "egon@mueller.example" && m.1.contains("now with Max Müller"))
    );
    assert_eq!(
        decide(&max, &id, 1, "approve", "").await,
        serde_json::json!({ "Decided": "Approved" })
    );
    // Hannah ordering 59,950 € herself goes straight to Max.
    let own = order(&hannah, &[(PUMP, 55)]).await;
    let own_id = placed_id(&own);
    let seen = detail(&hannah, &own_id).await;
    assert_eq!(seen["chain"].as_array().unwrap().len(), 1);
    assert_eq!(seen["holders"], serde_json::json!(["Max Müller"]));
    app.stop().await;
}

async fn rejecting_needs_a_comment_and_ends_the_order(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let refused = decide(&hannah, &id, 0, "reject", "  ").await;
    assert_eq!(
        refused["Invalid"][0],
        serde_json::json!(["comment", "CommentRequired"])
    );
    assert_eq!(
        detail(&egon, &id).await["state"],
        "PendingApproval",
        "nothing happened"
    );
    assert_eq!(
        decide(
            &hannah,
            &id,
            0,
            "reject",
            "Please order via the framework contract"
        )
        .await,
        serde_json::json!({ "Decided": "Rejected" })
    );
    let mails = mails_of(&app, &id).await;
    let to_egon: Vec<_> = mails
        .iter()
        .filter(|m| m.0 == "egon@mueller.example")
        .collect();
    assert_eq!(to_egon.len(), 1);
    assert!(
        to_egon[0]
            .2
            .contains("Please order via the framework contract")
    );
    // Rejected is final: no withdrawal, no decision.
    assert_eq!(
        egon.ok("withdraw_order", &[("order_id", &id)]).await,
        "AlreadyDecided"
    );

    // A pending order is withdrawn by its purchaser, and nobody else.
    let second = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    assert_eq!(
        hannah
            .call("withdraw_order", &[("order_id", &second)])
            .await
            .status(),
        403
    );
    assert_eq!(
        egon.ok("withdraw_order", &[("order_id", &second)]).await,
        serde_json::json!({ "Decided": "Withdrawn" })
    );
    assert_eq!(
        decide(&hannah, &second, 0, "approve", "").await,
        "AlreadyDecided"
    );
    // Hannah, who was to decide it, hears that it was withdrawn.
    assert!(
        mails_of(&app, &second)
            .await
            .iter()
            .any(|m| m.0 == "hannah@mueller.example" && m.1.ends_with("wurde zurückgezogen")),
        "withdrawal notice"
    );
    // An approved order withdrawn before the vendor confirms: Vera hears of it.
    let approved = placed_id(&order(&egon, &[(PUMP, 2)]).await);
    assert_eq!(
        egon.ok("withdraw_order", &[("order_id", &approved)]).await,
        serde_json::json!({ "Decided": "Withdrawn" })
    );
    assert!(
        mails_of(&app, &approved)
            .await
            .iter()
            .any(|m| m.0 == "vera@nordhydraulik.example" && m.1.ends_with("was withdrawn"))
    );
    // Bob of Becker knows nothing of Müller's orders.
    let bob = app.signed_in("bob@becker.example").await;
    assert_eq!(bob.call("order", &[("order_id", &id)]).await.status(), 404);
    app.stop().await;
}

async fn prices_limits_and_the_minimum_are_decided_on_the_server(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    // A seal kit (84.50 €) is below Müller's 250 € minimum order value.
    egon.ok("add_to_cart", &[("sku", "NH-SPR-3000"), ("quantity", "1")])
        .await;
    let cart = egon.ok("cart", &[]).await;
    assert_eq!(
        cart["preview"]["Refused"]["BelowMinimum"],
        serde_json::json!({ "minimum": 25_000, "goods": 8_450 })
    );
    assert_eq!(cart["shipping"], 9_500, "below free freight");
    let refused = place(&egon, &cart).await;
    assert!(refused["Refused"]["BelowMinimum"].is_object(), "{refused}");
    // Bad details: every field at once, nothing written, the cart kept.
    let bad = egon
        .ok(
            "place_order",
            &[
                ("idempotency_key", "k1"),
                ("po_number", &"x".repeat(36)),
                ("delivery_address", ""),
                ("requested_date", "2020-01-01"),
                // A forged price changes nothing: there is no such field.
                ("total", "1"),
            ],
        )
        .await;
    let problems: Vec<&str> = bad["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(
        problems,
        ["po_number", "delivery_address", "requested_date"]
    );
    assert_eq!(
        egon.ok("cart", &[]).await["lines"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Within the limit: approved at once, at the agreed price, with the terms' version.
    egon.ok(
        "update_cart_line",
        &[("sku", "NH-SPR-3000"), ("quantity", "0")],
    )
    .await;
    let id = placed_id(&order(&egon, &[(PUMP, 4)]).await);
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["state"], "Approved");
    assert_eq!(seen["lines"][0]["unit_price"], 115_000);
    assert_eq!(seen["total"], 460_000);
    assert_eq!(seen["terms"]["incoterm_place"], "Stuttgart");
    // A later price change does not touch the placed order.
    sqlx::query("UPDATE price_agreements SET base_price_cents = 1")
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    assert_eq!(detail(&egon, &id).await["total"], 460_000);
    // Viewers and finance do not order; vendor staff do not order for customers.
    for who in [
        "ingo@mueller.example",
        "frieda@mueller.example",
        "vera@nordhydraulik.example",
    ] {
        let b = app.signed_in(who).await;
        assert_eq!(
            b.call("add_to_cart", &[("sku", PUMP), ("quantity", "1")])
                .await
                .status(),
            403,
            "{who}"
        );
    }
    // Quantities are checked at the field.
    assert_eq!(
        egon.ok("add_to_cart", &[("sku", PUMP), ("quantity", "0")])
            .await,
        serde_json::json!({ "Invalid": "OutOfRange" })
    );
    assert_eq!(
        egon.ok("add_to_cart", &[("sku", "NO-SUCH"), ("quantity", "1")])
            .await,
        serde_json::json!({ "Invalid": "UnknownProduct" })
    );
    app.stop().await;
}

async fn fifty_parallel_decisions_take_one_effect(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let before = mails_of(&app, &id).await.len();
    let calls = (0..50).map(|i| {
        let (hannah, id) = (hannah.clone(), id.clone());
        tokio::spawn(async move {
            let decision = if i % 2 == 0 { "approve" } else { "reject" };
            decide(&hannah, &id, 0, decision, &format!("click {i}")).await
        })
    });
    let results: Vec<Value> = futures::future::join_all(calls)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let decided = results
        .iter()
        .filter(|r| r.get("Decided").is_some())
        .count();
    let already = results.iter().filter(|r| **r == "AlreadyDecided").count();
    assert_eq!((decided, already), (1, 49), "{results:?}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM order_events WHERE order_id = $1 AND kind IN ('approved', 'rejected')",
            &id
        )
        .await,
        1
    );
    let to_egon = mails_of(&app, &id)
        .await
        .into_iter()
        .skip(before)
        .filter(|m| m.0 == "egon@mueller.example")
        .count();
    assert_eq!(to_egon, 1, "one decision, one mail to the purchaser");
    app.stop().await;
}

async fn fifty_parallel_submissions_with_one_key_place_one_order(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    egon.ok("add_to_cart", &[("sku", PUMP), ("quantity", "2")])
        .await;
    let cart = egon.ok("cart", &[]).await;
    let egon_id = app.user_id("egon@mueller.example").await;
    let before = count(
        &app,
        "SELECT COUNT(*) FROM orders WHERE purchaser_id = $1",
        &egon_id,
    )
    .await;
    let calls = (0..50).map(|_| {
        let (egon, cart) = (egon.clone(), cart.clone());
        tokio::spawn(async move { place(&egon, &cart).await })
    });
    let results: Vec<Value> = futures::future::join_all(calls)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let ids: std::collections::BTreeSet<String> = results.iter().map(placed_id).collect();
    assert_eq!(
        ids.len(),
        1,
        "every answer names the same order: {results:?}"
    );
    let after = count(
        &app,
        "SELECT COUNT(*) FROM orders WHERE purchaser_id = $1",
        &egon_id,
    )
    .await;
    assert_eq!(after, before + 1);
    let id = ids.into_iter().next().unwrap();
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM order_lines WHERE order_id = $1",
            &id
        )
        .await,
        1
    );
    assert_eq!(
        mails_of(&app, &id)
            .await
            .iter()
            .filter(|m| m.0 == "egon@mueller.example")
            .count(),
        1,
        "one confirmation"
    );
    app.stop().await;
}

async fn concurrent_orders_never_spend_past_the_budget_without_approval(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon_id = app.user_id("egon@mueller.example").await;
    // Egon's orders this month so far, plus room for exactly two 3,450 € orders.
    let month = kontor_domain::calendar::berlin_month(kontor_store::now_ms());
    let org = app.organization_id("egon@mueller.example").await;
    let spent = app
        .kontor_store
        .month_spend(&org, month)
        .await
        .unwrap()
        .into_iter()
        .find(|(id, _)| *id == egon_id)
        .map_or(0, |(_, m)| m.cents());
    sqlx::query("UPDATE users SET monthly_budget_cents = $1 WHERE id = $2")
        .bind(spent + 2 * 345_000)
        .bind(&egon_id)
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    // The organization's row version (PostgreSQL): placing locks the row, and a lock
    // must not write a new version of it for every order.
    let row_version = || async {
        if backend != Backend::Postgres {
            return String::new();
        }
        sqlx::query_scalar::<_, String>("SELECT xmin::text FROM organizations WHERE id = $1")
            .bind(&org)
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap()
    };
    let version_before = row_version().await;
    // Six browsers of Egon each fill the cart with 3 pumps and place at once.
    let mut calls = Vec::new();
    for _ in 0..6 {
        let egon = app.signed_in("egon@mueller.example").await;
        calls.push(tokio::spawn(
            async move { order(&egon, &[(PUMP, 3)]).await },
        ));
    }
    for call in futures::future::join_all(calls).await {
        let _ = call.unwrap();
    }
    // Replaying the month in placing order: every order approved at once fitted.
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT o.number, o.state, o.total_cents,
                (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id AND e.kind = 'auto_approved')
           FROM orders o WHERE o.purchaser_id = $1 AND o.placed_at >= $2 ORDER BY o.number",
    )
    .bind(&egon_id)
    .bind(month.0)
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap();
    let mut running = 0;
    let mut at_once = 0;
    for (number, state, total, auto) in &rows {
        if state != "rejected" && state != "withdrawn" && state != "cancelled" {
            running += total;
        }
        if *auto == 1 {
            at_once += 1;
            assert!(
                running <= spent + 2 * 345_000,
                "order {number} went past the budget without approval"
            );
        }
    }
    assert!(at_once >= 1, "{rows:?}");
    assert!(
        rows.iter().any(|r| r.1 == "pending_approval"),
        "the rest waits for Hannah: {rows:?}"
    );
    assert_eq!(
        row_version().await,
        version_before,
        "locked with SELECT … FOR UPDATE, not rewritten"
    );
    app.stop().await;
}

async fn reminders_escalation_and_deputies(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let max = app.signed_in("max@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let ctx = app.server_context();
    let hour = 3_600_000;
    let now = kontor_store::now_ms();
    let notices = |at| {
        let ctx = ctx.clone();
        async move {
            kontor_app::services::orders::send_notices(&ctx, at)
                .await
                .unwrap()
        }
    };
    let mails_to = |to: &'static str, subject: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            mails_of(app, &id)
                .await
                .into_iter()
                .filter(|m| m.0 == to && m.1.starts_with(subject))
                .count()
        }
    };
    // Time passes by moving the step's start back: nothing is due at first.
    let age = |hours: i64| {
        let (app, id) = (&app, id.clone());
        async move {
            sqlx::query("UPDATE orders SET step_since = step_since - $1 WHERE id = $2")
                .bind(hours * hour)
                .bind(&id)
                .execute(&mut app.db.raw().await)
                .await
                .unwrap();
        }
    };
    notices(now).await;
    assert_eq!(mails_to("hannah@mueller.example", "Reminder").await, 0);
    // Hannah reads English from now on (her profile): the loop writes each
    // recipient's mail in their language, not one language for all.
    assert_eq!(
        hannah.ok("set_language", &[("language", "en")]).await,
        serde_json::json!({ "Saved": "En" })
    );
    // After 24 hours Hannah is reminded, once.
    age(25).await;
    notices(now).await;
    notices(now).await;
    assert_eq!(mails_to("hannah@mueller.example", "Reminder").await, 1);
    assert_eq!(
        decide(&max, &id, 0, "approve", "").await,
        "NotYours",
        "not escalated yet"
    );
    // After 72 hours Max (Hannah's own approver) may decide in her place.
    age(48).await;
    notices(now).await;
    notices(now).await;
    // Max reads German.
    assert_eq!(mails_to("max@mueller.example", "Bestellung #").await, 1);
    assert_eq!(
        decide(&max, &id, 0, "approve", "Hannah is away").await,
        serde_json::json!({ "Decided": "Approved" })
    );
    let seen = detail(&egon, &id).await;
    let decision = &seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "approved")
        .unwrap()
        .clone();
    assert_eq!(decision["capacity"], "escalation");
    assert_eq!(decision["on_behalf_of"], "Hannah Becker");
    let kinds: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["placed", "reminded", "escalated", "approved"]);

    // Hannah names Max her deputy for this week: he gets the request and decides.
    let today = kontor_domain::calendar::berlin_day(now);
    let max_id = app.user_id("max@mueller.example").await;
    let egon_id = app.user_id("egon@mueller.example").await;
    let refused = hannah
        .ok(
            "set_deputy",
            &[("deputy_id", &egon_id), ("to", &today.to_string())],
        )
        .await;
    assert_eq!(
        refused["Invalid"][0],
        serde_json::json!(["deputy_id", "DeputyNotEligible"])
    );
    let to = kontor_domain::calendar::Day(today.0 + 6).to_string();
    assert_eq!(
        hannah
            .ok(
                "set_deputy",
                &[("deputy_id", &max_id), ("from", ""), ("to", &to)]
            )
            .await,
        "Saved"
    );
    let second = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let requests: Vec<String> = mails_of(&app, &second)
        .await
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert_eq!(requests, ["hannah@mueller.example", "max@mueller.example"]);
    assert_eq!(
        decide(&max, &second, 0, "approve", "").await,
        serde_json::json!({ "Decided": "Approved" })
    );
    let seen = detail(&egon, &second).await;
    assert_eq!(seen["chain"][0]["status"]["Done"]["capacity"], "deputy");
    // Removing the deputy ends it.
    assert_eq!(hannah.ok("set_deputy", &[]).await, "Saved");
    let third = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    assert_eq!(decide(&max, &third, 0, "approve", "").await, "NotYours");
    // Only admins set the times, and escalation must come after the reminder.
    let carla = app.signed_in("carla@mueller.example").await;
    let bad = carla
        .ok(
            "set_approval_times",
            &[("reminder_hours", "48"), ("escalation_hours", "24")],
        )
        .await;
    assert_eq!(bad["Invalid"][0][0], "escalation_hours");
    assert_eq!(
        carla
            .ok(
                "set_approval_times",
                &[("reminder_hours", "8"), ("escalation_hours", "24")]
            )
            .await,
        "Saved"
    );
    assert_eq!(
        hannah
            .call(
                "set_approval_times",
                &[("reminder_hours", "8"), ("escalation_hours", "24")]
            )
            .await
            .status(),
        403
    );
    app.stop().await;
}

async fn quick_order_and_reorder_fill_the_cart(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let outcome = egon
        .ok(
            "quick_order",
            &[(
                "lines",
                "NH-PMP-1000 2\n\nnh-vlv-2000;3\nNO-SUCH 1\nNH-SPR-3000 zero\n",
            )],
        )
        .await;
    assert_eq!(
        outcome["added"],
        serde_json::json!(["NH-PMP-1000 2", "nh-vlv-2000 3"])
    );
    let problems: Vec<(i64, &str)> = outcome["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_i64().unwrap(), p["problem"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [(4, "UnknownProduct"), (5, "InvalidNumber")]);
    let cart = egon.ok("cart", &[]).await;
    let lines: Vec<(&str, i64)> = cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["sku"].as_str().unwrap(), l["quantity"].as_i64().unwrap()))
        .collect();
    assert_eq!(lines, [("NH-PMP-1000", 2), ("NH-VLV-2000", 3)]);
    let id = placed_id(&place(&egon, &cart).await);
    let again = egon.ok("reorder", &[("order_id", &id)]).await;
    assert_eq!(again["added"].as_array().unwrap().len(), 2);
    assert_eq!(
        egon.ok("cart", &[]).await["lines"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Nobody re-orders another organization's order.
    let bob = app.signed_in("bob@becker.example").await;
    assert_eq!(
        bob.call("reorder", &[("order_id", &id)]).await.status(),
        404
    );
    app.stop().await;
}

async fn vendor_staff_follow_and_advance_their_customers_orders(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 2)]).await);
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let list = vera.ok("orders", &[]).await;
    assert_eq!(list["scope"], "vendor");
    assert_eq!(list["rows"][0]["id"], id.as_str());
    assert_eq!(
        detail(&vera, &id).await["vendor_steps"],
        serde_json::json!(["confirm"])
    );
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    assert_eq!(tim.call("order", &[("order_id", &id)]).await.status(), 404);
    assert!(
        !tim.ok("orders", &[]).await["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "Tim does not see Müller's orders"
    );
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    assert_eq!(
        sam.call("advance_order", &[("order_id", &id), ("step", "confirm")])
            .await
            .status(),
        403
    );
    let step = |s: &'static str, reason: &'static str| {
        let (vera, id) = (vera.clone(), id.clone());
        async move {
            vera.ok(
                "advance_order",
                &[("order_id", &id), ("step", s), ("reason", reason)],
            )
            .await
        }
    };
    assert_eq!(
        step("ship", "").await,
        "AlreadyDecided",
        "not confirmed yet"
    );
    assert_eq!(
        step("confirm", "").await,
        serde_json::json!({ "Decided": "Confirmed" })
    );
    // Withdrawing is over once the vendor confirmed.
    assert_eq!(
        egon.ok("withdraw_order", &[("order_id", &id)]).await,
        "AlreadyDecided"
    );
    assert_eq!(step("cancel", "").await["Invalid"][0][0], "reason");
    assert_eq!(
        step("ship", "").await,
        serde_json::json!({ "Decided": "Shipped" })
    );
    assert_eq!(
        step("deliver", "").await,
        serde_json::json!({ "Decided": "Delivered" })
    );
    let subjects: Vec<String> = mails_of(&app, &id)
        .await
        .into_iter()
        .filter(|m| m.0 == "egon@mueller.example")
        .map(|m| m.1)
        .collect();
    assert!(
        subjects.iter().any(|s| s.ends_with("Delivered")),
        "{subjects:?}"
    );
    app.stop().await;
}

async fn order_lists_page_by_keyset_and_filter_by_status(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    for _ in 0..27 {
        order(&egon, &[(PUMP, 1), ("NH-SPR-3000", 1)]).await;
    }
    let first = egon.ok("orders", &[]).await;
    assert_eq!(first["scope"], "own");
    let rows = first["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let next = first["next"].as_str().unwrap();
    let second = egon.ok("orders", &[("before", next)]).await;
    let older = second["rows"].as_array().unwrap();
    let all: std::collections::BTreeSet<&str> = rows
        .iter()
        .chain(older.iter())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(all.len(), rows.len() + older.len(), "no order twice");
    assert!(
        older
            .iter()
            .all(|r| r["number"].as_i64() < rows.last().unwrap()["number"].as_i64())
    );
    let pending = egon.ok("orders", &[("state", "pending_approval")]).await;
    assert!(
        pending["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "PendingApproval")
    );
    assert!(
        !pending["rows"].as_array().unwrap().is_empty(),
        "the demo's waiting order"
    );
    // Hannah (approver) sees the whole organization's orders; Egon only his.
    let hannah = app.signed_in("hannah@mueller.example").await;
    assert_eq!(hannah.ok("orders", &[]).await["scope"], "all");
    app.stop().await;
}

/// A browser without JavaScript posts the checkout form as plain HTML: it lands on the
/// new order's page (as the script would take it), not back on the emptied cart. A
/// refused form still returns to the cart.
async fn placing_without_javascript_lands_on_the_new_order(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let added = egon
        .ok("add_to_cart", &[("sku", PUMP), ("quantity", "1")])
        .await;
    assert_eq!(added, "Changed");
    let cart = egon.ok("cart", &[]).await;
    let key = cart["idempotency_key"].as_str().unwrap().to_string();
    let plain_post = |form: Vec<(&'static str, String)>| {
        egon.client
            .post(format!("{}/api/place_order", egon.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("{}/cart", egon.base))
            .form(&form)
            .send()
    };
    let refused = plain_post(vec![
        ("idempotency_key", key.clone()),
        ("requested_date", "not a date".into()),
    ])
    .await
    .unwrap();
    assert_eq!(refused.status(), 302);
    let back = refused.headers()["location"].to_str().unwrap().to_string();
    // Back at the cart with the answer and what was typed, and the cart page shows
    // the problem at its field with the value kept, as the script would.
    assert!(back.starts_with("/cart?"), "{back}");
    assert!(back.contains("requested_date=not+a+date"), "{back}");
    assert!(back.contains("place_order="), "{back}");
    let page = egon.page(&back).await.text().await.unwrap();
    let message = field_message(&page, "requested_date-error");
    assert!(!message.is_empty(), "no message at the field: {page}");
    assert!(page.contains(r#"value="not a date""#), "{page}");
    let placed = plain_post(vec![
        ("idempotency_key", key),
        ("po_number", "PO-NOJS".into()),
        ("delivery_address", "Werk 2, Stuttgart".into()),
    ])
    .await
    .unwrap();
    assert_eq!(placed.status(), 302);
    let location = placed.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/orders/"), "{location}");
    let page = egon.page(&location).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("PO-NOJS"));
    app.stop().await;
}

/// The order operations are plain functions of (context, actor, input): called here
/// with no HTTP request and no Leptos context at all, they check the actor, make the
/// change with its audit entry and mails, and the pages show the same order.
async fn operations_run_without_a_request_and_check_their_actor(backend: Backend) {
    use kontor_app::api::orders::{DecideResult, PlaceResult};
    use kontor_app::services::orders::{self, CartLine, DecideOrder, PlaceOrder, Verdict};
    use kontor_app::services::{Actor, ServiceError};
    let app = TestApp::spawn_demo(backend).await;
    let ctx = app.server_context();
    let actor = |email: &'static str| {
        let store = app.kontor_store.clone();
        async move {
            let record = store.user_by_email(email).await.unwrap().unwrap();
            Actor::of_person(record, kontor_domain::Locale::En)
        }
    };
    let (egon, hannah, vera, bob) = (
        actor("egon@mueller.example").await,
        actor("hannah@mueller.example").await,
        actor("vera@nordhydraulik.example").await,
        actor("bob@becker.example").await,
    );
    let line = || CartLine {
        sku: PUMP.into(),
        quantity: "5".into(),
    };
    let placing = || PlaceOrder {
        idempotency_key: "service-layer-1".into(),
        details: kontor_domain::checkout::DetailsForm {
            delivery_address: "Werk 2, Stuttgart".into(),
            ..Default::default()
        },
    };
    // Vendor staff have no cart: refused before anything is written.
    assert!(matches!(
        orders::add_to_cart(&ctx, &vera, line()).await,
        Err(ServiceError::Forbidden)
    ));
    orders::add_to_cart(&ctx, &egon, line()).await.unwrap();
    let placed = orders::place(&ctx, &egon, placing()).await.unwrap();
    let PlaceResult::Placed { order_id, .. } = placed else {
        panic!("not placed: {placed:?}");
    };
    // Another organization's member: not found, whatever the id.
    assert!(matches!(
        orders::detail(&ctx, &bob, &order_id).await,
        Err(ServiceError::NotFound)
    ));
    // The purchaser cannot approve their own order's step; the approver can.
    let decision = |verdict| DecideOrder {
        order_id: order_id.clone(),
        step: 0,
        revision: None,
        verdict: Some(verdict),
        comment: "Fine".into(),
    };
    let own = orders::decide(&ctx, &egon, decision(Verdict::Approve)).await;
    assert!(
        matches!(
            own,
            Err(ServiceError::Forbidden) | Ok(DecideResult::NotYours)
        ),
        "{own:?}"
    );
    let decided = orders::decide(&ctx, &hannah, decision(Verdict::Approve))
        .await
        .unwrap();
    assert!(matches!(decided, DecideResult::Decided(_)), "{decided:?}");
    // The same effects as through the pages: audit entries, mails, the order page.
    let audit = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE target LIKE $1",
        &format!("order:{order_id}%"),
    )
    .await;
    assert_eq!(audit, 2, "placed and approved");
    assert!(
        mails_of(&app, &order_id)
            .await
            .iter()
            .any(|m| m.0 == "egon@mueller.example"),
        "Egon hears of the approval"
    );
    let browser = app.signed_in("egon@mueller.example").await;
    assert_eq!(detail(&browser, &order_id).await["state"], "Approved");
    app.stop().await;
}

/// The approvals page's two settings posted as plain HTML forms (an approver on the
/// road, the wasm not there yet): refusals come back with the field's message and what
/// was chosen and typed, a saved setting says so.
async fn deputy_and_approval_times_are_set_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let max_id = app.user_id("max@mueller.example").await;
    let refused = hannah
        .plain_post(
            "set_deputy",
            "/approvals",
            &[("deputy_id", &max_id), ("from", ""), ("to", "31.13.2031")],
        )
        .await;
    assert!(
        refused.starts_with("/approvals?answered=1&set_deputy="),
        "{refused}"
    );
    let page = hannah.page(&refused).await.text().await.unwrap();
    assert!(!field_message(&page, "to-error").is_empty(), "{page}");
    let option = format!(r#"<option value="{max_id}""#);
    assert!(tag_of(&page, &option).contains("selected"), "{page}");
    assert!(
        tag_of(&page, r#"name="to""#).contains(r#"value="31.13.2031""#),
        "{page}"
    );

    let carla = app.signed_in("carla@mueller.example").await;
    let times = |reminder| {
        [
            ("reminder_hours", reminder),
            ("escalation_hours", "24"),
            ("expiry_days", ""),
        ]
    };
    let refused = carla
        .plain_post("set_approval_times", "/approvals", &times("48"))
        .await;
    assert!(refused.contains("reminder_hours=48"), "{refused}");
    let page = carla.page(&refused).await.text().await.unwrap();
    assert!(
        !field_message(&page, "escalation_hours-error").is_empty(),
        "{page}"
    );
    assert!(
        tag_of(&page, r#"name="reminder_hours""#).contains(r#"value="48""#),
        "{page}"
    );
    let saved = carla
        .plain_post("set_approval_times", "/approvals", &times("8"))
        .await;
    assert_eq!(
        saved,
        "/approvals?answered=1&set_approval_times=%22Saved%22"
    );
    let page = carla.page(&saved).await.text().await.unwrap();
    assert!(page.contains("Saved."), "{page}");
    assert!(
        tag_of(&page, r#"name="reminder_hours""#).contains(r#"value="8""#),
        "{page}"
    );
    app.stop().await;
}

/// Cancelling (the vendor), reordering and withdrawing (the purchaser) as plain HTML
/// forms: each comes back to the order with its outcome, as the script shows it.
async fn order_actions_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 2)]).await);
    let order_page = format!("/orders/{id}");

    let reordered = egon
        .plain_post("reorder", &order_page, &[("order_id", &id)])
        .await;
    assert!(
        reordered.starts_with(&format!("{order_page}?answered=1&reorder=")),
        "{reordered}"
    );
    let page = egon.page(&reordered).await.text().await.unwrap();
    assert!(page.contains("The items are in your cart."), "{page}");

    let withdraw = [("order_id", id.as_str())];
    let withdrawn = egon
        .plain_post("withdraw_order", &order_page, &withdraw)
        .await;
    assert_eq!(
        withdrawn,
        format!("{order_page}?answered=1&withdraw_order=%7B%22Decided%22%3A%22Withdrawn%22%7D")
    );
    let again = egon
        .plain_post("withdraw_order", &order_page, &withdraw)
        .await;
    assert_eq!(
        again,
        format!("{order_page}?answered=1&withdraw_order=%22AlreadyDecided%22")
    );
    let page = egon.page(&again).await.text().await.unwrap();
    assert!(page.contains("This order was decided already"), "{page}");

    // A confirmed order's cancellation needs a reason.
    let confirmed = placed_id(&order(&egon, &[(PUMP, 1)]).await);
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let confirm = [("order_id", confirmed.as_str()), ("step", "confirm")];
    assert_eq!(
        vera.ok("advance_order", &confirm).await,
        serde_json::json!({ "Decided": "Confirmed" })
    );
    let confirmed_page = format!("/orders/{confirmed}");
    let cancel = [
        ("order_id", confirmed.as_str()),
        ("step", "cancel"),
        ("reason", "   "),
    ];
    let refused = vera
        .plain_post("advance_order", &confirmed_page, &cancel)
        .await;
    assert!(
        refused.starts_with(&format!("{confirmed_page}?answered=1&advance_order=")),
        "{refused}"
    );
    let page = vera.page(&refused).await.text().await.unwrap();
    assert!(
        !field_message(&page, "cancel-reason-error").is_empty(),
        "{page}"
    );
    assert!(
        tag_of(&page, r#"id="cancel-reason""#).contains(r#"value="   ""#),
        "{page}"
    );
    app.stop().await;
}

/// The quick order as a plain HTML form: back on the cart with what was added, the
/// refused lines in the field and their problems listed; an answer too long for an
/// address (hundreds of refused lines) is left out, and the cart shows as it stands.
async fn the_quick_order_works_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let lines = [("lines", "NH-PMP-1000 2\nNO-SUCH 1")];
    let back = egon.plain_post("quick_order", "/cart", &lines).await;
    assert!(back.starts_with("/cart?answered=1&quick_order="), "{back}");
    let page = egon.page(&back).await.text().await.unwrap();
    let field = tag_of(&page, r#"id="quick-lines""#);
    let (_, after) = page.split_once(field).unwrap();
    assert!(after.starts_with("NO-SUCH 1</textarea>"), "{after}");
    assert!(page.contains(r#"class="quick-problems""#), "{page}");
    assert!(page.contains(r#"<tr data-sku="NH-PMP-1000""#), "{page}");

    let many = "NO-SUCH-PRODUCT-NUMBER 1\n".repeat(600);
    let back = egon
        .plain_post("quick_order", "/cart", &[("lines", &many)])
        .await;
    // Leptos' own redirect to the Referer (which ends in an empty query).
    assert!(
        back.trim_end_matches('?').ends_with("/cart"),
        "{} bytes: {}",
        back.len(),
        &back[..back.len().min(300)]
    );
    app.stop().await;
}
