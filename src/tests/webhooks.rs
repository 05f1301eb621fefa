//! Webhooks end to end, on both databases: a receiver that verifies the Standard
//! Webhooks signature gets the order's events; a failing receiver gets retries with
//! back-off and, failing too long, its endpoint is switched off and the vendor admins
//! are told; two delivering instances send each event once; a target that resolves to
//! a private address is refused.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, count};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use kontor::webhook_worker::WebhookWorker;
use kontor_app::services::Actor;
use kontor_app::services::webhooks::{EndpointOutcome, NewEndpointInput, create_endpoint};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

on_both_backends!(
    a_receiver_verifies_the_signed_events_of_an_order,
    a_failing_receiver_gets_retries_then_its_endpoint_is_switched_off,
    two_instances_deliver_each_event_once_and_a_resend_keeps_its_id,
    service_requests_announce_their_opening_and_resolution,
    targets_on_private_addresses_are_refused
);

const ALLOW_PRIVATE: (&str, &str) = ("KONTOR_WEBHOOK_ALLOW_PRIVATE", "1");

/// The demo, with webhook targets on loopback allowed (the test's receivers), and
/// `extra` settings.
async fn demo_with_private_targets(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let mut settings = vec![
        ALLOW_PRIVATE,
        ("KONTOR_DEMO", "1"),
        ("KONTOR_DEMO_PASSWORD", crate::support::DEMO_PASSWORD),
    ];
    settings.extend_from_slice(extra);
    TestApp::spawn_with(backend, &settings).await
}

/// What the receiver got: the three signature headers and the body.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

/// A webhook receiver on loopback: answers with the queued statuses (then 200) and
/// records every request.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    url: String,
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        let mut receiver = Receiver {
            answers: Arc::new(Mutex::new(answers.iter().copied().collect())),
            ..Receiver::default()
        };
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hooks",
            axum::routing::post(move |headers: http::HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_string()
                    };
                    state.got.lock().unwrap().push(Received {
                        id: header("webhook-id"),
                        timestamp: header("webhook-timestamp"),
                        signature: header("webhook-signature"),
                        body,
                    });
                    let status = state.answers.lock().unwrap().pop_front().unwrap_or(200);
                    (http::StatusCode::from_u16(status).unwrap(), "thanks")
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        receiver.url = format!("http://{}/hooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        receiver
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            if self.got().len() >= n {
                return self.got();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} webhooks, got {:?}", self.got());
    }
}

/// The endpoint's deliveries, newest first, once the newest is no longer being sent:
/// the receiver counts a request before the worker has written down its answer.
async fn newest_delivery_settled(
    app: &TestApp,
    endpoint_id: &str,
) -> Vec<kontor_store::webhooks::DeliveryRecord> {
    for _ in 0..200 {
        let log = app
            .kontor_store
            .webhook_deliveries(endpoint_id, 10)
            .await
            .unwrap();
        if log.first().is_some_and(|d| d.state != "pending") {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the newest delivery of {endpoint_id} stayed pending");
}

/// The receiver's check, written from the Standard Webhooks specification.
fn verified(secret: &str, r: &Received) -> bool {
    let key = B64.decode(secret.trim_start_matches("whsec_")).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", r.id, r.timestamp, r.body).as_bytes());
    let expected = format!("v1,{}", B64.encode(mac.finalize().into_bytes()));
    r.signature.split(' ').any(|s| s == expected)
}

async fn endpoint(app: &TestApp, url: &str, types: &str) -> (String, String) {
    let outcome = create_endpoint(
        &app.server_context(),
        &Actor::Operator,
        NewEndpointInput {
            url: url.into(),
            event_types: types.into(),
        },
    )
    .await
    .unwrap();
    match outcome {
        EndpointOutcome::Created { endpoint, secret } => (endpoint.id, secret.expose().into()),
        EndpointOutcome::Invalid(problems) => panic!("refused: {problems:?}"),
    }
}

async fn place(browser: &Browser) -> String {
    let added = browser
        .ok("add_to_cart", &[("sku", "NH-PMP-1000"), ("quantity", "1")])
        .await;
    assert_eq!(added, "Changed");
    let cart = browser.ok("cart", &[]).await;
    let placed = browser
        .ok(
            "place_order",
            &[
                ("idempotency_key", cart["idempotency_key"].as_str().unwrap()),
                ("delivery_address", "Werk 2, Stuttgart"),
            ],
        )
        .await;
    placed["Placed"]["order_id"].as_str().unwrap().to_string()
}

async fn a_receiver_verifies_the_signed_events_of_an_order(backend: Backend) {
    let app = demo_with_private_targets(backend, &[]).await;
    let receiver = Receiver::start(&[]).await;
    let (endpoint_id, secret) = endpoint(&app, &receiver.url, "order.placed,order.approved").await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = place(&egon).await;
    let got = receiver.wait_for(2).await;
    let mut types = Vec::new();
    for r in &got {
        assert!(verified(&secret, r), "signature of {r:?}");
        assert!(!verified("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", r));
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["data"]["order_id"], id.as_str());
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
        types.push(body["type"].as_str().unwrap().to_string());
    }
    types.sort();
    assert_eq!(types, ["order.approved", "order.placed"]);
    // A withdrawal is not subscribed: nothing more arrives.
    egon.ok("withdraw_order", &[("order_id", &id)]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.got().len(), 2);
    // A rotated secret signs what is sent from then on; the old one no longer does.
    let rotated = kontor_app::services::webhooks::rotate_secret(
        &app.server_context(),
        &Actor::Operator,
        &endpoint_id,
    )
    .await
    .unwrap();
    place(&egon).await;
    let got = receiver.wait_for(4).await;
    for r in &got[2..] {
        assert!(verified(rotated.expose(), r), "new secret signs {r:?}");
        assert!(!verified(&secret, r), "old secret does not");
    }
    app.stop().await;
}

async fn a_failing_receiver_gets_retries_then_its_endpoint_is_switched_off(backend: Backend) {
    let app =
        demo_with_private_targets(backend, &[("KONTOR_WEBHOOK_DISABLE_AFTER_HOURS", "1")]).await;
    // First a 503, then accepted: the retry comes after the first back-off (5 s).
    let receiver = Receiver::start(&[503]).await;
    let (endpoint_id, _) = endpoint(&app, &receiver.url, "order.placed").await;
    let egon = app.signed_in("egon@mueller.example").await;
    place(&egon).await;
    let got = receiver.wait_for(2).await;
    assert_eq!(got[0].id, got[1].id, "a retry carries the same webhook-id");
    let gap = got[1].timestamp.parse::<i64>().unwrap() - got[0].timestamp.parse::<i64>().unwrap();
    assert!(gap >= 4, "the retry waited for its back-off ({gap} s)");
    let ctx = app.server_context();
    // The receiver has answered; the worker records the answer a moment later.
    newest_delivery_settled(&app, &endpoint_id).await;
    let log = kontor_app::services::webhooks::deliveries(&ctx, &Actor::Operator, &endpoint_id)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].state.as_str(), log[0].attempts), ("delivered", 2));
    assert_eq!(log[0].last_response.as_deref(), Some("thanks"));

    // A refusal (4xx) is not retried.
    receiver.answers.lock().unwrap().extend([410]);
    place(&egon).await;
    receiver.wait_for(3).await;
    let log = newest_delivery_settled(&app, &endpoint_id).await;
    assert_eq!(
        (log[0].state.as_str(), log[0].attempts, log[0].last_status),
        ("failed", 1, Some(410))
    );

    // Failing for longer than an hour switches the endpoint off and tells the vendor
    // admins. A second worker plays the hours forward.
    receiver.answers.lock().unwrap().extend([500; 20]);
    place(&egon).await;
    receiver.wait_for(4).await;
    let later = WebhookWorker::new(ctx.clone());
    let start = kontor_store::now_ms();
    let mut switched_off = false;
    for hour in 1..=3 {
        later.deliver_due(start + hour * 3_600_000 + 60_000).await;
        let endpoint = app
            .kontor_store
            .webhook_endpoint(&endpoint_id)
            .await
            .unwrap()
            .unwrap();
        if endpoint.enabled == 0 {
            switched_off = true;
            assert!(
                endpoint
                    .disabled_reason
                    .unwrap()
                    .starts_with("failing since")
            );
            break;
        }
    }
    assert!(switched_off, "switched off after failing for an hour");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE subject = $1",
            "Webhook endpoint switched off"
        )
        .await,
        1,
        "the vendor admin is told once"
    );
    // Switched off, it gets nothing more.
    let before = receiver.got().len();
    place(&egon).await;
    later.deliver_due(start + 10 * 3_600_000).await;
    assert_eq!(receiver.got().len(), before);
    app.stop().await;
}

async fn two_instances_deliver_each_event_once_and_a_resend_keeps_its_id(backend: Backend) {
    let app = demo_with_private_targets(backend, &[]).await;
    let receiver = Receiver::start(&[]).await;
    let (endpoint_id, _) = endpoint(&app, &receiver.url, "*").await;
    let egon = app.signed_in("egon@mueller.example").await;
    for _ in 0..6 {
        place(&egon).await;
    }
    // Besides the app's own worker, a second instance with its own connections to the
    // same database delivers at the same time.
    let config = crate::support::test_config(&app.db, &app.smtp, &[ALLOW_PRIVATE]);
    let second_store = kontor_store::Store::connect(&config.database_url)
        .await
        .unwrap();
    let second = WebhookWorker::new(kontor::server_context(
        &config,
        second_store,
        kontor::open_files(&config).unwrap(),
        Arc::new(tokio::sync::Notify::new()),
    ));
    let third = WebhookWorker::new(app.server_context());
    let now = kontor_store::now_ms();
    tokio::join!(second.deliver_due(now), third.deliver_due(now));
    // One delivery per message (placed, and approved where nobody had to approve).
    let expected = count(
        &app,
        "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = $1",
        &endpoint_id,
    )
    .await as usize;
    assert!(expected >= 6);
    let got = receiver.wait_for(expected).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got_after = receiver.got();
    assert_eq!(got_after.len(), expected, "no message twice: {got:?}");
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for r in &got_after {
        *per_id.entry(r.id.clone()).or_default() += 1;
    }
    assert!(per_id.values().all(|n| *n == 1));
    // "Send again" delivers the same message, with the same id.
    let log = app
        .kontor_store
        .webhook_deliveries(&endpoint_id, 1)
        .await
        .unwrap();
    kontor_app::services::webhooks::resend(&app.server_context(), &Actor::Operator, &log[0].id)
        .await
        .unwrap();
    let again = receiver.wait_for(expected + 1).await;
    assert_eq!(again[expected].id, log[0].message_id);
    // "Send again" as a plain HTML form: back on the delivery log, which says so.
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let log_page = format!("/vendor/integrations/webhooks/{endpoint_id}");
    let back = admin
        .plain_post("webhook_resend", &log_page, &[("delivery_id", &log[0].id)])
        .await;
    assert_eq!(back, format!("{log_page}?answered=1&webhook_resend=null"));
    receiver.wait_for(expected + 2).await;
    app.stop().await;
}

async fn targets_on_private_addresses_are_refused(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let ctx = app.server_context();
    for (url, problem) in [
        ("https://127.0.0.1/hooks", "PrivateAddress"),
        ("https://169.254.169.254/latest", "PrivateAddress"),
        ("https://[::1]/hooks", "PrivateAddress"),
        ("https://localhost/hooks", "PrivateAddress"),
        ("http://erp.example.com/hooks", "InvalidUrl"),
        ("https://user@erp.example.com/hooks", "InvalidUrl"),
    ] {
        let outcome = create_endpoint(
            &ctx,
            &Actor::Operator,
            NewEndpointInput {
                url: url.into(),
                event_types: "*".into(),
            },
        )
        .await
        .unwrap();
        let EndpointOutcome::Invalid(problems) = outcome else {
            panic!("{url} accepted")
        };
        assert_eq!(
            format!("{:?}", problems.get("url").unwrap()),
            problem,
            "{url}"
        );
    }
    // A name that resolved to a public address when it was registered and to a
    // private one now (DNS rebinding): refused at delivery, without a request.
    let receiver = Receiver::start(&[]).await;
    let port = receiver
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let id = kontor_store::new_id();
    let sealed = ctx
        .secrets
        .seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &id);
    let audit = kontor_store::audit::AuditEntry {
        organization_id: app
            .kontor_store
            .vendor_organization_id()
            .await
            .unwrap()
            .unwrap(),
        actor_id: None,
        actor_name: "test".into(),
        action: "webhook_endpoint.created".into(),
        target: id.clone(),
        before: None,
        after: None,
    };
    app.kontor_store
        .create_webhook_endpoint(
            &kontor_store::webhooks::NewEndpoint {
                id: &id,
                url: &format!("https://localhost:{port}/hooks"),
                event_types: "*",
                sealed_secret: &sealed,
                created_by: "test",
            },
            &audit,
            kontor_store::now_ms(),
        )
        .await
        .unwrap();
    let egon = app.signed_in("egon@mueller.example").await;
    place(&egon).await;
    WebhookWorker::new(ctx.clone())
        .deliver_due(kontor_store::now_ms())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        receiver.got().is_empty(),
        "nothing reached the private address"
    );
    let log = app.kontor_store.webhook_deliveries(&id, 10).await.unwrap();
    assert!(!log.is_empty());
    for d in &log {
        assert_eq!(d.state, "failed", "{d:?}");
        assert!(
            d.last_response
                .as_deref()
                .unwrap()
                .contains("private address"),
            "{d:?}"
        );
    }
    app.stop().await;
}

async fn service_requests_announce_their_opening_and_resolution(backend: Backend) {
    let app = demo_with_private_targets(backend, &[]).await;
    let receiver = Receiver::start(&[]).await;
    let (_, secret) = endpoint(
        &app,
        &receiver.url,
        "service_request.opened,service_request.resolved",
    )
    .await;
    let egon = app.signed_in("egon@mueller.example").await;
    let opened = egon
        .ok(
            "open_service_request",
            &[
                ("kind", "billing"),
                ("priority", "normal"),
                ("subject", "Delivery date"),
                ("description", "When does the pump arrive?"),
            ],
        )
        .await;
    let id = opened["Done"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{opened}"))
        .to_string();
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    sam.ok(
        "set_request_status",
        &[
            ("request_id", &id),
            ("status", "resolved"),
            ("comment", "Friday."),
        ],
    )
    .await;
    let got = receiver.wait_for(2).await;
    let bodies: Vec<Value> = got
        .iter()
        .map(|r| {
            assert!(verified(&secret, r));
            serde_json::from_str(&r.body).unwrap()
        })
        .collect();
    let mut types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
    types.sort();
    assert_eq!(
        types,
        ["service_request.opened", "service_request.resolved"]
    );
    assert!(
        bodies
            .iter()
            .all(|b| b["data"]["request_id"] == id.as_str())
    );
    app.stop().await;
}
