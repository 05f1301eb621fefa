//! Customer organizations as vendor staff see and manage them, and audit trails.

use crate::AppError;
use crate::api::team::MemberView;
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: String,
    pub name: String,
    pub status: String,
    pub account_manager_name: Option<String>,
    pub members: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerList {
    pub customers: Vec<CustomerSummary>,
    /// The caller may create customers.
    pub can_create: bool,
    /// The caller may manage the vendor's staff (and read its audit trail).
    pub can_manage_staff: bool,
    /// The account managers a new customer may get (only for those who may create).
    pub managers: Vec<StaffOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub id: String,
    pub name: String,
    pub status: String,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub account_manager_name: Option<String>,
    pub account_manager_email: Option<String>,
    pub members: Vec<MemberView>,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOption {
    pub id: String,
    pub display_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProblems {
    pub name: Option<FieldProblem>,
    pub vat_id: Option<FieldProblem>,
    pub billing_address: Option<FieldProblem>,
    pub shipping_address: Option<FieldProblem>,
    pub account_manager: Option<FieldProblem>,
    /// The ERP's key (API only).
    pub external_id: Option<FieldProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreateCustomerOutcome {
    Created { id: String },
    Invalid(CustomerProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusOutcome {
    Changed,
    /// Nothing to do from the current state (e.g. a second click on "unlock").
    AlreadyDone {
        current: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[cfg(feature = "ssr")]
pub(crate) mod load {
    use crate::AppError;
    use crate::server::auth::{SessionUser, not_found, require, signed_in, store};
    use crate::server::internal_error;
    use kontor_domain::access::{Action, CustomerScope};
    use kontor_store::organizations::CustomerRecord;

    /// The signed-in caller and the customer `id`, when `action` allows it; 404 for an
    /// id that is not a customer, exactly as for one the caller may not see.
    pub async fn customer_for(
        id: &str,
        action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
    ) -> Result<(SessionUser, CustomerRecord), AppError> {
        // Before the first await (see `server::caller`).
        let store = store();
        let user = signed_in().await?;
        let customer = store
            .customer(id)
            .await
            .map_err(|e| internal_error("customer", e))?
            .ok_or_else(not_found)?;
        require(user.actor().may(action(CustomerScope {
            organization_id: &customer.id,
            account_manager_id: customer.account_manager_id.as_deref(),
        })))?;
        Ok((user, customer))
    }
}

/// The customers the caller may see. Authorization: vendor staff (account managers:
/// their own customers only); customers get 403.
#[server(endpoint = "customers")]
pub async fn list_customers() -> Result<CustomerList, AppError> {
    use crate::server::auth::{forbidden, signed_in, store};
    use kontor_domain::access::{Action, CustomerScope};
    // The store before any await: the request's context is not reliably there once
    // the future has been woken from elsewhere (rendering the page polls it so).
    let store = store();
    let user = signed_in().await?;
    let actor = user.actor();
    if !actor.is_vendor() {
        return Err(forbidden());
    }
    let rows = store
        .customers(None)
        .await
        .map_err(|e| crate::server::internal_error("customers", e))?;
    let customers = rows
        .into_iter()
        .filter(|c| {
            actor
                .may(Action::ViewCustomer(CustomerScope {
                    organization_id: &c.id,
                    account_manager_id: c.account_manager_id.as_deref(),
                }))
                .is_allowed()
        })
        .map(|c| CustomerSummary {
            id: c.id,
            name: c.name,
            status: c.status,
            account_manager_name: c.account_manager_name,
            members: c.members,
        })
        .collect();
    let can_create = actor.may(Action::CreateCustomer).is_allowed();
    Ok(CustomerList {
        customers,
        can_create,
        can_manage_staff: actor.may(Action::ManageStaff).is_allowed(),
        // With the list, so the page needs no second request (and no suspense of its
        // own for the form, which did not hydrate inside this one).
        managers: if can_create {
            staff_options(&store).await?
        } else {
            Vec::new()
        },
    })
}

/// One customer with its members. Authorization: vendor staff who may see it.
// The closures `|s| Action::…(s)` below are needed: clippy's suggested variant path
// does not satisfy the higher-ranked fn-pointer type.
#[allow(clippy::redundant_closure)]
#[server(endpoint = "customer")]
pub async fn customer_detail(id: String) -> Result<CustomerView, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::api::team::member_view;

    use kontor_domain::access::{Action, CustomerScope};
    let (user, c) = load::customer_for(&id, |s| Action::ViewCustomer(s)).await?;
    let team = request
        .store
        .team(&c.id)
        .await
        .map_err(|e| crate::server::internal_error("customer", e))?;
    let can_manage = user
        .actor()
        .may(Action::ManageCustomer(CustomerScope {
            organization_id: &c.id,
            account_manager_id: c.account_manager_id.as_deref(),
        }))
        .is_allowed();
    Ok(CustomerView {
        members: team.iter().map(|m| member_view(m, &team)).collect(),
        id: c.id,
        name: c.name,
        status: c.status,
        vat_id: c.vat_id,
        billing_address: c.billing_address,
        shipping_address: c.shipping_address,
        account_manager_name: c.account_manager_name,
        account_manager_email: c.account_manager_email,
        can_manage,
    })
}

/// Account managers to choose from. Authorization: those who may create customers.
#[server(endpoint = "account_managers")]
pub async fn account_managers() -> Result<Vec<StaffOption>, AppError> {
    use crate::server::auth::{require, signed_in};
    use kontor_domain::access::Action;
    let store = crate::server::auth::store();
    let user = signed_in().await?;
    require(user.actor().may(Action::CreateCustomer))?;
    staff_options(&store).await
}

/// The active account managers, as the new-customer form offers them.
#[cfg(feature = "ssr")]
async fn staff_options(store: &kontor_store::Store) -> Result<Vec<StaffOption>, AppError> {
    use kontor_domain::access::{Role, Roles};
    let staff = store
        .vendor_staff()
        .await
        .map_err(|e| crate::server::internal_error("account_managers", e))?;
    Ok(staff
        .into_iter()
        .filter(|s| s.active && Roles::from_stored(&s.roles).contains(Role::AccountManager))
        .map(|s| StaffOption {
            id: s.id,
            display_name: s.display_name,
        })
        .collect())
}

/// Creates a customer organization, pending until unlocked. Authorization: vendor
/// admins and account managers; an account manager's new customer is always their own.
#[server(endpoint = "customer_create")]
pub async fn create_customer(
    name: String,
    vat_id: String,
    billing_address: String,
    shipping_address: String,
    account_manager: String,
) -> Result<CreateCustomerOutcome, AppError> {
    use crate::services::customers::{self, NewCustomerInput};
    let (ctx, actor) = crate::server::caller().await?;
    let input = NewCustomerInput {
        name: name.clone(),
        vat_id: vat_id.clone(),
        billing_address: billing_address.clone(),
        shipping_address: shipping_address.clone(),
        account_manager: account_manager.clone(),
        external_id: String::new(),
    };
    let outcome = customers::create(&ctx, &actor, input)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the list with the outcome, as the script shows it
    // (the new customer's link, or the problems with what was typed).
    let kept: &[(&str, &str)] = match outcome {
        CreateCustomerOutcome::Created { .. } => &[],
        CreateCustomerOutcome::Invalid(_) => &[
            ("name", &name),
            ("vat_id", &vat_id),
            ("billing_address", &billing_address),
            ("shipping_address", &shipping_address),
            ("account_manager", &account_manager),
        ],
    };
    crate::server::answer_plain_form(
        <CreateCustomer as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Invites the first user of a customer (as its admin). Authorization: vendor staff
/// who manage this customer.
#[allow(clippy::redundant_closure)]
#[server(endpoint = "customer_invite_admin")]
pub async fn invite_customer_admin(
    organization_id: String,
    display_name: String,
    email: String,
) -> Result<crate::api::team::TeamOutcome, AppError> {
    use kontor_domain::access::{Action, Role, Roles};
    use kontor_domain::team::{Invitation, MemberSettings};
    let (ctx, actor) = crate::server::caller().await?;
    // The customer first: a stranger's id is a 404 whatever the form says.
    crate::services::customers::customer_for(&ctx, &actor, &organization_id, |s| {
        Action::ManageCustomer(s)
    })
    .await
    .map_err(crate::server::refusal)?;
    let settings = MemberSettings {
        roles: Roles::new([Role::Admin]),
        per_order_limit: None,
        monthly_budget: None,
        approver: None,
    };
    let team = crate::services::team::Team::Customer(&organization_id);
    let outcome = match Invitation::parse(&display_name, &email, Ok(settings)) {
        Ok(invitation) => crate::services::team::invite(&ctx, &actor, team, invitation)
            .await
            .map_err(crate::server::refusal)?,
        Err(problems) => crate::api::team::TeamOutcome::Invalid(problems),
    };
    // Without the script: back to the customer with the outcome; a refusal keeps the
    // name and address typed.
    let kept: &[(&str, &str)] = match outcome {
        crate::api::team::TeamOutcome::Done => &[],
        _ => &[("display_name", &display_name), ("email", &email)],
    };
    crate::server::answer_plain_form(
        <InviteCustomerAdmin as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Unlocks (pending or suspended → active) or suspends (active → suspended) a
/// customer. Suspending ends every session of its users. Authorization: vendor staff
/// who manage this customer.
#[server(endpoint = "customer_status")]
pub async fn set_customer_status(
    organization_id: String,
    unlock: bool,
) -> Result<StatusOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::customers::set_status(&ctx, &actor, &organization_id, unlock)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the customer, as it now stands, with the outcome.
    crate::server::answer_plain_form(
        <SetCustomerStatus as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// An organization's audit trail, newest first. `organization_id` empty: the
/// caller's own organization. Authorization: customer admins (own organization),
/// vendor staff who manage the customer, vendor admins (the vendor's own trail).
#[allow(clippy::redundant_closure)]
#[server(endpoint = "audit")]
pub async fn audit_trail(
    organization_id: String,
    before_seq: Option<i64>,
) -> Result<Vec<AuditItem>, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{require, signed_in};
    use crate::server::internal_error;
    use kontor_domain::access::{Action, CustomerScope};
    let user = signed_in().await?;
    let actor = user.actor();
    let organization_id = if organization_id.is_empty() {
        actor.organization_id.clone()
    } else {
        organization_id
    };
    if actor.is_vendor() && organization_id == actor.organization_id {
        require(actor.may(Action::ReadVendorAudit))?;
    } else if actor.is_vendor() {
        load::customer_for(&organization_id, |s| Action::ReadAudit(s)).await?;
    } else {
        require(actor.may(Action::ReadAudit(CustomerScope {
            organization_id: &organization_id,
            account_manager_id: None,
        })))?;
    }
    let rows = request
        .store
        .audit_page(&organization_id, before_seq, 50)
        .await
        .map_err(|e| internal_error("audit", e))?;
    Ok(rows
        .into_iter()
        .map(|r| AuditItem {
            seq: r.seq,
            at_ms: r.at,
            actor_name: r.actor_name,
            action: r.action,
            target: r.target,
            before: r.before_value,
            after: r.after_value,
        })
        .collect())
}
