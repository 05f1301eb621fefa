//! HTTP assembly: Leptos pages and server functions, operational endpoints, and the
//! layers every response passes through (request id, logging, security headers).

use crate::config::Config;
use ::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::extract::{FromRef, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kontor_app::app::{App, shell};
use kontor_app::i18n::LANGUAGE_COOKIE;
use kontor_app::server::ServerContext;
use kontor_domain::Locale;
use kontor_store::Store;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use std::sync::Arc;
use tokio::sync::Notify;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, FromRef)]
struct AppState {
    leptos_options: LeptosOptions,
    store: Store,
}

pub fn router(config: &Config, store: Store, outbox_waker: Arc<Notify>) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("kontor")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    let context = ServerContext {
        store: store.clone(),
        mail_written: Arc::new(move || outbox_waker.notify_one()),
        vendor_inbox: config.vendor_inbox.clone(),
        public_url: config.public_url.clone(),
    };
    // Runs for every page render and server function call: per-request context,
    // never a global.
    let per_request = move || {
        provide_context(context.clone());
        leptos::nonce::provide_nonce();
    };
    let routes = generate_route_list(App);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        store,
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{tag}", get(choose_language))
        .leptos_routes_with_context(&state, routes, per_request.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(per_request, shell))
        .with_state(state)
        .layer(axum::middleware::from_fn(bad_arguments_are_client_errors))
        .layer(axum::middleware::from_fn_with_state(
            OwnOrigin(origin_of(&config.public_url)),
            refuse_cross_site_writes,
        ))
        // Headers on every response. HTML pages set a nonce-based CSP of their own
        // (`kontor_app::server::set_page_security_headers`); everything else gets the
        // strictest one.
        .layer(
            ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
                ))
                .layer(fixed_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(fixed_header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(fixed_header(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
                .layer(fixed_header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
                .layer(fixed_header(
                    HeaderName::from_static("permissions-policy"),
                    "camera=(), microphone=(), geolocation=()",
                )),
        )
        .layer(CompressionLayer::new())
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only: query strings may carry tokens.
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
}

/// The portal's own origin (`scheme://host[:port]`), from its public URL.
#[derive(Clone)]
struct OwnOrigin(String);

fn origin_of(url: &str) -> String {
    match url.find("://") {
        Some(scheme_end) => {
            let rest = &url[scheme_end + 3..];
            let host_end = rest.find('/').unwrap_or(rest.len());
            url[..scheme_end + 3 + host_end].to_ascii_lowercase()
        }
        None => url.to_ascii_lowercase(),
    }
}

/// Cross-site request forgery: a request that changes something (any method but
/// GET/HEAD/OPTIONS) is refused with 403 when the browser says it comes from another
/// site. Leptos server functions do no such check themselves. `Sec-Fetch-Site` is
/// trusted where sent (every current browser); otherwise `Origin` must be this site
/// (the public URL, or the Host the request was sent to). A request with neither
/// header does not come from a browser, and without a victim's browser there is no
/// forgery.
async fn refuse_cross_site_writes(
    State(OwnOrigin(own)): State<OwnOrigin>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use ::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    let allowed = match (text("sec-fetch-site"), text("origin")) {
        (Some(site), _) => site == "same-origin" || site == "none",
        (None, Some(origin)) => {
            let host = text("host").unwrap_or_default();
            origin == own
                || origin
                    .split_once("://")
                    .is_some_and(|(_, authority)| authority == host)
        }
        (None, None) => true,
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site write refused");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

/// Server functions answer every error with 500, also when the request was malformed
/// (a missing or undecodable argument). That is the caller's fault: 400.
async fn bad_arguments_are_client_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Server function error bodies are short texts such as "Args|missing field `email`".
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if ["Args|", "MissingArg|", "Deserialization|"]
        .iter()
        .any(|prefix| bytes.starts_with(prefix.as_bytes()))
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

fn fixed_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers too.
async fn readyz(State(store): State<Store>) -> Response {
    if store.is_reachable().await {
        Json(serde_json::json!({ "status": "ready", "database": store.backend().name() }))
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable" })),
        )
            .into_response()
    }
}

#[derive(Deserialize)]
struct NextPage {
    next: Option<String>,
}

/// The language switch without JavaScript: remember the choice, go back.
async fn choose_language(Path(tag): Path<String>, Query(query): Query<NextPage>) -> Response {
    let Some(locale) = Locale::parse(&tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only paths on this site: never an open redirect.
    let next = query
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}
