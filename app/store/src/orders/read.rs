//! Reading orders (keyset pages, details, the approvals inbox, the month's spend)
//! and the approval settings of an organization (deputies, times).

use super::change::{deputies_in, times_in};
use super::{ORDER_COLUMNS, OrderEvent, OrderRecord, decode_source};
use crate::audit::{self, AuditEntry};
use crate::{Result, Store};
use kontor_domain::Money;
use kontor_domain::checkout::PricedLine;
use kontor_domain::decision::{ApprovalTimes, Deputy};
use kontor_domain::order::OrderState;

/// Which orders a list shows; newest first, `before` = the last row of the previous page.
#[derive(Clone, Debug, Default)]
pub struct OrderQuery<'a> {
    pub organization_id: Option<&'a str>,
    /// Only customers of this account manager (vendor lists).
    pub account_manager_id: Option<&'a str>,
    pub purchaser_id: Option<&'a str>,
    pub state: Option<OrderState>,
    pub before: Option<(i64, &'a str)>,
    pub limit: i64,
}

/// A row of an order list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderSummary {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub number: i64,
    pub purchaser_name: String,
    pub po_number: Option<String>,
    pub state: OrderState,
    pub total: Money,
    pub placed_at: i64,
}

type SummaryRow = (
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    String,
    i64,
    i64,
);

impl Store {
    /// One page of orders. Each filter is a condition on an indexed column and the
    /// page continues below `(placed_at, id)`, so page 1,000 costs what page 1 does.
    pub async fn orders_page(&self, q: &OrderQuery<'_>) -> Result<Vec<OrderSummary>> {
        if let Some(manager) = q.account_manager_id {
            return self.managed_orders_page(manager, q).await;
        }
        let mut conditions = Vec::new();
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if q.organization_id.is_some() {
            conditions.push(format!("o.organization_id = {}", next()));
        }
        if q.purchaser_id.is_some() {
            conditions.push(format!("o.purchaser_id = {}", next()));
        }
        if q.state.is_some() {
            conditions.push(format!("o.state = {}", next()));
        }
        if q.before.is_some() {
            let (a, b) = (next(), next());
            conditions.push(format!(
                "(o.placed_at < {a} OR (o.placed_at = {a} AND o.id < {b}))"
            ));
        }
        let limit = next();
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT o.id, o.organization_id, g.name, o.number, o.purchaser_name, o.po_number,
                    o.state, o.total_cents, o.placed_at
               FROM orders o JOIN organizations g ON g.id = o.organization_id
               {filter}
              ORDER BY o.placed_at DESC, o.id DESC
              LIMIT {limit}"
        );
        let mut query = sqlx::query_as::<_, SummaryRow>(&sql);
        for value in [q.organization_id, q.purchaser_id].into_iter().flatten() {
            query = query.bind(value);
        }
        if let Some(state) = q.state {
            query = query.bind(state.as_str());
        }
        if let Some((at, id)) = q.before {
            query = query.bind(at).bind(id);
        }
        let rows = query.bind(q.limit).fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|r| OrderSummary {
                id: r.0,
                organization_id: r.1,
                organization_name: r.2,
                number: r.3,
                purchaser_name: r.4,
                po_number: r.5,
                state: OrderState::parse(&r.6).unwrap_or(OrderState::PendingApproval),
                total: Money::from_cents(r.7),
                placed_at: r.8,
            })
            .collect())
    }

    /// An account manager's page: the newest page of each of their customers (each
    /// one an index range), merged. A join over all orders sorted by time would
    /// read every order of a big customer to find a small one's (measured: 600 ms
    /// at a million orders); this costs one short query per customer.
    async fn managed_orders_page(
        &self,
        manager: &str,
        q: &OrderQuery<'_>,
    ) -> Result<Vec<OrderSummary>> {
        let customers: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM organizations WHERE account_manager_id = $1 AND kind = 'customer'",
        )
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        let mut rows = Vec::new();
        for customer in &customers {
            let one = OrderQuery {
                organization_id: Some(customer),
                account_manager_id: None,
                ..q.clone()
            };
            rows.extend(Box::pin(self.orders_page(&one)).await?);
        }
        rows.sort_by(|a, b| (b.placed_at, &b.id).cmp(&(a.placed_at, &a.id)));
        rows.truncate(q.limit.max(0) as usize);
        Ok(rows)
    }

    /// An order by id; only within `organization_id` when given (customer callers).
    pub async fn order(
        &self,
        order_id: &str,
        organization_id: Option<&str>,
    ) -> Result<Option<OrderRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders o WHERE o.id = $1 AND ($2 = '' OR o.organization_id = $2)"
        ))
        .bind(order_id)
        .bind(organization_id.unwrap_or(""))
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn order_lines(&self, order_id: &str) -> Result<Vec<PricedLine>> {
        let mut conn = self.pool().acquire().await?;
        lines_in(&mut conn, order_id).await
    }

    pub async fn order_events(&self, order_id: &str) -> Result<Vec<OrderEvent>> {
        Ok(sqlx::query_as(
            "SELECT at, kind, step, actor_id, actor_name, capacity, on_behalf_of, comment,
                    revision
               FROM order_events WHERE order_id = $1 ORDER BY at, id",
        )
        .bind(order_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The organization's orders waiting for approval, oldest first (the inbox
    /// filters them by who may decide now).
    pub async fn waiting_orders(&self, organization_id: &str) -> Result<Vec<OrderRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders o
              WHERE o.organization_id = $1 AND o.state = 'pending_approval'
              ORDER BY o.placed_at, o.id LIMIT 500"
        ))
        .bind(organization_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Per purchaser, the sum of orders placed in `[start, end)` that count against
    /// the budget.
    pub async fn month_spend(
        &self,
        organization_id: &str,
        (start, end): (i64, i64),
    ) -> Result<Vec<(String, Money)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT purchaser_id, CAST(SUM(total_cents) AS BIGINT) FROM orders
              WHERE organization_id = $1 AND placed_at >= $2 AND placed_at < $3
                AND {}
              GROUP BY purchaser_id",
            super::counts_against_budget_sql()
        ))
        .bind(organization_id)
        .bind(start)
        .bind(end)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, cents)| (id, Money::from_cents(cents)))
            .collect())
    }

    pub async fn deputies(&self, organization_id: &str) -> Result<Vec<Deputy>> {
        let mut conn = self.pool().acquire().await?;
        deputies_in(&mut conn, organization_id).await
    }

    pub async fn approval_times(&self, organization_id: &str) -> Result<ApprovalTimes> {
        let mut conn = self.pool().acquire().await?;
        times_in(&mut conn, organization_id).await
    }

    /// Names (or with `None` removes) the caller's deputy, with an audit entry.
    pub async fn set_deputy(
        &self,
        organization_id: &str,
        deputy: Option<&Deputy>,
        user_id: &str,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM deputies WHERE user_id = $1 AND organization_id = $2")
            .bind(user_id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        if let Some(d) = deputy {
            sqlx::query(
                "INSERT INTO deputies (user_id, organization_id, deputy_id, from_day, to_day, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id)
            .bind(organization_id)
            .bind(&d.deputy)
            .bind(d.from.0)
            .bind(d.to.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit::append(&mut tx, audit_entry, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the organization's approval times, with an audit entry.
    pub async fn set_approval_times(
        &self,
        organization_id: &str,
        times: ApprovalTimes,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE organizations SET approval_reminder_hours = $1, approval_escalation_hours = $2,
                    order_expiry_days = $4
              WHERE id = $3 AND kind = 'customer'",
        )
        .bind(i64::from(times.reminder_hours))
        .bind(i64::from(times.escalation_hours))
        .bind(organization_id)
        .bind(times.expiry_days.map(i64::from))
        .execute(&mut *tx)
        .await?;
        audit::append(&mut tx, audit_entry, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// An order's lines, in their order.
pub(crate) async fn lines_in(
    conn: &mut sqlx::AnyConnection,
    order_id: &str,
) -> Result<Vec<PricedLine>> {
    type LineRow = (
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        i64,
        String,
        i64,
    );
    let rows: Vec<LineRow> = sqlx::query_as(
        // A free-text line of an accepted quote has no product: "" here.
        "SELECT COALESCE(product_id, '') AS product_id, sku, name_en, name_de, unit, quantity,
                list_price_cents, unit_price_cents, price_source, line_total_cents
           FROM order_lines WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PricedLine {
            product_id: r.0,
            sku: r.1,
            name_en: r.2,
            name_de: r.3,
            unit: r.4,
            quantity: r.5,
            list_price: Money::from_cents(r.6),
            unit_price: Money::from_cents(r.7),
            source: decode_source(&r.8),
            line_total: Money::from_cents(r.9),
        })
        .collect())
}
