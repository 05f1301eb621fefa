//! Server-side context shared by the server functions (never compiled to wasm).

pub mod auth;
pub mod catalog;
pub mod conditions;
pub mod demo_documents;
pub mod demo_history;
pub mod demo_leads;
pub mod demo_orders;
pub mod demo_quotes;
pub mod device;
pub mod documents;
pub mod files;
pub mod leads;
pub mod multipart;
pub mod prospect;
pub mod quote_files;
pub mod second_factor;
pub mod secrets;
pub mod service;
pub mod site_assets;

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
    /// What "now" is for the operations run with this context.
    pub clock: Clock,
    /// Where webhooks may go and when a failing endpoint is switched off.
    pub webhooks: crate::services::webhooks::WebhookSettings,
}

/// The time operations see: the system's, or a fixed instant — the demo seed writes
/// its history (orders placed weeks ago) through the same operations as people do.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    System,
    At(i64),
}

impl ServerContext {
    /// Now, in milliseconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match self.clock {
            Clock::System => kontor_store::now_ms(),
            Clock::At(at) => at,
        }
    }

    /// This context with the clock standing at `at`.
    pub fn at(&self, at: i64) -> ServerContext {
        ServerContext {
            clock: Clock::At(at),
            ..self.clone()
        }
    }
}

/// The request's server context and who acts in it.
pub type Caller = (std::sync::Arc<ServerContext>, crate::services::Actor);

/// The server context and the signed-in person as the actor of a business
/// operation (401 when nobody is signed in). The person's language comes from the
/// request.
pub async fn caller() -> Result<Caller, crate::AppError> {
    // The context before the first await: once the future has been woken from
    // elsewhere (a page's resource polls it so) the request's context may be gone.
    let ctx = context();
    let locale = crate::i18n::initial_locale();
    let user = auth::signed_in().await?;
    let actor = crate::services::Actor::of_person(user.record, locale);
    Ok((ctx, actor))
}

/// A service's refusal as a server function's answer: 404 and 403 with their status,
/// a store failure logged with its details and answered without them.
pub fn refusal(error: crate::services::ServiceError) -> crate::AppError {
    use crate::services::ServiceError;
    match error {
        ServiceError::NotFound => auth::not_found(),
        ServiceError::Forbidden => auth::forbidden(),
        ServiceError::Store(e) => internal_error("service", e),
        ServiceError::Files(crate::server::files::FilesError::Body(_)) => auth::bad_request(),
        ServiceError::Files(e) => internal_error("files", e),
    }
}

/// The request's server context. Panics only when the server forgot to provide it,
/// which every integration test would show at once. Provided behind an `Arc`: Leptos
/// hands out a clone of a context value each time it is asked for, and a page asks
/// several times (a whole `ServerContext` cloned and dropped cost about 14,000
/// instructions per page).
pub fn context() -> std::sync::Arc<ServerContext> {
    leptos::prelude::expect_context::<std::sync::Arc<ServerContext>>()
}

/// Logs an internal error with its details and returns the message the browser may
/// see: nothing about SQL, files or other organizations.
pub fn internal_error(action: &str, error: impl std::fmt::Display) -> crate::AppError {
    tracing::error!(%error, action, "request failed");
    crate::AppError::Internal
}

/// The Content-Security-Policy of an HTML page whose inline scripts (the hydration
/// script) carry `nonce`: allowed by it rather than by `'unsafe-inline'`;
/// `'wasm-unsafe-eval'` lets the browser compile the app's wasm, nothing else.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce of one page request, chosen by the server's middleware before the page
/// renders; the same middleware puts it into the response's policy ([`page_policy`]).
/// The page's scripts get it from [`provide_page_nonce`], so header and page cannot
/// disagree, whatever happens to the render's own response options.
#[derive(Clone, Debug)]
pub struct PageNonce(pub std::sync::Arc<str>);

/// Provides the request's [`PageNonce`] as the nonce the page's scripts carry; a
/// fresh one where the request has none (server functions).
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let chosen = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    match chosen {
        Some(PageNonce(nonce)) => provide_context(leptos::nonce::Nonce::from_value(nonce)),
        None => leptos::nonce::provide_nonce(),
    }
}

/// Whether this request is a plain HTML form post (the browser, not the app's script,
/// sent it: it wants a page back).
fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|request| {
        request
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// After a plain HTML form post that the server refused, sends the browser back to
/// the form's page with the `answer` of the server function at `function` (its
/// `PATH`) and the `kept` fields in the query (see `crate::plain_form`); a kept
/// field with an empty value is dropped from the query. The page is taken from the Referer, path and query only, so
/// the redirect never leaves this site. Calls from the app's script are left alone.
pub fn answer_plain_form<T: serde::Serialize>(function: &str, answer: &T, kept: &[(&str, &str)]) {
    let parameter = crate::plain_form::answer_parameter(function);
    if !is_plain_form_post() {
        return;
    }
    let Some(request) = leptos::prelude::use_context::<http::request::Parts>() else {
        return;
    };
    let referer = request
        .headers
        .get(http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<http::Uri>().ok());
    let Some(page) = referer.as_ref().and_then(|uri| {
        kontor_domain::redirect::local_path(uri.path()).map(|path| (path, uri.query()))
    }) else {
        return;
    };
    let (path, query) = page;
    let ours = |name: &str| {
        name == crate::plain_form::ANSWER_MARK
            || name == parameter
            || kept.iter().any(|(k, _)| *k == name)
    };
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if !ours(&name) {
            serializer.append_pair(&name, &value);
        }
    }
    let Ok(json) = serde_json::to_string(answer) else {
        return;
    };
    // The mark, the answer, then the fields kept with it: the page's script drops
    // everything from the mark on once it runs (`crate::plain_form`).
    serializer.append_pair(crate::plain_form::ANSWER_MARK, "1");
    serializer.append_pair(parameter, &json);
    // An empty value clears what an earlier refusal kept (the reply that now went out).
    for (name, value) in kept.iter().filter(|(_, value)| !value.is_empty()) {
        serializer.append_pair(name, value);
    }
    let address = format!("{path}?{}", serializer.finish());
    // A long answer (hundreds of refused quick-order lines) stays out of the address:
    // proxies and servers refuse request lines much past 8 KB. The browser then goes
    // back to the form's page as it stands (Leptos' default), without the answer.
    if address.len() > MAX_ANSWER_ADDRESS {
        return;
    }
    leptos_axum::redirect(&address);
}

/// The longest address a plain form's answer is sent back in (see [`answer_plain_form`]).
pub const MAX_ANSWER_ADDRESS: usize = 8_000;

/// After a plain HTML form post (JavaScript off or not loaded yet), the browser is
/// sent to `path` — where the JavaScript version navigates — instead of back to the
/// form's page (Leptos' default for such posts). Calls from the app's own script
/// are left alone: it navigates by itself.
pub fn land_plain_form_on(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}
