//! Webhook endpoints through the API (`webhooks:write`), as integration platforms
//! expect: register, list, switch on/off, read the delivery log, send again.

use super::ApiState;
use super::orders::rfc3339;
use super::problem::{ApiJson, Problem};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::services::{Actor, webhooks};
use kontor_store::webhooks::{DeliveryRecord, EndpointRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A registered endpoint (never its secret, except once in [`CreatedEndpoint`]).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiEndpoint {
    pub id: String,
    pub url: String,
    /// `["*"]` for every type, or the types it receives.
    pub event_types: Vec<String>,
    pub enabled: bool,
    /// Since when every delivery has failed (RFC 3339), if it has.
    pub failing_since: Option<String>,
    /// Why it is switched off, if it is.
    pub disabled_reason: Option<String>,
    pub created_at: String,
}

impl From<EndpointRecord> for ApiEndpoint {
    fn from(e: EndpointRecord) -> ApiEndpoint {
        ApiEndpoint {
            id: e.id,
            url: e.url,
            event_types: e.event_types.split(',').map(str::to_string).collect(),
            enabled: e.enabled == 1,
            failing_since: e.failing_since.map(rfc3339),
            disabled_reason: e.disabled_reason,
            created_at: rfc3339(e.created_at),
        }
    }
}

/// A new endpoint and its signing secret, shown this once.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedEndpoint {
    pub endpoint: ApiEndpoint,
    /// `whsec_…`: verify `webhook-signature` with it (Standard Webhooks).
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointInput {
    /// An https URL (http and private addresses only where the server allows them).
    pub url: String,
    /// `["*"]`, or event types such as `order.placed`, `order.approved`.
    pub event_types: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointChange {
    pub enabled: bool,
}

/// One delivery of one message to the endpoint.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiDelivery {
    pub id: String,
    /// The `webhook-id` header: the same on every attempt and re-send.
    pub message_id: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_status: Option<i64>,
    pub last_duration_ms: Option<i64>,
    /// The first bytes of the last answer, or what went wrong.
    pub last_response: Option<String>,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl From<DeliveryRecord> for ApiDelivery {
    fn from(d: DeliveryRecord) -> ApiDelivery {
        ApiDelivery {
            next_attempt_at: (d.state == "pending").then(|| rfc3339(d.next_attempt_at)),
            id: d.id,
            message_id: d.message_id,
            event_type: d.event_type,
            state: d.state,
            attempts: d.attempts,
            last_status: d.last_status,
            last_duration_ms: d.last_duration_ms,
            last_response: d.last_response,
            delivered_at: d.delivered_at.map(rfc3339),
            created_at: rfc3339(d.created_at),
        }
    }
}

/// The registered endpoints.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "Every endpoint", body = Vec<ApiEndpoint>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn list(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<Vec<ApiEndpoint>>, Problem> {
    let endpoints = webhooks::endpoints(&state.context, &actor).await?;
    Ok(Json(endpoints.into_iter().map(ApiEndpoint::from).collect()))
}

/// Register an endpoint.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    params(super::IdempotencyHeader),
    request_body = EndpointInput,
    responses(
        (status = 201, description = "Registered; the secret is shown only now", body = CreatedEndpoint),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The URL or an event type was refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn create(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<EndpointInput>,
) -> Result<(http::StatusCode, Json<CreatedEndpoint>), Problem> {
    let input = webhooks::NewEndpointInput {
        url: input.url,
        event_types: input.event_types.join(","),
    };
    match webhooks::create_endpoint(&state.context, &actor, input).await? {
        webhooks::EndpointOutcome::Created { endpoint, secret } => Ok((
            http::StatusCode::CREATED,
            Json(CreatedEndpoint {
                endpoint: endpoint.into(),
                secret: secret.expose().to_string(),
            }),
        )),
        webhooks::EndpointOutcome::Invalid(problems) => Err(Problem::invalid(&problems)),
    }
}

/// Switch an endpoint on or off. Switching on forgets its failures.
#[utoipa::path(
    patch,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    request_body = EndpointChange,
    responses(
        (status = 200, description = "The endpoint as it is now", body = ApiEndpoint),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn change(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EndpointChange>,
) -> Result<Json<ApiEndpoint>, Problem> {
    webhooks::set_enabled(&state.context, &actor, &id, input.enabled).await?;
    let endpoint = state
        .context
        .store
        .webhook_endpoint(&id)
        .await
        .map_err(kontor_app::services::ServiceError::from)?
        .ok_or_else(Problem::not_found)?;
    Ok(Json(endpoint.into()))
}

/// The endpoint's latest deliveries, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}/deliveries",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Up to 100 deliveries", body = Vec<ApiDelivery>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn deliveries(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ApiDelivery>>, Problem> {
    let found = webhooks::deliveries(&state.context, &actor, &id).await?;
    Ok(Json(found.into_iter().map(ApiDelivery::from).collect()))
}

/// Send a delivery again (same `webhook-id`), now.
#[utoipa::path(
    post,
    path = "/api/v1/webhook-deliveries/{id}/resend",
    tag = "webhooks",
    params(("id" = String, Path, description = "The delivery's id"), super::IdempotencyHeader),
    responses(
        (status = 202, description = "Queued to be sent again", body = ResendAnswer),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn resend(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<(http::StatusCode, Json<ResendAnswer>), Problem> {
    webhooks::resend(&state.context, &actor, &id).await?;
    Ok((
        http::StatusCode::ACCEPTED,
        Json(ResendAnswer { queued: true }),
    ))
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ResendAnswer {
    pub queued: bool,
}

/// A new signing secret, shown this once.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RotatedSecret {
    /// `whsec_…`: deliveries from now on (retries included) are signed with it.
    pub secret: String,
}

/// Give an endpoint a new signing secret; the old one signs nothing more.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/rotate-secret",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id"), super::IdempotencyHeader),
    responses(
        (status = 200, description = "The new secret, shown only now", body = RotatedSecret),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `webhooks:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["webhooks:write"]))
)]
pub(super) async fn rotate_secret(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<RotatedSecret>, Problem> {
    let secret = webhooks::rotate_secret(&state.context, &actor, &id).await?;
    Ok(Json(RotatedSecret {
        secret: secret.expose().to_string(),
    }))
}
