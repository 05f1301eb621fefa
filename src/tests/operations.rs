//! Health, readiness, request ids, security headers, and surviving a database restart.

use crate::on_both_backends;
use crate::support::{Backend, SinkMode, TestApp};
use std::time::Duration;

on_both_backends!(
    health_and_readiness,
    request_id_is_kept_or_made,
    pages_carry_security_headers,
    pool_survives_lost_connections,
    database_outage_answers_503_with_retry_after,
    exhausted_pool_answers_503_though_the_database_answers,
    shutdown_finishes_the_outbox_batch_in_hand,
    metrics_are_served_apart_and_tell_routes_outbox_and_pool,
);

async fn health_and_readiness(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
    app.stop().await;
}

async fn request_id_is_kept_or_made(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let given = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "req-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "req-4711");
    let made = app.get("/healthz").await;
    let id = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(
        id.len(),
        36,
        "a UUID is made when the client sent none: {id}"
    );
    app.stop().await;
}

async fn pages_carry_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        csp.contains("'nonce-"),
        "the hydration script is allowed by nonce: {csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    // The nonce in the header is the one on the inline script, and differs per response.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "script carries the header's nonce"
    );
    let again = app.get("/").await;
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce)
    );
    // Non-HTML responses get the strictest policy.
    let health = app.get("/healthz").await;
    assert!(
        health.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    app.stop().await;
}

/// A restarted database drops every connection; the pool must notice and reconnect
/// without restarting the app. On PostgreSQL the connections are killed from outside
/// (what a restart does to them); SQLite has no server, so the check is that the
/// pool keeps serving after its connections were idle-closed.
async fn pool_survives_lost_connections(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    if backend == Backend::Postgres {
        use sqlx::Connection;
        let admin_url = crate::support::postgres_admin_url();
        let name = app.db.url.rsplit('/').next().unwrap().to_string();
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        let killed: Vec<(bool,)> = sqlx::query_as(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(&name)
        .fetch_all(&mut admin)
        .await
        .unwrap();
        assert!(!killed.is_empty(), "the app held at least one connection");
    }
    for _ in 0..3 {
        assert_eq!(app.get("/readyz").await.status(), 200);
    }
    app.stop().await;
}

/// With the database gone, the answers that failed because of it are 503 with
/// `Retry-After` (a client and a load balancer try again), not 500: a signed-in page
/// (its session cannot be read), a server function, and an API call (a problem whose
/// body says 503 too). The pool is closed here, which fails every query the way a
/// database that does not answer does, on both engines.
async fn database_outage_answers_503_with_retry_after(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let token = crate::api::token(&app, "orders:read", &[]).await;
    let egon = app.signed_in("egon@mueller.example").await;
    assert_eq!(egon.page("/orders").await.status(), 200);

    app.kontor_store.close().await;

    let page = egon.page("/orders").await;
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    let call = egon.call("me", &[]).await;
    assert_eq!(call.status(), 503);
    assert_unavailable_problem(orders_api(&app, &token).await).await;
    // A request that never needed the database is untouched.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 503);
    app.stop().await;
}

/// An overloaded database: every connection of the pool is busy, so a request waits
/// for one until the acquire timeout and fails — though the database itself answers.
/// That is a 503 with `Retry-After` too, for a page and for the API. The connections
/// come free again a second after the requests gave up, as they do under real load:
/// a probe of the database asked then gets one and says "reachable", so without the
/// pool check these answers were 500 (the mutation was tried). Afterwards the same
/// requests succeed.
async fn exhausted_pool_answers_503_though_the_database_answers(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let token = crate::api::token(&app, "orders:read", &[]).await;
    let egon = app.signed_in("egon@mueller.example").await;
    assert_eq!(egon.page("/orders").await.status(), 200);

    let store = &app.kontor_store;
    let most = store.pool_connections().max as usize;
    let mut held = Vec::with_capacity(most);
    for _ in 0..most {
        held.push(store.hold_connection().await.unwrap());
    }
    // sqlx counts a connection given back (by the page above, on another thread) as
    // idle only just after another caller may have taken it. The store reads the
    // count that wraps then as "none idle" (its unit test); the wait is a margin for
    // any other moment the count lags.
    for _ in 0..100 {
        if store.pool_is_exhausted() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(store.pool_is_exhausted());
    // Both wait out the acquire timeout side by side; the outage check's probe would
    // wait up to two seconds more, and gets a connection half-way.
    let churn = async move {
        tokio::time::sleep(kontor_store::ACQUIRE_TIMEOUT + Duration::from_secs(1)).await;
        drop(held);
    };
    let (page, api, ()) = tokio::join!(egon.page("/orders"), orders_api(&app, &token), churn);
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    assert_unavailable_problem(api).await;

    assert_eq!(egon.page("/orders").await.status(), 200);
    assert_eq!(orders_api(&app, &token).await.status(), 200);
    app.stop().await;
}

/// The ERP's order list, `GET /api/v1/orders`, with the client's token.
async fn orders_api(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/orders"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// An API answer that says "unavailable, try again": 503, `Retry-After`, and a problem
/// body that repeats the status.
async fn assert_unavailable_problem(api: reqwest::Response) {
    assert_eq!(api.status(), 503);
    assert_eq!(api.headers()["retry-after"], "5");
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = api.json().await.unwrap();
    assert_eq!(problem["status"], 503);
    assert_eq!(problem["type"], "/api/v1/problems/unavailable");
}

/// Stopping the server while the worker is sending: the batch it claimed is sent
/// and recorded before the process ends, not left leased until the lease expires.
async fn shutdown_finishes_the_outbox_batch_in_hand(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.smtp.set_delay(Duration::from_millis(700));
    let form = [
        ("company", "Becker Fördertechnik KG"),
        ("contact_name", "Bob Becker"),
        ("email", "bob@becker.example"),
        ("message", ""),
    ];
    let response = app.server_fn("request_access", &form, "en").await;
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        "Recorded"
    );
    // The worker was woken by the request and is now inside the slow SMTP dialogue.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        app.smtp.messages().is_empty(),
        "still sending when the shutdown starts"
    );
    let smtp = app.smtp.clone();
    let db = app.stop_keeping_database().await;
    assert_eq!(
        smtp.messages().len(),
        2,
        "both mails of the batch went out before the stop"
    );
    // The server closed its pool; look at the rows through a new handle.
    let store = kontor_store::Store::connect(&db.url).await.unwrap();
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!(
        (counts.sent, counts.pending),
        (2, 0),
        "recorded as sent, nothing left leased"
    );
}

/// The sample of one series, e.g. `kontor_outbox_pending`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        line.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

async fn metrics_are_served_apart_and_tell_routes_outbox_and_pool(backend: Backend) {
    // Off by default, and never on the portal's own port.
    let plain = TestApp::spawn(backend).await;
    assert_eq!(plain.get("/metrics").await.status(), 404);
    plain.stop().await;

    // Port 0: the port is chosen when bound (a port picked beforehand could be taken
    // by a parallel test in between).
    // The pool is sized by the operator (the default sizes are the store's unit tests').
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_METRICS_ADDR", "127.0.0.1:0"),
            ("KONTOR_DB_MAX_CONNECTIONS", "6"),
        ],
    )
    .await;
    let addr = app.metrics_addr.expect("metrics are served");
    assert_eq!(
        app.get("/metrics").await.status(),
        404,
        "not on the portal's port"
    );
    // Mail cannot go out: the request's two mails wait, with a failed attempt.
    app.smtp.set_mode(SinkMode::Transient);
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
    assert_eq!(app.get("/catalog").await.status(), 200);
    assert_eq!(app.get("/no-such-page-4711").await.status(), 404);
    let form = [
        ("company", "Becker Fördertechnik KG"),
        ("contact_name", "Bob Becker"),
        ("email", "bob@becker.example"),
        ("message", ""),
    ];
    assert_eq!(
        app.server_fn("request_access", &form, "en").await.status(),
        200
    );
    let scrape = || async {
        let response = app
            .client
            .get(format!("http://{addr}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain; version=0.0.4")
        );
        response.text().await.unwrap()
    };
    // The worker tries once right away; wait until that attempt is on record (a busy
    // machine running the other tests may take a while).
    let mut text = scrape().await;
    for _ in 0..300 {
        if sample(&text, "kontor_outbox_retrying") == Some(2.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        text = scrape().await;
    }
    let count = |route: &str, status: &str| {
        sample(
            &text,
            &format!(
                "kontor_http_request_duration_seconds_count{{method=\"GET\",route=\"{route}\",status=\"{status}\"}}"
            ),
        )
    };
    assert_eq!(count("/healthz", "200"), Some(3.0), "{text}");
    assert_eq!(count("/catalog", "200"), Some(1.0), "{text}");
    // The unknown page and the portal port's /metrics above: one series for both.
    assert_eq!(count("unmatched", "404"), Some(2.0), "{text}");
    assert!(
        !text.contains("no-such-page"),
        "raw paths never become series"
    );
    assert!(
        text.lines().any(|l| l
            .starts_with("kontor_http_request_duration_seconds_count{method=\"POST\"")
            && l.contains("request_access")),
        "server functions are series of their own: {text}"
    );
    assert_eq!(sample(&text, "kontor_outbox_pending"), Some(2.0), "{text}");
    assert_eq!(sample(&text, "kontor_outbox_retrying"), Some(2.0), "{text}");
    assert_eq!(sample(&text, "kontor_outbox_failed"), Some(0.0));
    assert!(
        sample(&text, "kontor_outbox_oldest_pending_age_seconds").is_some_and(|age| age >= 0.0)
    );
    assert!(sample(&text, "kontor_db_pool_connections_idle").is_some_and(|n| n >= 0.0));
    assert!(sample(&text, "kontor_db_pool_connections_in_use").is_some());
    assert_eq!(sample(&text, "kontor_db_pool_connections_max"), Some(6.0));
    // The loop runs a round at the start and then once a minute: not behind yet
    // (its arithmetic has unit tests of its own).
    assert_eq!(
        sample(&text, "kontor_notice_loop_lag_seconds"),
        Some(0.0),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "kontor_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    // Once the mail server is back and the retries are due, the outbox empties and
    // the gauges say so (the next request's mail wakes the worker).
    app.smtp.set_mode(SinkMode::Accept);
    let mut raw = app.db.raw().await;
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&mut raw)
        .await
        .unwrap();
    let form = [
        ("company", "Schmidt Anlagenbau GmbH"),
        ("contact_name", "Sara Schmidt"),
        ("email", "sara@schmidt.example"),
        ("message", ""),
    ];
    assert_eq!(
        app.server_fn("request_access", &form, "en").await.status(),
        200
    );
    app.smtp.wait_for(4).await;
    for _ in 0..300 {
        text = scrape().await;
        if sample(&text, "kontor_outbox_pending") == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sample(&text, "kontor_outbox_pending"), Some(0.0), "{text}");
    assert_eq!(
        sample(&text, "kontor_outbox_oldest_pending_age_seconds"),
        Some(0.0)
    );
    app.stop().await;
}
