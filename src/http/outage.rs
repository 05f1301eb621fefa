//! A database outage is a 503, not a 500.
//!
//! While the database is down (restarted, failed over, unreachable) every request that
//! needs it fails, and the code that fails does not know why: a session lookup, a page's
//! load or an API call each answer 500. For the caller the difference matters. A 500
//! says "this request is broken", a 503 with `Retry-After` says "try again in a moment"
//! — load balancers, the vendor's ERP client and the person at the screen all do the
//! right thing with it. So a 500 is checked once more on its way out: when the
//! database does not answer a trivial query either, the answer becomes a 503. Errors
//! are rare, so the extra query costs nothing while all is well.
//!
//! An overloaded database is the other case: every connection of the pool is busy, a
//! request waits for one until the acquire timeout and fails. The probe would then wait
//! in the same queue and may well get a connection in time, so it is not asked: a 500
//! that leaves while the pool is exhausted is a 503 too. The caller's retry comes when
//! the queue has drained, which is what `Retry-After` is for.

use super::api::problem::Problem;
use ::http::{HeaderValue, StatusCode, header};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kontor_store::Store;
use std::time::Duration;

/// What `Retry-After` says: long enough for a restart, short enough not to give up.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// A database that cannot answer `SELECT 1` within this is as good as down.
const PROBE_LIMIT: Duration = Duration::from_secs(2);

pub(super) async fn outage_is_unavailable(
    State(store): State<Store>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    if store.pool_is_exhausted() {
        tracing::warn!("every database connection is busy: 503 instead of 500");
    } else {
        let reachable = tokio::time::timeout(PROBE_LIMIT, store.is_reachable())
            .await
            .unwrap_or(false);
        if reachable {
            return response;
        }
        tracing::warn!("the database does not answer: 503 instead of 500");
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        // The API's body repeats the status: a new problem, not a patched one.
        return Problem::unavailable(RETRY_AFTER_SECONDS).into_response();
    }
    // A page keeps its body (the error panel in the person's language).
    let (mut parts, body) = response.into_parts();
    parts.status = StatusCode::SERVICE_UNAVAILABLE;
    parts
        .headers
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    Response::from_parts(parts, body)
}
