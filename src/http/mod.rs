//! HTTP assembly: Leptos pages and server functions, operational endpoints, and the
//! layers every response passes through (request id, logging, security headers).

mod analytics;
pub mod api;
mod client;
mod files;
mod outage;
mod page_compression;
mod security;
mod service_worker;
mod site_files;

use crate::config::Config;
use crate::sessions::{DbSessions, IDLE_TIMEOUT};
use ::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::extract::{FromRef, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use axum_login::AuthManagerLayerBuilder;
use kontor_app::app::{App, shell};
use kontor_app::server::ServerContext;
use kontor_app::server::files::Files;
use kontor_domain::Locale;
use kontor_store::Store;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use security::{
    OwnOrigin, bad_arguments_are_client_errors, fixed_header, no_store_unless_static,
    refuse_cross_site_writes, time_limit,
};
use serde::Deserialize;
use std::sync::Arc;
use tokio::sync::Notify;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, FromRef)]
struct AppState {
    leptos_options: LeptosOptions,
    store: Store,
    context: Arc<ServerContext>,
}

/// What server functions and background jobs get to work with.
pub fn server_context(
    config: &Config,
    store: Store,
    files: Files,
    outbox_waker: Arc<Notify>,
) -> ServerContext {
    ServerContext {
        files,
        store,
        mail_written: Arc::new(move || outbox_waker.notify_one()),
        vendor_inbox: config.vendor_inbox.clone(),
        public_url: config.public_url.clone(),
        service: config.service.clone(),
        secrets: config
            .secret_key
            .as_ref()
            .and_then(|key| kontor_app::server::secrets::SecretBox::from_key_text(key.expose()))
            .expect("Kontor::prepare resolved the secret key"),
        clock: kontor_app::server::Clock::System,
        webhooks: config.webhooks.clone(),
    }
}

pub fn router(
    config: &Config,
    store: Store,
    files: Files,
    outbox_waker: Arc<Notify>,
    metrics: Arc<crate::metrics::Metrics>,
) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("kontor")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(site_files::names_are_hashed())
        .build();
    // One context for every request, behind an `Arc`: handlers' state and Leptos'
    // context are cloned per request, and a whole `ServerContext` is not cheap to
    // clone (see `kontor_app::server::context`).
    let context = Arc::new(server_context(config, store.clone(), files, outbox_waker));
    let api = api::router(context.clone(), config.api_requests_per_minute);
    // Runs for every page render and server function call: per-request context,
    // never a global.
    let for_handlers = context.clone();
    let per_request = move || {
        provide_context(context.clone());
        kontor_app::server::provide_page_nonce();
    };
    let routes = route_list();
    let store_for_sessions = store.clone();
    let store_for_outages = store.clone();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        store,
        context: for_handlers,
    };

    let mut pages = Router::new();
    for (path, route) in plain_routes() {
        pages = pages.route(path, route);
    }
    let pages = pages
        .leptos_routes_with_context(&state, routes, per_request.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(per_request, shell))
        .with_state(state)
        // One `layer` call for the stack, outermost first (see the stack below).
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(security::page_policy))
                .layer(axum::middleware::from_fn(
                    crate::sessions::remember_loaded_session,
                ))
                .layer(sign_in_layer(config, store_for_sessions)),
        );
    // The site's files stay outside the session layer. They need no session, and a
    // session layer answers a request whose cookie names an unknown session with a
    // removal cookie: a wasm chunk fetched (prefetched) while a sign-in replaced the
    // session id would arrive after the sign-in's answer and sign the person out
    // again. It also spares every file a session read and write.
    // The API authenticates by token, never by cookie: outside the session layer too.
    Router::new()
        .nest_service("/pkg", site_files::router(&config.site_root))
        .merge(api)
        .merge(pages)
        // One `layer` call for the whole stack, outermost first. Each `Router::layer`
        // call wraps every route in a boxed route of its own, and a boxed route clones
        // the whole stack inside it for every request: ten calls made some hundred
        // clones (and allocations) per request.
        .layer(
            ServiceBuilder::new()
                .layer(
                    ServiceBuilder::new()
                        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                            let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                            // The path only (query strings may carry tokens), and tokens in paths
                            // blanked.
                            let path = security::loggable_path(request.uri().path());
                            tracing::info_span!("request", method = %request.method(), %path, request_id)
                        }))
                        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                        // Inside the request's span: the panic hook's log line names the request.
                        .layer(CatchPanicLayer::custom(panic_answer)),
                )
                // Downloads are sent as stored: compressing them would break byte ranges
                // (and PDFs, CAD archives and images hardly shrink). Pages and answers go
                // out as zstd (Chromium, Firefox) or gzip (Safari), never brotli: made per
                // request, a page's brotli costs the server several times its zstd, for
                // 6 % fewer bytes (README, "Compressing pages"), so tower-http's
                // `compression-br` feature is left out. The site's files keep the brotli
                // copies made at build time. Both at their fastest level: zstd 1 takes
                // about a third of level 3's instructions for a page, gzip 1 under half
                // of level 6's, for 4 % and 10-18 % more bytes (a few hundred, well
                // inside the first round trip; README, "SQLite's memory, and pages
                // compressed faster").
                .layer(CompressionLayer::new().quality(CompressionLevel::Fastest).compress_when(
                    DefaultPredicate::new().and(|_, _, headers: &::http::HeaderMap, _: &::http::Extensions| {
                        !headers.contains_key(header::ACCEPT_RANGES)
                    }),
                ))
                // Pages for a browser that prefers zstd are compressed inside, in one
                // call by a kept context (`page_compression`); the layer above leaves a
                // response that already carries its encoding alone.
                .layer(axum::middleware::from_fn(page_compression::compress_pages))
                // Headers on every response. HTML pages get a nonce-based CSP of their own
                // (`security::page_policy`); everything else gets the strictest one.
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
                .layer(axum::middleware::from_fn(no_store_unless_static))
                .layer(axum::middleware::from_fn_with_state(
                    client::TrustedProxies(Arc::new(config.trusted_proxies.clone())),
                    client::client_address,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    config.request_timeout,
                    time_limit,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    OwnOrigin::of(&config.public_url),
                    refuse_cross_site_writes,
                ))
                .layer(axum::middleware::from_fn(bad_arguments_are_client_errors))
                // Innermost but for the outage layer below, so that it runs once the route
                // is known (its pattern names the series).
                .layer(axum::middleware::from_fn_with_state(
                    metrics,
                    crate::metrics::record,
                ))
                // Inside the metrics: they count a database outage's answers as the 503s
                // they become.
                .layer(axum::middleware::from_fn_with_state(
                    store_for_outages,
                    outage::outage_is_unavailable,
                )),
        )
}

/// The routes that are neither pages nor server functions. The authorization matrix
/// test has a row for each (and fails for a route without one).
fn plain_routes() -> Vec<(&'static str, axum::routing::MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(healthz)),
        ("/readyz", get(readyz)),
        ("/sw.js", get(service_worker::script)),
        ("/lang/{tag}", get(choose_language)),
        ("/files/{id}", get(files::download)),
        ("/files/versions/{id}", get(files::download)),
        ("/files/service/{id}", get(files::download)),
        ("/files/quotes/{id}", get(files::download)),
        ("/files/prospects/{id}", get(files::prospect_download)),
        ("/analytics/csv/{table}", get(analytics::csv)),
        ("/vendor/analytics/csv/{table}", get(analytics::vendor_csv)),
    ]
}

/// The paths of [`plain_routes`].
pub fn plain_route_paths() -> Vec<&'static str> {
    plain_routes().into_iter().map(|(path, _)| path).collect()
}

/// Server-side sessions (`tower-sessions`, records in our database) and the signed-in
/// user (`axum-login`). The cookie is HttpOnly, SameSite=Lax (links from mails keep
/// working; cross-site writes are refused separately) and Secure behind HTTPS.
fn sign_in_layer(
    config: &Config,
    store: Store,
) -> axum_login::AuthManagerLayer<kontor_app::server::auth::Backend, DbSessions> {
    let https = config.serves_https();
    let sessions = SessionManagerLayer::new(DbSessions::new(store.clone()))
        .with_name(session_cookie_name(https))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            IDLE_TIMEOUT.as_secs() as i64,
        )))
        // Saving on every request slides the idle timeout (the store skips writes
        // that would move it by less than a minute).
        .with_always_save(true);
    AuthManagerLayerBuilder::new(kontor_app::server::auth::Backend { store }, sessions).build()
}

/// A request that panicked (already counted and logged by [`crate::panics`]): a plain
/// 500, never the panic's message.
fn panic_answer(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// Over HTTPS the cookie is `__Host-` prefixed: browsers then insist on `Secure`,
/// `Path=/` and no `Domain`, so no other host of the domain can set or shadow it.
pub fn session_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-kontor_session"
    } else {
        "kontor_session"
    }
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
    let next = kontor_domain::redirect::local_path_or_home(query.next.as_deref().unwrap_or("/"))
        .to_string();
    let cookie = kontor_app::i18n::language_cookie(locale);
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// The app's pages, generated once per process. Generating them renders the app with
/// resource loading switched off *process-wide* (a global flag in `leptos_server`): a
/// page that another server in the same process starts rendering at that moment waits
/// forever for its data (leptos-rs/leptos#4773). One server per process never meets
/// this; the integration tests, which run many servers in one process, did — as a rare
/// hanging response.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
