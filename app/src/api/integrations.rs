//! The vendor admins' integration pages: API clients (create, rotate the token,
//! revoke) and webhook endpoints (register, switch on and off, rotate the signing
//! secret, the delivery log with "send again"). Every function calls the same service
//! the command line and the REST API use (`services::integration`,
//! `services::webhooks`). Authorization: vendor admins only; anyone else 403, and an
//! id that does not exist 404.

use crate::AppError;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientStatus {
    Active,
    Expired,
    Revoked,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    /// The token's first characters, to tell tokens apart (never the token).
    pub token_hint: String,
    pub scopes: Vec<String>,
    /// The customers it is limited to, by name; empty: every customer.
    pub customers: Vec<String>,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub created_at: i64,
    pub status: ClientStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointRow {
    pub id: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub failing_since: Option<i64>,
    pub disabled_reason: Option<String>,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerChoice {
    pub id: String,
    pub name: String,
}

/// Everything the integrations page shows, and the choices its forms offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationsView {
    pub clients: Vec<ClientRow>,
    pub endpoints: Vec<EndpointRow>,
    pub customers: Vec<CustomerChoice>,
    pub scopes: Vec<String>,
    pub event_types: Vec<String>,
}

/// A secret shown once (a new token or signing secret), or the form's problems.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretOutcome {
    Shown { name: String, secret: String },
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: String,
    pub event_type: String,
    /// pending | delivered | failed
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_status: Option<i64>,
    pub last_duration_ms: Option<i64>,
    pub last_response: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLog {
    pub endpoint: EndpointRow,
    pub deliveries: Vec<DeliveryRow>,
}

/// The integrations page. Authorization: vendor admins.
#[server(endpoint = "integrations")]
pub async fn integrations() -> Result<IntegrationsView, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::{integration, webhooks};
    let (ctx, actor) = caller().await?;
    let clients = integration::list(&ctx, &actor).await.map_err(refusal)?;
    let endpoints = webhooks::endpoints(&ctx, &actor).await.map_err(refusal)?;
    let customers = ctx
        .store
        .customers(None)
        .await
        .map_err(|e| crate::server::internal_error("integrations", e))?;
    let name_of = |id: &str| {
        customers
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let now = ctx.now();
    Ok(IntegrationsView {
        clients: clients
            .into_iter()
            .map(|c| ClientRow {
                status: if c.revoked_at.is_some() {
                    ClientStatus::Revoked
                } else if c.expires_at.is_some_and(|at| at <= now) {
                    ClientStatus::Expired
                } else {
                    ClientStatus::Active
                },
                customers: c
                    .customer_ids()
                    .unwrap_or_default()
                    .iter()
                    .map(|id| name_of(id))
                    .collect(),
                scopes: c.scopes.split(',').map(str::to_string).collect(),
                id: c.id,
                name: c.name,
                token_hint: c.token_hint,
                expires_at: c.expires_at,
                last_used_at: c.last_used_at,
                created_at: c.created_at,
            })
            .collect(),
        endpoints: endpoints.into_iter().map(endpoint_row).collect(),
        customers: customers
            .iter()
            .map(|c| CustomerChoice {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .collect(),
        scopes: kontor_domain::integration::Scope::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        event_types: kontor_domain::integration::EventType::ALL
            .iter()
            .map(|e| e.as_str().to_string())
            .collect(),
    })
}

#[cfg(feature = "ssr")]
fn endpoint_row(e: kontor_store::webhooks::EndpointRecord) -> EndpointRow {
    EndpointRow {
        event_types: e.event_types.split(',').map(str::to_string).collect(),
        enabled: e.enabled == 1,
        id: e.id,
        url: e.url,
        failing_since: e.failing_since,
        disabled_reason: e.disabled_reason,
        created_at: e.created_at,
    }
}

/// The names of the checked boxes of a group (`scopes[orders:read]=on`).
#[cfg(feature = "ssr")]
fn checked(boxes: &BTreeMap<String, String>) -> Vec<String> {
    boxes.keys().cloned().collect()
}

/// Creates an API client; its token is in the answer, this once. Boxes:
/// `scopes[orders:read]=on`, `customers[c-<id>]=on`. Authorization: vendor admins.
#[server(endpoint = "api_client_create")]
pub async fn create_api_client(
    name: String,
    #[server(default)] scopes: BTreeMap<String, String>,
    #[server(default)] customers: BTreeMap<String, String>,
    #[server(default)] expires_in_days: String,
) -> Result<SecretOutcome, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::integration::{self, CreateOutcome, NewClient};
    let (ctx, actor) = caller().await?;
    let input = NewClient {
        name,
        scopes: checked(&scopes).join(","),
        // Keys carry a letter first: the form decoder reads a key of digits as a
        // list index, and ids may start with digits.
        customers: checked(&customers)
            .iter()
            .map(|key| key.trim_start_matches("c-").to_string())
            .collect(),
        expires_at: None,
        expires_in_days,
    };
    match integration::create(&ctx, &actor, input)
        .await
        .map_err(refusal)?
    {
        CreateOutcome::Created { client, token } => Ok(SecretOutcome::Shown {
            name: client.name,
            secret: token.expose().to_string(),
        }),
        CreateOutcome::Invalid(problems) => Ok(SecretOutcome::Invalid(problems)),
    }
}

/// A new token for a live client, shown once; the old one stops at once.
/// Authorization: vendor admins.
#[server(endpoint = "api_client_rotate")]
pub async fn rotate_api_client(client_id: String) -> Result<SecretOutcome, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::integration;
    let (ctx, actor) = caller().await?;
    let token = integration::rotate(&ctx, &actor, &client_id)
        .await
        .map_err(refusal)?;
    let name = ctx
        .store
        .api_client(&client_id)
        .await
        .map_err(|e| crate::server::internal_error("api_client_rotate", e))?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(SecretOutcome::Shown {
        name,
        secret: token.expose().to_string(),
    })
}

/// Revokes a client for good; `false` when it was revoked already. Authorization:
/// vendor admins.
#[server(endpoint = "api_client_revoke")]
pub async fn revoke_api_client(client_id: String) -> Result<bool, AppError> {
    use crate::server::{caller, refusal};
    let (ctx, actor) = caller().await?;
    crate::services::integration::revoke(&ctx, &actor, &client_id)
        .await
        .map_err(refusal)
}

/// Registers a webhook endpoint; its signing secret is in the answer, this once.
/// Authorization: vendor admins.
#[server(endpoint = "webhook_create")]
pub async fn create_webhook(
    url: String,
    #[server(default)] events: BTreeMap<String, String>,
) -> Result<SecretOutcome, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::webhooks::{self, EndpointOutcome, NewEndpointInput};
    let (ctx, actor) = caller().await?;
    let input = NewEndpointInput {
        url,
        event_types: checked(&events).join(","),
    };
    match webhooks::create_endpoint(&ctx, &actor, input)
        .await
        .map_err(refusal)?
    {
        EndpointOutcome::Created { endpoint, secret } => Ok(SecretOutcome::Shown {
            name: endpoint.url,
            secret: secret.expose().to_string(),
        }),
        EndpointOutcome::Invalid(problems) => Ok(SecretOutcome::Invalid(problems)),
    }
}

/// Switches an endpoint on (forgetting its failures) or off. Authorization: vendor
/// admins.
#[server(endpoint = "webhook_enable")]
pub async fn set_webhook_enabled(
    endpoint_id: String,
    #[server(default)] enabled: bool,
) -> Result<bool, AppError> {
    use crate::server::{caller, refusal};
    let (ctx, actor) = caller().await?;
    crate::services::webhooks::set_enabled(&ctx, &actor, &endpoint_id, enabled)
        .await
        .map_err(refusal)
}

/// A new signing secret for an endpoint, shown once. Authorization: vendor admins.
#[server(endpoint = "webhook_rotate")]
pub async fn rotate_webhook_secret(endpoint_id: String) -> Result<SecretOutcome, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::webhooks;
    let (ctx, actor) = caller().await?;
    let secret = webhooks::rotate_secret(&ctx, &actor, &endpoint_id)
        .await
        .map_err(refusal)?;
    Ok(SecretOutcome::Shown {
        name: String::new(),
        secret: secret.expose().to_string(),
    })
}

/// An endpoint and its latest deliveries. Authorization: vendor admins.
#[server(endpoint = "webhook_deliveries")]
pub async fn webhook_deliveries(endpoint_id: String) -> Result<DeliveryLog, AppError> {
    use crate::server::{caller, refusal};
    use crate::services::webhooks;
    let (ctx, actor) = caller().await?;
    let deliveries = webhooks::deliveries(&ctx, &actor, &endpoint_id)
        .await
        .map_err(refusal)?;
    let endpoint = ctx
        .store
        .webhook_endpoint(&endpoint_id)
        .await
        .map_err(|e| crate::server::internal_error("webhook_deliveries", e))?
        .ok_or_else(crate::server::auth::not_found)?;
    Ok(DeliveryLog {
        endpoint: endpoint_row(endpoint),
        deliveries: deliveries
            .into_iter()
            .map(|d| DeliveryRow {
                id: d.id,
                event_type: d.event_type,
                state: d.state,
                attempts: d.attempts,
                next_attempt_at: d.next_attempt_at,
                last_status: d.last_status,
                last_duration_ms: d.last_duration_ms,
                last_response: d.last_response,
                last_attempt_at: d.last_attempt_at,
                created_at: d.created_at,
            })
            .collect(),
    })
}

/// Sends a delivery again now, with the same `webhook-id`. Authorization: vendor
/// admins.
#[server(endpoint = "webhook_resend")]
pub async fn resend_webhook(delivery_id: String) -> Result<(), AppError> {
    use crate::server::{caller, refusal};
    let (ctx, actor) = caller().await?;
    crate::services::webhooks::resend(&ctx, &actor, &delivery_id)
        .await
        .map_err(refusal)?;
    // Without the script: back to the delivery log, which says it is queued again.
    crate::server::answer_plain_form(
        <ResendWebhook as leptos::server_fn::ServerFn>::PATH,
        &(),
        &[],
    );
    Ok(())
}
