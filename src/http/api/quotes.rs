//! Quotes for the ERP or CPQ system: the requests waiting for an offer (`quotes:read`),
//! one quote with its versions and history, and offering or declining as the vendor
//! (`quotes:write`). The same operations as the portal's pages (`services::quotes`).

use super::ApiState;
use super::orders::rfc3339;
use super::problem::{ApiJson, ApiQuery, Problem, amount};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::api::quotes::{QuoteDetail, QuoteLineView, QuoteRow, StepResult};
use kontor_app::services::{Actor, quotes};
use kontor_domain::quote::{OfferForm, QuoteState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A quote in a list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiQuote {
    pub id: String,
    pub customer_name: String,
    /// Per customer, from 1.
    pub number: i64,
    pub requester_name: String,
    /// `requested`, `offered`, `changes_requested`, `accepted`, `declined`, `expired`
    /// or `withdrawn`.
    pub state: String,
    /// The version on the table (0: none offered yet).
    pub version: i64,
    pub total_cents: Option<i64>,
    /// The version's last valid day (Europe/Berlin), `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// Since when the side whose move it is has been waiting.
    pub waiting_since: String,
    pub created_at: String,
}

impl From<QuoteRow> for ApiQuote {
    fn from(r: QuoteRow) -> ApiQuote {
        ApiQuote {
            id: r.id,
            customer_name: r.customer,
            number: r.number,
            requester_name: r.requester,
            state: r.state.as_str().into(),
            version: r.version,
            total_cents: r.total.map(|t| t.cents()),
            valid_until: r.valid_until.map(|d| d.to_string()),
            waiting_since: rfc3339(r.waiting_since),
            created_at: rfc3339(r.created_at),
        }
    }
}

/// A line of a request or of a version.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiQuoteLine {
    pub line_no: i64,
    /// `null`: an item or service described in words (not in the catalog).
    pub sku: Option<String>,
    pub name: String,
    pub unit: String,
    pub quantity: i64,
    /// `null` on the request's lines.
    pub unit_price_cents: Option<i64>,
    pub line_total_cents: Option<i64>,
}

impl From<QuoteLineView> for ApiQuoteLine {
    fn from(l: QuoteLineView) -> ApiQuoteLine {
        ApiQuoteLine {
            line_no: l.line_no,
            sku: l.sku,
            name: l.name_en,
            unit: l.unit,
            quantity: l.quantity,
            unit_price_cents: l.unit_price.map(|m| m.cents()),
            line_total_cents: l.line_total.map(|m| m.cents()),
        }
    }
}

/// An offered version.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiQuoteVersion {
    pub version: i64,
    pub lines: Vec<ApiQuoteLine>,
    pub goods_cents: i64,
    pub shipping_cents: i64,
    pub total_cents: i64,
    /// `null`: as in the customer's contract.
    pub payment_net_days: Option<u32>,
    pub delivery_terms: Option<String>,
    pub valid_until: String,
    pub offered_by_name: String,
    pub offered_at: String,
}

/// An entry of the history.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiQuoteMessage {
    pub author_name: String,
    /// `customer`, `vendor` or `system`.
    pub side: String,
    /// For vendor staff only, never shown to the customer.
    pub internal: bool,
    /// `requested`, `offered`, `changes_requested`, `accepted`, `declined`,
    /// `withdrawn`, `expired` or `note`.
    pub event: String,
    pub version: Option<i64>,
    pub body: Option<String>,
    pub at: String,
}

/// A quote with what was asked, every version and the history.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiQuoteDetail {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub number: i64,
    pub requester_name: String,
    pub state: String,
    pub wished_date: Option<String>,
    pub created_at: String,
    pub requested: Vec<ApiQuoteLine>,
    pub versions: Vec<ApiQuoteVersion>,
    pub messages: Vec<ApiQuoteMessage>,
    /// The order an accepted version became.
    pub order_id: Option<String>,
}

impl From<QuoteDetail> for ApiQuoteDetail {
    fn from(d: QuoteDetail) -> ApiQuoteDetail {
        ApiQuoteDetail {
            id: d.id,
            customer_id: d.customer_id,
            customer_name: d.customer,
            number: d.number,
            requester_name: d.requester,
            state: d.state.as_str().into(),
            wished_date: d.wished_date.map(|day| day.to_string()),
            created_at: rfc3339(d.created_at),
            requested: d.requested.into_iter().map(ApiQuoteLine::from).collect(),
            versions: d
                .versions
                .into_iter()
                .map(|v| ApiQuoteVersion {
                    version: v.version,
                    lines: v.lines.into_iter().map(ApiQuoteLine::from).collect(),
                    goods_cents: v.goods.cents(),
                    shipping_cents: v.shipping.cents(),
                    total_cents: v.total.cents(),
                    payment_net_days: v.payment_net_days,
                    delivery_terms: v.delivery_terms,
                    valid_until: v.valid_until.to_string(),
                    offered_by_name: v.offered_by,
                    offered_at: rfc3339(v.offered_at),
                })
                .collect(),
            messages: d
                .messages
                .into_iter()
                .map(|m| ApiQuoteMessage {
                    author_name: m.author,
                    side: m.side,
                    internal: m.internal,
                    event: m.event,
                    version: m.version,
                    body: m.body,
                    at: rfc3339(m.at),
                })
                .collect(),
            order_id: d.order.map(|(id, _)| id),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteListParams {
    /// One state; leave out for the quotes waiting for the vendor (requested, or
    /// changes requested), oldest waiting first.
    pub state: Option<String>,
    /// One customer's quotes only.
    pub customer_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct QuoteListPage {
    pub quotes: Vec<ApiQuote>,
}

/// Quotes of the customers the token reaches (at most 200).
#[utoipa::path(
    get,
    path = "/api/v1/quotes",
    tag = "quotes",
    params(QuoteListParams),
    responses(
        (status = 200, description = "The quotes", body = QuoteListPage),
        (status = 400, description = "Unknown state", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `quotes:read`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["quotes:read"]))
)]
pub(super) async fn list(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiQuery(params): ApiQuery<QuoteListParams>,
) -> Result<Json<QuoteListPage>, Problem> {
    // A token without the scope is refused before anything is read.
    if let Actor::Client(client) = &actor {
        let needed = kontor_domain::integration::Scope::QuotesRead;
        if !client.grant.may_use(needed).is_allowed() {
            return Err(Problem::forbidden());
        }
    }
    let wanted = match params.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(
            QuoteState::parse(name)
                .ok_or_else(|| Problem::bad_request("`state` is not a quote state."))?,
        ),
    };
    let customer = params.customer_id.as_deref().filter(|c| !c.is_empty());
    let list = quotes::list(&state.context, &actor, wanted, customer).await?;
    Ok(Json(QuoteListPage {
        quotes: list.rows.into_iter().map(ApiQuote::from).collect(),
    }))
}

/// One quote with its versions and history (internal notes included).
#[utoipa::path(
    get,
    path = "/api/v1/quotes/{id}",
    tag = "quotes",
    params(("id" = String, Path, description = "The quote's id")),
    responses(
        (status = 200, description = "The quote", body = ApiQuoteDetail),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `quotes:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote, or not of a customer the token reaches", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["quotes:read"]))
)]
pub(super) async fn one(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<ApiQuoteDetail>, Problem> {
    Ok(Json(
        quotes::detail(&state.context, &actor, &id).await?.into(),
    ))
}

/// A line on the table, priced.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OfferLineInput {
    /// The line's number in the version the offer is based on (the request's lines
    /// for the first offer). Lines left out are taken out of the offer.
    pub line_no: i64,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// A line the vendor adds.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AddedLineInput {
    /// An SKU of the catalog, or a description of an item or service.
    pub item: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OfferInput {
    /// The version the offer is based on (0: the request): if the quote moved on
    /// since, nothing is changed (409).
    pub based_on: i64,
    pub lines: Vec<OfferLineInput>,
    #[serde(default)]
    pub added_lines: Vec<AddedLineInput>,
    #[serde(default)]
    pub shipping_cents: i64,
    /// Leave out for the contract's.
    pub payment_net_days: Option<u32>,
    pub delivery_terms: Option<String>,
    /// The last valid day (Europe/Berlin), `YYYY-MM-DD`.
    pub valid_until: String,
    pub message: Option<String>,
    /// For vendor staff only.
    pub internal_note: Option<String>,
}

impl OfferInput {
    /// The offer as the portal's form has it: the lines left out get quantity 0.
    fn form(self, on_table: &[i64]) -> OfferForm {
        let mut form = OfferForm {
            added_lines: self
                .added_lines
                .iter()
                .map(|a| format!("{}; {}; {}", a.item, a.quantity, amount(a.unit_price_cents)))
                .collect::<Vec<_>>()
                .join("\n"),
            shipping: amount(self.shipping_cents),
            payment_net_days: self
                .payment_net_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            delivery_terms: self.delivery_terms.unwrap_or_default(),
            valid_until: self.valid_until,
            message: self.message.unwrap_or_default(),
            internal_note: self.internal_note.unwrap_or_default(),
            ..OfferForm::default()
        };
        for line_no in on_table {
            let key = line_no.to_string();
            let line = self.lines.iter().find(|l| l.line_no == *line_no);
            let (quantity, price) = line.map_or(("0".into(), String::new()), |l| {
                (l.quantity.to_string(), amount(l.unit_price_cents))
            });
            form.quantity.insert(key.clone(), quantity);
            form.unit_price.insert(key, price);
        }
        form
    }
}

/// Sends a new version of the offer to the buyer (mailed in their language,
/// announced as `quote.offered`).
#[utoipa::path(
    post,
    path = "/api/v1/quotes/{id}/offers",
    tag = "quotes",
    params(("id" = String, Path, description = "The quote's id"), super::IdempotencyHeader),
    request_body = OfferInput,
    responses(
        (status = 200, description = "The quote with the new version", body = ApiQuoteDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `quotes:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote, or not of a customer the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The quote moved on since `based_on`, or does not wait for an offer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field was refused", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["quotes:write"]))
)]
pub(super) async fn offer(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<Json<ApiQuoteDetail>, Problem> {
    let ctx = &state.context;
    let seen = quotes::detail(ctx, &actor, &id).await?;
    let on_table: Vec<i64> = match seen.versions.iter().find(|v| v.version == input.based_on) {
        Some(version) => version.lines.iter().map(|l| l.line_no).collect(),
        None => seen.requested.iter().map(|l| l.line_no).collect(),
    };
    let based_on = input.based_on;
    let form = input.form(&on_table);
    let offer = quotes::OfferQuote {
        quote_id: id.clone(),
        based_on,
        form,
    };
    answer(ctx, &actor, &id, quotes::offer(ctx, &actor, offer).await?).await
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DeclineInput {
    /// Why the vendor cannot offer it (the buyer reads it).
    pub reason: String,
}

/// Declines a request the vendor cannot quote (the buyer is mailed the reason;
/// announced as `quote.declined`).
#[utoipa::path(
    post,
    path = "/api/v1/quotes/{id}/decline",
    tag = "quotes",
    params(("id" = String, Path, description = "The quote's id"), super::IdempotencyHeader),
    request_body = DeclineInput,
    responses(
        (status = 200, description = "The declined quote", body = ApiQuoteDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `quotes:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quote, or not of a customer the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The quote does not wait for an offer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing or too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["quotes:write"]))
)]
pub(super) async fn decline(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeclineInput>,
) -> Result<Json<ApiQuoteDetail>, Problem> {
    let ctx = &state.context;
    let seen = quotes::detail(ctx, &actor, &id).await?;
    let step = quotes::QuoteStepInput {
        quote_id: id.clone(),
        version: seen.versions.last().map_or(0, |v| v.version),
        step: quotes::Step::VendorDecline,
        comment: input.reason,
    };
    answer(ctx, &actor, &id, quotes::step(ctx, &actor, step).await?).await
}

async fn answer(
    ctx: &kontor_app::server::ServerContext,
    actor: &Actor,
    id: &str,
    result: StepResult,
) -> Result<Json<ApiQuoteDetail>, Problem> {
    match result {
        StepResult::Done(_) => Ok(Json(quotes::detail(ctx, actor, id).await?.into())),
        StepResult::Invalid(problems) => Err(Problem::invalid(&problems)),
        StepResult::Stale(state) => Err(Problem::conflict(&format!(
            "The quote is {} (or at another version than `based_on`): nothing was changed.",
            state.as_str()
        ))),
    }
}
