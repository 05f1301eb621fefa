//! Pages compressed with zstd in one call, by a compressor each thread keeps.
//!
//! tower-http's compression layer makes a new streaming encoder for every response:
//! zstd's context is allocated and its tables cleared, and the page is compressed
//! without its size known, so with the parameters for an unbounded stream. Here a page
//! is compressed in one call, its size known, by a context kept between responses: a
//! quarter fewer instructions for the compression in the server, a few bytes fewer
//! (README, "Pages compressed in one call"). Everything else — server functions'
//! answers, the API, gzip for browsers without zstd — stays with tower-http's layer,
//! which leaves a response alone once it carries a `Content-Encoding`.
//!
//! One call needs the whole page. The pages behind a sign-in are rendered whole before
//! they are sent anyway (`SsrMode::Async`); the few public pages that stream (home,
//! sign-in, request access, password links, not found) now go out once their last
//! chunk is there — what they wait for is the header's session read, a local read of
//! a millisecond or less — where tower-http's layer flushed each chunk.

use ::http::{HeaderValue, Request, StatusCode, header};
use axum::body::Body;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::cell::RefCell;

/// The fastest of zstd's regular levels, as tower-http's layer uses for the rest.
const LEVEL: i32 = 1;

/// Smaller bodies are sent as they are (as tower-http's default predicate does).
const SMALLEST: usize = 32;

thread_local! {
    /// One context per thread: a compression never waits, so it never moves between
    /// threads half-way.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

/// Middleware: a page (HTML) for a client whose preferred encoding is zstd goes out
/// compressed here; any other response passes through untouched.
pub async fn compress_pages(request: Request<Body>, next: Next) -> Response {
    let zstd = prefers_zstd(request.headers());
    let response = next.run(request).await;
    if !zstd || !is_page(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let page = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(page) => page,
        Err(error) => {
            // A page's body is a finished string; a failure here is a bug upstream, and
            // the answer could only have been cut off.
            tracing::error!(%error, "a page's body could not be read for compression");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if page.len() < SMALLEST {
        return Response::from_parts(parts, Body::from(page));
    }
    let compressed = match compress(&page) {
        Ok(compressed) => compressed,
        Err(error) => {
            tracing::warn!(%error, "zstd failed; the page goes out as it is");
            return Response::from_parts(parts, Body::from(page));
        }
    };
    let headers = &mut parts.headers;
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("zstd"));
    headers.remove(header::CONTENT_LENGTH);
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Response::from_parts(parts, Body::from(compressed))
}

/// A whole HTML page not encoded yet. Files served with byte ranges (the offline page
/// among the site's files) keep them: compressing would break the ranges.
fn is_page(response: &Response) -> bool {
    let headers = response.headers();
    !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::ACCEPT_RANGES)
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

fn compress(page: &[u8]) -> std::io::Result<Vec<u8>> {
    COMPRESSOR.with(|cell| {
        let mut kept = cell.borrow_mut();
        let compressor = match kept.as_mut() {
            Some(compressor) => compressor,
            None => kept.insert(zstd::bulk::Compressor::new(LEVEL)?),
        };
        compressor.compress(page)
    })
}

/// Whether tower-http's layer would choose zstd for these `Accept-Encoding` headers:
/// zstd accepted (q > 0) and weighted at least as high as gzip and identity (on a tie
/// it prefers zstd). Codings the server does not make are ignored, entries with a
/// malformed weight too.
fn prefers_zstd(headers: &::http::HeaderMap) -> bool {
    let mut zstd = 0.0f32;
    let mut others = 0.0f32;
    let values = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok());
    for entry in values.flat_map(|v| v.split(',')) {
        let mut pieces = entry.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let Some(weight) = weight(pieces.next()) else {
            continue;
        };
        if name.eq_ignore_ascii_case("zstd") {
            zstd = zstd.max(weight);
        } else if ["gzip", "x-gzip", "identity"]
            .iter()
            .any(|other| name.eq_ignore_ascii_case(other))
        {
            others = others.max(weight);
        }
    }
    zstd > 0.0 && zstd >= others
}

/// An entry's `q=` weight (1 when absent), `None` when malformed.
fn weight(parameter: Option<&str>) -> Option<f32> {
    let Some(parameter) = parameter else {
        return Some(1.0);
    };
    let (key, value) = parameter.trim().split_once('=')?;
    if !key.trim().eq_ignore_ascii_case("q") {
        return None;
    }
    value
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|q| (0.0..=1.0).contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(value: &str) -> bool {
        let mut headers = ::http::HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        prefers_zstd(&headers)
    }

    #[test]
    fn zstd_when_the_browser_weights_it_highest_or_equal() {
        assert!(accepts("gzip, deflate, br, zstd"), "Chromium");
        assert!(accepts("ZSTD"));
        assert!(accepts("gzip;q=0.5, zstd;q=0.8"));
        assert!(accepts("zstd;q=0.5, gzip;q=0.5"), "a tie goes to zstd");
        assert!(accepts("br, zstd;q=0.1"), "brotli is not made per page");
    }

    #[test]
    fn anything_else_is_left_to_the_other_layer() {
        assert!(!accepts("gzip, deflate, br"), "Safari");
        assert!(!accepts("zstd;q=0, gzip"));
        assert!(!accepts("zstd;q=0"));
        assert!(!accepts("gzip;q=1, zstd;q=0.5"));
        assert!(!accepts("identity, zstd;q=0.9"));
        assert!(!accepts("zstd;q=nonsense"));
        assert!(!accepts(""));
        assert!(!prefers_zstd(&::http::HeaderMap::new()));
    }

    #[test]
    fn a_kept_compressor_writes_each_page_whole_with_its_size() {
        let page = "<tr><td>HX-200</td><td>Pump</td></tr>".repeat(500);
        for _ in 0..2 {
            let compressed = compress(page.as_bytes()).unwrap();
            assert_eq!(zstd::decode_all(&compressed[..]).unwrap(), page.as_bytes());
            assert_eq!(
                zstd::zstd_safe::get_frame_content_size(&compressed)
                    .ok()
                    .flatten(),
                Some(page.len() as u64),
                "the frame names the page's size"
            );
        }
    }
}
