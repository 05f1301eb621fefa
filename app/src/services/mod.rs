//! Business operations, once each, callable from anywhere on the server.
//!
//! Every operation is a plain async function
//! `(&ServerContext, &Actor, typed input) -> Result<Outcome, ServiceError>`: it checks
//! that the actor may do it, parses and checks the input against the domain's rules,
//! and makes the change in one store transaction (change + audit + outbox). Nothing
//! here reads the HTTP request or Leptos' reactive context, so the server functions,
//! the REST API (`/api/v1`), the command line, the demo seed and the background loops
//! call the same functions; none of them re-implements a rule.
//!
//! Outcomes a person can act on (a field problem, "someone else decided first", a
//! refused order) are values of the outcome enums; `ServiceError` is only for what ends
//! the call: not the caller's business, not allowed, or the store failed.
//!
//! Every change lives here. Reads that only a page needs (its lists and views, shaped
//! for it) stay in `server::*`.

mod actor;
pub mod analytics;
pub mod catalog;
pub mod customers;
pub mod document_news;
pub mod documents;
pub mod follow_ups;
pub mod integration;
pub mod leads;
pub mod notifications;
pub mod orders;
pub mod prices;
pub mod profile;
pub mod quotes;
pub mod relationship_survey;
pub mod service_requests;
pub mod team;
pub mod terms;
pub mod timeline;
pub mod vendor_analytics;
pub mod webhooks;

pub use actor::{Actor, Client, Person, access_of};

/// Why an operation did not run at all.
///
/// Deliberately not a `std::error::Error`: server functions turn any such error into
/// their answer with `?`, and the store's message must never reach a browser. Each
/// caller maps it explicitly (`server::refusal` for server functions).
#[derive(Debug)]
pub enum ServiceError {
    /// Not there, or not the actor's business: the same answer for both, so that
    /// another organization's ids reveal nothing.
    NotFound,
    /// The actor may see it but not do this.
    Forbidden,
    /// The database (or the mail outbox) failed; the details go to the log only.
    Store(kontor_store::StoreError),
    /// The file storage failed, or an uploaded file's body broke off
    /// ([`crate::server::files::FilesError::Body`]: the caller's request, not us).
    Files(crate::server::files::FilesError),
}

impl From<kontor_store::StoreError> for ServiceError {
    fn from(error: kontor_store::StoreError) -> ServiceError {
        ServiceError::Store(error)
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceError::NotFound => f.write_str("not found"),
            ServiceError::Forbidden => f.write_str("not allowed"),
            ServiceError::Store(e) => write!(f, "store: {e}"),
            ServiceError::Files(e) => write!(f, "files: {e}"),
        }
    }
}

/// An entry for the vendor's own audit trail (integrations, staff matters), with the
/// actor as it is recorded.
pub(crate) async fn vendor_audit(
    ctx: &crate::server::ServerContext,
    actor: &Actor,
    action: &str,
    target: String,
    after: Option<String>,
) -> Result<kontor_store::audit::AuditEntry, ServiceError> {
    let organization_id = ctx
        .store
        .vendor_organization_id()
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (actor_id, actor_name) = actor.recorded_as();
    Ok(kontor_store::audit::AuditEntry {
        organization_id,
        actor_id: Some(actor_id),
        actor_name,
        action: action.to_string(),
        target,
        before: None,
        after,
    })
}

impl ServiceError {
    /// `NotFound` for [`kontor_domain::access::Access::Hidden`], `Forbidden` for
    /// `Denied`.
    pub fn require(access: kontor_domain::access::Access) -> Result<(), ServiceError> {
        use kontor_domain::access::Access;
        match access {
            Access::Allowed => Ok(()),
            Access::Denied => Err(ServiceError::Forbidden),
            Access::Hidden => Err(ServiceError::NotFound),
        }
    }
}
