//! Request and response rules that protect the portal: cross-site writes refused,
//! malformed server-function calls answered as client errors, fixed security headers.

use ::http::{HeaderName, HeaderValue, StatusCode};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

/// The portal's own origin (`scheme://host[:port]`), from its public URL.
#[derive(Clone)]
pub(super) struct OwnOrigin(String);

impl OwnOrigin {
    pub(super) fn of(url: &str) -> OwnOrigin {
        OwnOrigin(origin_of(url))
    }
}

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
pub(super) async fn refuse_cross_site_writes(
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
pub(super) async fn bad_arguments_are_client_errors(
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
    // The body is the function's typed error, e.g. `{"call":{"Args":"missing field …"}}`.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    use leptos::server_fn::error::ServerFnErrorErr;
    if let Ok(kontor_app::AppError::Call(
        ServerFnErrorErr::Args(_)
        | ServerFnErrorErr::MissingArg(_)
        | ServerFnErrorErr::Deserialization(_),
    )) = serde_json::from_slice(&bytes)
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Every answer but the site's static files (`/pkg/…`, the favicon) is
/// `Cache-Control: no-store` unless it says otherwise: signed-in pages, server-function
/// answers and downloads must not be kept by a shared cache or the browser's history
/// after signing out.
pub(super) async fn no_store_unless_static(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    // `/pkg` says for itself (immutable when hashed); the site's other own files
    // (icons, manifest, offline page) may be kept but are checked on each use.
    let policy = if path.starts_with("/pkg/") {
        None
    } else if is_site_file(path) {
        Some("no-cache")
    } else {
        Some("no-store")
    };
    let mut response = next.run(request).await;
    if let Some(policy) = policy {
        response
            .headers_mut()
            .entry(::http::header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(policy));
    }
    response
}

/// The files of `app/public`, served as they are.
fn is_site_file(path: &str) -> bool {
    path.starts_with("/icons/")
        || matches!(
            path,
            "/favicon.svg"
                | "/manifest.webmanifest"
                | "/offline.html"
                | "/offline.css"
                | "/sw-register.js"
        )
}

/// Whether a request streams (downloads, multipart uploads): those may take as long
/// as the bytes take; everything else is cut off after the request timeout.
fn streams(request: &axum::extract::Request) -> bool {
    let multipart = request
        .headers()
        .get(::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    multipart || request.uri().path().starts_with("/files/")
}

/// A request that takes longer than the limit (a client sending its body slowly, a
/// stuck query) is answered 408 and its work dropped.
/// Every page answer's Content-Security-Policy, with the nonce its scripts carry: the
/// nonce is chosen here, before the page renders, and handed to it in the request
/// (`kontor_app::server::PageNonce`). Set outside the render, so an HTML page never
/// goes out with the strict policy for other answers (a page rendered under load once
/// did, and the browser refused its scripts).
pub(super) async fn page_policy(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let nonce: std::sync::Arc<str> = kontor_app::server::auth::random_token().into();
    request
        .extensions_mut()
        .insert(kontor_app::server::PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && let Ok(value) = HeaderValue::from_str(&kontor_app::server::page_policy(&nonce)) {
        response
            .headers_mut()
            .insert(::http::header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

pub(super) async fn time_limit(
    State(limit): State<std::time::Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if streams(&request) {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (StatusCode::REQUEST_TIMEOUT, "request timed out").into_response(),
    }
}

/// The path as the request log shows it: the token in an invitation or reset link
/// blanked (it would let a reader of the log set the password).
pub(super) fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/welcome/", "/reset/"] {
        if let Some(rest) = path.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return format!("{prefix}[token]").into();
        }
    }
    path.into()
}

pub(super) fn fixed_header(
    name: HeaderName,
    value: &'static str,
) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn tokens_in_paths_are_not_logged() {
        assert_eq!(loggable_path("/welcome/0123abcd"), "/welcome/[token]");
        assert_eq!(loggable_path("/reset/0123abcd/x"), "/reset/[token]");
        assert_eq!(
            loggable_path("/catalog/NH-PMP-1000"),
            "/catalog/NH-PMP-1000"
        );
        assert_eq!(loggable_path("/welcome/"), "/welcome/");
    }
}
