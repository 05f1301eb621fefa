//! Notification settings: "not at all" suppresses a kind, "digest" holds it for one
//! mail a day (written once, even by two servers at the same moment), required mail
//! always goes out at once, and approvals one must decide cannot be turned off; the
//! list in the header shows every notification, mailed or not, and each person marks
//! only their own read. On both databases.

use crate::on_both_backends;
use crate::orders::{decide, order, placed_id};
use crate::support::{Backend, TestApp, mail_text};
use kontor_domain::calendar::{Day, berlin_day, berlin_start_of_day};
use serde_json::json;

on_both_backends!(
    settings_suppress_and_bundle_but_never_touch_required_mail,
    the_list_in_the_header_shows_what_the_mail_did_not
);

const PUMP: &str = "NH-PMP-1000";
const HOUR: i64 = 3_600_000;

async fn delivery_of(app: &TestApp, key: &str) -> (String, Option<String>) {
    sqlx::query_as("SELECT delivery, secret FROM outbox WHERE dedupe_key = $1")
        .bind(key)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn settings_suppress_and_bundle_but_never_touch_required_mail(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let hannah_id = app.user_id("hannah@mueller.example").await;

    // Orders waiting for Hannah's decision can be bundled, never switched off.
    let refused = hannah
        .ok(
            "set_notifications",
            &[("kinds[approval_requested]", "off"), ("digest_hour", "7")],
        )
        .await;
    assert_eq!(
        refused,
        json!({ "Invalid": [["approval_requested", "NotAChoice"]] })
    );
    assert_eq!(
        hannah
            .ok(
                "set_notifications",
                &[
                    ("kinds[approval_requested]", "digest"),
                    ("digest_hour", "7"),
                ],
            )
            .await,
        "Saved"
    );
    assert_eq!(
        egon.ok(
            "set_notifications",
            &[("kinds[my_order_decisions]", "off"), ("digest_hour", "7")],
        )
        .await,
        "Saved"
    );
    let profile = hannah.ok("profile", &[]).await;
    assert_eq!(profile["notifications"][0]["notice"], "ApprovalRequested");
    assert_eq!(profile["notifications"][0]["own"], "Digest");
    assert_eq!(profile["digest_hour"], 7);

    // Egon orders: Hannah's request is held for her digest, without its link's token.
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let request = format!("order/{id}/step/0/request/{hannah_id}");
    assert_eq!(delivery_of(&app, &request).await, ("digest".into(), None));

    // Hannah rejects: the decision mail to Egon is kept but never sent …
    assert_eq!(
        decide(&hannah, &id, 0, "reject", "Not this month").await,
        json!({ "Decided": "Rejected" })
    );
    assert_eq!(
        delivery_of(&app, &format!("order/{id}/decision")).await.0,
        "off"
    );
    // … while a reset, required mail, goes out at once. The worker sends in order, so
    // once the reset arrived a sendable decision mail would have arrived before it.
    let before = app.smtp.messages().len();
    egon.ok("request_reset", &[("email", "egon@mueller.example")])
        .await;
    let after = app.smtp.wait_for(before + 1).await;
    let to_egon: Vec<String> = after
        .iter()
        .filter(|m| m.contains("To: egon@mueller.example"))
        .map(|m| mail_text(m))
        .collect();
    assert!(to_egon.iter().any(|m| m.contains("/reset/")), "{to_egon:?}");
    assert!(
        !to_egon.iter().any(|m| m.contains("Not this month")),
        "{to_egon:?}"
    );
    assert!(
        !after
            .iter()
            .any(|m| m.contains("To: hannah@mueller.example") && mail_text(m).contains(&id)),
        "held for the digest"
    );

    // Tomorrow before seven: no digest. At seven two servers write it at once: one.
    let today = berlin_day(kontor_store::now_ms());
    let seven = berlin_start_of_day(Day(today.0 + 1)) + 7 * HOUR;
    let ctx = app.server_context();
    let second = app.second_instance().await;
    let digests = kontor_app::services::notifications::send_digests;
    assert_eq!(digests(&ctx, seven - 60_000).await.unwrap(), 0);
    let (a, b) = tokio::join!(digests(&ctx, seven), digests(&second, seven));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(digests(&ctx, seven + 3 * HOUR).await.unwrap(), 0);
    let key = format!("digest/{hannah_id}/{}", today.0 + 1);
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body_text FROM outbox WHERE dedupe_key = $1")
            .bind(&key)
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    // In Hannah's German, with the request (without its decision link) in it.
    assert!(subject.starts_with("Ihre Kontor-Übersicht"), "{subject}");
    assert!(body.contains(&format!("/orders/{id}")), "{body}");
    assert!(!body.contains("/decide/"), "{body}");
    assert_eq!(delivery_of(&app, &key).await.0, "now");
    let carried: String = sqlx::query_scalar("SELECT digest_key FROM outbox WHERE dedupe_key = $1")
        .bind(&request)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
    assert_eq!(carried, key);
    app.stop().await;
}

async fn the_list_in_the_header_shows_what_the_mail_did_not(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    egon.ok(
        "set_notifications",
        &[("kinds[my_order_decisions]", "off"), ("digest_hour", "7")],
    )
    .await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    decide(&hannah, &id, 0, "reject", "Not this month").await;
    // Not mailed, but listed: unread, leading to the order.
    let list = egon.ok("notifications", &[]).await;
    let rejection = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["href"] == format!("/orders/{id}")
                && n["subject"].as_str().unwrap().contains("rejected")
        })
        .unwrap_or_else(|| panic!("{list}"))
        .clone();
    assert_eq!(rejection["read"], false);
    let unread = list["unread"].as_i64().unwrap();
    assert!(unread >= 1);
    assert_eq!(egon.ok("me", &[]).await["unread"], unread);
    // Hannah's list has the request she got; Egon cannot mark it read for her.
    let hers = hannah.ok("notifications", &[]).await;
    let request = hers["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["href"] == format!("/orders/{id}"))
        .unwrap_or_else(|| panic!("{hers}"))
        .clone();
    let hers_unread = hers["unread"].as_i64().unwrap();
    let request_id = request["id"].as_str().unwrap();
    assert_eq!(
        egon.ok("mark_notifications_read", &[("id", request_id)])
            .await,
        unread
    );
    assert_eq!(hannah.ok("notifications", &[]).await["unread"], hers_unread);
    // Egon marks his one read, then Hannah all of hers.
    let rejection_id = rejection["id"].as_str().unwrap();
    assert_eq!(
        egon.ok("mark_notifications_read", &[("id", rejection_id)])
            .await,
        unread - 1
    );
    assert_eq!(hannah.ok("mark_notifications_read", &[("id", "")]).await, 0);
    assert_eq!(hannah.ok("me", &[]).await["unread"], 0);
    app.stop().await;
}
