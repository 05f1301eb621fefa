//! Deciding from the mail: the approval mail's links open a confirmation page that
//! changes nothing; confirming decides once, as the approver the mail went to,
//! without signing in; links that no longer decide say why. On both databases.

use crate::on_both_backends;
use crate::orders::{decide, detail, order, placed_id};
use crate::support::{Backend, TestApp, count, link_token};
use serde_json::{Value, json};

on_both_backends!(
    hannah_decides_from_the_mail_once_without_signing_in,
    twenty_parallel_confirmations_of_one_link_decide_once,
    links_that_no_longer_decide_say_why
);

const PUMP: &str = "NH-PMP-1000";

/// The decision token in the newest approval mail to `to` about `order_id`, as
/// delivered (the outbox keeps only a mark where the token goes).
pub(crate) async fn token_for(app: &TestApp, to: &str, order_id: &str, nth: usize) -> String {
    for _ in 0..400 {
        let mails: Vec<String> = app
            .smtp
            .messages()
            .into_iter()
            .filter(|m| m.contains(&format!("To: {to}")))
            .filter(|m| crate::support::mail_text(m).contains(&format!("/orders/{order_id}")))
            .filter(|m| crate::support::mail_text(m).contains("/decide/"))
            .collect();
        if mails.len() > nth {
            return link_token(&mails[nth], "/decide/");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no decision link to {to} for {order_id}")
}

async fn state_of(app: &TestApp, order_id: &str) -> String {
    sqlx::query_scalar("SELECT state FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn hannah_decides_from_the_mail_once_without_signing_in(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let other = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let token = token_for(&app, "hannah@mueller.example", &id, 0).await;
    // In Hannah's language, with both choices.
    let mail = app
        .smtp
        .messages()
        .into_iter()
        .map(|m| crate::support::mail_text(&m))
        .find(|m| m.contains(&token))
        .unwrap();
    assert!(mail.contains("Freigeben: http"), "{mail}");
    assert!(mail.contains("?decision=reject"), "{mail}");

    // Opening the link (the page, its data, again and again) decides nothing.
    let stranger = app.browser();
    let page = stranger.page(&format!("/decide/{token}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Hannah Becker"));
    for _ in 0..3 {
        let view = stranger.ok("approval_link", &[("token", &token)]).await;
        assert_eq!(view["Open"]["decider"], "Hannah Becker", "{view}");
        assert_eq!(view["Open"]["total"], 575_000);
    }
    assert_eq!(state_of(&app, &id).await, "pending_approval");

    // A rejection needs a reason: refused at the field, the link still good.
    let refused = stranger
        .ok(
            "decide_by_link",
            &[("token", &token), ("decision", "reject"), ("comment", "")],
        )
        .await;
    assert_eq!(refused["Invalid"][0][0], "comment", "{refused}");
    assert_eq!(state_of(&app, &id).await, "pending_approval");

    // Approving decides as Hannah, once.
    let form = [
        ("token", token.as_str()),
        ("decision", "approve"),
        ("comment", "Passt."),
    ];
    assert_eq!(
        stranger.ok("decide_by_link", &form).await,
        json!({ "Decided": "Approved" })
    );
    let seen = detail(&egon, &id).await;
    let approved = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "approved")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(approved["actor"], "Hannah Becker", "{seen}");
    assert_eq!(approved["comment"], "Passt.");
    // Used up: a second confirmation and the page say so.
    assert_eq!(
        stranger.ok("decide_by_link", &form).await,
        json!({ "Refused": "Used" })
    );
    assert_eq!(
        stranger.ok("approval_link", &[("token", &token)]).await,
        json!({ "Refused": "Used" })
    );
    // It decided its own order only; the link did not sign anyone in.
    assert_eq!(state_of(&app, &other).await, "pending_approval");
    assert_eq!(stranger.call("orders", &[]).await.status(), 401);
    app.stop().await;
}

async fn twenty_parallel_confirmations_of_one_link_decide_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    let token = token_for(&app, "hannah@mueller.example", &id, 0).await;
    let answers = futures::future::join_all((0..20).map(|i| {
        let browser = app.browser();
        let token = token.clone();
        async move {
            let decision = if i % 2 == 0 { "approve" } else { "reject" };
            browser
                .ok(
                    "decide_by_link",
                    &[
                        ("token", &token),
                        ("decision", decision),
                        ("comment", "zu teuer"),
                    ],
                )
                .await
        }
    }))
    .await;
    let decided = answers
        .iter()
        .filter(|a| a.get("Decided").is_some())
        .count();
    assert_eq!(decided, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|a| a.get("Decided").is_some() || a["Refused"] == "Used"),
        "{answers:?}"
    );
    let decisions = count(
        &app,
        "SELECT COUNT(*) FROM order_events WHERE order_id = $1 AND kind IN ('approved', 'rejected')",
        &id,
    )
    .await;
    assert_eq!(decisions, 1);
    app.stop().await;
}

async fn links_that_no_longer_decide_say_why(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(placed_id(&order(&egon, &[(PUMP, 5)]).await));
    }
    let mut tokens = Vec::new();
    for id in &ids {
        tokens.push(token_for(&app, "hannah@mueller.example", id, 0).await);
    }
    let try_link = |token: String| {
        let browser = app.browser();
        async move {
            let view = browser.ok("approval_link", &[("token", &token)]).await;
            let decision = browser
                .ok(
                    "decide_by_link",
                    &[("token", &token), ("decision", "approve")],
                )
                .await;
            (view, decision)
        }
    };
    let refused = |why: &str| (json!({ "Refused": why }), json!({ "Refused": why }));
    let mut db = app.db.raw().await;

    // Decided in the portal meanwhile.
    assert_eq!(
        decide(&hannah, &ids[0], 0, "approve", "").await,
        json!({ "Decided": "Approved" })
    );
    assert_eq!(try_link(tokens[0].clone()).await, refused("Decided"));
    // Expired.
    sqlx::query("UPDATE approval_links SET expires_at = 1 WHERE order_id = $1")
        .bind(&ids[1])
        .execute(&mut db)
        .await
        .unwrap();
    assert_eq!(try_link(tokens[1].clone()).await, refused("Expired"));
    // The order is not what was mailed any more.
    sqlx::query("UPDATE order_lines SET quantity = 6 WHERE order_id = $1")
        .bind(&ids[2])
        .execute(&mut db)
        .await
        .unwrap();
    assert_eq!(try_link(tokens[2].clone()).await, refused("Changed"));
    // Not a link of ours.
    assert_eq!(try_link("ab".repeat(32)).await, refused("Unknown"));
    // A reminder brings a fresh link; the approver deactivated, no link decides.
    sqlx::query("UPDATE orders SET step_since = step_since - $1 WHERE id = $2")
        .bind(25 * 3_600_000_i64)
        .bind(&ids[3])
        .execute(&mut db)
        .await
        .unwrap();
    kontor_app::services::orders::send_notices(&app.server_context(), kontor_store::now_ms())
        .await
        .unwrap();
    let fresh = token_for(&app, "hannah@mueller.example", &ids[3], 1).await;
    assert_ne!(fresh, tokens[3]);
    sqlx::query("UPDATE users SET active = $1 WHERE email = $2")
        .bind(false)
        .bind("hannah@mueller.example")
        .execute(&mut db)
        .await
        .unwrap();
    assert_eq!(try_link(fresh).await, refused("Deactivated"));
    assert_eq!(try_link(tokens[3].clone()).await, refused("Deactivated"));
    for id in &ids[1..] {
        assert_eq!(state_of(&app, id).await, "pending_approval");
    }
    app.stop().await;
}
