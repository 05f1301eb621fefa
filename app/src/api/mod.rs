//! Server functions: the browser's only way into the server besides page loads.
//!
//! Each one is a few lines: who is calling → parse input into domain types → one
//! store call → map errors to messages that are safe to show. Authorization is
//! decided here, on the server, for every function.

pub mod auth;
pub mod customers;
pub mod staff;
pub mod team;

use kontor_domain::Money;
use kontor_domain::prospect::AccessRequestProblems;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const CATALOG_PAGE_SIZE: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub list_price: Money,
    pub stock: i64,
    pub lead_time_days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub items: Vec<CatalogItem>,
    /// The cursor for the next page, when there is one.
    pub next_after: Option<String>,
}

/// The public catalog at list prices, one keyset page at a time.
///
/// Authorization: anyone, signed in or not — list prices are the vendor's published
/// prices. Negotiated prices never pass through this function.
#[server(endpoint = "catalog")]
pub async fn list_catalog(after: Option<String>) -> Result<CatalogPage, ServerFnError> {
    use crate::server::{context, internal_error};
    // A cursor longer than any SKU is no cursor: start at the beginning.
    let after = after.filter(|sku| sku.len() <= 64);
    let mut rows = context()
        .store
        .list_products(after.as_deref(), CATALOG_PAGE_SIZE as i64 + 1)
        .await
        .map_err(|e| internal_error("list_catalog", e))?;
    // One row more than a page was asked for: its presence says there is a next page.
    let next_after = if rows.len() > CATALOG_PAGE_SIZE {
        rows.truncate(CATALOG_PAGE_SIZE);
        rows.last().map(|r| r.sku.clone())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| CatalogItem {
            sku: r.sku,
            name_en: r.name_en,
            name_de: r.name_de,
            unit: r.unit,
            list_price: Money::from_cents(r.list_price_cents),
            stock: r.stock,
            lead_time_days: r.lead_time_days,
        })
        .collect();
    Ok(CatalogPage { items, next_after })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessRequestOutcome {
    Recorded,
    Invalid(AccessRequestProblems),
}

/// A prospect asks for a customer account; the vendor and the prospect are mailed.
///
/// Authorization: anyone (this is how a new customer first reaches the vendor).
#[server(endpoint = "request_access")]
pub async fn request_access(
    company: String,
    contact_name: String,
    email: String,
    message: String,
) -> Result<AccessRequestOutcome, ServerFnError> {
    use crate::server::{context, internal_error};
    use kontor_domain::prospect::AccessRequest;
    let request = match AccessRequest::parse(&company, &contact_name, &email, &message) {
        Ok(request) => request,
        Err(problems) => return Ok(AccessRequestOutcome::Invalid(problems)),
    };
    let locale = crate::i18n::initial_locale();
    crate::mail::record_access_request(&context(), &request, locale)
        .await
        .map_err(|e| internal_error("request_access", e))?;
    Ok(AccessRequestOutcome::Recorded)
}
