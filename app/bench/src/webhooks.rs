//! Webhook delivery throughput to a receiver on loopback, against plain HTTP posts to
//! the same receiver in the same run (`cargo run --release -p kontor-bench -- webhooks
//! [count]`).
//!
//! The worker's rate includes what a delivery costs besides the post: leasing a batch
//! in the database, opening the signing secret, signing, resolving and checking the
//! target, and recording each answer in its own transaction. Two baselines, each
//! posting the same bodies 20 at a time (the worker's batch): one client keeping its
//! connections alive, and a new client per post (a new connection, as the worker makes
//! for every attempt so that it reaches the address it checked).

use kontor_app::services::{Actor, webhooks};
use kontor_store::{Store, now_ms};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const CONCURRENCY: usize = 20;

pub async fn run(count: usize) {
    let dir = std::env::temp_dir().join(format!("kontor-bench-hooks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let store = Store::connect(&database_url).await.unwrap();
    store.migrate().await.unwrap();
    store.seed_demo("not-a-real-hash", now_ms()).await.unwrap();
    let context = crate::server_context(&store, &dir, &[("KONTOR_WEBHOOK_ALLOW_PRIVATE", "1")]);

    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move |_body: String| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let body = r#"{"type":"order.placed","timestamp":"2026-11-30T12:00:00Z","data":{"order_id":"o-1","customer_id":"c-1","state":"approved","previous_state":null}}"#;
    let shared = reqwest::Client::new();
    let kept_alive = posts(count, |_| {
        let (client, url) = (shared.clone(), url.clone());
        async move { client.post(url).body(body).send().await.unwrap() }
    })
    .await;
    let fresh = posts(count, |_| {
        let url = url.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    })
    .await;

    let endpoint = match webhooks::create_endpoint(
        &context,
        &Actor::Operator,
        webhooks::NewEndpointInput {
            url: url.clone(),
            event_types: "*".into(),
        },
    )
    .await
    .unwrap()
    {
        webhooks::EndpointOutcome::Created { endpoint, .. } => endpoint.id,
        webhooks::EndpointOutcome::Invalid(problems) => panic!("{problems:?}"),
    };
    let now = now_ms();
    store
        .fill_benchmark_webhooks(&endpoint, count as i64, now)
        .await
        .unwrap();
    received.store(0, Ordering::Relaxed);
    let worker = kontor::webhook_worker::WebhookWorker::new(context);
    let started = Instant::now();
    let mut attempted = 0;
    while attempted < count {
        let done = worker.deliver_due(now).await;
        assert!(done > 0, "deliveries left undelivered");
        attempted += done;
    }
    let worker_secs = started.elapsed().as_secs_f64();
    assert_eq!(
        received.load(Ordering::Relaxed),
        count,
        "each delivered once"
    );

    let rate = |secs: f64| count as f64 / secs;
    println!("\nwebhook delivery, {count} events to one endpoint on loopback (SQLite):");
    println!(
        "  plain posts, one client (keep-alive): {:>8.0} /s",
        rate(kept_alive)
    );
    println!(
        "  plain posts, a client per post:       {:>8.0} /s",
        rate(fresh)
    );
    println!(
        "  the webhook worker (lease, sign, post, record): {:>8.0} /s  ({:.2}× the keep-alive posts' time, {:.2}× the fresh-client posts')",
        rate(worker_secs),
        worker_secs / kept_alive,
        worker_secs / fresh
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Seconds to make `count` posts, `CONCURRENCY` at a time.
async fn posts<F, Fut>(count: usize, post: F) -> f64
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response>,
{
    let started = Instant::now();
    let mut i = 0;
    while i < count {
        let batch: Vec<_> = (i..(i + CONCURRENCY).min(count)).map(&post).collect();
        for response in futures::future::join_all(batch).await {
            assert!(response.status().is_success());
        }
        i += CONCURRENCY;
    }
    started.elapsed().as_secs_f64()
}
