//! The catalog: customers browse it at their own prices; the vendor admin keeps it.
//!
//! The write functions take one argument per form field (what `ActionForm` posts),
//! hence more arguments than clippy likes.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use kontor_domain::Money;
use kontor_domain::calendar::Day;
use kontor_domain::catalog::ProductForm;
use kontor_domain::csv::{FileProblem, ImportReport};
use kontor_domain::field::FormProblems;
use kontor_domain::pricing::Tier;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const CATALOG_PAGE_SIZE: usize = 12;
pub const VENDOR_PAGE_SIZE: usize = 25;

/// One product as a customer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub category: String,
    pub unit: String,
    pub list_price: Money,
    /// The caller's organization's price for one piece, when it has an agreement.
    /// Left out of the JSON when there is none (and `tiers` when empty): a page
    /// carries its items twice, as markup and as hydration data escaped once more,
    /// and most products of a catalog page have no agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_price: Option<Money>,
    /// The agreement's quantity tiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    pub stock: i64,
    pub lead_time_days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub items: Vec<CatalogItem>,
    /// The cursor for the next page, when there is one.
    pub next_after: Option<String>,
    pub categories: Vec<String>,
    /// Prices are the caller's negotiated ones (a signed-in customer).
    pub personal: bool,
    /// The caller may add products to a cart.
    pub can_order: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub item: CatalogItem,
    pub description_en: String,
    pub description_de: String,
    /// The agreement's validity, when the price is negotiated.
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
    pub personal: bool,
    pub can_order: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    pub id: String,
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub category: String,
    pub list_price: Money,
    pub stock: i64,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorProductPage {
    pub items: Vec<ProductSummary>,
    pub next_after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditor {
    pub id: String,
    pub form: ProductForm,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved { id: String },
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    /// The file could not be read at all; nothing was written.
    File(FileProblem),
    /// Line by line; `imported` says whether anything was written.
    Checked(ImportReport),
}

/// Search words: lower case, at most five, each at most 40 characters.
pub fn search_words(q: &str) -> Vec<String> {
    q.split_whitespace()
        .take(5)
        .map(|w| w.chars().take(40).collect::<String>().to_lowercase())
        .collect()
}

#[cfg(feature = "ssr")]
mod serve {
    use super::*;
    use crate::server::auth::SessionUser;
    use kontor_domain::access::Side;
    use kontor_domain::pricing::unit_price;
    use kontor_store::catalog::CatalogRow;

    /// Whose prices the caller sees: a signed-in customer's own organization, never
    /// one named by the browser.
    pub fn price_organization(user: &Option<SessionUser>) -> String {
        match user {
            Some(u) if u.actor().side == Side::Customer => u.record.organization_id.clone(),
            _ => String::new(),
        }
    }

    /// The caller may put products into a cart (a purchaser of a customer).
    pub fn can_order(user: &Option<SessionUser>) -> bool {
        use kontor_domain::access::{Action, CustomerScope};
        user.as_ref().is_some_and(|u| {
            u.actor()
                .may(Action::PlaceOrder(CustomerScope {
                    organization_id: &u.record.organization_id,
                    account_manager_id: None,
                }))
                .is_allowed()
        })
    }

    pub fn item(row: CatalogRow, day: i64) -> CatalogItem {
        let agreements: Vec<_> = row.agreement.iter().cloned().collect();
        let my_price = row
            .agreement
            .as_ref()
            .map(|_| unit_price(row.product.list_price, &agreements, 1, day).unit_price);
        CatalogItem {
            sku: row.product.sku,
            name_en: row.product.name_en,
            name_de: row.product.name_de,
            category: row.product.category,
            unit: row.product.unit,
            list_price: row.product.list_price,
            my_price,
            tiers: row.agreement.map(|a| a.tiers).unwrap_or_default(),
            stock: row.product.stock,
            lead_time_days: row.product.lead_time_days,
        }
    }

    /// The organization's day now (Europe/Berlin).
    pub fn today() -> i64 {
        kontor_domain::calendar::berlin_day(kontor_store::now_ms()).0
    }
}

/// A catalog page: search words, a category, keyset by SKU.
///
/// Authorization: anyone. Anonymous visitors and vendor staff see list prices; a
/// signed-in customer sees their own organization's agreements — which organization
/// is taken from the session, never from the request.
#[server(endpoint = "catalog")]
pub async fn list_catalog(
    #[server(default)] q: String,
    #[server(default)] category: String,
    after: Option<String>,
) -> Result<CatalogPage, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::viewer;
    use crate::server::internal_error;
    use kontor_store::catalog::CatalogQuery;
    let user = viewer().await?;
    let organization_id = serve::price_organization(&user);
    let day = serve::today();
    // A cursor longer than any SKU is no cursor: start at the beginning.
    let after = after.filter(|sku| sku.len() <= 64);
    let category = category.trim();
    let query = CatalogQuery {
        organization_id: &organization_id,
        day,
        words: search_words(&q),
        category: (!category.is_empty()).then_some(&category[..category.len().min(60)]),
        after_sku: after.as_deref(),
        include_archived: false,
        limit: CATALOG_PAGE_SIZE as i64 + 1,
    };
    let (rows, categories) = request
        .store
        .catalog_page_and_categories(&query)
        .await
        .map_err(|e| internal_error("list_catalog", e))?;
    let (rows, next_after) = page(rows, CATALOG_PAGE_SIZE, |r| r.product.sku.clone());
    Ok(CatalogPage {
        items: rows.into_iter().map(|r| serve::item(r, day)).collect(),
        next_after,
        categories,
        personal: !organization_id.is_empty(),
        can_order: serve::can_order(&user),
    })
}

/// Cuts the extra row that says "there is a next page" and returns its cursor.
#[cfg(feature = "ssr")]
fn page<T>(mut rows: Vec<T>, size: usize, key: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    if rows.len() > size {
        rows.truncate(size);
        let next = rows.last().map(key);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// One product. Authorization: anyone; prices as in [`list_catalog`]. Archived
/// products are gone for customers (404) but stay visible to vendor staff.
#[server(endpoint = "catalog_product")]
pub async fn catalog_product(sku: String) -> Result<ProductDetail, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{not_found, viewer};
    use crate::server::internal_error;
    let user = viewer().await?;
    let organization_id = serve::price_organization(&user);
    let vendor = user.as_ref().is_some_and(|u| u.actor().is_vendor());
    let day = serve::today();
    let row = request
        .store
        .catalog_product(sku.trim(), &organization_id, day)
        .await
        .map_err(|e| internal_error("catalog_product", e))?
        .filter(|r| !r.archived || vendor)
        .ok_or_else(not_found)?;
    let (valid_from, valid_to) = match &row.agreement {
        Some(a) => (Some(Day(a.valid_from)), a.valid_to.map(Day)),
        None => (None, None),
    };
    let description_en = row.product.description_en.clone();
    let description_de = row.product.description_de.clone();
    Ok(ProductDetail {
        item: serve::item(row, day),
        description_en,
        description_de,
        valid_from,
        valid_to,
        personal: !organization_id.is_empty(),
        can_order: serve::can_order(&user),
    })
}

/// The vendor's product list (archived ones included). Authorization: vendor admin.
#[server(endpoint = "vendor_products")]
pub async fn vendor_products(
    #[server(default)] q: String,
    after: Option<String>,
) -> Result<VendorProductPage, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{require, signed_in};
    use crate::server::internal_error;
    use kontor_domain::access::Action;
    use kontor_store::catalog::CatalogQuery;
    let user = signed_in().await?;
    require(user.actor().may(Action::ManageCatalog))?;
    let after = after.filter(|sku| sku.len() <= 64);
    let query = CatalogQuery {
        words: search_words(&q),
        after_sku: after.as_deref(),
        include_archived: true,
        limit: VENDOR_PAGE_SIZE as i64 + 1,
        ..Default::default()
    };
    let rows = request
        .store
        .catalog_page(&query)
        .await
        .map_err(|e| internal_error("vendor_products", e))?;
    let (rows, next_after) = page(rows, VENDOR_PAGE_SIZE, |r| r.product.sku.clone());
    Ok(VendorProductPage {
        items: rows
            .into_iter()
            .map(|r| ProductSummary {
                id: r.id,
                sku: r.product.sku,
                name_en: r.product.name_en,
                name_de: r.product.name_de,
                category: r.product.category,
                list_price: r.product.list_price,
                stock: r.product.stock,
                archived: r.archived,
            })
            .collect(),
        next_after,
    })
}

/// One product for the editor. Authorization: vendor admin.
#[server(endpoint = "vendor_product")]
pub async fn vendor_product(id: String) -> Result<ProductEditor, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{not_found, require, signed_in};
    use kontor_domain::access::Action;
    let user = signed_in().await?;
    require(user.actor().may(Action::ManageCatalog))?;
    let row = request
        .store
        .product(&id)
        .await
        .map_err(|e| crate::server::internal_error("vendor_product", e))?
        .ok_or_else(not_found)?;
    Ok(ProductEditor {
        id: row.id,
        form: ProductForm::from_product(&row.product),
        archived: row.archived,
    })
}

/// Creates (empty `id`) or changes a product. Authorization: vendor admin.
#[server(endpoint = "save_product")]
pub async fn save_product(
    #[server(default)] id: String,
    sku: String,
    name_en: String,
    name_de: String,
    #[server(default)] description_en: String,
    #[server(default)] description_de: String,
    category: String,
    unit: String,
    list_price: String,
    stock: String,
    lead_time_days: String,
) -> Result<SaveOutcome, AppError> {
    let form = ProductForm {
        sku,
        name_en,
        name_de,
        description_en,
        description_de,
        category,
        unit,
        list_price,
        stock,
        lead_time_days,
    };
    let creating = id.is_empty();
    let typed = form.clone();
    let outcome = crate::server::catalog::save_product(id, form).await?;
    // Without the script: a new product's page, as the script navigates; an edit back
    // to its page saying "saved"; a refusal back to the form with what was typed.
    match &outcome {
        SaveOutcome::Saved { id } if creating => {
            crate::server::land_plain_form_on(&format!("/vendor/products/{id}"))
        }
        SaveOutcome::Saved { .. } => crate::server::answer_plain_form(
            <SaveProduct as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[],
        ),
        SaveOutcome::Invalid(_) => crate::server::answer_plain_form(
            <SaveProduct as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[
                ("sku", &typed.sku),
                ("name_en", &typed.name_en),
                ("name_de", &typed.name_de),
                ("description_en", &typed.description_en),
                ("description_de", &typed.description_de),
                ("category", &typed.category),
                ("unit", &typed.unit),
                ("list_price", &typed.list_price),
                ("stock", &typed.stock),
                ("lead_time_days", &typed.lead_time_days),
            ],
        ),
    }
    Ok(outcome)
}

/// Takes a product off sale or back. Authorization: vendor admin.
#[server(endpoint = "archive_product")]
pub async fn archive_product(id: String, archived: bool) -> Result<bool, AppError> {
    crate::server::catalog::archive_product(id, archived).await
}

/// Checks a product CSV and, when it has no errors (or `keep_valid` is set), imports
/// it. Authorization: vendor admin.
#[server(endpoint = "import_products")]
pub async fn import_products(
    csv: String,
    #[server(default)] keep_valid: bool,
) -> Result<ImportOutcome, AppError> {
    let outcome = crate::server::catalog::import_products(csv, keep_valid).await?;
    // Without the script: back to the products with the check's report (when it fits
    // in an address; the file itself is not kept).
    crate::server::answer_plain_form(
        <ImportProducts as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(my_price: Option<Money>, tiers: Vec<Tier>) -> CatalogItem {
        CatalogItem {
            sku: "NH-PMP-1000".into(),
            name_en: "Pump".into(),
            name_de: "Pumpe".into(),
            category: "pumps".into(),
            unit: "piece".into(),
            list_price: Money::from_cents(125_000),
            my_price,
            tiers,
            stock: 12,
            lead_time_days: 3,
        }
    }

    #[test]
    fn an_item_without_an_agreement_leaves_its_price_and_tiers_out_and_reads_back_the_same() {
        let plain = item(None, Vec::new());
        let json = serde_json::to_string(&plain).unwrap();
        assert!(
            !json.contains("my_price") && !json.contains("tiers"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<CatalogItem>(&json).unwrap(), plain);

        let negotiated = item(
            Some(Money::from_cents(115_000)),
            vec![Tier {
                min_quantity: 50,
                unit_price: Money::from_cents(109_000),
            }],
        );
        let json = serde_json::to_string(&negotiated).unwrap();
        assert!(
            json.contains("\"my_price\":115000") && json.contains("\"tiers\":["),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<CatalogItem>(&json).unwrap(),
            negotiated
        );
    }
}
