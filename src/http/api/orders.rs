//! Orders for the ERP: the change feed, one order, and the vendor's steps (confirm
//! with the ERP's number, ship with carrier and tracking number, deliver, cancel).

use super::ApiState;
use super::problem::{ApiJson, ApiQuery, Problem};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::api::orders::DecideResult;
use kontor_app::services::{Actor, orders};
use kontor_domain::calendar::Day;
use kontor_domain::order::OrderState;
use kontor_store::orders::FeedOrder;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An order's state. `approved` orders wait for the vendor's confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiOrderState {
    Draft,
    PendingApproval,
    Approved,
    Confirmed,
    Shipped,
    Delivered,
    Rejected,
    Withdrawn,
    Cancelled,
    /// Waited for approval longer than the customer allows; it no longer counts.
    Expired,
}

impl From<OrderState> for ApiOrderState {
    fn from(state: OrderState) -> ApiOrderState {
        match state {
            OrderState::Draft => ApiOrderState::Draft,
            OrderState::PendingApproval => ApiOrderState::PendingApproval,
            OrderState::Approved => ApiOrderState::Approved,
            OrderState::Confirmed => ApiOrderState::Confirmed,
            OrderState::Shipped => ApiOrderState::Shipped,
            OrderState::Delivered => ApiOrderState::Delivered,
            OrderState::Rejected => ApiOrderState::Rejected,
            OrderState::Withdrawn => ApiOrderState::Withdrawn,
            OrderState::Cancelled => ApiOrderState::Cancelled,
            OrderState::Expired => ApiOrderState::Expired,
        }
    }
}

/// The customer an order belongs to.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiCustomerRef {
    pub id: String,
    pub name: String,
    /// The ERP's own key for the customer, if it set one.
    pub external_id: Option<String>,
}

/// A line as ordered; prices are net, in cents of the order's currency.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiOrderLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
}

/// An order as the ERP books it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiOrder {
    pub id: String,
    /// The customer's order number (per customer, from 1).
    pub number: i64,
    pub customer: ApiCustomerRef,
    pub state: ApiOrderState,
    /// The ERP's number for the order, once it confirmed it.
    pub external_id: Option<String>,
    pub po_number: Option<String>,
    pub cost_center: Option<String>,
    pub delivery_address: String,
    /// The delivery date the purchaser asked for (YYYY-MM-DD).
    pub requested_date: Option<String>,
    pub note: Option<String>,
    pub currency: String,
    pub goods_cents: i64,
    pub shipping_cents: i64,
    pub total_cents: i64,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// RFC 3339, UTC.
    pub placed_at: String,
    pub updated_at: String,
    pub lines: Vec<ApiOrderLine>,
}

pub(crate) fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

impl From<FeedOrder> for ApiOrder {
    fn from(f: FeedOrder) -> ApiOrder {
        let o = f.order;
        ApiOrder {
            customer: ApiCustomerRef {
                id: o.organization_id,
                name: f.customer_name,
                external_id: f.customer_external_id,
            },
            id: o.id,
            number: o.number,
            state: o.state.into(),
            external_id: o.external_id,
            po_number: o.po_number,
            cost_center: o.cost_center,
            delivery_address: o.delivery_address,
            requested_date: o.requested_date.map(|d| Day(d).to_string()),
            note: o.note,
            currency: "EUR".into(),
            goods_cents: o.goods.cents(),
            shipping_cents: o.shipping.cents(),
            total_cents: o.total.cents(),
            carrier: o.carrier,
            tracking_number: o.tracking_number,
            placed_at: rfc3339(o.placed_at),
            updated_at: rfc3339(o.updated_at),
            lines: f
                .lines
                .into_iter()
                .map(|l| ApiOrderLine {
                    line_no: l.line_no,
                    sku: l.sku,
                    name: l.name_en,
                    unit: l.unit,
                    quantity: l.quantity,
                    unit_price_cents: l.unit_price_cents,
                    line_total_cents: l.line_total_cents,
                })
                .collect(),
        }
    }
}

/// Where to continue the feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// The `next_cursor` of the previous page; leave out to start from the beginning.
    pub updated_since: Option<String>,
    /// Orders per page, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// A page of the change feed.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OrderFeedPage {
    /// Orders changed after the cursor, oldest change first. An order changed again
    /// later appears again, with its new state.
    pub orders: Vec<ApiOrder>,
    /// Pass as `updated_since` next time (also when this page is empty).
    pub next_cursor: String,
    /// More changes are waiting: ask again at once.
    pub has_more: bool,
}

const DEFAULT_LIMIT: i64 = 100;

/// A feed's `updated_since` and `limit` parameters, checked.
pub(super) fn cursor_and_limit(
    updated_since: Option<String>,
    limit: Option<i64>,
) -> Result<(i64, i64), Problem> {
    let after = match updated_since.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| Problem::bad_request("`updated_since` is not a cursor of this feed."))?,
    };
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=orders::FEED_PAGE_MAX).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "`limit` must be 1 to {}.",
            orders::FEED_PAGE_MAX
        )));
    }
    Ok((after, limit))
}

/// The orders' change feed.
///
/// Every change of an order (placed, approved, rejected, withdrawn, confirmed,
/// shipped, delivered, cancelled) moves it to the end of the feed. Keep the last
/// `next_cursor` and poll with it: no change is missed or delivered twice, even while
/// orders are placed during the poll.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    tag = "orders",
    params(FeedParams),
    responses(
        (status = 200, description = "Orders changed after the cursor", body = OrderFeedPage),
        (status = 400, description = "Malformed cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:read"]))
)]
pub(super) async fn feed(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiQuery(params): ApiQuery<FeedParams>,
) -> Result<Json<OrderFeedPage>, Problem> {
    let (after, limit) = cursor_and_limit(params.updated_since, params.limit)?;
    // One more than asked tells whether more are waiting.
    let page = orders::changes(
        &state.context,
        &actor,
        orders::FeedQuery {
            after,
            limit: limit + 1,
        },
    )
    .await?;
    let mut found = page.orders;
    let has_more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next_cursor = found
        .last()
        .map_or(after, |o| o.order.change_seq)
        .to_string();
    Ok(Json(OrderFeedPage {
        orders: found.into_iter().map(ApiOrder::from).collect(),
        next_cursor,
        has_more,
    }))
}

/// One order with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{id}",
    tag = "orders",
    params(("id" = String, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = ApiOrder),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not one of the token's customers", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:read"]))
)]
pub(super) async fn one(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiOrder>, Problem> {
    let order = orders::order_with_lines(&state.context, &actor, &id).await?;
    Ok(Json(order.into()))
}

/// Confirming an order: the ERP's number for it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// The ERP's order number (up to 64 characters).
    #[serde(default)]
    pub external_id: String,
}

/// Shipping an order: who carries it and how to track it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipInput {
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub tracking_number: String,
}

/// Delivering an order (no fields).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverInput {}

/// Cancelling an order: the reason the purchaser reads.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    #[serde(default)]
    pub reason: String,
}

async fn step(
    state: &ApiState,
    actor: &Actor,
    id: String,
    input: orders::AdvanceOrder,
) -> Result<Json<ApiOrder>, Problem> {
    let input = orders::AdvanceOrder {
        order_id: id.clone(),
        ..input
    };
    match orders::advance(&state.context, actor, input).await? {
        DecideResult::Decided(_) => {
            let order = orders::order_with_lines(&state.context, actor, &id).await?;
            Ok(Json(order.into()))
        }
        DecideResult::Invalid(problems) => Err(Problem::invalid(&problems)),
        DecideResult::AlreadyDecided
        | DecideResult::Changed
        | DecideResult::NotYours
        | DecideResult::OwnOrder => Err(Problem::conflict(
            "The order is in a state that does not allow this step.",
        )),
    }
}

/// Confirm an approved order, with the ERP's order number.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/confirm",
    tag = "orders",
    params(("id" = String, Path, description = "The order's id"), super::IdempotencyHeader),
    request_body = ConfirmInput,
    responses(
        (status = 200, description = "The confirmed order", body = ApiOrder),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not one of the token's customers", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not approved (any more)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field was refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:write"]))
)]
pub(super) async fn confirm(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ConfirmInput>,
) -> Result<Json<ApiOrder>, Problem> {
    let advance = orders::AdvanceOrder {
        step: Some(orders::VendorStep::Confirm),
        external_id: input.external_id,
        ..Default::default()
    };
    step(&state, &actor, id, advance).await
}

/// Ship a confirmed order.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/ship",
    tag = "orders",
    params(("id" = String, Path, description = "The order's id"), super::IdempotencyHeader),
    request_body = ShipInput,
    responses(
        (status = 200, description = "The shipped order", body = ApiOrder),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not one of the token's customers", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not confirmed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field was refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:write"]))
)]
pub(super) async fn ship(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ShipInput>,
) -> Result<Json<ApiOrder>, Problem> {
    let advance = orders::AdvanceOrder {
        step: Some(orders::VendorStep::Ship),
        carrier: input.carrier,
        tracking_number: input.tracking_number,
        ..Default::default()
    };
    step(&state, &actor, id, advance).await
}

/// Mark a shipped order delivered.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/deliver",
    tag = "orders",
    params(("id" = String, Path, description = "The order's id"), super::IdempotencyHeader),
    request_body = DeliverInput,
    responses(
        (status = 200, description = "The delivered order", body = ApiOrder),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not one of the token's customers", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not shipped", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:write"]))
)]
pub(super) async fn deliver(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(_input): ApiJson<DeliverInput>,
) -> Result<Json<ApiOrder>, Problem> {
    let advance = orders::AdvanceOrder {
        step: Some(orders::VendorStep::Deliver),
        ..Default::default()
    };
    step(&state, &actor, id, advance).await
}

/// Cancel an order, with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/cancel",
    tag = "orders",
    params(("id" = String, Path, description = "The order's id"), super::IdempotencyHeader),
    request_body = CancelInput,
    responses(
        (status = 200, description = "The cancelled order", body = ApiOrder),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `orders:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not one of the token's customers", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order can no longer be cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing or too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["orders:write"]))
)]
pub(super) async fn cancel(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CancelInput>,
) -> Result<Json<ApiOrder>, Problem> {
    let advance = orders::AdvanceOrder {
        step: Some(orders::VendorStep::Cancel),
        reason: input.reason,
        ..Default::default()
    };
    step(&state, &actor, id, advance).await
}
