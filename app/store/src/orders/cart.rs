//! The persistent cart: product ids and quantities per user.

use crate::catalog::{AGREEMENT_JOIN, COLUMNS, CatalogRow, Row, from_row};
use crate::{Result, Store};
use kontor_domain::checkout::{CartLine, MAX_QUANTITY};

/// SKUs a request asked for that are not (or no longer) in the catalog.
pub type UnknownSkus = Vec<String>;

pub(crate) async fn cart_in(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
    user_id: &str,
    day: i64,
) -> Result<Vec<CartLine>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cart_lines c JOIN products p ON p.id = c.product_id
         {AGREEMENT_JOIN}
          WHERE c.user_id = $3 AND c.organization_id = $1
          ORDER BY c.added_at, p.sku"
    ))
    .bind(organization_id)
    .bind(day)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let quantities: Vec<(String, i64)> = sqlx::query_as(
        "SELECT product_id, quantity FROM cart_lines WHERE user_id = $1 AND organization_id = $2",
    )
    .bind(user_id)
    .bind(organization_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let row = from_row(row);
            let quantity = quantities
                .iter()
                .find(|(id, _)| *id == row.id)
                .map_or(0, |(_, q)| *q);
            cart_line(row, quantity)
        })
        .collect())
}

/// A catalog row (with the agreement valid on the day) as a line to price.
pub(crate) fn cart_line(row: CatalogRow, quantity: i64) -> CartLine {
    CartLine {
        quantity,
        product_id: row.id,
        sku: row.product.sku,
        name_en: row.product.name_en,
        name_de: row.product.name_de,
        unit: row.product.unit,
        list_price: row.product.list_price,
        agreements: row.agreement.into_iter().collect(),
        archived: row.archived,
    }
}

impl Store {
    /// The user's cart with the organization's agreements valid on `day`.
    pub async fn cart(
        &self,
        organization_id: &str,
        user_id: &str,
        day: i64,
    ) -> Result<Vec<CartLine>> {
        let mut conn = self.pool().acquire().await?;
        cart_in(&mut conn, organization_id, user_id, day).await
    }

    /// Adds quantities (by SKU, as typed: exact, else upper case) to the cart in one
    /// transaction; a product already in the cart gets the sum, at most
    /// [`MAX_QUANTITY`]. Returns the SKUs that are not in the catalog (nothing of
    /// those is written; the others are).
    pub async fn add_to_cart(
        &self,
        organization_id: &str,
        user_id: &str,
        items: &[(String, i64)],
        now: i64,
    ) -> Result<UnknownSkus> {
        let mut tx = self.begin_write().await?;
        let mut unknown = Vec::new();
        for (sku, quantity) in items {
            let id: Option<String> = sqlx::query_scalar(
                "SELECT id FROM products WHERE archived_at IS NULL AND sku IN ($1, $2)
                  ORDER BY CASE WHEN sku = $1 THEN 0 ELSE 1 END LIMIT 1",
            )
            .bind(sku)
            .bind(sku.to_uppercase())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(product_id) = id else {
                unknown.push(sku.clone());
                continue;
            };
            sqlx::query(
                "INSERT INTO cart_lines (user_id, product_id, organization_id, quantity, added_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (user_id, product_id) DO UPDATE SET quantity =
                     CASE WHEN cart_lines.quantity + excluded.quantity > $6 THEN $6
                          ELSE cart_lines.quantity + excluded.quantity END",
            )
            .bind(user_id)
            .bind(&product_id)
            .bind(organization_id)
            .bind((*quantity).clamp(1, MAX_QUANTITY))
            .bind(now)
            .bind(MAX_QUANTITY)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(unknown)
    }

    /// Sets one line's quantity; 0 removes the line. `false`: the SKU is not in the cart.
    pub async fn set_cart_quantity(
        &self,
        organization_id: &str,
        user_id: &str,
        sku: &str,
        quantity: i64,
    ) -> Result<bool> {
        let product = "(SELECT id FROM products WHERE sku = $3)";
        let sql = if quantity == 0 {
            format!(
                "DELETE FROM cart_lines WHERE user_id = $1 AND organization_id = $2
                   AND product_id = {product}"
            )
        } else {
            format!(
                "UPDATE cart_lines SET quantity = $4 WHERE user_id = $1 AND organization_id = $2
                   AND product_id = {product}"
            )
        };
        let mut query = sqlx::query(&sql)
            .bind(user_id)
            .bind(organization_id)
            .bind(sku);
        if quantity != 0 {
            query = query.bind(quantity);
        }
        Ok(query.execute(self.pool()).await?.rows_affected() == 1)
    }
}
