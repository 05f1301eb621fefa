//! Customers for the ERP: list (with the ERP's keys), one, create with an external
//! id, unlock and suspend — through the same services the vendor's pages use.

// `|s| Action::ViewCustomer(s)` is not redundant: the variant itself is not general
// enough for the `for<'a> fn(CustomerScope<'a>) -> Action<'a>` the check takes.
#![allow(clippy::redundant_closure)]

use super::ApiState;
use super::orders::rfc3339;
use super::problem::{ApiJson, ApiQuery, Problem};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::api::customers::{CreateCustomerOutcome, CustomerProblems, StatusOutcome};
use kontor_app::services::{Actor, customers};
use kontor_domain::access::Action;
use kontor_domain::field::FormProblems;
use kontor_store::organizations::CustomerRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The customer's state in the portal.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiCustomerStatus {
    /// Created, not yet unlocked: its people cannot sign in.
    Pending,
    Active,
    /// Its people cannot sign in; its data stays.
    Suspended,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiAccountManager {
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// A customer organization.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiCustomer {
    pub id: String,
    /// The ERP's own key.
    pub external_id: Option<String>,
    pub name: String,
    pub status: ApiCustomerStatus,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub account_manager: ApiAccountManager,
    pub created_at: String,
}

impl From<CustomerRecord> for ApiCustomer {
    fn from(c: CustomerRecord) -> ApiCustomer {
        ApiCustomer {
            status: match c.status.as_str() {
                "active" => ApiCustomerStatus::Active,
                "suspended" => ApiCustomerStatus::Suspended,
                _ => ApiCustomerStatus::Pending,
            },
            id: c.id,
            external_id: c.external_id,
            name: c.name,
            vat_id: c.vat_id,
            billing_address: c.billing_address,
            shipping_address: c.shipping_address,
            account_manager: ApiAccountManager {
                id: c.account_manager_id,
                name: c.account_manager_name,
                email: c.account_manager_email,
            },
            created_at: rfc3339(c.created_at),
        }
    }
}

/// A customer to create (pending until unlocked).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    pub name: String,
    /// The ERP's key; unique among customers.
    #[serde(default)]
    pub external_id: String,
    #[serde(default)]
    pub vat_id: String,
    #[serde(default)]
    pub billing_address: String,
    #[serde(default)]
    pub shipping_address: String,
    /// The e-mail address of the vendor's account manager for this customer.
    pub account_manager_email: String,
}

fn problems_of(p: CustomerProblems) -> FormProblems {
    let mut problems = FormProblems::default();
    for (field, problem) in [
        ("name", p.name),
        ("external_id", p.external_id),
        ("vat_id", p.vat_id),
        ("billing_address", p.billing_address),
        ("shipping_address", p.shipping_address),
        ("account_manager_email", p.account_manager),
    ] {
        if let Some(problem) = problem {
            problems.add(field, problem);
        }
    }
    problems
}

/// Where to continue the customers' feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerFeedParams {
    /// The `next_cursor` of the previous page; leave out to start from the beginning.
    pub updated_since: Option<String>,
    /// Customers per page, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// A page of the customers' change feed.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CustomerFeedPage {
    /// Customers created or changed (unlocked, suspended) after the cursor, oldest
    /// change first.
    pub customers: Vec<ApiCustomer>,
    /// Pass as `updated_since` next time (also when this page is empty).
    pub next_cursor: String,
    pub has_more: bool,
}

/// The customers' change feed: every customer the token reaches, as it changes.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(CustomerFeedParams),
    responses(
        (status = 200, description = "Customers changed after the cursor", body = CustomerFeedPage),
        (status = 400, description = "Malformed cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `customers:read`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["customers:read"]))
)]
pub(super) async fn list(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiQuery(params): ApiQuery<CustomerFeedParams>,
) -> Result<Json<CustomerFeedPage>, Problem> {
    let (after, limit) = super::orders::cursor_and_limit(params.updated_since, params.limit)?;
    let mut found = customers::changes(&state.context, &actor, after, limit + 1).await?;
    let has_more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next_cursor = found.last().map_or(after, |c| c.change_seq).to_string();
    Ok(Json(CustomerFeedPage {
        customers: found.into_iter().map(ApiCustomer::from).collect(),
        next_cursor,
        has_more,
    }))
}

/// One customer.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The customer", body = ApiCustomer),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `customers:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the token reaches", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["customers:read"]))
)]
pub(super) async fn one(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiCustomer>, Problem> {
    let customer =
        customers::customer_for(&state.context, &actor, &id, |s| Action::ViewCustomer(s)).await?;
    Ok(Json(customer.into()))
}

/// Create a customer, pending until it is unlocked.
#[utoipa::path(
    post,
    path = "/api/v1/customers",
    tag = "customers",
    params(super::IdempotencyHeader),
    request_body = CustomerInput,
    responses(
        (status = 201, description = "Created", body = ApiCustomer),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `customers:write`, or is limited to some customers", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field was refused (`external_id_taken`: another customer has this key)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["customers:write"]))
)]
pub(super) async fn create(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<CustomerInput>,
) -> Result<(http::StatusCode, Json<ApiCustomer>), Problem> {
    let manager = state
        .context
        .store
        .user_by_email(input.account_manager_email.trim())
        .await
        .map_err(kontor_app::services::ServiceError::from)?;
    let input = customers::NewCustomerInput {
        name: input.name,
        vat_id: input.vat_id,
        billing_address: input.billing_address,
        shipping_address: input.shipping_address,
        account_manager: manager.map(|m| m.id).unwrap_or_default(),
        external_id: input.external_id,
    };
    match customers::create(&state.context, &actor, input).await? {
        CreateCustomerOutcome::Created { id } => {
            let customer =
                customers::customer_for(&state.context, &actor, &id, |s| Action::ViewCustomer(s))
                    .await?;
            Ok((http::StatusCode::CREATED, Json(customer.into())))
        }
        CreateCustomerOutcome::Invalid(problems) => Err(Problem::invalid(&problems_of(problems))),
    }
}

async fn status(
    state: &ApiState,
    actor: &Actor,
    id: &str,
    unlock: bool,
) -> Result<Json<ApiCustomer>, Problem> {
    match customers::set_status(&state.context, actor, id, unlock).await? {
        StatusOutcome::Changed => {}
        StatusOutcome::AlreadyDone { current } => {
            let wanted = if unlock { "active" } else { "suspended" };
            if current != wanted {
                return Err(Problem::conflict(&format!(
                    "The customer is {current}; this step does not apply."
                ))
                .titled("The customer's status does not allow this"));
            }
        }
    }
    let customer =
        customers::customer_for(&state.context, actor, id, |s| Action::ViewCustomer(s)).await?;
    Ok(Json(customer.into()))
}

/// Unlock a customer (pending or suspended → active); its admins get a mail.
/// Unlocking an active customer changes nothing and answers 200.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{id}/unlock",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id"), super::IdempotencyHeader),
    responses(
        (status = 200, description = "The customer, active", body = ApiCustomer),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `customers:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the token reaches", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["customers:write"]))
)]
pub(super) async fn unlock(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiCustomer>, Problem> {
    status(&state, &actor, &id, true).await
}

/// Suspend an active customer: its people are signed out and cannot sign in.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{id}/suspend",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id"), super::IdempotencyHeader),
    responses(
        (status = 200, description = "The customer, suspended", body = ApiCustomer),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `customers:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The customer is pending: unlock it first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["customers:write"]))
)]
pub(super) async fn suspend(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiCustomer>, Problem> {
    status(&state, &actor, &id, false).await
}
