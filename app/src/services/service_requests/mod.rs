//! Service requests, once for every caller: opening one ([`open`]), working it
//! ([`work`]: replies, internal notes, assignment, resolving, reopening, closing),
//! the survey behind the resolution mail ([`survey`]), the notice loop's breach
//! warnings and closings ([`notices`]), and for the vendor's ERP or ticket system
//! (`service:read`) the change feed and one request with its conversation.
//!
//! Who sees which request is one function, [`reader_for`]; internal notes are read
//! for vendor staff only, so they cannot reach a customer through a page, a mail or
//! any endpoint.

mod notices;
mod open;
mod survey;
mod work;

pub use notices::send_notices;
pub use open::open;
pub use survey::{SurveyForm, answer_survey, survey};
pub use work::{
    Reply, assign, assignees, changeable, close, message, reopen, reply, resolve,
    resolve_with_survey_token,
};

use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope, Role};
use kontor_domain::integration::Scope;
use kontor_store::accounts::UserRecord;
use kontor_store::service::{MessageRecord, RequestRecord, ServiceReader};

/// The scope of everything the person `record` reads about service requests: their
/// own organization's, every customer's (vendor admins and service agents) or their
/// customers' (account managers).
pub fn reader_for(record: &UserRecord) -> ServiceReader<'_> {
    let access = crate::services::access_of(record);
    if !access.is_vendor() {
        ServiceReader::Customer {
            organization_id: &record.organization_id,
        }
    } else if access.has(Role::VendorAdmin) || access.has(Role::ServiceAgent) {
        ServiceReader::AllCustomers
    } else {
        ServiceReader::AccountManager {
            user_id: &record.id,
        }
    }
}

/// The customer a request belongs to, as the permission rules see it.
pub fn scope_of(r: &RequestRecord) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &r.organization_id,
        account_manager_id: r.account_manager_id.as_deref(),
    }
}

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
