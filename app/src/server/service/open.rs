//! Opening a request from the portal's form: the choices the form offers, and the
//! opening itself through `services::service_requests::open`.

use crate::AppError;
use crate::api::service::{OrderChoice, ServiceOutcome};
use crate::server::auth::{SessionUser, forbidden, not_found, require, signed_in};
use crate::server::{ServerContext, caller, context, internal_error, refusal};
use crate::services::orders::only_own_orders;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::service::RequestForm;
use kontor_store::orders::OrderQuery;
use kontor_store::organizations::CustomerRecord;

/// The caller and their organization, if they may open requests in its name.
async fn opener(ctx: &ServerContext) -> Result<(SessionUser, CustomerRecord), AppError> {
    let user = signed_in().await?;
    let actor = user.actor();
    if actor.is_vendor() {
        return Err(forbidden());
    }
    let customer = ctx
        .store
        .customer(&user.record.organization_id)
        .await
        .map_err(|e| internal_error("open_service_request", e))?
        .ok_or_else(not_found)?;
    require(actor.may(Action::OpenServiceRequest(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok((user, customer))
}

pub async fn form_choices() -> Result<Vec<OrderChoice>, AppError> {
    let ctx = context();
    let (user, customer) = opener(&ctx).await?;
    // A purchaser who sees only their own orders is offered only those.
    let orders = ctx
        .store
        .orders_page(&OrderQuery {
            organization_id: Some(&customer.id),
            purchaser_id: only_own_orders(&user.record),
            limit: 30,
            ..Default::default()
        })
        .await
        .map_err(|e| internal_error("service_form", e))?;
    Ok(orders
        .into_iter()
        .map(|o| OrderChoice {
            number: o.number,
            po_number: o.po_number,
            state: o.state,
            placed_at: o.placed_at,
        })
        .collect())
}

pub async fn open(form: RequestForm) -> Result<ServiceOutcome, AppError> {
    let (ctx, actor) = caller().await?;
    crate::services::service_requests::open(&ctx, &actor, form)
        .await
        .map_err(refusal)
}
