//! Requesting an account: validation at the field, one transaction, mail through the
//! outbox, and the same as a plain HTML form.

use crate::on_both_backends;
use crate::support::{Backend, SinkMode, TestApp};

on_both_backends!(
    cross_site_posts_are_refused_and_write_nothing,
    bad_input_is_refused_per_field_and_nothing_is_written,
    a_request_is_recorded_and_both_mails_go_out,
    a_failing_mail_server_never_fails_the_request,
    the_form_works_without_javascript
);

const GOOD: [(&str, &str); 4] = [
    ("company", "Maschinenbau Müller GmbH"),
    ("contact_name", "Egon Schmidt"),
    ("email", "egon@mueller.example"),
    ("message", "Wir möchten Pumpen bestellen."),
];

async fn bad_input_is_refused_per_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .server_fn(
            "request_access",
            &[
                ("company", "  "),
                ("contact_name", "Egon"),
                ("email", "egon@"),
                ("message", ""),
            ],
            "en",
        )
        .await;
    assert_eq!(
        response.status(),
        200,
        "a refusal is an answer, not an error"
    );
    let outcome: serde_json::Value = response.json().await.unwrap();
    assert_eq!(outcome["Invalid"]["company"], "Required");
    assert_eq!(outcome["Invalid"]["email"], "InvalidEmail");
    assert!(outcome["Invalid"]["contact_name"].is_null());
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 0);
    assert_eq!(app.kontor_store.outbox_counts().await.unwrap().pending, 0);
    // A field missing altogether is a malformed request, not a crash.
    let malformed = app
        .server_fn("request_access", &[("company", "x")], "en")
        .await;
    assert_eq!(malformed.status(), 400, "never a 500 for bad input");
    app.stop().await;
}

async fn a_request_is_recorded_and_both_mails_go_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .server_fn("request_access", &GOOD, "de-DE,de;q=0.9")
        .await;
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        "Recorded"
    );
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 1);
    let mails = app.smtp.wait_for(2).await;
    assert_eq!(mails.len(), 2, "confirmation and vendor notice");
    let confirmation = mails
        .iter()
        .find(|m| m.contains("To: egon@mueller.example"))
        .expect("confirmation to the prospect");
    assert!(
        confirmation.contains("Subject: =?utf-8?") || confirmation.contains("Subject: Wir haben"),
        "German subject: {confirmation}"
    );
    let notice = mails
        .iter()
        .find(|m| m.contains("To: vera@nordhydraulik.example"))
        .expect("notice to the vendor inbox");
    assert!(notice.contains("Maschinenbau M"), "{notice}");
    app.stop().await;
}

async fn a_failing_mail_server_never_fails_the_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.smtp.set_mode(SinkMode::Transient);
    let response = app.server_fn("request_access", &GOOD, "en").await;
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        "Recorded"
    );
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 1);
    // The worker tried, failed and scheduled a retry; nothing is lost.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let counts = app.kontor_store.outbox_counts().await.unwrap();
    assert_eq!((counts.pending, counts.sent, counts.failed), (2, 0, 0));
    app.stop().await;
}

async fn cross_site_posts_are_refused_and_write_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let post = |headers: &[(&str, &str)]| {
        let mut request = app
            .client
            .post(app.url("/api/request_access"))
            .header("accept", "application/json")
            .form(&GOOD);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let forged = [
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "https://shop.mueller.example"),
        ],
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
    ];
    for headers in &forged {
        assert_eq!(post(headers).await.unwrap().status(), 403, "{headers:?}");
    }
    assert_eq!(
        app.kontor_store.count_access_requests().await.unwrap(),
        0,
        "nothing written"
    );
    // The portal's own pages may post, by Sec-Fetch-Site or by Origin.
    assert_eq!(
        post(&[("sec-fetch-site", "same-origin")])
            .await
            .unwrap()
            .status(),
        200
    );
    let own_origin = app.base.clone();
    assert_eq!(
        post(&[("origin", own_origin.as_str())])
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 2);
    app.stop().await;
}

/// Sent as a plain HTML form (a visitor's phone before the wasm has arrived): a
/// refusal comes back with the fields' messages and everything typed, a recorded
/// request with its thanks.
async fn the_form_works_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let visitor = app.browser();
    let mut typed = GOOD;
    typed[2] = ("email", "egon@");
    let refused = visitor
        .plain_post("request_access", "/request-access", &typed)
        .await;
    assert!(
        refused.starts_with("/request-access?answered=1&request_access="),
        "{refused}"
    );
    let page = visitor.page(&refused).await.text().await.unwrap();
    assert!(page.contains("Please correct the marked fields."), "{page}");
    assert!(
        page.contains(r#"value="Maschinenbau Müller GmbH""#),
        "{page}"
    );
    assert!(page.contains(r#"value="egon@""#), "{page}");
    assert!(page.contains("Wir möchten Pumpen bestellen."), "{page}");
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 0);

    let recorded = visitor
        .plain_post("request_access", "/request-access", &GOOD)
        .await;
    assert_eq!(
        recorded,
        "/request-access?answered=1&request_access=%22Recorded%22"
    );
    let page = visitor.page(&recorded).await.text().await.unwrap();
    assert!(page.contains("Thank you — we have your request."), "{page}");
    assert_eq!(app.kontor_store.count_access_requests().await.unwrap(), 1);
    app.stop().await;
}
