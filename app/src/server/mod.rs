//! Server-side context shared by the server functions (never compiled to wasm).

pub mod auth;
pub mod catalog;
pub mod conditions;
pub mod demo_documents;
pub mod demo_orders;
pub mod documents;
pub mod files;
pub mod multipart;
mod order_mail;
pub mod orders;
pub mod second_factor;
pub mod secrets;
pub mod service;
pub mod team;

use kontor_store::Store;

/// What every server function may use. Provided per request by the server crate;
/// there is no global pool anywhere.
#[derive(Clone)]
pub struct ServerContext {
    pub store: Store,
    /// Called after a transaction wrote mail: wakes the outbox worker so the mail
    /// goes out now rather than at its next poll.
    pub mail_written: std::sync::Arc<dyn Fn() + Send + Sync>,
    /// Where the vendor wants to hear about new prospects.
    pub vendor_inbox: String,
    /// The portal's public base URL, for links in mails (no trailing slash).
    pub public_url: String,
    /// Where document files are stored.
    pub files: files::Files,
    /// Holidays and the reopen window of service requests.
    pub service: service::ServiceSettings,
    /// Seals secrets at rest (second-factor keys).
    pub secrets: secrets::SecretBox,
}

/// The request's server context. Panics only when the server forgot to provide it,
/// which every integration test would show at once.
pub fn context() -> ServerContext {
    leptos::prelude::expect_context::<ServerContext>()
}

/// Logs an internal error with its details and returns the message the browser may
/// see: nothing about SQL, files or other organizations.
pub fn internal_error(
    action: &str,
    error: impl std::fmt::Display,
) -> leptos::prelude::ServerFnError {
    tracing::error!(%error, action, "request failed");
    leptos::prelude::ServerFnError::new("internal")
}

/// Sets the Content-Security-Policy of an HTML page. The hydration script is inline,
/// so it is allowed by this response's nonce (provided per request by the server)
/// rather than by `'unsafe-inline'`; `'wasm-unsafe-eval'` lets the browser compile
/// the app's wasm, nothing else.
pub fn set_page_security_headers() {
    use leptos::prelude::use_context;
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|nonce| format!(" 'nonce-{nonce}'"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// After a plain HTML form post (JavaScript off or not loaded yet), the browser is
/// sent to `path` — where the JavaScript version navigates — instead of back to the
/// form's page (Leptos' default for such posts). Calls from the app's own script
/// are left alone: it navigates by itself.
pub fn land_plain_form_on(path: &str) {
    let plain_form =
        leptos::prelude::use_context::<http::request::Parts>().is_some_and(|request| {
            request
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        });
    if plain_form {
        leptos_axum::redirect(path);
    }
}
