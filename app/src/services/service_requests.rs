//! Service requests for the vendor's ERP or ticket system (`service:read`): the change
//! feed and one request with its conversation. Opening and working requests stays with
//! people in the portal (`server::service`).

use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::integration::Scope;
use kontor_store::service::{MessageRecord, RequestRecord, ServiceReader};

/// Requests changed after the cursor (opened, answered, moved on, resolved, closed),
/// oldest change first: an API client with `service:read` sees those of the customers
/// it reaches.
pub async fn changes(
    ctx: &ServerContext,
    actor: &Actor,
    after: i64,
    limit: i64,
) -> Result<Vec<RequestRecord>, ServiceError> {
    let Actor::Client(client) = actor else {
        return Err(ServiceError::Forbidden);
    };
    ServiceError::require(client.grant.may_use(Scope::ServiceRead))?;
    Ok(ctx
        .store
        .service_request_changes(
            after.max(0),
            limit.clamp(1, 501),
            client.grant.customers.as_deref(),
        )
        .await?)
}

/// One request and its conversation as the vendor sees it (internal notes
/// included), if the actor may see the customer's requests.
pub async fn request(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<(RequestRecord, Vec<MessageRecord>), ServiceError> {
    let request = ctx
        .store
        .service_request(ServiceReader::AllCustomers, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(Action::ViewServiceRequests(CustomerScope {
        organization_id: &request.organization_id,
        account_manager_id: request.account_manager_id.as_deref(),
    })))?;
    let internal = actor.is_vendor();
    let messages = ctx
        .store
        .service_messages(&request.organization_id, &request.id, internal)
        .await?;
    Ok((request, messages))
}
