//! The orders' change feed: "every order that changed after my cursor", in the order
//! the changes were committed, for the ERP's polling (the mechanism: `crate::changes`).

use super::{ORDER_COLUMNS, OrderRecord};
use crate::{Result, Store, Tx};
use sqlx::Row;
use std::collections::HashMap;

/// Gives the order the next place in the feed. Call it last before commit.
pub(crate) async fn take_change_seq(tx: &mut Tx, order_id: &str) -> Result<i64> {
    crate::changes::take_change_seq(tx, crate::changes::Feed::Orders, order_id).await
}

/// A line of an order in the feed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedLine {
    pub line_no: i64,
    pub sku: String,
    pub name_en: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
}

/// One changed order with what an ERP needs to book it.
#[derive(Clone, Debug)]
pub struct FeedOrder {
    pub order: OrderRecord,
    pub customer_name: String,
    pub customer_external_id: Option<String>,
    pub lines: Vec<FeedLine>,
}

/// A page of the feed, oldest change first.
#[derive(Clone, Debug)]
pub struct FeedPage {
    pub orders: Vec<FeedOrder>,
}

fn feed_select() -> String {
    format!(
        "SELECT {ORDER_COLUMNS}, c.name AS customer_name, c.external_id AS customer_external_id
           FROM orders o JOIN organizations c ON c.id = o.organization_id"
    )
}

fn feed_order(row: &sqlx::any::AnyRow) -> sqlx::Result<FeedOrder> {
    Ok(FeedOrder {
        order: <OrderRecord as sqlx::FromRow<_>>::from_row(row)?,
        customer_name: row.try_get("customer_name")?,
        customer_external_id: row.try_get("customer_external_id")?,
        lines: Vec::new(),
    })
}

impl Store {
    /// Orders whose last change is after `after`, oldest change first, at most
    /// `limit`; only those of `customers` when given.
    pub async fn order_feed(
        &self,
        after: i64,
        limit: i64,
        customers: Option<&[String]>,
    ) -> Result<FeedPage> {
        let mut sql = format!("{} WHERE o.change_seq > $1", feed_select());
        if let Some(list) = customers {
            if list.is_empty() {
                return Ok(FeedPage { orders: Vec::new() });
            }
            let marks: Vec<String> = (0..list.len()).map(|i| format!("${}", i + 3)).collect();
            sql.push_str(&format!(" AND o.organization_id IN ({})", marks.join(", ")));
        }
        sql.push_str(" ORDER BY o.change_seq LIMIT $2");
        let mut query = sqlx::query(&sql).bind(after).bind(limit);
        for id in customers.unwrap_or_default() {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut orders = rows
            .iter()
            .map(feed_order)
            .collect::<sqlx::Result<Vec<_>>>()?;
        let mut lines = self
            .lines_of(orders.iter().map(|o| o.order.id.as_str()))
            .await?;
        for o in &mut orders {
            o.lines = lines.remove(&o.order.id).unwrap_or_default();
        }
        Ok(FeedPage { orders })
    }

    /// One order as the feed shows it.
    pub async fn feed_order(&self, order_id: &str) -> Result<Option<FeedOrder>> {
        let Some(row) = sqlx::query(&format!("{} WHERE o.id = $1", feed_select()))
            .bind(order_id)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let mut order = feed_order(&row)?;
        order.lines = self
            .lines_of(std::iter::once(order_id))
            .await?
            .remove(order_id)
            .unwrap_or_default();
        Ok(Some(order))
    }

    /// The lines of several orders in one query.
    async fn lines_of<'a>(
        &self,
        order_ids: impl Iterator<Item = &'a str>,
    ) -> Result<HashMap<String, Vec<FeedLine>>> {
        let ids: Vec<&str> = order_ids.collect();
        let mut by_order: HashMap<String, Vec<FeedLine>> = HashMap::new();
        if ids.is_empty() {
            return Ok(by_order);
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT order_id, line_no, sku, name_en, unit, quantity, unit_price_cents,
                    line_total_cents
               FROM order_lines WHERE order_id IN ({}) ORDER BY order_id, line_no",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in &ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(self.pool()).await? {
            let order_id: String = row.try_get("order_id")?;
            let line = <FeedLine as sqlx::FromRow<_>>::from_row(&row)?;
            by_order.entry(order_id).or_default().push(line);
        }
        Ok(by_order)
    }
}
