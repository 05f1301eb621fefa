//! `/sw.js`: the service worker (see `service_worker.js`), stamped with the version
//! of the site files it serves, so that every deployment installs a fresh worker.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const SCRIPT: &str = include_str!("service_worker.js");

/// The build's version: the content hashes cargo-leptos wrote next to the binary
/// (they change with every change to the site files), or the package version when
/// the names are not hashed (a development build).
fn version() -> String {
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default();
    let hashes: Vec<&str> = hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(_, hash)| hash.trim())
        .collect();
    if hashes.is_empty() {
        env!("CARGO_PKG_VERSION").to_string()
    } else {
        hashes.join("-")
    }
}

/// Answers the worker script. Browsers check it for updates on every navigation;
/// `no-cache` makes each check reach the server.
pub(super) async fn script() -> Response {
    static BODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = BODY.get_or_init(|| format!("const VERSION = {:?};\n{SCRIPT}", version()));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            // A worker's own policy governs its fetches: it may reach this site only
            // (the strict default for non-pages would forbid even that).
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                ),
            ),
        ],
        body.as_str(),
    )
        .into_response()
}
