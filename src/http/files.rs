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
use std::sync::Arc;

/// `/files/{id}` (a document's newest version) and `/files/versions/{id}`: which
/// one the path tells.
pub async fn download(
    State(ctx): State<Arc<ServerContext>>,
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
    ctx: Arc<ServerContext>,
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
    let counted = link.counts().then_some(Downloader::Member(user));
    send(&ctx, method, &headers, version, counted, here).await
}

/// `/files/prospects/{id}`: a document offered after registration, for the browser
/// of a confirmed prospect (its cookie); counted as the lead's download. Anyone else
/// is sent to the registration, or gets 404 for a document not offered.
pub async fn prospect_download(
    State(ctx): State<Arc<ServerContext>>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(kontor_app::server::prospect::token_in);
    let prospect = match kontor_app::services::leads::prospect_of(&ctx, token.as_deref()).await {
        Ok(Some(prospect)) => prospect,
        Ok(None) => return Redirect::to("/downloads").into_response(),
        Err(error) => {
            tracing::error!(%error, "prospect download failed");
            return failed();
        }
    };
    let version = match ctx
        .store
        .document(kontor_store::documents::Reader::Prospect, &id)
        .await
    {
        Ok(Some(document)) => document.current,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "prospect download failed");
            return failed();
        }
    };
    let here = format!("/files/prospects/{id}");
    send(
        &ctx,
        method,
        &headers,
        version,
        Some(Downloader::Prospect(&prospect.id)),
        &here,
    )
    .await
}

/// Who a counted download is recorded for.
enum Downloader<'a> {
    Member(&'a kontor_app::server::auth::SessionUser),
    Prospect(&'a str),
}

/// Sends `version` (whole, or the byte range asked for), after recording the
/// download for `counted` when it starts one.
async fn send(
    ctx: &ServerContext,
    method: Method,
    headers: &HeaderMap,
    version: kontor_store::documents::VersionRecord,
    counted: Option<Downloader<'_>>,
    here: &str,
) -> Response {
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
    if range.starts_download() {
        let recorded = match counted {
            None => Ok(()),
            Some(Downloader::Member(user)) => record_download(ctx, user, &version).await,
            Some(Downloader::Prospect(id)) => ctx
                .store
                .record_prospect_download(id, &version, ctx.now())
                .await
                .map_err(|error| {
                    tracing::error!(%error, "prospect download not recorded");
                    DownloadRefusal::Failed
                }),
        };
        if let Err(refusal) = recorded {
            return refused(refusal, headers, here);
        }
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
