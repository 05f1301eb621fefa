//! Leads from technical downloads: a prospect registers and confirms by a link,
//! downloads what is offered after registration (nothing else, no prices, no
//! customer's page), and appears in the leads list with what they downloaded; the
//! account manager takes the lead, notes a call and converts it — once — into a
//! customer whose admin is invited.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, count, field_message, mail_text};
use serde_json::Value;
use std::time::{Duration, Instant};

on_both_backends!(
    a_prospect_registers_confirms_downloads_and_becomes_a_lead,
    a_prospect_gets_nothing_of_a_customer,
    the_account_manager_converts_a_lead_once,
    a_follow_up_on_a_lead_comes_due_and_is_mailed_once
);

const PROSPECTS: &str = "SELECT COUNT(*) FROM prospects WHERE email = $1";

/// The tokens of confirmation links the mail server received for `to`, oldest first.
async fn link_tokens(app: &TestApp, to: &str, at_least: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let tokens: Vec<String> = app
            .smtp
            .messages()
            .iter()
            .filter(|raw| raw.contains(&format!("To: {to}")))
            .map(|raw| mail_text(raw))
            .filter_map(|text| {
                let start = text.find("/downloads/confirm?t=")? + "/downloads/confirm?t=".len();
                Some(
                    text[start..]
                        .chars()
                        .take_while(char::is_ascii_hexdigit)
                        .collect(),
                )
            })
            .collect();
        if tokens.len() >= at_least {
            return tokens;
        }
        assert!(Instant::now() < deadline, "no confirmation link to {to}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A browser of a confirmed prospect: registered as `email` and the link used.
async fn confirmed_prospect(app: &TestApp, email: &str) -> Browser {
    let browser = app.browser();
    let sent = browser
        .ok(
            "register_for_downloads",
            &[
                ("name", "Lena Vogt"),
                ("company", "Vogt Fluidtechnik"),
                ("email", email),
            ],
        )
        .await;
    assert_eq!(sent, "Sent");
    let token = link_tokens(app, email, 1).await.remove(0);
    assert_eq!(
        browser.ok("confirm_downloads", &[("token", &token)]).await,
        "Confirmed"
    );
    browser
}

fn titles(documents: &Value) -> Vec<String> {
    documents
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_string())
        .collect()
}

/// A page without its per-response nonce (the only part two answers may differ in).
fn without_nonce(page: &str) -> String {
    let Some(start) = page.find("nonce=\"").map(|i| i + 7) else {
        return page.to_string();
    };
    page.replace(&page[start..start + 64], "")
}

async fn document_id(app: &TestApp, title: &str) -> String {
    sqlx::query_scalar("SELECT id FROM documents WHERE title_en = $1")
        .bind(title)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn a_prospect_registers_confirms_downloads_and_becomes_a_lead(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let anyone = app.browser();
    let email = "lena@vogt-fluid.example";

    // Bad input: every problem at its field, nothing written.
    let refused = anyone
        .ok(
            "register_for_downloads",
            &[("name", " "), ("company", "Vogt"), ("email", "lena@")],
        )
        .await;
    let problems = refused["Invalid"].to_string();
    assert!(problems.contains("\"name\",\"Required\""), "{refused}");
    assert!(problems.contains("\"email\",\"InvalidEmail\""), "{refused}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM prospects WHERE $1 = $1", "").await,
        1
    );

    // Registered, not confirmed yet: the page still asks to register.
    let lena = app.browser();
    lena.ok(
        "register_for_downloads",
        &[
            ("name", "Lena Vogt"),
            ("company", "Vogt Fluidtechnik"),
            ("email", email),
        ],
    )
    .await;
    assert_eq!(lena.ok("downloads_page", &[]).await, "Register");
    let token = link_tokens(&app, email, 1).await.remove(0);
    assert_eq!(
        lena.ok("confirm_downloads", &[("token", &"0".repeat(64))])
            .await,
        "LinkInvalid"
    );
    assert_eq!(
        lena.ok("confirm_downloads", &[("token", &token)]).await,
        "Confirmed"
    );
    // The link works once: a second use (a colleague forwarded the mail) opens nothing.
    let other = app.browser();
    assert_eq!(
        other.ok("confirm_downloads", &[("token", &token)]).await,
        "LinkInvalid"
    );
    assert_eq!(other.ok("downloads_page", &[]).await, "Register");

    // Lena's browser sees the data sheets and CAD models offered, nothing else.
    let page = lena.ok("downloads_page", &[]).await;
    let documents = &page["Prospect"]["documents"];
    let offered = titles(documents);
    assert!(
        offered.contains(&"CAD model AP-45 (STEP)".to_string()),
        "{offered:?}"
    );
    assert!(
        offered.contains(&"Data sheet AP-45".to_string()),
        "{offered:?}"
    );
    assert!(
        offered
            .iter()
            .all(|t| !t.to_lowercase().contains("contract")),
        "{offered:?}"
    );
    let cad = document_id(&app, "CAD model AP-45 (STEP)").await;
    let response = lena.get_with(&format!("/files/prospects/{cad}"), &[]).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("NH-PMP-1000.step")
    );

    // Vera sees the lead with the product whose file Lena downloaded.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let leads = vera.ok("leads", &[]).await;
    let row = leads
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["email"] == email)
        .unwrap_or_else(|| panic!("no lead for Lena: {leads}"));
    assert_eq!(row["company"], "Vogt Fluidtechnik");
    assert_eq!(row["status"], "New");
    assert_eq!(row["confirmed"], true);
    assert_eq!(row["downloads"], 1);
    assert!(row["products"].to_string().contains("AP-45"), "{row}");

    // Registering again mails a new link; still one lead.
    anyone
        .ok(
            "register_for_downloads",
            &[("name", "Lena V."), ("company", "Vogt"), ("email", email)],
        )
        .await;
    assert_eq!(link_tokens(&app, email, 2).await.len(), 2);
    assert_eq!(count(&app, PROSPECTS, email).await, 1);

    // An address with an account gets a mail saying so, and becomes no lead.
    assert_eq!(
        anyone
            .ok(
                "register_for_downloads",
                &[
                    ("name", "Egon"),
                    ("company", "Müller"),
                    ("email", "egon@mueller.example")
                ],
            )
            .await,
        "Sent"
    );
    assert_eq!(count(&app, PROSPECTS, "egon@mueller.example").await, 0);
    let subjects = "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND subject LIKE '%already have an account%'";
    assert_eq!(count(&app, subjects, "egon@mueller.example").await, 1);
    app.stop().await;
}

async fn a_prospect_gets_nothing_of_a_customer(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let lena = confirmed_prospect(&app, "lena@vogt-fluid.example").await;
    let anyone = app.browser();
    // The catalog answers a prospect exactly as anyone: no customer's prices.
    assert_eq!(
        lena.ok("catalog", &[]).await,
        anyone.ok("catalog", &[]).await
    );
    for endpoint in [
        "orders",
        "cart",
        "my_terms",
        "documents",
        "service_requests",
        "quotes",
    ] {
        assert_eq!(lena.call(endpoint, &[]).await.status(), 401, "{endpoint}");
    }
    // Every customer's and vendor's page answers her as it answers anyone.
    for page in [
        "/customer",
        "/orders",
        "/documents",
        "/service",
        "/quotes",
        "/vendor/leads",
    ] {
        let (hers, anyones) = (lena.page(page).await, anyone.page(page).await);
        assert_eq!(hers.status(), anyones.status(), "{page}");
        assert_eq!(
            without_nonce(&hers.text().await.unwrap()),
            without_nonce(&anyones.text().await.unwrap()),
            "{page}"
        );
    }
    // Müller's contract: not through the prospects' route, not through the members'.
    let contract: String = sqlx::query_scalar(
        "SELECT id FROM documents WHERE kind = 'contract' AND organization_id IS NOT NULL LIMIT 1",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    let status = |path: String| {
        let lena = &lena;
        async move { lena.get_with(&path, &[]).await.status() }
    };
    assert_eq!(status(format!("/files/prospects/{contract}")).await, 404);
    assert_eq!(status(format!("/files/{contract}")).await, 401);
    // A data sheet offered to prospects is still the members' route's business.
    let sheet = document_id(&app, "Data sheet AP-45").await;
    assert_eq!(status(format!("/files/{sheet}")).await, 401);
    // Without the cookie the prospects' route sends to the registration.
    let response = anyone
        .get_with(&format!("/files/prospects/{sheet}"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/downloads");
    app.stop().await;
}

async fn the_account_manager_converts_a_lead_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    // The demo's lead: Jonas, who downloaded the AP-45's CAD model.
    let leads = vera.ok("leads", &[]).await;
    let jonas = leads
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "Jonas Richter")
        .unwrap_or_else(|| panic!("no demo lead: {leads}"))
        .clone();
    assert_eq!(jonas["status"], "New");
    assert!(jonas["products"].to_string().contains("AP-45"), "{jonas}");
    let id = jonas["id"].as_str().unwrap().to_string();
    assert_eq!(sam.call("leads", &[]).await.status(), 403);

    // Vera takes it; Tim may then neither note nor take it.
    let vera_id = app.user_id("vera@nordhydraulik.example").await;
    let tim_id = app.user_id("tim@nordhydraulik.example").await;
    assert_eq!(
        vera.ok("assign_lead", &[("id", &id), ("account_manager", &vera_id)])
            .await,
        "Done"
    );
    assert_eq!(
        tim.call("note_lead", &[("id", &id), ("note", "Mine?")])
            .await
            .status(),
        403
    );
    assert_eq!(
        tim.call("assign_lead", &[("id", &id), ("account_manager", &tim_id)])
            .await
            .status(),
        403
    );
    let refused = vera.ok("note_lead", &[("id", &id), ("note", "  ")]).await;
    assert!(refused["Invalid"]["note"] == "Required", "{refused}");
    // From the road, as a plain HTML form: the refusal back at the lead's note field
    // with what was typed.
    let lead_page = format!("/vendor/leads/{id}");
    let back = vera
        .plain_post("note_lead", &lead_page, &[("id", &id), ("note", "  ")])
        .await;
    assert!(
        back.starts_with(&format!("{lead_page}?answered=1&note_lead=")),
        "{back}"
    );
    assert!(back.ends_with("note=++"), "{back}");
    let page = vera.page(&back).await.text().await.unwrap();
    let message = field_message(&page, "note-error");
    assert!(!message.is_empty(), "no message: {page}");
    assert_eq!(
        vera.ok(
            "note_lead",
            &[("id", &id), ("note", "Called: wants 20 AP-45 for line 2")]
        )
        .await,
        "Done"
    );
    let lead = vera.ok("lead", &[("id", &id)]).await;
    assert_eq!(
        lead["notes"][0]["text"],
        "Called: wants 20 AP-45 for line 2"
    );
    assert_eq!(lead["lead"]["assigned_name"], "Vera Lindqvist");
    assert_eq!(lead["may_work"], true);

    // Two clicks on "Convert" at once: one customer, one invitation.
    let form = [("id", id.as_str()), ("account_manager", "")];
    let (a, b) = tokio::join!(
        vera.ok("convert_lead", &form),
        vera.ok("convert_lead", &form)
    );
    let converted = [&a, &b]
        .into_iter()
        .filter(|o| o.get("Converted").is_some())
        .count();
    assert_eq!(converted, 1, "{a} {b}");
    assert!(
        [&a, &b].iter().any(|o| o["Refused"] == "Finished"),
        "{a} {b}"
    );
    let outcome = if a.get("Converted").is_some() { &a } else { &b };
    assert_eq!(outcome["Converted"]["invited"], true);
    let organization = outcome["Converted"]["organization_id"].as_str().unwrap();
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM organizations WHERE name = $1 AND status = 'pending'",
            "Richter Anlagenbau GmbH"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'jonas.richter@richter-anlagenbau.example' AND roles = 'admin' AND organization_id = $1",
            organization
        )
        .await,
        1
    );
    let customer = vera.ok("customer", &[("id", organization)]).await;
    assert_eq!(customer["account_manager_name"], "Vera Lindqvist");
    // Finished: nothing changes it any more.
    assert_eq!(
        vera.ok("close_lead", &[("id", &id)]).await["Refused"],
        "Finished"
    );
    // Without the script the page says so too: each answer comes back to the lead.
    for (function, form) in [
        ("close_lead", vec![("id", id.as_str())]),
        (
            "convert_lead",
            vec![("id", id.as_str()), ("account_manager", "")],
        ),
        (
            "assign_lead",
            vec![("id", id.as_str()), ("account_manager", vera_id.as_str())],
        ),
    ] {
        let back = vera.plain_post(function, &lead_page, &form).await;
        assert_eq!(
            back,
            format!("{lead_page}?answered=1&{function}=%7B%22Refused%22%3A%22Finished%22%7D")
        );
    }
    let lead = vera.ok("lead", &[("id", &id)]).await;
    assert_eq!(lead["lead"]["status"], "Converted");
    assert_eq!(lead["lead"]["organization_id"], organization);
    assert_eq!(lead["may_work"], false);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "lead.converted"
        )
        .await,
        1
    );
    app.stop().await;
}

async fn a_follow_up_on_a_lead_comes_due_and_is_mailed_once(backend: Backend) {
    use kontor_app::services::follow_ups::mail_due;
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    let id: String = sqlx::query_scalar("SELECT id FROM prospects")
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
    let vera_id = app.user_id("vera@nordhydraulik.example").await;
    vera.ok("assign_lead", &[("id", &id), ("account_manager", &vera_id)])
        .await;
    let today = kontor_domain::calendar::berlin_day(kontor_store::now_ms()).to_string();
    // Bad input at its field, nothing written; a colleague's lead is not Tim's.
    let refused = vera
        .ok(
            "add_follow_up",
            &[("lead_id", &id), ("note", " "), ("due", &today)],
        )
        .await;
    assert!(
        refused.to_string().contains("\"note\",\"Required\""),
        "{refused}"
    );
    let form = [
        ("lead_id", id.as_str()),
        ("note", "Call Jonas about the press"),
        ("due", today.as_str()),
    ];
    assert_eq!(tim.call("add_follow_up", &form).await.status(), 403);
    assert_eq!(vera.ok("add_follow_up", &form).await, "Added");

    // On Vera's start page today, named by the lead's company, linking to the lead.
    let due = vera.ok("my_follow_ups", &[]).await;
    let item = due
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["note"] == "Call Jonas about the press")
        .unwrap_or_else(|| panic!("not due: {due}"))
        .clone();
    assert_eq!(item["lead_id"], id.as_str());
    assert_eq!(item["customer_name"], "Richter Anlagenbau GmbH");
    let lead = vera.ok("lead", &[("id", &id)]).await;
    assert_eq!(lead["follow_ups"][0]["note"], "Call Jonas about the press");

    // One reminder, with the lead's link, however many servers look.
    let (first, second) = (app.server_context(), app.second_instance().await);
    for _ in 0..2 {
        let (a, b) = tokio::join!(mail_due(&first), mail_due(&second));
        a.unwrap();
        b.unwrap();
    }
    let link = format!("%/vendor/leads/{id}%");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'follow-up/%' AND body_text LIKE $1",
            &link
        )
        .await,
        1
    );
    // Done once, also for two clicks at once; Tim may not close it.
    let follow_up = item["id"].as_str().unwrap();
    assert_eq!(
        tim.call("complete_follow_up", &[("id", follow_up)])
            .await
            .status(),
        403
    );
    let done = [("id", follow_up)];
    let (a, b) = tokio::join!(
        vera.ok("complete_follow_up", &done),
        vera.ok("complete_follow_up", &done)
    );
    let mut outcomes = [
        a.as_str().unwrap().to_string(),
        b.as_str().unwrap().to_string(),
    ];
    outcomes.sort();
    assert_eq!(outcomes, ["AlreadyDone", "Done"]);
    app.stop().await;
}
