//! `Idempotency-Key` on POST: the same key with the same request gives one effect and
//! the same answer, however often (and however concurrently) it is sent. The first
//! request claims the key in the database before it runs — so two servers agree on
//! which one works — and stores its answer; later ones get that answer again, marked
//! `Idempotency-Replayed: true`. A request still running makes a second one wait for
//! its answer (up to [`WAIT_FOR_FIRST`]). Keys live for a day.

use super::ApiState;
use super::problem::Problem;
use ::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kontor_app::services::Actor;
use kontor_store::integration::Reservation;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub(super) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");
const KEY_MAX: usize = 255;
const WAIT_FOR_FIRST: Duration = Duration::from_secs(10);

pub(super) async fn honour_key(
    State(state): State<ApiState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(IDEMPOTENCY_KEY) else {
        return next.run(request).await;
    };
    let Some(key) = key
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= KEY_MAX)
        .map(str::to_string)
    else {
        return Problem::bad_request(format!(
            "Idempotency-Key must be 1 to {KEY_MAX} visible characters."
        ))
        .into_response();
    };
    let Some(Actor::Client(client)) = request.extensions().get::<Actor>().cloned() else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::BODY_LIMIT).await else {
        return Problem::bad_request("The body is too large.").into_response();
    };
    let fingerprint = fingerprint(&parts.method, &parts.uri, &bytes);
    let store = &state.context.store;
    let waited_until = tokio::time::Instant::now() + WAIT_FOR_FIRST;
    loop {
        let reservation = store
            .reserve_idempotency_key(&client.id, &key, &fingerprint, state.context.now())
            .await;
        match reservation {
            Ok(Reservation::Fresh) => break,
            Ok(Reservation::Replay { status, body }) => return replay(status, body),
            Ok(Reservation::Mismatch) => {
                return Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency-key-reused",
                    "This Idempotency-Key was used for a different request",
                )
                .into_response();
            }
            Ok(Reservation::InFlight) if tokio::time::Instant::now() < waited_until => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Ok(Reservation::InFlight) => {
                return Problem::new(
                    StatusCode::CONFLICT,
                    "idempotency-key-in-use",
                    "A request with this Idempotency-Key is still running",
                )
                .into_response();
            }
            Err(error) => {
                tracing::error!(%error, "claiming an idempotency key failed");
                return Problem::internal().into_response();
            }
        }
    }
    let request = axum::extract::Request::from_parts(parts, Body::from(bytes));
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        let _ = store.release_idempotency_key(&client.id, &key).await;
        return Problem::internal().into_response();
    };
    // Our failures are not remembered: the retry the key exists for may succeed.
    let outcome = if parts.status.is_server_error() {
        store.release_idempotency_key(&client.id, &key).await
    } else {
        let text = String::from_utf8_lossy(&body);
        store
            .complete_idempotency_key(&client.id, &key, parts.status.as_u16(), &text)
            .await
    };
    if let Err(error) = outcome {
        tracing::error!(%error, "recording an idempotent answer failed");
    }
    Response::from_parts(parts, Body::from(body))
}

fn fingerprint(method: &Method, uri: &::http::Uri, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(method.as_str().as_bytes());
    hash.update(b" ");
    hash.update(uri.to_string().as_bytes());
    hash.update(b"\n");
    hash.update(body);
    hex::encode(hash.finalize())
}

/// The stored answer again. Every API answer is JSON: a problem (4xx) or a result.
fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_client_error() {
        "application/problem+json"
    } else {
        "application/json"
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    response
}
