//! The customer timeline: what happened, told as sentences from the audit trail, the
//! outbox, the download log and the service conversations; what a customer's admin
//! never sees; filters; and pages that never show an event twice.

use crate::on_both_backends;
use crate::orders::{decide, order, placed_id};
use crate::support::{Backend, Browser, TestApp};
use kontor_domain::{Locale, Money};
use serde_json::Value;
use std::collections::HashSet;

on_both_backends!(
    the_timeline_tells_each_kind_of_event_in_a_sentence,
    a_customer_admin_never_sees_the_vendors_internal_items,
    filters_by_kind_and_person_and_pages_without_repeats
);

const PUMP: &str = "NH-PMP-1000";

async fn timeline(
    browser: &Browser,
    language: &str,
    organization: &str,
    filters: &[(&str, &str)],
) -> Value {
    let get = |key: &str| {
        filters
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, v)| *v)
    };
    let response = browser
        .call_in(
            language,
            "customer_timeline",
            &[
                ("organization_id", organization),
                ("kind", get("kind")),
                ("person", get("person")),
                ("before", get("before")),
            ],
        )
        .await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn sentences(view: &Value) -> Vec<String> {
    view["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sentence"].as_str().unwrap().to_string())
        .collect()
}

fn has(view: &Value, sentence: &str) -> bool {
    sentences(view).iter().any(|s| s == sentence)
}

/// The order's number and total as the sentences write them.
async fn number_and_total(app: &TestApp, order_id: &str, locale: Locale) -> (i64, String) {
    let (number, cents): (i64, i64) =
        sqlx::query_as("SELECT number, total_cents FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    (number, Money::from_cents(cents).format(locale))
}

/// Peter's demo service request at Müller.
async fn peters_request(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT id FROM service_requests WHERE subject LIKE 'Pressure loss%'")
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn the_timeline_tells_each_kind_of_event_in_a_sentence(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("carla@mueller.example").await;
    // Egon signs in, orders above his limit; Hannah approves with a comment.
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let id = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    decide(&hannah, &id, 0, "approve", "OK for the Stuttgart line").await;
    let (number, total) = number_and_total(&app, &id, Locale::En).await;
    // Egon downloads the AP-45's data sheet.
    let sheet: String = sqlx::query_scalar(
        "SELECT id FROM documents WHERE kind = 'data_sheet' AND title_en LIKE '%AP-45%'",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    let download = egon.get_with(&format!("/files/{sheet}"), &[]).await;
    assert_eq!(download.status(), 200);
    // Sam answers Peter's service request.
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let request = peters_request(&app).await;
    sam.ok(
        "reply_to_request",
        &[
            ("request_id", &request),
            ("body", "We send a technician on Monday.\nSam"),
        ],
    )
    .await;

    let carla = app.signed_in("carla@mueller.example").await;
    let view = timeline(&carla, "en", "", &[]).await;
    assert_eq!(view["customer_name"], "Maschinenbau Müller GmbH");
    assert_eq!(view["vendor_reader"], false);
    let said = sentences(&view);
    for expected in [
        format!("Egon Schmidt placed order #{number}, {total}"),
        format!("Hannah Becker approved order #{number}, {total}: “OK for the Stuttgart line”"),
        "Egon Schmidt signed in".to_string(),
        "Carla Weber signed in".to_string(),
    ] {
        assert!(said.contains(&expected), "{expected} not in {said:#?}");
    }
    assert!(
        said.iter().any(
            |s| s.starts_with("Sam Okafor replied on service request SR ")
                && s.ends_with(": We send a technician on Monday.")
        ),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("Egon Schmidt downloaded Data sheet AP-45")),
        "{said:#?}"
    );
    // The approval request's mail to Hannah, from the outbox with its state.
    assert!(
        said.iter()
            .any(|s| s.starts_with("Mail “") && s.contains("to hannah@mueller.example")),
        "{said:#?}"
    );
    // Newest first, each linked to its page where it has one, in Berlin time.
    let items = view["items"].as_array().unwrap();
    let times: Vec<i64> = items.iter().map(|i| i["at_ms"].as_i64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let approved = items
        .iter()
        .find(|i| i["sentence"].as_str().unwrap().contains("approved order"))
        .unwrap();
    assert_eq!(approved["link"], format!("/orders/{id}"));
    assert_eq!(approved["kind"], "Orders");
    let when = approved["when"].as_str().unwrap();
    assert_eq!(when.len(), "2026-11-24 14:05".len(), "{when}");

    // The same in German, for a German reader.
    let (_, total_de) = number_and_total(&app, &id, Locale::De).await;
    let german = timeline(&carla, "de", "", &[]).await;
    assert!(
        has(
            &german,
            &format!(
                "Hannah Becker hat Bestellung #{number} freigegeben, {total_de}: „OK for the Stuttgart line“"
            )
        ),
        "{:#?}",
        sentences(&german)
    );
    // The vendor's account manager reads the same customer's timeline by its id.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let vendor_view = timeline(&vera, "en", &mueller, &[]).await;
    assert_eq!(vendor_view["vendor_reader"], true);
    assert!(has(
        &vendor_view,
        &format!("Hannah Becker approved order #{number}, {total}: “OK for the Stuttgart line”")
    ));
    // The demo's history, page by page: quotes, documents, service requests, terms.
    let mut everything = Vec::new();
    let mut before = String::new();
    loop {
        let view = timeline(&vera, "en", &mueller, &[("before", &before)]).await;
        everything.extend(sentences(&view));
        match view["next"].as_str() {
            Some(next) => before = next.to_string(),
            None => break,
        }
    }
    for start in [
        "Hannah Becker asked for quote #",
        "Vera Lindqvist sent the offer for quote #",
        "Peter Krause opened a service request: Pressure loss on gear pump ZP-16",
        "Vera Lindqvist published a document: ",
    ] {
        assert!(
            everything.iter().any(|s| s.starts_with(start)),
            "{start} not in {everything:#?}"
        );
    }
    assert!(
        !everything.iter().any(|s| s.contains("made a change")),
        "a sentence without its own text: {everything:#?}"
    );
    // The page itself renders the sentences on the server.
    let page = carla.page("/customer/timeline?kind=orders").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("Egon Schmidt placed order #{number}")),
        "{html}"
    );
    app.stop().await;
}

async fn a_customer_admin_never_sees_the_vendors_internal_items(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("carla@mueller.example").await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let request = peters_request(&app).await;
    let note = "Internal: batch 2026-17 had bad seals";
    sam.ok(
        "reply_to_request",
        &[("request_id", &request), ("body", note), ("internal", "1")],
    )
    .await;
    // Vera notes on Hannah's demo quote: the vendor's own business.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let quote: String = sqlx::query_scalar(
        "SELECT q.id FROM quotes q JOIN users u ON u.id = q.requester_id
          WHERE u.email = 'hannah@mueller.example'",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    vera.ok(
        "quote_step",
        &[
            ("id", &quote),
            ("version", "0"),
            ("step", "note"),
            ("comment", "Margin is thin, call first"),
        ],
    )
    .await;

    let vendor_view = timeline(&vera, "en", &mueller, &[]).await;
    let internal: Vec<String> = vendor_view["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["internal"] == true)
        .map(|i| i["sentence"].as_str().unwrap().to_string())
        .collect();
    assert!(
        internal.iter().any(|s| s.contains("batch 2026-17")),
        "{internal:#?}"
    );
    assert!(
        internal
            .iter()
            .any(|s| s.starts_with("Vera Lindqvist wrote an internal note on quote")),
        "{internal:#?}"
    );

    let carla = app.signed_in("carla@mueller.example").await;
    let mut before = String::new();
    loop {
        let view = timeline(&carla, "en", "", &[("before", &before)]).await;
        let text = view.to_string();
        assert!(!text.contains("batch 2026-17"), "{text}");
        assert!(!text.contains("internal note"), "{text}");
        // Mails to the vendor's staff (the account manager's "new order") are the
        // vendor's; the customer's admin sees mails to their own people only.
        assert!(!text.contains("@nordhydraulik.example"), "{text}");
        assert!(
            view["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["internal"] == false)
        );
        match view["next"].as_str() {
            Some(next) => before = next.to_string(),
            None => break,
        }
    }
    // Another customer's admin and the other account manager: nothing at all.
    let bob = app.signed_in("bob@becker.example").await;
    let foreign = bob
        .call(
            "customer_timeline",
            &[
                ("organization_id", &mueller),
                ("kind", ""),
                ("person", ""),
                ("before", ""),
            ],
        )
        .await;
    assert_eq!(foreign.status(), 404);
    let body = foreign.text().await.unwrap();
    assert!(!body.contains("Müller") && !body.contains("Egon"), "{body}");
    app.stop().await;
}

async fn filters_by_kind_and_person_and_pages_without_repeats(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    // Enough events for several pages: 30 orders within Egon's limit.
    for _ in 0..30 {
        placed_id(&order(&egon, &[(PUMP, 1)]).await);
    }
    let big = placed_id(&order(&egon, &[(PUMP, 5)]).await);
    decide(&hannah, &big, 0, "reject", "Not this month").await;

    let carla = app.signed_in("carla@mueller.example").await;
    let egon_id = app.user_id("egon@mueller.example").await;
    // Only orders: every item is one, and Hannah's refusal is among them.
    let orders = timeline(&carla, "en", "", &[("kind", "orders")]).await;
    assert!(
        orders["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "Orders")
    );
    assert!(
        sentences(&orders).iter().any(
            |s| s.starts_with("Hannah Becker refused order") && s.ends_with("“Not this month”")
        ),
        "{:#?}",
        sentences(&orders)
    );
    // Only Egon: what he did, and mails to him.
    let his = timeline(&carla, "en", "", &[("person", &egon_id)]).await;
    for s in sentences(&his) {
        assert!(
            s.starts_with("Egon Schmidt ") || s.contains("egon@mueller.example"),
            "{s}"
        );
    }

    // Every page: at most 50, newest first, no event twice, and together every event
    // of the first page's kind of reading.
    let mut seen = HashSet::new();
    let mut last: Option<(i64, String)> = None;
    let mut before = String::new();
    let mut pages = 0;
    loop {
        let view = timeline(&carla, "en", "", &[("before", &before)]).await;
        pages += 1;
        let items = view["items"].as_array().unwrap();
        assert!(items.len() <= 50);
        for item in items {
            let key = (
                item["at_ms"].as_i64().unwrap(),
                item["id"].as_str().unwrap().to_string(),
            );
            if let Some(previous) = &last {
                assert!(key < *previous, "{key:?} after {previous:?}");
            }
            assert!(seen.insert(key.1.clone()), "{key:?} twice");
            last = Some(key);
        }
        match view["next"].as_str() {
            Some(next) => before = next.to_string(),
            None => break,
        }
    }
    assert!(pages >= 3, "{pages} pages");
    // Everything Müller's admin may see is there: every audit entry of Müller, but
    // the vendor's internal ones.
    let audit: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log a JOIN organizations o ON o.id = a.organization_id
          WHERE o.name = 'Maschinenbau Müller GmbH'
            AND a.action NOT IN ('quote.noted', 'service.assigned')",
    )
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    let audit_shown = seen.len() as i64;
    assert!(audit_shown >= audit, "{audit_shown} < {audit}");
    // A position that was never written is the first page, not an error.
    let odd = timeline(&carla, "en", "", &[("before", "x'; DROP TABLE orders")]).await;
    assert!(!odd["items"].as_array().unwrap().is_empty());
    app.stop().await;
}
