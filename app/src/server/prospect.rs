//! The cookie that opens the downloads to a confirmed prospect's browser: random,
//! only its SHA-256 is stored, 30 days. Served over HTTPS it is `__Host-` prefixed
//! like the session's: Secure, this host only.

use kontor_domain::lead::SESSION_DAYS;

pub const PROSPECT_COOKIE: &str = "kontor_prospect";
const SECURE_PROSPECT_COOKIE: &str = "__Host-kontor_prospect";

/// The prospect token in a `Cookie` header, if it has the shape of ours.
pub fn token_in(cookies: &str) -> Option<String> {
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == PROSPECT_COOKIE || *name == SECURE_PROSPECT_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The prospect token of the request being answered (server functions and pages).
pub fn token_of_request() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    token_in(parts.headers.get(http::header::COOKIE)?.to_str().ok()?)
}

/// Gives the browser its prospect token.
pub fn keep(token: &str, secure: bool) {
    let attributes = format!(
        "Path=/; Max-Age={}; HttpOnly; SameSite=Lax",
        SESSION_DAYS * 86_400
    );
    let cookie = if secure {
        format!("{SECURE_PROSPECT_COOKIE}={token}; {attributes}; Secure")
    } else {
        format!("{PROSPECT_COOKIE}={token}; {attributes}")
    };
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
