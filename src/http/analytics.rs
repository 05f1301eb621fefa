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

pub async fn csv(
    State(ctx): State<ServerContext>,
    auth: AuthSession,
    headers: HeaderMap,
    Path(table): Path<String>,
) -> Response {
    let Some(user) = auth.user else {
        return sign_in_first(
            &headers,
            AnalyticsTable::from_slug(&table).is_some(),
            "/analytics",
        );
    };
    // An unknown table is a page that does not exist, for anyone signed in.
    let Some(table) = AnalyticsTable::from_slug(&table) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let locale = locale_of_request(&headers);
    let actor = Actor::of_person(user.record, locale);
    answer(analytics::export(&ctx, &actor, table, locale).await)
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
    State(ctx): State<ServerContext>,
    auth: AuthSession,
    headers: HeaderMap,
    Path(table): Path<String>,
) -> Response {
    let Some(user) = auth.user else {
        return sign_in_first(
            &headers,
            VendorTable::from_slug(&table).is_some(),
            "/vendor/analytics",
        );
    };
    let Some(table) = VendorTable::from_slug(&table) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let locale = locale_of_request(&headers);
    let actor = Actor::of_person(user.record, locale);
    answer(vendor_analytics::export(&ctx, &actor, table, locale).await)
}
