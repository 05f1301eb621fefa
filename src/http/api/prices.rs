//! A customer's negotiated prices in bulk (`prices:write`): thousands of agreements by
//! SKU in one call, all-or-nothing with every line's problems.

use super::ApiState;
use super::problem::{ApiJson, FieldError, Problem, amount, line_errors, refused_bulk};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::services::{Actor, prices};
use kontor_domain::pricing::AgreementForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most lines one call takes.
const MAX_LINES: usize = 20_000;

/// A quantity tier: from `min_quantity` pieces on, this unit price.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TierInput {
    pub min_quantity: i64,
    pub unit_price_cents: i64,
}

/// One product's agreement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceInput {
    pub sku: String,
    /// The customer's net unit price in cents.
    pub base_price_cents: i64,
    #[serde(default)]
    pub tiers: Vec<TierInput>,
    /// First day (YYYY-MM-DD, Berlin); today when left out. Never in the past.
    #[serde(default)]
    pub valid_from: Option<String>,
    /// Last day; open-ended when left out.
    #[serde(default)]
    pub valid_to: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PricesInput {
    pub prices: Vec<PriceInput>,
    /// Why (kept in the customer's terms history).
    #[serde(default)]
    pub reason: String,
    /// Write the valid lines even if others are refused (default: all or nothing).
    #[serde(default)]
    pub keep_valid: bool,
}

/// What was written.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct BulkReport {
    pub imported: bool,
    pub valid_lines: usize,
    /// Lines refused (with `keep_valid`), as `<list>[i].field`.
    pub refused: Vec<FieldError>,
}

/// Set a customer's prices for many products at once.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{id}/prices",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    request_body = PricesInput,
    responses(
        (status = 200, description = "Written", body = BulkReport),
        (status = 400, description = "Malformed body, or more than 20,000 lines", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `prices:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Lines were refused and nothing was written; `errors` names each as `prices[i].field`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["prices:write"]))
)]
pub(super) async fn put(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PricesInput>,
) -> Result<Json<BulkReport>, Problem> {
    if input.prices.len() > MAX_LINES {
        return Err(Problem::bad_request(format!(
            "At most {MAX_LINES} prices per call."
        )));
    }
    let lines = input
        .prices
        .into_iter()
        .enumerate()
        .map(|(i, p)| prices::PriceLine {
            line: i + 1,
            sku: p.sku,
            form: AgreementForm {
                base_price: amount(p.base_price_cents),
                tiers: p
                    .tiers
                    .iter()
                    .map(|t| format!("{}: {}", t.min_quantity, amount(t.unit_price_cents)))
                    .collect::<Vec<_>>()
                    .join("; "),
                valid_from: p.valid_from.unwrap_or_default(),
                valid_to: p.valid_to.unwrap_or_default(),
            },
            wrong_shape: false,
        })
        .collect();
    let import = prices::PriceImport {
        customer_id: id,
        lines,
        reason: input.reason,
        keep_valid: input.keep_valid,
    };
    let report = prices::import(&state.context, &actor, import).await?;
    bulk_answer(&report, "prices")
}

/// A bulk write's answer: 200 with the report when something was written (or
/// nothing was wrong), 422 naming every line's problems when nothing was.
pub(super) fn bulk_answer(
    report: &kontor_domain::csv::ImportReport,
    list: &str,
) -> Result<Json<BulkReport>, Problem> {
    if let Some(problem) = refused_bulk(report, list) {
        return Err(problem);
    }
    Ok(Json(BulkReport {
        imported: report.imported,
        valid_lines: report.valid_lines,
        refused: line_errors(report, list),
    }))
}
