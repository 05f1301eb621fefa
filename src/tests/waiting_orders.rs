//! What happens to an order that waits: the purchaser may change it (priced and
//! routed anew, earlier approvals and mailed links void, everyone concerned told
//! what changed, one revision however many submit at once), and it expires after the
//! organization's longest waiting time, leaving the budget, everyone concerned told
//! once even with two servers. On both databases.

use crate::mail_decisions::token_for;
use crate::on_both_backends;
use crate::orders::{decide, detail, order, placed_id};
use crate::support::{Backend, Browser, TestApp, outbox_mails};
use serde_json::{Value, json};

on_both_backends!(
    an_expired_order_leaves_the_budget_and_everyone_hears_once,
    a_changed_order_is_priced_and_routed_anew_and_old_approvals_and_links_void,
    parallel_changes_make_one_revision_and_a_racing_decision_never_counts_for_it
);

const PUMP: &str = "NH-PMP-1000";
const DAY: i64 = 24 * 3_600_000;

/// Egon's orders this month that count against his budget, in cents.
async fn egon_spent(app: &TestApp) -> i64 {
    let org = app.organization_id("egon@mueller.example").await;
    let egon = app.user_id("egon@mueller.example").await;
    let month = kontor_domain::calendar::berlin_month(kontor_store::now_ms());
    app.kontor_store
        .month_spend(&org, month)
        .await
        .unwrap()
        .into_iter()
        .find(|(id, _)| *id == egon)
        .map_or(0, |(_, m)| m.cents())
}

async fn an_expired_order_leaves_the_budget_and_everyone_hears_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let carla = app.signed_in("carla@mueller.example").await;
    let waiting = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let token = token_for(&app, "hannah@mueller.example", &waiting, 0).await;

    // Egon's budget is used up to the cent, the waiting order included: even one
    // pump, well within his per-order limit, now needs approval.
    let spent = egon_spent(&app).await;
    sqlx::query("UPDATE users SET monthly_budget_cents = $1 WHERE email = $2")
        .bind(spent)
        .bind("egon@mueller.example")
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    let small = order(&egon, &[(PUMP, 1)]).await;
    assert_eq!(small["Placed"]["state"], "PendingApproval", "{small}");
    let small_total = detail(&egon, &placed_id(&small)).await["total"]
        .as_i64()
        .unwrap();

    // Only admins set the expiry; a bad number is refused at its field.
    let bad = carla
        .ok(
            "set_approval_times",
            &[
                ("reminder_hours", "24"),
                ("escalation_hours", "72"),
                ("expiry_days", "0"),
            ],
        )
        .await;
    assert_eq!(bad["Invalid"][0], json!(["expiry_days", "OutOfRange"]));
    let fortnight = [
        ("reminder_hours", "24"),
        ("escalation_hours", "72"),
        ("expiry_days", "14"),
    ];
    assert_eq!(
        hannah.call("set_approval_times", &fortnight).await.status(),
        403
    );
    assert_eq!(carla.ok("set_approval_times", &fortnight).await, "Saved");

    // Thirteen days on (reminded, escalated) it still waits.
    let now = kontor_store::now_ms();
    let ctx = app.server_context();
    kontor_app::services::orders::send_notices(&ctx, now + 13 * DAY)
        .await
        .unwrap();
    assert_eq!(detail(&egon, &waiting).await["state"], "PendingApproval");

    // Past fourteen days two servers run their notice loops at the same moment.
    let second = app.second_instance().await;
    let later = now + 14 * DAY + 1;
    let (a, b) = tokio::join!(
        kontor_app::services::orders::send_notices(&ctx, later),
        kontor_app::services::orders::send_notices(&second, later)
    );
    a.unwrap();
    b.unwrap();
    kontor_app::services::orders::send_notices(&ctx, later + DAY)
        .await
        .unwrap();
    let seen = detail(&egon, &waiting).await;
    assert_eq!(seen["state"], "Expired");
    let kinds: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"expired"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "expired").count(), 1);

    // The purchaser and whoever could decide are told once, each in their language.
    let expired_mails: Vec<(String, String, String)> =
        outbox_mails(&app, &format!("order/{waiting}/expired"))
            .await
            .into_iter()
            .collect();
    let to = |who: &str| {
        expired_mails
            .iter()
            .filter(|m| m.0 == who)
            .collect::<Vec<_>>()
    };
    assert_eq!(to("egon@mueller.example").len(), 1, "{expired_mails:?}");
    assert!(to("egon@mueller.example")[0].1.contains("expired"));
    assert!(to("egon@mueller.example")[0].2.contains("14 days"));
    assert_eq!(to("hannah@mueller.example").len(), 1, "{expired_mails:?}");
    assert!(to("hannah@mueller.example")[0].1.contains("verfallen"));

    // Nothing is left to decide: in the portal or by the mail's link.
    assert_eq!(
        decide(&hannah, &waiting, 0, "approve", "").await,
        "AlreadyDecided"
    );
    let stranger = app.browser();
    assert_eq!(
        stranger.ok("approval_link", &[("token", &token)]).await,
        json!({ "Refused": "OrderExpired" })
    );
    assert_eq!(
        stranger
            .ok(
                "decide_by_link",
                &[("token", &token), ("decision", "approve"), ("comment", "")],
            )
            .await,
        json!({ "Refused": "OrderExpired" })
    );
    assert_eq!(detail(&egon, &waiting).await["state"], "Expired");

    // Every expired order left the budget (ours, the small one, and the demo's own
    // waiting order if it was placed this month): the same pump is now approved
    // at once.
    let month = kontor_domain::calendar::berlin_month(now);
    let expired: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(o.total_cents), 0) AS BIGINT) FROM orders o
           JOIN users u ON u.id = o.purchaser_id
          WHERE u.email = $1 AND o.state = 'expired' AND o.placed_at >= $2",
    )
    .bind("egon@mueller.example")
    .bind(month.0)
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert!(expired >= 575_000 + small_total, "{expired}");
    assert_eq!(egon_spent(&app).await, spent + small_total - expired);
    let again = order(&egon, &[(PUMP, 1)]).await;
    assert_eq!(again["Placed"]["state"], "Approved", "{again}");
    app.stop().await;
}

/// Egon's change of `order_id`: the pump's quantity, a line to add, the PO number
/// (the other details as `order` placed them).
async fn change(
    browser: &Browser,
    order_id: &str,
    pumps: &str,
    add: (&str, &str),
    po: &str,
) -> Value {
    let key = format!("quantities[q-{PUMP}]");
    browser
        .ok(
            "amend_order",
            &[
                ("order_id", order_id),
                (&key, pumps),
                ("add_sku", add.0),
                ("add_quantity", add.1),
                ("po_number", po),
                ("delivery_address", "Werk 2, Stuttgart"),
            ],
        )
        .await
}

async fn a_changed_order_is_priced_and_routed_anew_and_old_approvals_and_links_void(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let max = app.signed_in("max@mueller.example").await;
    let carla = app.signed_in("carla@mueller.example").await;
    // Fifty pumps: above Hannah's limit, so Hannah and then Max.
    let id = placed_id(&order(&egon, &[(PUMP, 50)]).await);
    let hannah_link = token_for(&app, "hannah@mueller.example", &id, 0).await;
    assert_eq!(
        decide(&hannah, &id, 0, "approve", "Fine by me").await,
        json!({ "Decided": "PendingApproval" })
    );
    let max_link = token_for(&app, "max@mueller.example", &id, 0).await;
    let before = detail(&egon, &id).await;
    assert_eq!(before["can_change"], true);
    assert_eq!(before["chain"][0]["status"]["Done"]["by"], "Hannah Becker");

    // Problems at their fields; a submission that changes nothing changes nothing.
    let bad = change(&egon, &id, "x", ("NH-NOPE-1", ""), "PO-TEST").await;
    assert_eq!(
        bad["Invalid"][0],
        json!([format!("q-{PUMP}"), "InvalidNumber"])
    );
    assert_eq!(bad["Invalid"][1], json!(["add_quantity", "Required"]));
    let unknown = change(&egon, &id, "50", ("NH-NOPE-1", "1"), "PO-TEST").await;
    assert_eq!(
        unknown,
        json!({ "Invalid": [["add_sku", "UnknownProduct"]] })
    );
    let empty = change(&egon, &id, "0", ("", ""), "PO-TEST").await;
    assert_eq!(empty, json!({ "Invalid": [["lines", "NoLinesLeft"]] }));
    assert_eq!(
        change(&egon, &id, "50", ("", ""), "PO-TEST").await,
        "Unchanged"
    );
    // Only the purchaser changes it: not an admin, not the approver.
    for colleague in [&carla, &hannah] {
        let key = format!("quantities[q-{PUMP}]");
        let answer = colleague
            .call(
                "amend_order",
                &[("order_id", &id), (&key, "1"), ("delivery_address", "X")],
            )
            .await;
        assert_eq!(answer.status(), 403);
    }
    assert_eq!(detail(&egon, &id).await["revision"], 0);

    // Forty-five pumps and another PO number: priced anew, from Hannah again.
    assert_eq!(
        change(&egon, &id, "45", ("", ""), "PO-NEU").await,
        json!({ "Amended": "PendingApproval" })
    );
    let after = detail(&egon, &id).await;
    assert_eq!(after["revision"], 1);
    assert_eq!(after["lines"][0]["quantity"], 45);
    assert_eq!(after["po_number"], "PO-NEU");
    assert_eq!(after["chain"][0]["status"], "Current", "{}", after["chain"]);
    assert_ne!(after["total"], before["total"]);
    let amended = after["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "amended")
        .unwrap()
        .clone();
    let what = amended["comment"].as_str().unwrap();
    assert!(what.contains(PUMP) && what.contains("50 → 45"), "{what}");
    assert!(what.contains("PO-TEST → PO-NEU"), "{what}");

    // Hannah's page from before the change decides nothing; nor do the old links.
    let stale = hannah
        .ok(
            "decide_order",
            &[
                ("order_id", &id),
                ("step", "0"),
                ("decision", "approve"),
                ("revision", "0"),
            ],
        )
        .await;
    assert_eq!(stale, "Changed");
    let stranger = app.browser();
    for token in [&hannah_link, &max_link] {
        assert_eq!(
            stranger
                .ok(
                    "decide_by_link",
                    &[("token", token), ("decision", "approve"), ("comment", "")],
                )
                .await,
            json!({ "Refused": "Changed" })
        );
    }

    // Hannah is asked again, with what changed, in German; Max hears of the change.
    let mails = outbox_mails(&app, &format!("order/{id}/rev1/")).await;
    let to = |who: &str| mails.iter().filter(|m| m.0 == who).collect::<Vec<_>>();
    assert_eq!(to("hannah@mueller.example").len(), 1, "{mails:?}");
    let request = &to("hannah@mueller.example")[0].2;
    assert!(
        request.contains("Geändert von") && request.contains("50 → 45"),
        "{request}"
    );
    assert!(request.contains("/decide/"), "{request}");
    assert_eq!(to("max@mueller.example").len(), 1, "{mails:?}");
    assert!(to("max@mueller.example")[0].1.contains("geändert"));
    assert!(to("max@mueller.example")[0].2.contains("50 → 45"));
    assert!(to("egon@mueller.example").is_empty());

    // Hannah approves the new content; then Egon cuts it to three pumps, within his
    // limits: approved at once, and those who were involved hear of it.
    assert_eq!(
        hannah
            .ok(
                "decide_order",
                &[
                    ("order_id", &id),
                    ("step", "0"),
                    ("decision", "approve"),
                    ("revision", "1"),
                ],
            )
            .await,
        json!({ "Decided": "PendingApproval" })
    );
    assert_eq!(
        change(&egon, &id, "3", ("", ""), "PO-NEU").await,
        json!({ "Amended": "Approved" })
    );
    let mails = outbox_mails(&app, &format!("order/{id}/rev2/")).await;
    let recipients: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    assert!(
        recipients.contains(&"egon@mueller.example"),
        "{recipients:?}"
    );
    assert!(
        recipients.contains(&"hannah@mueller.example"),
        "{recipients:?}"
    );
    assert!(
        recipients.contains(&"max@mueller.example"),
        "{recipients:?}"
    );
    assert_eq!(detail(&max, &id).await["state"], "Approved");
    // An approved order is not changed any more.
    assert_eq!(
        change(&egon, &id, "2", ("", ""), "PO-NEU").await,
        "NotWaiting"
    );
    assert_eq!(detail(&egon, &id).await["can_change"], false);
    app.stop().await;
}

async fn parallel_changes_make_one_revision_and_a_racing_decision_never_counts_for_it(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    // Fifty pumps: Hannah, then Max (so Hannah's approval is not the last word).
    let id = placed_id(&order(&egon, &[(PUMP, 50)]).await);
    // Twenty tabs submit the same change at once: one revision, one new request.
    let mut calls = Vec::new();
    for _ in 0..20 {
        let (egon, id) = (egon.clone(), id.clone());
        calls.push(tokio::spawn(async move {
            change(&egon, &id, "48", ("", ""), "PO-TEST").await
        }));
    }
    let mut amended = 0;
    for call in futures::future::join_all(calls).await {
        match call.unwrap() {
            v if v == json!({ "Amended": "PendingApproval" }) => amended += 1,
            v => assert_eq!(v, "Unchanged"),
        }
    }
    assert_eq!(amended, 1);
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["revision"], 1);
    let changes = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "amended")
        .count();
    assert_eq!(changes, 1);
    let requests = outbox_mails(&app, &format!("order/{id}/rev1/step/0/request/")).await;
    assert_eq!(requests.len(), 1, "{requests:?}");

    // Hannah decides on revision 1 while Egon changes it again: whichever comes
    // first, her approval never stands for the new content.
    let on_revision_1 = [
        ("order_id", id.as_str()),
        ("step", "0"),
        ("decision", "approve"),
        ("revision", "1"),
    ];
    let (decision, changed) = tokio::join!(
        hannah.ok("decide_order", &on_revision_1),
        change(&egon, &id, "46", ("", ""), "PO-TEST")
    );
    assert_eq!(changed, json!({ "Amended": "PendingApproval" }));
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["revision"], 2);
    assert_eq!(seen["state"], "PendingApproval");
    assert_eq!(seen["chain"][0]["status"], "Current", "{decision}");
    assert!(
        decision == json!({ "Decided": "PendingApproval" }) || decision == "Changed",
        "{decision}"
    );
    app.stop().await;
}
