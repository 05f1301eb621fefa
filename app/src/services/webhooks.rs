//! Webhook endpoints: where Kontor announces changes (Standard Webhooks: signed with
//! a per-endpoint secret). Vendor admins, the operator and API clients with
//! `webhooks:write` manage them; the delivery worker lives in the server.

use crate::server::ServerContext;
use crate::services::{Actor, ServiceError, vendor_audit};
use base64::Engine;
use kontor_domain::access::Action;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::integration::{Scope, Subscription, is_public_address};
use kontor_store::webhooks::{DeliveryRecord, EndpointRecord, NewEndpoint};
use rand::RngCore;

/// How webhooks behave on this server.
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    /// Targets on loopback/private addresses, and plain http, are allowed
    /// (`KONTOR_WEBHOOK_ALLOW_PRIVATE=1`: development and tests only).
    pub allow_private: bool,
    /// An endpoint failing for this long is switched off (ms).
    pub disable_after_ms: i64,
}

impl Default for WebhookSettings {
    fn default() -> WebhookSettings {
        WebhookSettings {
            allow_private: false,
            disable_after_ms: 72 * 3_600_000,
        }
    }
}

const URL_MAX: usize = 2_000;
/// The Standard Webhooks form of a secret: this prefix and base64 of random bytes.
pub const SECRET_PREFIX: &str = "whsec_";

/// An endpoint to register, as typed.
#[derive(Clone, Debug, Default)]
pub struct NewEndpointInput {
    pub url: String,
    /// `*` or event type names separated by commas.
    pub event_types: String,
}

/// The signing secret, shown when the endpoint is created. Not `Debug`.
pub struct SigningSecret(String);

impl SigningSecret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

pub enum EndpointOutcome {
    Created {
        endpoint: EndpointRecord,
        secret: SigningSecret,
    },
    Invalid(FormProblems),
}

fn may_manage(actor: &Actor) -> Result<(), ServiceError> {
    let access = match actor {
        Actor::Client(client) => client.grant.may_use(Scope::WebhooksWrite),
        _ => actor.may(Action::ManageIntegrations),
    };
    ServiceError::require(access)
}

/// Why a URL cannot be a webhook target, if it cannot. Host names are checked again
/// at every delivery against the addresses they resolve to.
pub fn check_target(url: &str, settings: &WebhookSettings) -> Result<(), FieldProblem> {
    let url = url.trim();
    if url.is_empty() {
        return Err(FieldProblem::Required);
    }
    if url.len() > URL_MAX || url.chars().any(char::is_whitespace) {
        return Err(FieldProblem::InvalidUrl);
    }
    let uri: http::Uri = url.parse().map_err(|_| FieldProblem::InvalidUrl)?;
    let scheme_ok = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => settings.allow_private,
        _ => false,
    };
    let Some(authority) = uri.authority().filter(|_| scheme_ok) else {
        return Err(FieldProblem::InvalidUrl);
    };
    if authority.as_str().contains('@') || authority.host().is_empty() {
        return Err(FieldProblem::InvalidUrl);
    }
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    if let Ok(ip) = host.parse::<std::net::IpAddr>()
        && !settings.allow_private
        && !is_public_address(ip)
    {
        return Err(FieldProblem::PrivateAddress);
    }
    if !settings.allow_private && host.eq_ignore_ascii_case("localhost") {
        return Err(FieldProblem::PrivateAddress);
    }
    Ok(())
}

fn new_secret() -> SigningSecret {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    SigningSecret(format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

fn audit_target(endpoint_id: &str, url: &str) -> String {
    format!("webhook_endpoint:{endpoint_id} {url}")
}

/// Registers an endpoint; its signing secret is in the answer.
pub async fn create_endpoint(
    ctx: &ServerContext,
    actor: &Actor,
    input: NewEndpointInput,
) -> Result<EndpointOutcome, ServiceError> {
    may_manage(actor)?;
    let mut problems = FormProblems::default();
    if let Err(problem) = check_target(&input.url, &ctx.webhooks) {
        problems.add("url", problem);
    }
    let subscription = Subscription::parse(&input.event_types);
    if subscription.is_none() {
        let problem = if input.event_types.trim().is_empty() {
            FieldProblem::Required
        } else {
            FieldProblem::UnknownEventType
        };
        problems.add("event_types", problem);
    }
    let Some(subscription) = subscription.filter(|_| problems.is_empty()) else {
        return Ok(EndpointOutcome::Invalid(problems));
    };
    let id = kontor_store::new_id();
    let url = input.url.trim().to_string();
    let secret = new_secret();
    let sealed = ctx.secrets.seal(secret.expose(), &id);
    let (created_by, _) = actor.recorded_as();
    let now = ctx.now();
    let record = EndpointRecord {
        id: id.clone(),
        url: url.clone(),
        event_types: subscription.stored(),
        secret: sealed,
        enabled: 1,
        failing_since: None,
        disabled_reason: None,
        created_by,
        created_at: now,
    };
    let audit = vendor_audit(
        ctx,
        actor,
        "webhook_endpoint.created",
        audit_target(&id, &url),
        Some(record.event_types.clone()),
    )
    .await?;
    ctx.store
        .create_webhook_endpoint(
            &NewEndpoint {
                id: &record.id,
                url: &record.url,
                event_types: &record.event_types,
                sealed_secret: &record.secret,
                created_by: &record.created_by,
            },
            &audit,
            now,
        )
        .await?;
    Ok(EndpointOutcome::Created {
        endpoint: record,
        secret,
    })
}

pub async fn endpoints(
    ctx: &ServerContext,
    actor: &Actor,
) -> Result<Vec<EndpointRecord>, ServiceError> {
    may_manage(actor)?;
    Ok(ctx.store.webhook_endpoints().await?)
}

/// Switches an endpoint on (its failure record cleared) or off. `false`: it was so
/// already.
pub async fn set_enabled(
    ctx: &ServerContext,
    actor: &Actor,
    endpoint_id: &str,
    enabled: bool,
) -> Result<bool, ServiceError> {
    may_manage(actor)?;
    let endpoint = ctx
        .store
        .webhook_endpoint(endpoint_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let action = if enabled {
        "webhook_endpoint.enabled"
    } else {
        "webhook_endpoint.disabled"
    };
    let audit = vendor_audit(
        ctx,
        actor,
        action,
        audit_target(&endpoint.id, &endpoint.url),
        None,
    )
    .await?;
    Ok(ctx
        .store
        .set_webhook_enabled(endpoint_id, enabled, &audit, ctx.now())
        .await?)
}

/// Gives an endpoint a new signing secret, shown once. Deliveries sent from now on
/// (retries included) are signed with it; the receiver switches when it gets it.
pub async fn rotate_secret(
    ctx: &ServerContext,
    actor: &Actor,
    endpoint_id: &str,
) -> Result<SigningSecret, ServiceError> {
    may_manage(actor)?;
    let endpoint = ctx
        .store
        .webhook_endpoint(endpoint_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let secret = new_secret();
    let sealed = ctx.secrets.seal(secret.expose(), &endpoint.id);
    let audit = vendor_audit(
        ctx,
        actor,
        "webhook_endpoint.secret_rotated",
        audit_target(&endpoint.id, &endpoint.url),
        None,
    )
    .await?;
    if ctx
        .store
        .rotate_webhook_secret(&endpoint.id, &sealed, &audit, ctx.now())
        .await?
    {
        Ok(secret)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// An endpoint's latest deliveries (status, time taken, first bytes of the answer).
pub async fn deliveries(
    ctx: &ServerContext,
    actor: &Actor,
    endpoint_id: &str,
) -> Result<Vec<DeliveryRecord>, ServiceError> {
    may_manage(actor)?;
    ctx.store
        .webhook_endpoint(endpoint_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(ctx.store.webhook_deliveries(endpoint_id, 100).await?)
}

/// Sends a delivery again, with the same `webhook-id`.
pub async fn resend(
    ctx: &ServerContext,
    actor: &Actor,
    delivery_id: &str,
) -> Result<(), ServiceError> {
    may_manage(actor)?;
    if ctx.store.resend_webhook(delivery_id, ctx.now()).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}
