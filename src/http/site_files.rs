//! The site's built files (`/pkg/…`: wasm, JavaScript, CSS).
//!
//! A release build makes brotli and gzip copies beside each file
//! (`cargo leptos build --release --precompress`); they are sent to browsers that accept
//! them, so the wasm travels compressed (compressing it per request would cost more CPU
//! than the page). With `hash-files` every file's name carries a hash of its content,
//! so it can be cached for a year and never asked for again: a returning visitor
//! downloads no wasm at all until a new version is deployed, which has new names.
//! Files without a hash in their name are revalidated instead.

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use std::path::Path;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// `/pkg` of the built site, compressed copies preferred.
pub(super) fn router<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    Router::new()
        .fallback_service(
            ServeDir::new(Path::new(site_root).join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(cache_control))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = has_content_hash(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let value = if immutable { IMMUTABLE } else { REVALIDATE };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // The body depends on what the browser accepts: a shared cache must know.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// `kontor.<hash>.wasm`: cargo-leptos puts a base64url hash of the content between
/// the name and the extension.
fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() >= 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// Whether cargo-leptos hashed the file names: it writes the hashes next to the
/// binary, where Leptos looks for them.
pub(super) fn names_are_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.exists())
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(has_content_hash("/pkg/kontor.Xq3_vB-2mN8pL0aa9ZcQ1w.wasm"));
        assert!(has_content_hash("/kontor.Xq3_vB-2mN8pL0aa9ZcQ1w.css"));
        assert!(!has_content_hash("/pkg/kontor.wasm"));
        assert!(!has_content_hash("/pkg/kontor_bg.wasm"));
        assert!(!has_content_hash("/pkg/kontor.short.js"));
        assert!(!has_content_hash("/pkg/kontor.has spaces in it!.js"));
    }
}
