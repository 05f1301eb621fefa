//! Downloads: `/files/{document_id}` (the newest version) and
//! `/files/versions/{version_id}`. Plain HTTP rather than a server function, so the
//! file streams from storage as it is read, with the headers downloads need:
//! `Content-Disposition: attachment` with a safe name, the stored content type
//! (never sniffed: `nosniff` is set for every response), an ETag of the SHA-256, and
//! single byte ranges so a large CAD file resumes where it broke off.

use ::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kontor_app::server::ServerContext;
use kontor_app::server::auth::AuthSession;
use kontor_app::server::documents::{Download, DownloadRefusal, open_download, record_download};
use kontor_domain::documents::{ByteRange, attachment_header, byte_range, safe_file_name};

/// `/files/{id}` (a document's newest version) and `/files/versions/{id}`: which
/// one the path tells.
pub async fn download(
    State(ctx): State<ServerContext>,
    auth: AuthSession,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let link = if uri.path().starts_with("/files/versions/") {
        Download::Version(&id)
    } else if uri.path().starts_with("/files/service/") {
        Download::ServiceAttachment(&id)
    } else if uri.path().starts_with("/files/quotes/") {
        Download::QuoteAttachment(&id)
    } else {
        Download::Document(&id)
    };
    serve(ctx, auth, method, headers, link, uri.path()).await
}

async fn serve(
    ctx: ServerContext,
    auth: AuthSession,
    method: Method,
    headers: HeaderMap,
    link: Download<'_>,
    here: &str,
) -> Response {
    let user = auth.user.as_ref();
    let version = match open_download(&ctx, user, link).await {
        Ok(version) => version,
        Err(refusal) => return refused(refusal, &headers, here),
    };
    let user = user.expect("open_download refuses without a user");
    let size = version.size_bytes.max(0) as u64;
    let etag = format!("\"{}\"", version.sha256);
    // A resumed download asks for the rest of the file it started: if the file has
    // changed since (If-Range names another version), it gets the whole new one.
    let same_file = headers
        .get(header::IF_RANGE)
        .is_none_or(|tag| tag.as_bytes() == etag.as_bytes());
    let range = if same_file {
        byte_range(
            headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
            size,
        )
    } else {
        ByteRange::Whole
    };
    let name = safe_file_name(&version.file_name).unwrap_or_else(|| "document".into());
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, version.content_type.as_str())
        .header(header::CONTENT_DISPOSITION, attachment_header(&name))
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, etag.as_str())
        .header(header::CACHE_CONTROL, "private, no-cache");
    let (status, bytes) = match range {
        ByteRange::Unsatisfiable => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response();
        }
        ByteRange::Whole => (StatusCode::OK, None),
        ByteRange::Part { start, end } => {
            response =
                response.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"));
            (StatusCode::PARTIAL_CONTENT, Some(start..end + 1))
        }
    };
    let length = bytes.as_ref().map_or(size, |r| r.end - r.start);
    response = response
        .status(status)
        .header(header::CONTENT_LENGTH, length);
    if method == Method::HEAD {
        return response.body(Body::empty()).unwrap_or_else(|_| failed());
    }
    if range.starts_download()
        && link.counts()
        && let Err(refusal) = record_download(&ctx, user, &version).await
    {
        return refused(refusal, &headers, here);
    }
    match ctx.files.read(&version.object_key, bytes).await {
        Ok(stream) => response
            .body(Body::from_stream(stream))
            .unwrap_or_else(|_| failed()),
        Err(error) => {
            tracing::error!(%error, key = version.object_key, "stored file missing");
            failed()
        }
    }
}

/// Signed out: a browser goes to the sign-in page and comes back; anything else gets
/// 401. Not the caller's: 404, the same as a document that does not exist.
fn refused(refusal: DownloadRefusal, headers: &HeaderMap, here: &str) -> Response {
    match refusal {
        DownloadRefusal::SignIn => {
            let browser = headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"));
            if browser {
                Redirect::to(&format!("/sign-in?next={here}")).into_response()
            } else {
                StatusCode::UNAUTHORIZED.into_response()
            }
        }
        DownloadRefusal::NotFound => StatusCode::NOT_FOUND.into_response(),
        DownloadRefusal::Failed => failed(),
    }
}

fn failed() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, HeaderValue::from_static("10"))],
    )
        .into_response()
}
