//! Operations metrics in the Prometheus text format, served on a listen address of
//! their own (`KONTOR_METRICS_ADDR`, off by default) so that nothing about the
//! portal's traffic is visible on the public port.
//!
//! Requests are counted and timed per route (the route's pattern, never the raw
//! path: ids and tokens stay out and the number of series stays bounded). What the
//! database knows — the outbox, the pool — is read when scraped.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kontor_store::{Store, now_ms};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: String,
}

type RequestHistograms = Family<RequestLabels, Histogram, fn() -> Histogram>;

/// 0.5 ms to about 8 s in doublings: the budgets (30 ms a page, 50 ms an order) sit
/// in the middle, where the buckets are finest relative to them.
fn request_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// One server's metrics. Cheap to share; requests record into it without locks.
pub struct Metrics {
    registry: Registry,
    store: Store,
    requests: RequestHistograms,
    outbox_pending: Gauge,
    outbox_retrying: Gauge,
    outbox_oldest_age: FloatGauge,
    outbox_failed: Gauge,
    pool_in_use: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    notice_lag: FloatGauge,
    notice_pass: FloatGauge,
    /// When the notice loop last finished a round (ms; 0 = not yet).
    notice_finished_at: AtomicI64,
    notice_every: Duration,
    started_at: i64,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    pub fn new(store: Store, notice_every: Duration) -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("kontor");
        let requests = RequestHistograms::new_with_constructor(request_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer, per route pattern, method and status (its _count is the request count)",
            requests.clone(),
        );
        let mut gauge = |name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let outbox_pending = gauge("outbox_pending", "Mails waiting to be sent now");
        let outbox_retrying = gauge(
            "outbox_retrying",
            "Mails waiting whose earlier sending attempts failed",
        );
        let outbox_failed = gauge(
            "outbox_failed",
            "Mails given up after their last sending attempt",
        );
        let pool_in_use = gauge(
            "db_pool_connections_in_use",
            "Database connections lent to a request or task",
        );
        let pool_idle = gauge(
            "db_pool_connections_idle",
            "Database connections idle in the pool",
        );
        let pool_max = gauge(
            "db_pool_connections_max",
            "Database connections the pool may open at most",
        );
        let mut float_gauge = |name: &str, help: &str| {
            let gauge = FloatGauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let outbox_oldest_age = float_gauge(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest mail waiting to be sent (0 when none waits)",
        );
        let notice_lag = float_gauge(
            "notice_loop_lag_seconds",
            "How far the notice loop (reminders, escalations, SLA warnings, digests, expiries) is behind its schedule",
        );
        let notice_pass = float_gauge(
            "notice_loop_last_round_seconds",
            "How long the notice loop's last round took",
        );
        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION").to_string(),
            })
            .set(1);
        registry.register("build_info", "The running build (always 1)", build);
        Arc::new(Metrics {
            registry,
            store,
            requests,
            outbox_pending,
            outbox_retrying,
            outbox_oldest_age,
            outbox_failed,
            pool_in_use,
            pool_idle,
            pool_max,
            notice_lag,
            notice_pass,
            notice_finished_at: AtomicI64::new(0),
            notice_every,
            started_at: now_ms(),
        })
    }

    fn record_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status: status.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// The notice loop finished a round that took `took`.
    pub fn notice_round_finished(&self, took: Duration) {
        self.notice_finished_at.store(now_ms(), Ordering::Relaxed);
        self.notice_pass.set(took.as_secs_f64());
    }

    /// Seconds the notice loop is overdue: time since its last round (or since the
    /// start) beyond its interval and the last round's own duration.
    fn notice_lag_seconds(&self, now: i64) -> f64 {
        let finished = self.notice_finished_at.load(Ordering::Relaxed);
        let since = if finished == 0 {
            self.started_at
        } else {
            finished
        };
        let allowed = self.notice_every.as_secs_f64() + self.notice_pass.get();
        (((now - since) as f64 / 1000.0) - allowed).max(0.0)
    }

    /// The text exposition, with what the database knows read now.
    pub async fn render(&self) -> anyhow::Result<String> {
        let now = now_ms();
        let outbox = self.store.outbox_health().await?;
        self.outbox_pending.set(outbox.pending);
        self.outbox_retrying.set(outbox.retrying);
        self.outbox_failed.set(outbox.failed);
        self.outbox_oldest_age.set(
            outbox
                .oldest_pending_at
                .map_or(0.0, |at| ((now - at).max(0) as f64) / 1000.0),
        );
        let pool = self.store.pool_connections();
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_in_use
            .set(i64::from(pool.open.saturating_sub(pool.idle)));
        self.pool_max.set(i64::from(pool.max));
        self.notice_lag.set(self.notice_lag_seconds(now));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Middleware: times every request under its route pattern. Requests no route
/// matched are one series ("unmatched"), whatever their path.
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    metrics.record_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// The metrics listener's router: `GET /metrics`, nothing else.
pub fn router(metrics: Arc<Metrics>) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(metrics)
}

async fn scrape(State(metrics): State<Arc<Metrics>>) -> Response {
    match metrics.render().await {
        Ok(text) => (
            [(
                http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::warn!(%error, "metrics scrape failed");
            http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn notice_lag_counts_only_what_is_beyond_the_interval() {
        with_metrics(|metrics| {
            let start = metrics.started_at;
            assert_eq!(metrics.notice_lag_seconds(start + 30_000), 0.0);
            assert_eq!(metrics.notice_lag_seconds(start + 90_000), 30.0);
            metrics.notice_round_finished(Duration::from_secs(2));
            let finished = metrics.notice_finished_at.load(Ordering::Relaxed);
            assert_eq!(metrics.notice_lag_seconds(finished + 61_000), 0.0);
            assert_eq!(metrics.notice_lag_seconds(finished + 72_000), 10.0);
        })
        .await;
    }

    async fn with_metrics(check: impl FnOnce(&Metrics)) {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        let metrics = Metrics::new(store, Duration::from_secs(60));
        check(&metrics);
    }
}
