//! My profile's name and phone; an organization's notification defaults, which
//! apply unless a person chose otherwise; and the mail about a sign-in from a
//! browser new to the account. On both databases.

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};
use kontor_domain::notifications::{MailKind, Notice};
use kontor_store::outbox::NewMail;
use serde_json::json;

on_both_backends!(
    details_are_checked_at_their_fields_and_audited_once,
    an_organizations_defaults_apply_unless_a_person_chose,
    a_sign_in_from_a_new_browser_mails_its_owner_once
);

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn details_are_checked_at_their_fields_and_audited_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let refused = hannah
        .ok(
            "set_details",
            &[("display_name", "  "), ("phone", "call me")],
        )
        .await;
    assert_eq!(
        refused,
        json!({ "Invalid": [["display_name", "Required"], ["phone", "InvalidPhone"]] })
    );
    let profile = hannah.ok("profile", &[]).await;
    assert_eq!(profile["display_name"], "Hannah Becker");
    assert_eq!(profile["phone"], json!(null));
    assert_eq!(audit_count(&app, "member.details_changed").await, 0);

    let form = [
        ("display_name", " Hannah Becker-Stein "),
        ("phone", "+49 711 1234-567"),
    ];
    assert_eq!(hannah.ok("set_details", &form).await, "Saved");
    let profile = hannah.ok("profile", &[]).await;
    assert_eq!(profile["display_name"], "Hannah Becker-Stein");
    assert_eq!(profile["phone"], "+49 711 1234-567");
    // Her colleagues see the new name.
    let carla = app.signed_in("carla@mueller.example").await;
    let team = carla.ok("team", &[]).await;
    assert!(team.to_string().contains("Hannah Becker-Stein"), "{team}");
    // Saving the same again changes nothing and is not audited again.
    assert_eq!(hannah.ok("set_details", &form).await, "Saved");
    assert_eq!(audit_count(&app, "member.details_changed").await, 1);
    // The phone may be taken out again.
    assert_eq!(
        hannah
            .ok(
                "set_details",
                &[("display_name", "Hannah Becker-Stein"), ("phone", "")]
            )
            .await,
        "Saved"
    );
    assert_eq!(hannah.ok("profile", &[]).await["phone"], json!(null));
}

/// Writes a notification of `notice` to `email` and answers how it goes out.
async fn delivery_for(app: &TestApp, email: &str, notice: Notice, n: u32) -> String {
    let key = format!("test/{email}/{n}");
    let mail = NewMail {
        dedupe_key: key.clone(),
        organization_id: None,
        recipient: email.to_string(),
        subject: "Status".into(),
        body_text: "Shipped".into(),
        secret: None,
        kind: MailKind::Notice(notice),
    };
    let now = kontor_store::now_ms();
    assert!(app.kontor_store.enqueue_mail(&mail, now).await.unwrap());
    sqlx::query_scalar("SELECT delivery FROM outbox WHERE dedupe_key = $1")
        .bind(key)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn an_organizations_defaults_apply_unless_a_person_chose(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let egon = app.signed_in("egon@mueller.example").await;
    let egon_mail = "egon@mueller.example";
    let status = Notice::OrderStatus;

    // Only an admin sets them, and approvals one must decide cannot be switched off.
    let response = egon
        .call(
            "set_notification_defaults",
            &[("kinds[order_status]", "off")],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        carla
            .ok(
                "set_notification_defaults",
                &[("kinds[approval_requested]", "off")]
            )
            .await,
        json!({ "Invalid": [["approval_requested", "NotAChoice"]] })
    );
    assert_eq!(delivery_for(&app, egon_mail, status, 1).await, "now");
    assert_eq!(
        audit_count(&app, "organization.notification_defaults_changed").await,
        0
    );

    assert_eq!(
        carla
            .ok(
                "set_notification_defaults",
                &[
                    ("kinds[order_status]", "off"),
                    ("kinds[service_replies]", "digest")
                ]
            )
            .await,
        "Saved"
    );
    let defaults = carla.ok("notification_defaults", &[]).await;
    let of = |list: &serde_json::Value, notice: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["notice"] == notice)
            .cloned()
            .unwrap()
    };
    assert_eq!(of(&defaults, "OrderStatus")["own"], "Off");
    assert_eq!(of(&defaults, "ServiceReplies")["own"], "Digest");
    assert_eq!(of(&defaults, "MyOrderDecisions")["own"], json!(null));

    // Egon chose nothing: his organization's default applies, and his profile says so.
    let mine = egon.ok("profile", &[]).await["notifications"].clone();
    assert_eq!(of(&mine, "OrderStatus")["own"], json!(null));
    assert_eq!(of(&mine, "OrderStatus")["organization"], "Off");
    assert_eq!(delivery_for(&app, egon_mail, status, 2).await, "off");
    assert_eq!(
        delivery_for(&app, egon_mail, Notice::ServiceReplies, 3).await,
        "digest"
    );
    // Another organization's people are untouched.
    assert_eq!(
        delivery_for(&app, "bob@becker.example", status, 4).await,
        "now"
    );

    // His own choice wins; choosing "as my organization" again hands it back.
    let own = |value: &'static str| [("kinds[order_status]", value), ("digest_hour", "7")];
    assert_eq!(egon.ok("set_notifications", &own("now")).await, "Saved");
    assert_eq!(delivery_for(&app, egon_mail, status, 5).await, "now");
    assert_eq!(egon.ok("set_notifications", &own("default")).await, "Saved");
    assert_eq!(delivery_for(&app, egon_mail, status, 6).await, "off");
    assert_eq!(
        audit_count(&app, "organization.notification_defaults_changed").await,
        1
    );
}

async fn new_browser_mails(app: &TestApp, user_id: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT subject, body_text FROM outbox WHERE dedupe_key LIKE $1 ORDER BY created_at",
    )
    .bind(format!("user/{user_id}/new-browser/%"))
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap()
}

const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
const LAPTOP: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn a_sign_in_from_a_new_browser_mails_its_owner_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon_id = app.user_id("egon@mueller.example").await;
    let hannah_id = app.user_id("hannah@mueller.example").await;

    // The first browser an account is used from is simply remembered …
    let laptop = app.browser_as(LAPTOP);
    let response = laptop.sign_in("egon@mueller.example", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kontor_device="))
        .expect("a device cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let token = cookie["kontor_device=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // … by the hash of its token only.
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT device_hash, label FROM known_devices WHERE user_id = $1")
            .bind(&egon_id)
            .fetch_all(&mut app.db.raw().await)
            .await
            .unwrap();
    assert_eq!(
        stored,
        vec![(
            kontor_app::server::auth::token_hash(&token),
            "Firefox · Linux".to_string()
        )]
    );
    assert!(new_browser_mails(&app, &egon_id).await.is_empty());
    // Signing in again from it is no news.
    let again = laptop.sign_in("egon@mueller.example", DEMO_PASSWORD).await;
    assert_eq!(again.status(), 200);
    assert!(new_browser_mails(&app, &egon_id).await.is_empty());

    // A phone he never used: four sign-ins fired at once (a double-tapped button)
    // make one mail, in his language, naming the browser.
    let phone = app.browser_as(PHONE);
    let attempts = (0..4).map(|_| phone.sign_in("egon@mueller.example", DEMO_PASSWORD));
    for response in futures::future::join_all(attempts).await {
        assert_eq!(response.status(), 200);
    }
    let mails = new_browser_mails(&app, &egon_id).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (subject, body) = &mails[0];
    assert_eq!(subject, "New sign-in to your Nordhydraulik portal account");
    assert!(body.contains("Chrome · Android"), "{body}");
    assert!(body.contains("/forgot-password"), "{body}");
    assert_eq!(
        audit_count(&app, "member.signed_in_from_new_browser").await,
        1
    );
    // The sign-in is not in the way: the phone is signed in.
    assert_eq!(phone.ok("me", &[]).await["email"], "egon@mueller.example");

    // Hannah reads German: her warning is German, and comes although she turned
    // every notification she may off (it keeps her account safe).
    let hannah_first = app.signed_in("hannah@mueller.example").await;
    hannah_first
        .ok(
            "set_notifications",
            &[
                ("kinds[my_order_decisions]", "off"),
                ("kinds[order_status]", "off"),
                ("kinds[service_replies]", "off"),
                ("digest_hour", "7"),
            ],
        )
        .await;
    app.sign_in_with(app.browser_as(PHONE), "hannah@mueller.example")
        .await;
    let mails = new_browser_mails(&app, &hannah_id).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(
        mails[0].0,
        "Neue Anmeldung bei Ihrem Konto im Nordhydraulik-Portal"
    );
    let delivery: String =
        sqlx::query_scalar("SELECT delivery FROM outbox WHERE dedupe_key LIKE $1")
            .bind(format!("user/{hannah_id}/new-browser/%"))
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    assert_eq!(delivery, "now");
    // A wrong password from yet another browser records nothing.
    let stranger = app.browser_as(LAPTOP);
    let refused = stranger.sign_in("hannah@mueller.example", "wrong").await;
    assert_eq!(refused.status(), 200);
    let devices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM known_devices WHERE user_id = $1")
        .bind(&hannah_id)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
    assert_eq!(devices, 2);
}
