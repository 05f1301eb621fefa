//! A customer's negotiated prices in bulk (`prices:write`): thousands of agreements by
//! SKU in one call, all-or-nothing with every line's problems.

use super::ApiState;
use super::problem::{ApiJson, FieldError, Problem};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::services::{Actor, prices};
use kontor_domain::csv::ImportReport;
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
pub struct PricesReport {
    pub imported: bool,
    pub valid_lines: usize,
    /// Lines refused (with `keep_valid`), as `prices[i].field`.
    pub refused: Vec<FieldError>,
}

/// Cents as the agreement form's amount ("1090.00"; negative ones are refused there).
fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

fn errors_of(report: &ImportReport) -> Vec<FieldError> {
    report
        .problems
        .iter()
        .flat_map(|line| {
            line.problems
                .iter()
                .map(move |(field, problem)| FieldError {
                    field: if line.line == 0 {
                        field.clone()
                    } else {
                        format!("prices[{}].{field}", line.line - 1)
                    },
                    code: super::problem::problem_code(*problem),
                })
        })
        .collect()
}

/// Set a customer's prices for many products at once.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{id}/prices",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    request_body = PricesInput,
    responses(
        (status = 200, description = "Written", body = PricesReport),
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
) -> Result<Json<PricesReport>, Problem> {
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
    if !report.imported && !report.problems.is_empty() {
        let mut problem = Problem::new(
            http::StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Some prices were refused; nothing was written",
        );
        problem.errors = errors_of(&report);
        return Err(problem);
    }
    Ok(Json(PricesReport {
        imported: report.imported,
        valid_lines: report.valid_lines,
        refused: errors_of(&report),
    }))
}
