//! The vendor's catalog, as far as the foundation needs it: a public list-price view.

use crate::{Result, Store};

/// One product as shown to anyone: list price only. Customer prices come with the
/// terms issue and are never in this struct.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProductRow {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub category: String,
    pub unit: String,
    pub list_price_cents: i64,
    pub stock: i64,
    pub lead_time_days: i64,
}

impl Store {
    /// A page of products ordered by SKU, starting after `after_sku` (keyset
    /// pagination: constant cost however deep the page, served by `products_sku`).
    pub async fn list_products(
        &self,
        after_sku: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ProductRow>> {
        Ok(sqlx::query_as::<_, ProductRow>(
            "SELECT sku, name_en, name_de, category, unit, list_price_cents, stock, lead_time_days
               FROM products
              WHERE sku > $1
              ORDER BY sku
              LIMIT $2",
        )
        .bind(after_sku.unwrap_or(""))
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
