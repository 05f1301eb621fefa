//! Who calls the API: the bearer token's client, and how often it may.

use super::ApiState;
use super::problem::Problem;
use ::http::header;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kontor_app::services::{Actor, integration};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Finds the client of the request's bearer token and lets the request through with
/// it as the [`Actor`] (a request extension), or answers 401 / 429.
pub(super) async fn authenticate(
    State(state): State<ApiState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    let Some(token) = token else {
        return Problem::unauthorized().into_response();
    };
    let actor = match integration::authenticate(&state.context, token).await {
        Ok(Some(actor)) => actor,
        Ok(None) => return Problem::unauthorized().into_response(),
        Err(error) => return Problem::from(error).into_response(),
    };
    if let Actor::Client(client) = &actor
        && let Err(wait) = state.limits.take(&client.id, Instant::now())
    {
        let seconds = wait.as_secs().max(1);
        let mut problem = Problem::new(
            ::http::StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests for this client",
        )
        .detail(format!(
            "This client may send {} requests a minute.",
            state.limits.per_minute
        ));
        problem.retry_after = Some(seconds);
        return problem.into_response();
    }
    request.extensions_mut().insert(actor);
    next.run(request).await
}

/// Requests per client and minute, in this process: a token bucket that refills
/// continuously, so a client that keeps to its rate is never refused and a burst of
/// up to a minute's allowance passes. With several instances each keeps its own
/// count (the limit is per instance).
pub(crate) struct RateLimits {
    pub per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimits {
    pub fn new(per_minute: u32) -> RateLimits {
        RateLimits {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the client's allowance, or says how long to wait.
    pub fn take(&self, client_id: &str, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().expect("rate limit lock");
        let bucket = buckets.entry(client_id.to_string()).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_a_minutes_allowance_passes_then_the_rate_holds() {
        let limits = RateLimits::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limits.take("erp", start).is_ok());
        }
        let wait = limits.take("erp", start).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        // Another client has its own allowance.
        assert!(limits.take("other", start).is_ok());
        // One second later one more request passes, and only one.
        let later = start + Duration::from_secs(1);
        assert!(limits.take("erp", later).is_ok());
        assert!(limits.take("erp", later).is_err());
    }
}
