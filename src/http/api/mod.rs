//! The REST API for the vendor's ERP and integration platforms: `/api/v1/…`, JSON,
//! `Authorization: Bearer <token>` of an API client, errors as RFC 9457 problems,
//! `Idempotency-Key` on every POST, a rate limit per client, and an OpenAPI 3.1
//! document generated from these handlers (`/api/v1/openapi.json`).
//!
//! Handlers only translate: HTTP in, a call of the same service function the pages
//! use (`kontor_app::services`), HTTP out. Routes are registered through
//! `utoipa_axum`, so a route cannot exist without its entry in the document.

mod auth;
mod customers;
mod documents;
mod idempotency;
mod orders;
mod prices;
pub(super) mod problem;
mod products;
mod quotes;
mod reference;
mod service_requests;
mod webhooks;

pub(crate) use orders::rfc3339;

use auth::RateLimits;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use kontor_app::server::ServerContext;
use problem::Problem;
use std::sync::Arc;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest request body the API reads (a bulk upload of 10,000 lines fits).
pub(super) const BODY_LIMIT: usize = 8 * 1024 * 1024;

#[derive(Clone)]
pub(super) struct ApiState {
    context: Arc<ServerContext>,
    limits: Arc<RateLimits>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kontor API",
        version = "1",
        description = "The vendor's ERP talks to Kontor: pull new and changed orders, \
            confirm them with the ERP's number, ship and deliver them, attach invoices; \
            keep customers, their prices, products and stock current; follow service \
            requests. Authenticate with `Authorization: Bearer <token>` of an API client \
            (`kontor api-client create`). Every POST takes an optional `Idempotency-Key`: \
            the same key with the same request has one effect and the same answer for a \
            day (bodies up to 8 MB; send larger documents without a key). Change feeds \
            page with the opaque `next_cursor` passed back as `updated_since`. Errors are \
            RFC 9457 problem details."
    ),
    modifiers(&BearerToken),
    tags(
        (name = "orders", description = "Orders and their change feed"),
        (name = "customers", description = "Customer organizations and the ERP's keys for them"),
        (name = "catalog", description = "Products by SKU, list prices, stock and lead times"),
        (name = "service", description = "Customers' service requests and their change feed"),
        (name = "quotes", description = "Customers' quote requests; offering and declining as the vendor"),
        (name = "documents", description = "Invoices and delivery notes for orders, contracts for customers"),
        (name = "webhooks", description = "Endpoints Kontor announces changes to (Standard Webhooks)")
    )
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The optional `Idempotency-Key` header of every POST.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct IdempotencyHeader {
    /// Any unique text (a UUID): the same request sent again with the same key is
    /// answered from the first time, without a second effect.
    #[param(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}

fn documented() -> OpenApiRouter<ApiState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(orders::feed))
        .routes(routes!(orders::one))
        .routes(routes!(orders::confirm))
        .routes(routes!(orders::ship))
        .routes(routes!(orders::deliver))
        .routes(routes!(orders::cancel))
        .routes(routes!(customers::list, customers::create))
        .routes(routes!(customers::one))
        .routes(routes!(customers::unlock))
        .routes(routes!(customers::suspend))
        .routes(routes!(prices::put))
        .routes(routes!(products::list, products::put, products::patch))
        .routes(routes!(products::one))
        .routes(routes!(service_requests::feed))
        .routes(routes!(service_requests::one))
        .routes(routes!(quotes::list))
        .routes(routes!(quotes::one))
        .routes(routes!(quotes::offer))
        .routes(routes!(quotes::decline))
        .routes(routes!(documents::for_order))
        .routes(routes!(documents::for_customer))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::change))
        .routes(routes!(webhooks::rotate_secret))
        .routes(routes!(webhooks::deliveries))
        .routes(routes!(webhooks::resend))
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = documented().into_openapi();
    document_outages(&mut doc);
    doc
}

/// Any operation may answer 503 while the database does not answer (see
/// `crate::http::outage`): written into every operation here, once, rather than
/// repeated on each handler.
fn document_outages(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{ObjectBuilder, Ref, Type};
    use utoipa::openapi::{Content, HeaderBuilder, ResponseBuilder};
    let unavailable = ResponseBuilder::new()
        .description(
            "The database does not answer: the request changed nothing; \
             send it again after `Retry-After` seconds",
        )
        .content(
            "application/problem+json",
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some("Seconds to wait before trying again"))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("503".to_string())
                .or_insert_with(|| unavailable.clone().into());
        }
    }
}

/// The API's routes: authenticated, rate-limited and idempotent, plus the public
/// OpenAPI document, its reference page, and a problem answer for unknown paths under
/// `/api/`.
pub(super) fn router(context: Arc<ServerContext>, per_minute: u32) -> Router {
    let state = ApiState {
        context,
        limits: Arc::new(RateLimits::new(per_minute)),
    };
    let (routes, mut doc) = documented().split_for_parts();
    document_outages(&mut doc);
    let document = Arc::new(
        doc.to_pretty_json()
            .expect("the OpenAPI document serialises"),
    );
    let page = Arc::new(reference::render(
        &serde_json::from_str(&document).expect("the OpenAPI document is JSON"),
    ));
    routes
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::honour_key,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state)
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move {
                    (
                        [(::http::header::CONTENT_TYPE, "application/json")],
                        document.as_str().to_owned(),
                    )
                }
            }),
        )
        .route(
            "/api/v1/reference",
            get(move || {
                let page = page.clone();
                async move {
                    (
                        [
                            (
                                ::http::header::CONTENT_TYPE,
                                "text/html; charset=utf-8".to_owned(),
                            ),
                            (::http::header::CONTENT_SECURITY_POLICY, page.csp.clone()),
                        ],
                        page.html.clone(),
                    )
                }
            }),
        )
        .route("/api/{*rest}", axum::routing::any(unknown))
}

async fn unknown() -> axum::response::Response {
    Problem::not_found()
        .detail("No such API route; see /api/v1/openapi.json.")
        .into_response()
}

/// The paths of the API router, as the authorization matrix test lists them.
pub fn route_paths() -> Vec<(String, Vec<String>)> {
    let doc = openapi();
    doc.paths
        .paths
        .iter()
        .map(|(path, item)| {
            let mut methods = Vec::new();
            for (name, op) in [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ] {
                if op.is_some() {
                    methods.push(name.to_string());
                }
            }
            (path.clone(), methods)
        })
        .collect()
}
