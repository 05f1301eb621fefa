//! The catalog for the ERP: products by SKU (the ERP's material number), created and
//! updated in bulk, and the figures it keeps current many times a day — list price,
//! stock, lead time — through the same service as the vendor's catalog pages.

use super::ApiState;
use super::prices::{BulkReport, bulk_answer};
use super::problem::{ApiJson, ApiQuery, Problem, amount};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use kontor_app::services::Actor;
use kontor_app::services::catalog::{self, FiguresLine, ProductLine};
use kontor_domain::catalog::{FiguresForm, ProductForm};
use kontor_store::catalog::CatalogRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The most lines one call takes.
const MAX_LINES: usize = 20_000;

/// A product as the catalog records it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiProduct {
    pub id: String,
    /// The product's key: unique, 1–40 letters, digits or `-_./`.
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub description_en: String,
    pub description_de: String,
    pub category: String,
    /// `pc`, `set`, `m` or `l`.
    pub unit: String,
    /// The list price per unit in cents (net); customers with an agreement pay theirs.
    pub list_price_cents: i64,
    pub stock: i64,
    pub lead_time_days: i64,
    /// Off sale: customers no longer see it; its orders and documents stay.
    pub archived: bool,
}

impl From<CatalogRow> for ApiProduct {
    fn from(row: CatalogRow) -> ApiProduct {
        let p = row.product;
        ApiProduct {
            id: row.id,
            sku: p.sku,
            name_en: p.name_en,
            name_de: p.name_de,
            description_en: p.description_en,
            description_de: p.description_de,
            category: p.category,
            unit: p.unit,
            list_price_cents: p.list_price.cents(),
            stock: p.stock,
            lead_time_days: p.lead_time_days,
            archived: row.archived,
        }
    }
}

/// Where to continue the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// The `next_cursor` of the previous page (an SKU); leave out to start.
    pub after: Option<String>,
    /// Products per page, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// A page of products ordered by SKU.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ProductPage {
    pub products: Vec<ApiProduct>,
    /// Pass as `after` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// Every product, archived ones included, ordered by SKU.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(ProductListParams),
    responses(
        (status = 200, description = "A page of products", body = ProductPage),
        (status = 400, description = "Malformed limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["catalog:read"]))
)]
pub(super) async fn list(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiQuery(params): ApiQuery<ProductListParams>,
) -> Result<Json<ProductPage>, Problem> {
    let (_, limit) = super::orders::cursor_and_limit(None, params.limit)?;
    let after = params.after.unwrap_or_default();
    let mut rows = catalog::products(&state.context, &actor, after.trim(), limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| r.product.sku.clone()))
        .flatten();
    Ok(Json(ProductPage {
        products: rows.into_iter().map(ApiProduct::from).collect(),
        next_cursor,
    }))
}

/// One product by SKU.
#[utoipa::path(
    get,
    path = "/api/v1/products/{sku}",
    tag = "catalog",
    params(("sku" = String, Path, description = "The product's SKU (a `/` in it percent-encoded as `%2F`)")),
    responses(
        (status = 200, description = "The product", body = ApiProduct),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No product has this SKU", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["catalog:read"]))
)]
pub(super) async fn one(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(sku): Path<String>,
) -> Result<Json<ApiProduct>, Problem> {
    Ok(Json(
        catalog::product(&state.context, &actor, &sku).await?.into(),
    ))
}

/// A product, whole: created when its SKU is new, replaced otherwise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_de: String,
    pub category: String,
    /// `pc`, `set`, `m` or `l`.
    pub unit: String,
    pub list_price_cents: i64,
    pub stock: i64,
    pub lead_time_days: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductsInput {
    pub products: Vec<ProductInput>,
    /// Write the valid lines even if others are refused (default: all or nothing).
    #[serde(default)]
    pub keep_valid: bool,
}

/// Create or replace many products by SKU at once.
#[utoipa::path(
    put,
    path = "/api/v1/products",
    tag = "catalog",
    request_body = ProductsInput,
    responses(
        (status = 200, description = "Written", body = BulkReport),
        (status = 400, description = "Malformed body, or more than 20,000 lines", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Lines were refused and nothing was written; `errors` names each as `products[i].field`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["catalog:write"]))
)]
pub(super) async fn put(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<ProductsInput>,
) -> Result<Json<BulkReport>, Problem> {
    too_many(input.products.len())?;
    let lines = input
        .products
        .into_iter()
        .enumerate()
        .map(|(i, p)| ProductLine {
            line: i + 1,
            form: ProductForm {
                sku: p.sku,
                name_en: p.name_en,
                name_de: p.name_de,
                description_en: p.description_en,
                description_de: p.description_de,
                category: p.category,
                unit: p.unit,
                list_price: amount(p.list_price_cents),
                stock: p.stock.to_string(),
                lead_time_days: p.lead_time_days.to_string(),
            },
            wrong_shape: false,
        })
        .collect();
    let report = catalog::import_products(&state.context, &actor, lines, input.keep_valid).await?;
    bulk_answer(&report, "products")
}

/// New figures for one product; a figure left out keeps its value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FiguresInput {
    pub sku: String,
    #[serde(default)]
    pub list_price_cents: Option<i64>,
    #[serde(default)]
    pub stock: Option<i64>,
    #[serde(default)]
    pub lead_time_days: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FiguresBatch {
    pub products: Vec<FiguresInput>,
    /// Write the valid lines even if others are refused (default: all or nothing).
    #[serde(default)]
    pub keep_valid: bool,
}

/// Change list prices, stock and lead times of existing products by SKU.
#[utoipa::path(
    patch,
    path = "/api/v1/products",
    tag = "catalog",
    request_body = FiguresBatch,
    responses(
        (status = 200, description = "Written", body = BulkReport),
        (status = 400, description = "Malformed body, or more than 20,000 lines", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `catalog:write`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Lines were refused (an unknown SKU is `unknown_product`) and nothing was written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["catalog:write"]))
)]
pub(super) async fn patch(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<FiguresBatch>,
) -> Result<Json<BulkReport>, Problem> {
    too_many(input.products.len())?;
    let lines = input
        .products
        .into_iter()
        .enumerate()
        .map(|(i, f)| FiguresLine {
            line: i + 1,
            sku: f.sku,
            form: FiguresForm {
                list_price: f.list_price_cents.map(amount),
                stock: f.stock.map(|n| n.to_string()),
                lead_time_days: f.lead_time_days.map(|n| n.to_string()),
            },
        })
        .collect();
    let report = catalog::adjust_products(&state.context, &actor, lines, input.keep_valid).await?;
    bulk_answer(&report, "products")
}

fn too_many(lines: usize) -> Result<(), Problem> {
    if lines > MAX_LINES {
        return Err(Problem::bad_request(format!(
            "At most {MAX_LINES} products per call."
        )));
    }
    Ok(())
}
