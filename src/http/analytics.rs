//! `/analytics/csv/{table}`: one table of the spend analytics as a CSV download, for
//! the same people and with the same figures as the page (`services::analytics`).

use ::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kontor_app::api::analytics::{AnalyticsTable, VendorTable};
use kontor_app::i18n::locale_of_request;
use kontor_app::server::ServerContext;
use kontor_app::server::auth::AuthSession;
use kontor_app::services::analytics::Export;
use kontor_app::services::{Actor, ServiceError, analytics, vendor_analytics};
use kontor_domain::documents::attachment_header;
use std::sync::Arc;

pub async fn csv(
    State(ctx): State<Arc<ServerContext>>,
    auth: AuthSession,
    headers: HeaderMap,
    Path(table): Path<String>,
) -> Response {
    let (actor, table, locale) = match caller(
        auth,
        &headers,
        &table,
        AnalyticsTable::from_slug,
        "/analytics",
    ) {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    answer(analytics::export(&ctx, &actor, table, locale).await)
}

/// The signed-in caller as an actor in the language the request asks for, and the
/// table the address names; otherwise the answer: sign in first (see
/// [`sign_in_first`]), or 404 for a table that does not exist.
// The error is the response itself, made once for a refused download and returned
// straight away: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
fn caller<T>(
    auth: AuthSession,
    headers: &HeaderMap,
    slug: &str,
    table_of: fn(&str) -> Option<T>,
    page: &str,
) -> Result<(Actor, T, kontor_domain::Locale), Response> {
    let table = table_of(slug);
    let Some(user) = auth.user else {
        return Err(sign_in_first(headers, table.is_some(), page));
    };
    let table = table.ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    let locale = locale_of_request(headers);
    Ok((Actor::of_person(user.record, locale), table, locale))
}

/// An export as a download, or the refusal's status.
fn answer(export: Result<Export, ServiceError>) -> Response {
    match export {
        Ok(export) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&attachment_header(&export.file_name))
                        .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                ),
            ],
            export.content,
        )
            .into_response(),
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(ServiceError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(error) => {
            tracing::error!(%error, "analytics export failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, HeaderValue::from_static("10"))],
            )
                .into_response()
        }
    }
}

/// Signed out: a browser goes to the sign-in page and comes back to the analytics
/// `page` (a download would leave it on the sign-in page's answer); anything else 401.
fn sign_in_first(headers: &HeaderMap, known_table: bool, page: &str) -> Response {
    let browser = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if browser && known_table {
        Redirect::to(&format!("/sign-in?next={page}")).into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// `/vendor/analytics/csv/{table}`: one of the vendor's tables as CSV, for the same
/// people and with the same figures as `/vendor/analytics`.
pub async fn vendor_csv(
    State(ctx): State<Arc<ServerContext>>,
    auth: AuthSession,
    headers: HeaderMap,
    Path(table): Path<String>,
) -> Response {
    let (actor, table, locale) = match caller(
        auth,
        &headers,
        &table,
        VendorTable::from_slug,
        "/vendor/analytics",
    ) {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    answer(vendor_analytics::export(&ctx, &actor, table, locale).await)
}
