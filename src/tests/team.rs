//! Teams and organizations: rules that hold on the server, deactivation, suspension,
//! and the audit trail that records it all.

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, field_message, tag_of};

on_both_backends!(
    the_audit_pages_back_by_a_link,
    an_admin_changes_a_members_limit_and_it_is_audited,
    nobody_changes_their_own_settings_through_any_field,
    approver_cycles_are_refused,
    deactivating_a_member_ends_their_sessions_and_keeps_their_history,
    suspending_an_organization_ends_its_sessions_and_unlocking_mails_its_admins,
    two_admins_at_once_cannot_build_a_cycle,
    the_audit_trail_is_append_only_and_verifiable,
    the_vendor_admin_manages_staff,
    a_cross_site_request_with_a_valid_session_changes_nothing,
    the_team_forms_work_without_javascript,
    the_vendor_sets_up_a_customer_without_javascript,
    the_staff_forms_work_without_javascript
);

async fn update_egon(
    app: &TestApp,
    who: &crate::support::Browser,
    approver: &str,
    limit: &str,
) -> serde_json::Value {
    let egon = app.user_id("egon@mueller.example").await;
    who.ok(
        "team_update",
        &[
            ("member_id", egon.as_str()),
            ("roles[purchaser]", "on"),
            ("per_order_limit", limit),
            ("monthly_budget", ""),
            ("approver", approver),
        ],
    )
    .await
}

async fn an_admin_changes_a_members_limit_and_it_is_audited(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    assert_eq!(update_egon(&app, &carla, &hannah, "6.000,00").await, "Done");
    let egon = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(egon.per_order_limit_cents, Some(600_000));
    let team = carla.ok("team", &[]).await;
    let row = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "egon@mueller.example")
        .unwrap();
    assert_eq!(row["approver_name"], "Hannah Becker");
    let trail = carla.ok("audit", &[("organization_id", "")]).await;
    let entry = &trail[0];
    assert_eq!(entry["action"], "member.updated");
    assert_eq!(entry["actor_name"], "Carla Weber");
    assert!(
        entry["before"]
            .as_str()
            .unwrap()
            .contains("limit=€5,000.00"),
        "{entry}"
    );
    assert!(
        entry["after"].as_str().unwrap().contains("limit=€6,000.00"),
        "{entry}"
    );
    // Bad input: refused at the field, nothing written.
    let bad = update_egon(&app, &carla, &hannah, "zwölf").await;
    assert_eq!(bad["Invalid"]["per_order_limit"], "InvalidAmount");
    let egon = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(egon.per_order_limit_cents, Some(600_000));
    app.stop().await;
}

async fn nobody_changes_their_own_settings_through_any_field(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    // A purchaser cannot reach the team functions at all.
    let egon = app.signed_in("egon@mueller.example").await;
    let response = egon
        .call(
            "team_update",
            &[
                ("member_id", &app.user_id("egon@mueller.example").await),
                ("roles[admin]", "on"),
                ("per_order_limit", "1000000"),
                ("monthly_budget", ""),
                ("approver", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    // An admin cannot change herself, not even her limit.
    let carla = app.signed_in("carla@mueller.example").await;
    let me = app.user_id("carla@mueller.example").await;
    let outcome = carla
        .ok(
            "team_update",
            &[
                ("member_id", &me),
                ("roles[admin]", "on"),
                ("roles[approver]", "on"),
                ("per_order_limit", "999999"),
                ("monthly_budget", ""),
                ("approver", ""),
            ],
        )
        .await;
    assert_eq!(outcome["Refused"], "OwnAccount");
    let outcome = carla.ok("team_deactivate", &[("member_id", &me)]).await;
    assert_eq!(outcome["Refused"], "OwnAccount");
    // Fields the form does not have change nothing: no vendor role, no other organization.
    let egon_id = app.user_id("egon@mueller.example").await;
    let becker = app.organization_id("bob@becker.example").await;
    let outcome = carla
        .ok(
            "team_update",
            &[
                ("member_id", &egon_id),
                ("roles[purchaser]", "on"),
                ("roles[vendor_admin]", "on"),
                ("organization_id", &becker),
                ("per_order_limit", "5000"),
                ("monthly_budget", ""),
                ("approver", ""),
            ],
        )
        .await;
    assert_eq!(outcome, "Done");
    let egon = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(egon.roles, "purchaser");
    assert_ne!(egon.organization_id, becker);
    // Sign-in takes nothing but the credentials.
    let response = app
        .browser()
        .call(
            "sign_in",
            &[
                ("email", "egon@mueller.example"),
                ("password", DEMO_PASSWORD),
                ("next", ""),
                ("roles", "vendor_admin"),
            ],
        )
        .await;
    assert!(response.text().await.unwrap().contains("SignedIn"));
    let egon = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(egon.roles, "purchaser");
    app.stop().await;
}

async fn approver_cycles_are_refused(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let max = app.user_id("max@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    // Max reporting to Hannah while Hannah reports to Max.
    let outcome = carla
        .ok(
            "team_update",
            &[
                ("member_id", &max),
                ("roles[approver]", "on"),
                ("per_order_limit", "250000"),
                ("monthly_budget", ""),
                ("approver", &hannah),
            ],
        )
        .await;
    assert_eq!(outcome["Refused"]["Approver"], "ApproverCycle");
    // An approver from another organization is not eligible.
    let bob = app.user_id("bob@becker.example").await;
    let outcome = update_egon(&app, &carla, &bob, "5000").await;
    assert_eq!(outcome["Refused"]["Approver"], "ApproverNotEligible");
    let max_row = app.kontor_store.user_by_id(&max).await.unwrap().unwrap();
    assert_eq!(max_row.approver_id, None);
    app.stop().await;
}

async fn deactivating_a_member_ends_their_sessions_and_keeps_their_history(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let egon_id = app.user_id("egon@mueller.example").await;
    let carla = app.signed_in("carla@mueller.example").await;
    assert_eq!(
        carla
            .ok("team_deactivate", &[("member_id", &egon_id)])
            .await,
        "Done"
    );
    assert_eq!(
        app.kontor_store.sessions_of_user(&egon_id).await.unwrap(),
        0
    );
    assert_eq!(egon.call("team", &[]).await.status(), 401);
    let again = app
        .browser()
        .sign_in("egon@mueller.example", DEMO_PASSWORD)
        .await;
    assert_eq!(again.text().await.unwrap(), "\"Invalid\"");
    // Still in the team, marked inactive.
    let team = carla.ok("team", &[]).await;
    let row = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "egon@mueller.example")
        .unwrap();
    assert_eq!(row["active"], false);
    // A member of another organization is a 404 for Carla.
    let bob = app.user_id("bob@becker.example").await;
    assert_eq!(
        carla
            .call("team_deactivate", &[("member_id", &bob)])
            .await
            .status(),
        404
    );
    assert!(
        app.kontor_store
            .user_by_id(&bob)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    app.stop().await;
}

async fn suspending_an_organization_ends_its_sessions_and_unlocking_mails_its_admins(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let outcome = vera
        .ok(
            "customer_status",
            &[("organization_id", &mueller), ("unlock", "false")],
        )
        .await;
    assert_eq!(outcome, "Changed");
    assert_eq!(egon.ok("me", &[]).await, serde_json::Value::Null);
    let refused = app
        .browser()
        .sign_in("egon@mueller.example", DEMO_PASSWORD)
        .await;
    assert_eq!(refused.text().await.unwrap(), "\"Suspended\"");
    // A second click changes nothing.
    let again = vera
        .ok(
            "customer_status",
            &[("organization_id", &mueller), ("unlock", "false")],
        )
        .await;
    assert_eq!(again["AlreadyDone"]["current"], "suspended");
    // Unlocking lets them back in and tells the admin (Carla) by mail.
    assert_eq!(
        vera.ok(
            "customer_status",
            &[("organization_id", &mueller), ("unlock", "true")]
        )
        .await,
        "Changed"
    );
    let mails = app.smtp.wait_for(1).await;
    assert!(
        mails[0].contains("To: carla@mueller.example"),
        "{}",
        mails[0]
    );
    app.signed_in("egon@mueller.example").await;
    // Tim manages Becker, not Müller: 404, nothing changes.
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    let response = tim
        .call(
            "customer_status",
            &[("organization_id", &mueller), ("unlock", "false")],
        )
        .await;
    assert_eq!(response.status(), 404);
    app.signed_in("egon@mueller.example").await;
    app.stop().await;
}

async fn two_admins_at_once_cannot_build_a_cycle(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let carla_id = app.user_id("carla@mueller.example").await;
    let max = app.user_id("max@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    // A second admin, Ines (Carla makes Frieda admin too).
    let frieda = app.user_id("frieda@mueller.example").await;
    let made_admin = carla
        .ok(
            "team_update",
            &[
                ("member_id", &frieda),
                ("roles[admin]", "on"),
                ("roles[finance]", "on"),
                ("per_order_limit", ""),
                ("monthly_budget", ""),
                ("approver", ""),
            ],
        )
        .await;
    assert_eq!(made_admin, "Done");
    let frieda_browser = app.signed_in("frieda@mueller.example").await;
    // Hannah → Max exists. Remove it first so that both directions are open.
    let cleared = carla
        .ok(
            "team_update",
            &[
                ("member_id", &hannah),
                ("roles[purchaser]", "on"),
                ("roles[approver]", "on"),
                ("per_order_limit", "50000"),
                ("monthly_budget", ""),
                ("approver", ""),
            ],
        )
        .await;
    assert_eq!(cleared, "Done");
    // At the same moment: Carla sets Hannah → Max, Frieda sets Max → Hannah.
    let hannah_to_max = [
        ("member_id", hannah.as_str()),
        ("roles[purchaser]", "on"),
        ("roles[approver]", "on"),
        ("per_order_limit", "50000"),
        ("monthly_budget", ""),
        ("approver", max.as_str()),
    ];
    let max_to_hannah = [
        ("member_id", max.as_str()),
        ("roles[approver]", "on"),
        ("per_order_limit", "250000"),
        ("monthly_budget", ""),
        ("approver", hannah.as_str()),
    ];
    let (a, b) = tokio::join!(
        carla.ok("team_update", &hannah_to_max),
        frieda_browser.ok("team_update", &max_to_hannah)
    );
    let done = [&a, &b].iter().filter(|o| **o == "Done").count();
    assert_eq!(done, 1, "exactly one of the two wins: {a} / {b}");
    let h = app.kontor_store.user_by_id(&hannah).await.unwrap().unwrap();
    let m = app.kontor_store.user_by_id(&max).await.unwrap().unwrap();
    assert!(!(h.approver_id.as_deref() == Some(&max) && m.approver_id.as_deref() == Some(&hannah)));
    let _ = carla_id;
    app.stop().await;
}

async fn the_audit_trail_is_append_only_and_verifiable(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    for limit in ["5100", "5200", "5300"] {
        assert_eq!(update_egon(&app, &carla, &hannah, limit).await, "Done");
    }
    let checks = app.kontor_store.verify_audit_chains().await.unwrap();
    assert!(
        checks
            .iter()
            .all(|c| matches!(c, kontor_store::audit::ChainCheck::Intact { .. })),
        "{checks:?}"
    );
    let mut db = app.db.raw().await;
    let update = sqlx::query("UPDATE audit_log SET after_value = 'limit=€1.00'")
        .execute(&mut db)
        .await;
    assert!(update.is_err(), "the database refuses to change the trail");
    let delete = sqlx::query("DELETE FROM audit_log").execute(&mut db).await;
    assert!(
        delete.is_err(),
        "the database refuses to delete from the trail"
    );
    // Someone with the database owner's rights removes the guard and edits an entry:
    // verification finds the exact entry.
    match backend {
        Backend::Sqlite => {
            sqlx::query("DROP TRIGGER audit_log_no_update")
                .execute(&mut db)
                .await
                .unwrap();
        }
        Backend::Postgres => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
                .execute(&mut db)
                .await
                .unwrap();
        }
    }
    // The second of Carla's limit changes (the demo seed wrote entries before them).
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT seq FROM audit_log WHERE action = 'member.updated' ORDER BY seq LIMIT 1 OFFSET 1",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    sqlx::query("UPDATE audit_log SET after_value = 'limit=€999,999.00' WHERE seq = $1 AND action = 'member.updated'")
        .bind(seq)
        .execute(&mut db)
        .await
        .unwrap();
    let checks = app.kontor_store.verify_audit_chains().await.unwrap();
    assert!(
        checks.iter().any(
            |c| matches!(c, kontor_store::audit::ChainCheck::Broken { seq: s, .. } if *s == seq)
        ),
        "{checks:?}"
    );
    let intact = kontor::verify_audit(&app.db.url).await.unwrap();
    assert!(!intact, "the command reports the broken chain");
    app.stop().await;
}

async fn the_vendor_admin_manages_staff(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let nora = app.signed_in("admin@nordhydraulik.example").await;
    let invited = nora
        .ok(
            "staff_invite",
            &[
                ("display_name", "Uwe Unger"),
                ("email", "uwe@nordhydraulik.example"),
                ("roles[account_manager]", "on"),
                ("roles[admin]", "on"),
            ],
        )
        .await;
    assert_eq!(invited, "Done");
    let uwe = app
        .kontor_store
        .user_by_email("uwe@nordhydraulik.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        uwe.roles, "account_manager",
        "a customer role field is ignored for staff"
    );
    assert_eq!(uwe.organization_kind, "vendor");
    let mails = app.smtp.wait_for(1).await;
    assert!(
        mails
            .iter()
            .any(|m| m.contains("To: uwe@nordhydraulik.example"))
    );
    // Customer roles are no staff roles.
    let refused = nora
        .ok(
            "staff_update",
            &[("member_id", &uwe.id), ("roles[purchaser]", "on")],
        )
        .await;
    assert_eq!(refused["Invalid"]["roles"], "NoRole");
    // The only vendor admin cannot demote or deactivate herself.
    let me = app.user_id("admin@nordhydraulik.example").await;
    let own = nora
        .ok(
            "staff_update",
            &[("member_id", &me), ("roles[service_agent]", "on")],
        )
        .await;
    assert_eq!(own["Refused"], "OwnAccount");
    // Deactivating Vera ends her sessions.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let vera_id = app.user_id("vera@nordhydraulik.example").await;
    assert_eq!(
        nora.ok("staff_deactivate", &[("member_id", &vera_id)])
            .await,
        "Done"
    );
    assert_eq!(vera.call("customers", &[]).await.status(), 401);
    // A customer's id is not staff: 404.
    let carla = app.user_id("carla@mueller.example").await;
    assert_eq!(
        nora.call("staff_deactivate", &[("member_id", &carla)])
            .await
            .status(),
        404
    );
    let trail = nora.ok("audit", &[("organization_id", "")]).await;
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"member.invited") && actions.contains(&"member.deactivated"),
        "{actions:?}"
    );
    app.stop().await;
}

async fn a_cross_site_request_with_a_valid_session_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let egon = app.user_id("egon@mueller.example").await;
    // Carla's browser, lured to another site that posts to the portal.
    let forged = carla
        .client
        .post(format!("{}/api/team_deactivate", app.base))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&[("member_id", egon.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let without_fetch_metadata = carla
        .client
        .post(format!("{}/api/team_deactivate", app.base))
        .header("origin", "https://evil.example")
        .form(&[("member_id", egon.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(without_fetch_metadata.status(), 403);
    assert!(
        app.kontor_store
            .user_by_id(&egon)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    app.stop().await;
}

/// Inviting, changing and deactivating as plain HTML forms: a refusal comes back to
/// the form it came from — the invitation, or the one member's editor, opened — with
/// the messages and everything typed and chosen; a success to the team as it is.
async fn the_team_forms_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    let team = "/customer/team";
    let refused = carla
        .plain_post(
            "team_invite",
            team,
            &[
                ("display_name", "Paula Neu"),
                ("email", "paula@"),
                ("roles[purchaser]", "on"),
                ("per_order_limit", "1.500,00"),
                ("monthly_budget", ""),
                ("approver", &hannah),
            ],
        )
        .await;
    assert!(
        refused.starts_with("/customer/team?answered=1&team_invite="),
        "{refused}"
    );
    let page = carla.page(&refused).await.text().await.unwrap();
    let (_, invite) = page
        .split_once(r#"form-panel invite"#)
        .expect("the invitation form");
    assert!(invite.contains(r#"value="Paula Neu""#), "{invite}");
    assert!(
        tag_of(invite, r#"name="email""#).contains(r#"value="paula@""#),
        "{invite}"
    );
    assert!(
        tag_of(invite, r#"name="roles[purchaser]""#).contains("checked"),
        "{invite}"
    );
    assert!(
        !tag_of(invite, r#"name="roles[admin]""#).contains("checked"),
        "{invite}"
    );
    assert!(
        tag_of(invite, r#"name="per_order_limit""#).contains(r#"value="1.500,00""#),
        "{invite}"
    );
    let approver = format!(r#"<option value="{hannah}""#);
    assert!(tag_of(invite, &approver).contains("selected"), "{invite}");
    assert!(!field_message(invite, "email-error").is_empty(), "{invite}");

    let egon = app.user_id("egon@mueller.example").await;
    let refused = carla
        .plain_post(
            "team_update",
            team,
            &[
                ("member_id", &egon),
                ("roles[purchaser]", "on"),
                ("per_order_limit", "lots"),
                ("monthly_budget", ""),
                ("approver", &hannah),
            ],
        )
        .await;
    assert!(refused.contains(&format!("member_id={egon}")), "{refused}");
    let page = carla.page(&refused).await.text().await.unwrap();
    let opened: Vec<&str> = page.split("<details open").skip(1).collect();
    assert_eq!(opened.len(), 1, "one editor open: {page}");
    assert!(
        opened[0]
            .split_once("</summary>")
            .unwrap()
            .0
            .contains("Egon Schmidt"),
        "{page}"
    );
    let limit = format!(r#"id="m-{egon}-limit""#);
    assert!(tag_of(&page, &limit).contains(r#"value="lots""#), "{page}");

    let done = carla
        .plain_post("team_deactivate", team, &[("member_id", &egon)])
        .await;
    assert_eq!(done, "/customer/team?answered=1&team_deactivate=%22Done%22");
    let egon = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert!(!egon.active);
    app.stop().await;
}

/// The vendor's customer forms as plain HTML forms: a refused new customer comes back
/// with what was typed and chosen, a created one with its link; the first admin's
/// invitation and unlocking come back to the customer's page with their outcome.
async fn the_vendor_sets_up_a_customer_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let vera_id = app.user_id("vera@nordhydraulik.example").await;
    let list = "/vendor";
    let form = |name| {
        [
            ("name", name),
            ("vat_id", "DE811234567"),
            ("billing_address", "Hafenstraße 4, 28217 Bremen"),
            ("shipping_address", ""),
            ("account_manager", vera_id.as_str()),
        ]
    };
    let refused = vera.plain_post("customer_create", list, &form("  ")).await;
    assert!(
        refused.starts_with("/vendor?answered=1&customer_create="),
        "{refused}"
    );
    let page = vera.page(&refused).await.text().await.unwrap();
    assert!(page.contains(r#"value="DE811234567""#), "{page}");
    assert!(
        page.contains("Hafenstraße 4, 28217 Bremen</textarea>"),
        "{page}"
    );
    let manager = format!(r#"<option value="{vera_id}""#);
    assert!(tag_of(&page, &manager).contains("selected"), "{page}");
    let created = vera
        .plain_post("customer_create", list, &form("Weser Pumpen GmbH"))
        .await;
    assert!(
        created.starts_with("/vendor?answered=1&customer_create=%7B%22Created"),
        "{created}"
    );
    assert!(
        !created.contains("vat_id="),
        "nothing kept after a success: {created}"
    );
    // The new customer's id, from the answer in the address.
    let address = reqwest::Url::parse(&format!("{}{created}", vera.base)).unwrap();
    let (_, answer) = address
        .query_pairs()
        .find(|(k, _)| k == "customer_create")
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let id = answer["Created"]["id"].as_str().unwrap().to_string();
    let page = vera.page(&created).await.text().await.unwrap();
    assert!(
        page.contains(&format!(r#"href="/vendor/customers/{id}""#)),
        "{page}"
    );

    let customer = format!("/vendor/customers/{id}");
    let invite = |email| {
        [
            ("organization_id", id.as_str()),
            ("display_name", "Wiebke Weser"),
            ("email", email),
        ]
    };
    let refused = vera
        .plain_post("customer_invite_admin", &customer, &invite("wiebke@"))
        .await;
    assert!(
        refused.starts_with(&format!("{customer}?answered=1&customer_invite_admin=")),
        "{refused}"
    );
    let page = vera.page(&refused).await.text().await.unwrap();
    assert!(page.contains(r#"value="Wiebke Weser""#), "{page}");
    assert!(page.contains(r#"value="wiebke@""#), "{page}");
    let invited = vera
        .plain_post(
            "customer_invite_admin",
            &customer,
            &invite("wiebke@weser-pumpen.example"),
        )
        .await;
    assert_eq!(
        invited,
        format!("{customer}?answered=1&customer_invite_admin=%22Done%22")
    );
    let unlock = [("organization_id", id.as_str()), ("unlock", "true")];
    let unlocked = vera.plain_post("customer_status", &customer, &unlock).await;
    assert_eq!(
        unlocked,
        format!("{customer}?answered=1&customer_status=%22Changed%22")
    );
    let again = vera.plain_post("customer_status", &customer, &unlock).await;
    assert!(
        again.starts_with(&format!(
            "{customer}?answered=1&customer_status=%7B%22AlreadyDone"
        )),
        "{again}"
    );
    app.stop().await;
}

/// The vendor's staff forms as plain HTML forms: a refused invitation keeps the name,
/// address and roles; a change without any role opens that member's editor again with
/// the message; a second factor reset comes back done.
async fn the_staff_forms_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let staff = "/vendor/staff";
    let invite = [
        ("display_name", "Nils Neu"),
        ("email", "nils@"),
        ("roles[service_agent]", "on"),
    ];
    let refused = admin.plain_post("staff_invite", staff, &invite).await;
    assert!(
        refused.starts_with("/vendor/staff?answered=1&staff_invite="),
        "{refused}"
    );
    let page = admin.page(&refused).await.text().await.unwrap();
    assert!(page.contains(r#"value="Nils Neu""#), "{page}");
    assert!(page.contains(r#"value="nils@""#), "{page}");
    assert!(
        tag_of(&page, r#"id="invite-service_agent""#).contains("checked"),
        "{page}"
    );
    assert!(
        !tag_of(&page, r#"id="invite-vendor_admin""#).contains("checked"),
        "{page}"
    );

    let tim = app.user_id("tim@nordhydraulik.example").await;
    let refused = admin
        .plain_post("staff_update", staff, &[("member_id", &tim)])
        .await;
    assert!(refused.contains(&format!("member_id={tim}")), "{refused}");
    let page = admin.page(&refused).await.text().await.unwrap();
    let opened: Vec<&str> = page.split("<details open").skip(1).collect();
    assert_eq!(opened.len(), 1, "one editor open: {page}");
    assert!(opened[0].contains(&format!(r#"value="{tim}""#)), "{page}");
    assert!(page.contains(r#"role="alert""#), "{page}");

    let sam = app.user_id("sam@nordhydraulik.example").await;
    let reset = admin
        .plain_post("staff_reset_second_factor", staff, &[("member_id", &sam)])
        .await;
    assert_eq!(
        reset,
        "/vendor/staff?answered=1&staff_reset_second_factor=%22Done%22"
    );
    app.stop().await;
}

/// The audit page shows fifty entries; "older entries" is a link to the page before
/// the oldest shown (`?before=`), which works with or without the script.
async fn the_audit_pages_back_by_a_link(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    let hannah = app.user_id("hannah@mueller.example").await;
    for step in 0..51 {
        let limit = (5100 + step).to_string();
        assert_eq!(update_egon(&app, &carla, &hannah, &limit).await, "Done");
    }
    let seqs = |page: &str| -> Vec<i64> {
        page.split(r#"<td class="num">"#)
            .skip(1)
            .map(|cell| {
                cell.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .map(|digits| digits.parse().unwrap())
            .collect()
    };
    let first = carla.page("/customer/audit").await.text().await.unwrap();
    let newest = seqs(&first);
    assert_eq!(newest.len(), 50, "{first}");
    let link = tag_of(&first, "?before=");
    let oldest = newest.iter().min().unwrap();
    assert!(
        link.contains(&format!(r#"href="?before={oldest}""#)),
        "{link}"
    );
    let older = carla
        .page(&format!("/customer/audit?before={oldest}"))
        .await
        .text()
        .await
        .unwrap();
    let before = seqs(&older);
    assert!(!before.is_empty());
    assert!(
        before.iter().all(|seq| seq < oldest),
        "{before:?} after {oldest}"
    );
    app.stop().await;
}
