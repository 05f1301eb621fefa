//! API clients: the credentials the vendor's ERP uses. Vendor admins (and the
//! operator at the command line) create them; the token is shown once and only its
//! SHA-256 is stored; a client can be revoked for good.

use crate::server::ServerContext;
use crate::services::{Actor, Client, ServiceError, vendor_audit};
use base64::Engine;
use kontor_domain::access::Action;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::integration::{Scopes, ScopesError, TOKEN_PREFIX, is_token_shaped};
use kontor_store::integration::{ApiClientRecord, NewApiClient};
use rand::RngCore;

/// The longest client name.
const NAME_MAX: usize = 80;
/// How much of a token lists show: the prefix and four characters.
const HINT_CHARS: usize = TOKEN_PREFIX.len() + 4;

/// A client to create, as typed (form, command line or API).
#[derive(Clone, Debug, Default)]
pub struct NewClient {
    pub name: String,
    /// Scope names, separated by commas or spaces.
    pub scopes: String,
    /// Customer organization ids the client is limited to; empty: every customer.
    pub customers: Vec<String>,
    /// When the token stops working (ms since the epoch); `None`: until revoked.
    pub expires_at: Option<i64>,
    /// Or in how many days, as typed (1 to 3650; a problem at `expires_in_days`
    /// otherwise); empty: `expires_at` decides.
    pub expires_in_days: String,
}

/// A token, shown once. Not `Debug`/`Display`: it must not end up in a log.
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

pub enum CreateOutcome {
    Created {
        client: ApiClientRecord,
        token: Token,
    },
    Invalid(FormProblems),
}

/// The stored form of an API token: SHA-256, hex, as for every other token. A token
/// carries 256 random bits, so a fast hash is as safe as a slow one, and a request
/// finds its client by equality.
pub use crate::server::auth::token_hash;

fn new_token() -> Token {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    debug_assert!(is_token_shaped(&token));
    Token(token)
}

fn may_manage(actor: &Actor) -> Result<(), ServiceError> {
    ServiceError::require(actor.may(Action::ManageIntegrations))
}

fn audit_target(client: &ApiClientRecord) -> String {
    format!("api_client:{} {}", client.id, client.name)
}

/// Creates a client and its token.
pub async fn create(
    ctx: &ServerContext,
    actor: &Actor,
    input: NewClient,
) -> Result<CreateOutcome, ServiceError> {
    may_manage(actor)?;
    let now = ctx.now();
    let mut problems = FormProblems::default();
    let name = kontor_domain::text::required_line(&input.name, NAME_MAX)
        .map_err(|e| problems.add("name", e.into()))
        .unwrap_or_default();
    let scopes = match Scopes::parse(&input.scopes) {
        Ok(scopes) => scopes,
        Err(ScopesError::Empty) => {
            problems.add("scopes", FieldProblem::Required);
            Scopes::default()
        }
        Err(ScopesError::Unknown(_)) => {
            problems.add("scopes", FieldProblem::UnknownScope);
            Scopes::default()
        }
    };
    let mut customers: Vec<String> = input
        .customers
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    customers.sort();
    customers.dedup();
    for id in &customers {
        if ctx.store.customer(id).await?.is_none() {
            problems.add("customers", FieldProblem::UnknownCustomer);
            break;
        }
    }
    if input.expires_at.is_some_and(|at| at <= now) {
        problems.add("expires_at", FieldProblem::DateInPast);
    }
    let mut expires_at = input.expires_at;
    if !input.expires_in_days.trim().is_empty() {
        match kontor_domain::terms::parse_whole(&input.expires_in_days, 3650) {
            Ok(0) => problems.add("expires_in_days", FieldProblem::OutOfRange),
            Ok(days) => expires_at = Some(now + i64::from(days) * 86_400_000),
            Err(problem) => problems.add("expires_in_days", problem),
        }
    }
    if !problems.is_empty() {
        return Ok(CreateOutcome::Invalid(problems));
    }
    let token = new_token();
    let hash = token_hash(token.expose());
    let id = kontor_store::new_id();
    let (created_by, _) = actor.recorded_as();
    let customers = (!customers.is_empty()).then(|| customers.join(","));
    let record = ApiClientRecord {
        id: id.clone(),
        name,
        scopes: scopes.to_string(),
        customers,
        token_hint: token.expose()[..HINT_CHARS].to_string(),
        expires_at,
        revoked_at: None,
        last_used_at: None,
        created_by,
        created_at: now,
    };
    let audit = vendor_audit(
        ctx,
        actor,
        "api_client.created",
        audit_target(&record),
        Some(format!(
            "scopes: {}; customers: {}",
            record.scopes,
            record.customers.as_deref().unwrap_or("all")
        )),
    )
    .await?;
    ctx.store
        .create_api_client(
            &NewApiClient {
                id: &record.id,
                name: &record.name,
                scopes: &record.scopes,
                customers: record.customers.as_deref(),
                token_hash: &hash,
                token_hint: &record.token_hint,
                expires_at: record.expires_at,
                created_by: &record.created_by,
            },
            &audit,
            now,
        )
        .await?;
    Ok(CreateOutcome::Created {
        client: record,
        token,
    })
}

/// Every client, newest first.
pub async fn list(
    ctx: &ServerContext,
    actor: &Actor,
) -> Result<Vec<ApiClientRecord>, ServiceError> {
    may_manage(actor)?;
    Ok(ctx.store.api_clients().await?)
}

/// Revokes a client: its token stops working at once. `false`: it was revoked
/// already.
pub async fn revoke(ctx: &ServerContext, actor: &Actor, id: &str) -> Result<bool, ServiceError> {
    may_manage(actor)?;
    let client = ctx
        .store
        .api_client(id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let audit = vendor_audit(
        ctx,
        actor,
        "api_client.revoked",
        audit_target(&client),
        None,
    )
    .await?;
    Ok(ctx.store.revoke_api_client(id, &audit, ctx.now()).await?)
}

/// Gives a live client a new token, shown once; the old one stops working at once
/// (an ERP whose token leaked keeps its client, its scopes and its history).
pub async fn rotate(ctx: &ServerContext, actor: &Actor, id: &str) -> Result<Token, ServiceError> {
    may_manage(actor)?;
    let client = ctx
        .store
        .api_client(id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let token = new_token();
    let audit = vendor_audit(
        ctx,
        actor,
        "api_client.token_rotated",
        audit_target(&client),
        None,
    )
    .await?;
    let rotated = ctx
        .store
        .rotate_api_client_token(
            id,
            &token_hash(token.expose()),
            &token.expose()[..HINT_CHARS],
            &audit,
            ctx.now(),
        )
        .await?;
    if rotated {
        Ok(token)
    } else {
        // Revoked clients stay revoked.
        Err(ServiceError::NotFound)
    }
}

/// The client a bearer token belongs to, if it is live. Tokens of the wrong shape
/// are refused without a database read.
pub async fn authenticate(ctx: &ServerContext, token: &str) -> Result<Option<Actor>, ServiceError> {
    if !is_token_shaped(token) {
        return Ok(None);
    }
    let record = ctx
        .store
        .api_client_by_token(&token_hash(token), ctx.now())
        .await?;
    Ok(record.map(|r| Actor::Client(Client::of(&r))))
}
