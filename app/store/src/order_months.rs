//! The monthly sums behind the analytics (migration 0029): per customer and Berlin
//! month, the spend by state, purchaser, cost center and category, and the orders'
//! count and total by state. Reading them costs the same for a customer with ten
//! orders and one with a million.
//!
//! Every write of an order keeps them in its own transaction: it takes the order's
//! [`Contribution`] before the change and calls [`shift`] after it, which adds the
//! difference. The sums can also be computed afresh from the orders ([`Store::
//! rebuild_order_months`]): once after the upgrade that introduced them, after data
//! generated in bulk, and in the tests that check the kept sums against the orders.

use std::collections::BTreeMap;

use crate::{Result, Store, Tx, now_ms};
use kontor_domain::analytics::Month;

/// Where one order's spend is added up.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SpendKey {
    organization_id: String,
    month: i64,
    state: String,
    purchaser_name: String,
    /// '' for none.
    cost_center: String,
    /// '' for the shipping fee.
    category: String,
}

/// Where one order is counted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct OrderKey {
    organization_id: String,
    month: i64,
    state: String,
}

/// What one order adds to the sums: an amount per spend key, and itself with its
/// total under its order key.
#[derive(Debug, Default)]
pub(crate) struct Contribution {
    spend: Vec<(SpendKey, i64)>,
    order: Option<(OrderKey, i64)>,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    organization_id: String,
    placed_at: i64,
    state: String,
    purchaser_name: String,
    cost_center: String,
    shipping_cents: i64,
    total_cents: i64,
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    category: String,
    amount_cents: i64,
}

/// The order's contribution as it stands in the transaction now (nothing for an
/// order that does not exist).
pub(crate) async fn contribution(tx: &mut Tx, order_id: &str) -> Result<Contribution> {
    let Some(order): Option<OrderRow> = sqlx::query_as(
        "SELECT organization_id, placed_at, state, purchaser_name,
                COALESCE(cost_center, '') AS cost_center, shipping_cents, total_cents
           FROM orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Contribution::default());
    };
    // Lines without a category (free text of a quote, no product) are not spend by
    // category and stay out, as the analytics always had it.
    let categories: Vec<CategoryRow> = sqlx::query_as(
        "SELECT category, CAST(SUM(line_total_cents) AS BIGINT) AS amount_cents
           FROM order_lines WHERE order_id = $1 AND category IS NOT NULL
          GROUP BY category",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?;
    let month = Month::of(order.placed_at).number();
    let key = |category: String| SpendKey {
        organization_id: order.organization_id.clone(),
        month,
        state: order.state.clone(),
        purchaser_name: order.purchaser_name.clone(),
        cost_center: order.cost_center.clone(),
        category,
    };
    let mut spend: Vec<(SpendKey, i64)> = categories
        .into_iter()
        .map(|row| (key(row.category), row.amount_cents))
        .collect();
    if order.shipping_cents > 0 {
        spend.push((key(String::new()), order.shipping_cents));
    }
    let order_key = OrderKey {
        organization_id: order.organization_id,
        month,
        state: order.state,
    };
    Ok(Contribution {
        spend,
        order: Some((order_key, order.total_cents)),
    })
}

/// Adds to the sums what changed in the order since `before` was taken (an empty
/// contribution for a new order).
pub(crate) async fn shift(tx: &mut Tx, before: Contribution, order_id: &str) -> Result<()> {
    let after = contribution(tx, order_id).await?;
    // Net changes per key, in key order: two transactions lock the rows they share
    // in the same order, so they wait for each other but never deadlock.
    let mut spend: BTreeMap<SpendKey, (i64, i64)> = BTreeMap::new();
    let mut orders: BTreeMap<OrderKey, (i64, i64)> = BTreeMap::new();
    for (sign, side) in [(-1, before), (1, after)] {
        for (key, cents) in side.spend {
            let entry = spend.entry(key).or_default();
            *entry = (entry.0 + sign, entry.1 + sign * cents);
        }
        if let Some((key, cents)) = side.order {
            let entry = orders.entry(key).or_default();
            *entry = (entry.0 + sign, entry.1 + sign * cents);
        }
    }
    for (key, (count, cents)) in spend.into_iter().filter(|(_, d)| *d != (0, 0)) {
        add_spend(tx, &key, count, cents).await?;
    }
    for (key, (count, cents)) in orders.into_iter().filter(|(_, d)| *d != (0, 0)) {
        add_orders(tx, &key, count, cents).await?;
    }
    Ok(())
}

async fn add_spend(tx: &mut Tx, key: &SpendKey, count: i64, cents: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO spend_months (organization_id, month, state, purchaser_name, cost_center,
                                   category, order_count, amount_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (organization_id, month, state, purchaser_name, cost_center, category)
         DO UPDATE SET order_count = spend_months.order_count + excluded.order_count,
                       amount_cents = spend_months.amount_cents + excluded.amount_cents",
    )
    .bind(&key.organization_id)
    .bind(key.month)
    .bind(&key.state)
    .bind(&key.purchaser_name)
    .bind(&key.cost_center)
    .bind(&key.category)
    .bind(count)
    .bind(cents)
    .execute(&mut **tx)
    .await?;
    if count < 0 {
        sqlx::query(
            "DELETE FROM spend_months
              WHERE organization_id = $1 AND month = $2 AND state = $3 AND purchaser_name = $4
                AND cost_center = $5 AND category = $6 AND order_count <= 0",
        )
        .bind(&key.organization_id)
        .bind(key.month)
        .bind(&key.state)
        .bind(&key.purchaser_name)
        .bind(&key.cost_center)
        .bind(&key.category)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn add_orders(tx: &mut Tx, key: &OrderKey, count: i64, cents: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_months (organization_id, month, state, order_count, total_cents)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (organization_id, month, state)
         DO UPDATE SET order_count = order_months.order_count + excluded.order_count,
                       total_cents = order_months.total_cents + excluded.total_cents",
    )
    .bind(&key.organization_id)
    .bind(key.month)
    .bind(&key.state)
    .bind(count)
    .bind(cents)
    .execute(&mut **tx)
    .await?;
    if count < 0 {
        sqlx::query(
            "DELETE FROM order_months
              WHERE organization_id = $1 AND month = $2 AND state = $3 AND order_count <= 0",
        )
        .bind(&key.organization_id)
        .bind(key.month)
        .bind(&key.state)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One row of either table, as the check compares them.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MonthlySum {
    pub organization_id: String,
    pub month: i64,
    pub state: String,
    /// Purchaser, cost center and category, joined by " / " (empty for order sums).
    pub key: String,
    pub order_count: i64,
    pub cents: i64,
}

impl Store {
    /// Computes the monthly sums afresh from the orders, in one transaction. Used
    /// after the upgrade that introduced them and after orders were written in bulk.
    pub async fn rebuild_order_months(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        rebuild(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Fills the monthly sums from the orders once, on the first start after the
    /// migration that created them; later starts find them filled. Two servers
    /// starting at once fill them once: the claim and the fill are one transaction.
    pub(crate) async fn fill_order_months_once(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "INSERT INTO data_fills (name, done_at) VALUES ('order_months', $1)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 1 {
            rebuild(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Both tables' rows in one order, for the check that the sums kept as orders
    /// change equal those computed afresh.
    pub async fn monthly_sums(&self) -> Result<Vec<MonthlySum>> {
        Ok(sqlx::query_as(
            "SELECT organization_id, month, state,
                    purchaser_name || ' / ' || cost_center || ' / ' || category AS key,
                    order_count, amount_cents AS cents
               FROM spend_months
             UNION ALL
             SELECT organization_id, month, state, '' AS key, order_count, total_cents
               FROM order_months
              ORDER BY 1, 2, 3, 4",
        )
        .fetch_all(self.pool())
        .await?)
    }
}

/// Computes the monthly sums afresh from the orders, in the caller's transaction.
pub(crate) async fn rebuild(tx: &mut Tx) -> Result<()> {
    sqlx::query("DELETE FROM spend_months")
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM order_months")
        .execute(&mut **tx)
        .await?;
    let (first, last): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(placed_at), MAX(placed_at) FROM orders")
            .fetch_one(&mut **tx)
            .await?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    // Each order with its month's number, as the application counts Berlin months.
    let numbered = format!(
        "SELECT o.*, {} AS month FROM orders o",
        month_number("o.placed_at", first, last)
    );
    sqlx::query(&format!(
        "INSERT INTO spend_months (organization_id, month, state, purchaser_name, cost_center,
                                   category, order_count, amount_cents)
         SELECT o.organization_id, o.month, o.state, o.purchaser_name,
                COALESCE(o.cost_center, ''), l.category, COUNT(DISTINCT o.id),
                CAST(SUM(l.line_total_cents) AS BIGINT)
           FROM ({numbered}) o JOIN order_lines l ON l.order_id = o.id
          WHERE l.category IS NOT NULL
          GROUP BY o.organization_id, o.month, o.state, o.purchaser_name,
                   COALESCE(o.cost_center, ''), l.category"
    ))
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO spend_months (organization_id, month, state, purchaser_name, cost_center,
                                   category, order_count, amount_cents)
         SELECT o.organization_id, o.month, o.state, o.purchaser_name,
                COALESCE(o.cost_center, ''), '', COUNT(*), CAST(SUM(o.shipping_cents) AS BIGINT)
           FROM ({numbered}) o
          WHERE o.shipping_cents > 0
          GROUP BY o.organization_id, o.month, o.state, o.purchaser_name,
                   COALESCE(o.cost_center, '')"
    ))
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO order_months (organization_id, month, state, order_count, total_cents)
         SELECT o.organization_id, o.month, o.state, COUNT(*), CAST(SUM(o.total_cents) AS BIGINT)
           FROM ({numbered}) o
          GROUP BY o.organization_id, o.month, o.state"
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A `CASE` expression giving the number of the Berlin month of `column`, for
/// instants from `first` to `last`: the boundaries are the domain's months, written
/// into the query as numbers (never input), so that both engines use one calendar.
fn month_number(column: &str, first: i64, last: i64) -> String {
    let mut case = String::from("CASE");
    let mut month = Month::of(first);
    let last = Month::of(last);
    while month < last {
        let end = month.next().starts_at();
        case.push_str(&format!(" WHEN {column} < {end} THEN {}", month.number()));
        month = month.next();
    }
    case.push_str(&format!(" ELSE {} END", last.number()));
    case
}
