//! Service requests for the ERP or ticket system (`service:read`): a change feed like
//! the orders', and one request with its conversation.

use super::ApiState;
use super::orders::{cursor_and_limit, rfc3339};
use super::problem::{ApiQuery, Problem};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::services::{Actor, service_requests};
use kontor_store::service::{MessageRecord, RequestRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A service request.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiServiceRequest {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    /// Per customer, from 1: what people quote on the phone.
    pub number: i64,
    /// `technical`, `complaint`, `return`, `maintenance` or `billing`.
    pub kind: String,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: String,
    /// `open`, `in_progress`, `waiting` (on the customer), `resolved` or `closed`.
    pub status: String,
    pub subject: String,
    pub opened_by_name: String,
    pub opened_at: String,
    /// The order it is about (its id and the customer's order number), if any.
    pub order_id: Option<String>,
    pub order_number: Option<i64>,
    pub order_line_no: Option<i64>,
    pub product_sku: Option<String>,
    /// Pieces claimed or returned.
    pub quantity: Option<i64>,
    pub assignee_name: Option<String>,
    /// When the first answer is due, by the customer's service level.
    pub first_response_due: String,
    pub first_response_at: Option<String>,
    /// When the resolution is due (moves on while the request waits on the customer).
    pub resolution_due: String,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub updated_at: String,
}

impl From<RequestRecord> for ApiServiceRequest {
    fn from(r: RequestRecord) -> ApiServiceRequest {
        ApiServiceRequest {
            id: r.id,
            customer_id: r.organization_id,
            customer_name: r.organization_name,
            number: r.number,
            kind: r.kind,
            priority: r.priority,
            status: r.status,
            subject: r.subject,
            opened_by_name: r.opened_by_name,
            opened_at: rfc3339(r.opened_at),
            order_id: r.order_id,
            order_number: r.order_number,
            order_line_no: r.order_line_no,
            product_sku: r.product_sku,
            quantity: r.quantity,
            assignee_name: r.assignee_name,
            first_response_due: rfc3339(r.first_response_due),
            first_response_at: r.first_response_at.map(rfc3339),
            resolution_due: rfc3339(r.resolution_due),
            resolved_at: r.resolved_at.map(rfc3339),
            closed_at: r.closed_at.map(rfc3339),
            updated_at: rfc3339(r.updated_at),
        }
    }
}

/// One message of a request's conversation.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiServiceMessage {
    pub author_name: String,
    /// `customer`, `vendor` or `system`.
    pub side: String,
    /// A note among the vendor's staff, never shown to the customer.
    pub internal: bool,
    pub body: String,
    /// The status the message moved the request to, if it did.
    pub status_after: Option<String>,
    pub at: String,
}

impl From<MessageRecord> for ApiServiceMessage {
    fn from(m: MessageRecord) -> ApiServiceMessage {
        ApiServiceMessage {
            author_name: m.author_name,
            side: m.side,
            internal: m.internal != 0,
            body: m.body,
            status_after: m.status_after,
            at: rfc3339(m.at),
        }
    }
}

/// A request with its conversation, oldest message first.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiServiceRequestDetail {
    #[serde(flatten)]
    pub request: ApiServiceRequest,
    pub messages: Vec<ApiServiceMessage>,
}

/// Where to continue the feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceFeedParams {
    /// The `next_cursor` of the previous page; leave out to start from the beginning.
    pub updated_since: Option<String>,
    /// Requests per page, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// A page of the service requests' change feed.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ServiceFeedPage {
    /// Requests opened or changed after the cursor, oldest change first.
    pub service_requests: Vec<ApiServiceRequest>,
    /// Pass as `updated_since` next time (also when this page is empty).
    pub next_cursor: String,
    pub has_more: bool,
}

/// The service requests' change feed: every request of the customers the token
/// reaches, each time it is opened, answered, moved on, resolved or closed.
#[utoipa::path(
    get,
    path = "/api/v1/service-requests",
    tag = "service",
    params(ServiceFeedParams),
    responses(
        (status = 200, description = "Requests changed after the cursor", body = ServiceFeedPage),
        (status = 400, description = "Malformed cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `service:read`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["service:read"]))
)]
pub(super) async fn feed(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiQuery(params): ApiQuery<ServiceFeedParams>,
) -> Result<Json<ServiceFeedPage>, Problem> {
    let (after, limit) = cursor_and_limit(params.updated_since, params.limit)?;
    let mut found = service_requests::changes(&state.context, &actor, after, limit + 1).await?;
    let has_more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next_cursor = found.last().map_or(after, |r| r.change_seq).to_string();
    Ok(Json(ServiceFeedPage {
        service_requests: found.into_iter().map(ApiServiceRequest::from).collect(),
        next_cursor,
        has_more,
    }))
}

/// One request with its conversation (internal notes included).
#[utoipa::path(
    get,
    path = "/api/v1/service-requests/{id}",
    tag = "service",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = ApiServiceRequestDetail),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `service:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not of a customer the token reaches", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["service:read"]))
)]
pub(super) async fn one(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiServiceRequestDetail>, Problem> {
    let (request, messages) = service_requests::request(&state.context, &actor, &id).await?;
    Ok(Json(ApiServiceRequestDetail {
        request: request.into(),
        messages: messages.into_iter().map(ApiServiceMessage::from).collect(),
    }))
}
