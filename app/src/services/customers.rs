//! Customer organizations: creating one (pending until unlocked), unlocking and
//! suspending it — for vendor staff in the portal and for the ERP through the API.

use crate::api::customers::{CreateCustomerOutcome, CustomerProblems, StatusOutcome};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope, Role, Roles};
use kontor_domain::field::FieldProblem;
use kontor_domain::order::parse_external_text;
use kontor_domain::text::{optional_text, required_line};
use kontor_store::audit::AuditEntry;
use kontor_store::organizations::{CreateCustomer, CustomerRecord, NewCustomer, StatusChange};

/// A customer to create, as typed.
#[derive(Clone, Debug, Default)]
pub struct NewCustomerInput {
    pub name: String,
    pub vat_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    /// The account manager's user id. An account manager creating a customer is
    /// always its account manager, whatever this says.
    pub account_manager: String,
    /// The ERP's key for the customer (optional, unique).
    pub external_id: String,
}

/// Creates a customer organization, pending until unlocked. Vendor admins, account
/// managers, the operator and API clients with `customers:write` (not limited to
/// some customers).
pub async fn create(
    ctx: &ServerContext,
    actor: &Actor,
    input: NewCustomerInput,
) -> Result<CreateCustomerOutcome, ServiceError> {
    ServiceError::require(actor.may(Action::CreateCustomer))?;
    let account_manager = match actor {
        Actor::Person(p) if !Roles::from_stored(&p.record.roles).contains(Role::VendorAdmin) => {
            p.record.id.clone()
        }
        _ => input.account_manager.trim().to_string(),
    };
    let manager_ok = is_account_manager(ctx, &account_manager).await?;
    let name = required_line(&input.name, 200).map_err(FieldProblem::from);
    let vat = optional_text(&input.vat_id, 20).map_err(FieldProblem::from);
    let billing = optional_text(&input.billing_address, 500).map_err(FieldProblem::from);
    let shipping = optional_text(&input.shipping_address, 500).map_err(FieldProblem::from);
    let external = parse_external_text(&input.external_id);
    let (Ok(name), Ok(vat_id), Ok(billing_address), Ok(shipping_address), Ok(external_id), true) = (
        name.clone(),
        vat.clone(),
        billing.clone(),
        shipping.clone(),
        external.clone(),
        manager_ok,
    ) else {
        return Ok(CreateCustomerOutcome::Invalid(CustomerProblems {
            name: name.err(),
            vat_id: vat.err(),
            billing_address: billing.err(),
            shipping_address: shipping.err(),
            account_manager: (!manager_ok).then_some(FieldProblem::Required),
            external_id: external.err(),
        }));
    };
    let customer = NewCustomer {
        id: kontor_store::new_id(),
        name,
        vat_id,
        billing_address,
        shipping_address,
        account_manager_id: account_manager,
        external_id,
    };
    let (actor_id, actor_name) = actor.recorded_as();
    let audit = AuditEntry {
        organization_id: customer.id.clone(),
        actor_id: Some(actor_id),
        actor_name,
        action: "organization.created".into(),
        target: format!("organization:{} {}", customer.id, customer.name),
        before: None,
        after: Some("pending".into()),
    };
    match ctx
        .store
        .create_customer(&customer, &audit, ctx.now())
        .await?
    {
        CreateCustomer::Created => Ok(CreateCustomerOutcome::Created { id: customer.id }),
        CreateCustomer::ExternalIdTaken => Ok(CreateCustomerOutcome::Invalid(CustomerProblems {
            external_id: Some(FieldProblem::ExternalIdTaken),
            ..CustomerProblems::default()
        })),
    }
}

/// Whether `id` is an active account manager of the vendor: who may look after a
/// customer (or a lead).
pub(crate) async fn is_account_manager(
    ctx: &ServerContext,
    id: &str,
) -> Result<bool, ServiceError> {
    Ok(ctx.store.user_by_id(id).await?.is_some_and(|m| {
        m.organization_kind == "vendor"
            && m.active
            && Roles::from_stored(&m.roles).contains(Role::AccountManager)
    }))
}

/// The customer `id` when the actor may do `action` with it; not found otherwise,
/// exactly as for an id that is not a customer.
pub async fn customer_for(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
    action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
) -> Result<CustomerRecord, ServiceError> {
    let customer = ctx
        .store
        .customer(id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(action(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok(customer)
}

/// Customers changed after the cursor, oldest change first: an API client with
/// `customers:read` sees those it reaches (the ERP's polling; people use the pages).
pub async fn changes(
    ctx: &ServerContext,
    actor: &Actor,
    after: i64,
    limit: i64,
) -> Result<Vec<CustomerRecord>, ServiceError> {
    let Actor::Client(client) = actor else {
        return Err(ServiceError::Forbidden);
    };
    ServiceError::require(
        client
            .grant
            .may_use(kontor_domain::integration::Scope::CustomersRead),
    )?;
    Ok(ctx
        .store
        .customer_changes(
            after.max(0),
            limit.clamp(1, 501),
            client.grant.customers.as_deref(),
        )
        .await?)
}

/// Unlocks (pending or suspended → active) or suspends (active → suspended) a
/// customer. Suspending ends every session of its users; unlocking tells its admins.
#[allow(clippy::redundant_closure)]
pub async fn set_status(
    ctx: &ServerContext,
    actor: &Actor,
    organization_id: &str,
    unlock: bool,
) -> Result<StatusOutcome, ServiceError> {
    let customer = customer_for(ctx, actor, organization_id, |s| Action::ManageCustomer(s)).await?;
    let (from, to, action): (&[&str], _, _) = if unlock {
        (&["pending", "suspended"], "active", "organization.unlocked")
    } else {
        (&["active"], "suspended", "organization.suspended")
    };
    let (actor_id, actor_name) = actor.recorded_as();
    let outcome = ctx
        .store
        .change_customer_status(
            &customer.id,
            from,
            to,
            |current| AuditEntry {
                organization_id: customer.id.clone(),
                actor_id: Some(actor_id),
                actor_name,
                action: action.into(),
                target: format!("organization:{} {}", customer.id, customer.name),
                before: Some(current.to_string()),
                after: Some(to.into()),
            },
            |member| {
                (unlock && Roles::from_stored(&member.roles).contains(Role::Admin))
                    .then(|| crate::mail::organization_unlocked(ctx, member))
            },
            ctx.now(),
        )
        .await?;
    match outcome {
        StatusChange::Changed => {
            (ctx.mail_written)();
            Ok(StatusOutcome::Changed)
        }
        StatusChange::NotApplicable { current } => Ok(StatusOutcome::AlreadyDone { current }),
        StatusChange::NotFound => Err(ServiceError::NotFound),
    }
}
