//! What the spend analytics read: an organization's order lines and approval
//! decisions over a period, as rows for the domain's `analytics` rules (which decide
//! what counts and how it adds up). The sums are made in Rust rather than in SQL: a
//! Berlin month is the domain's to define, and one code path serves both engines.

use crate::{Result, Store};
use kontor_domain::Money;
use kontor_domain::analytics::{Decision, SpendLine};
use kontor_domain::order::OrderState;

#[derive(sqlx::FromRow)]
struct SpendRow {
    placed_at: i64,
    state: String,
    purchaser_name: String,
    cost_center: Option<String>,
    category: Option<String>,
    amount_cents: i64,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    actor_name: String,
    placed_at: i64,
    decided_at: i64,
}

impl Store {
    /// The organization's spending placed in `[from, to)` (UTC milliseconds), its
    /// shipping fees as lines without a category, every state included: the domain
    /// decides what counts. Lines of one Berlin month, state, purchaser, cost center and
    /// category come added up as one (at the placing time of one of them): the domain
    /// only adds amounts, so its figures are the same, and a customer with a million
    /// orders is read as a few hundred rows.
    pub async fn spend_lines(
        &self,
        organization_id: &str,
        (from, to): (i64, i64),
    ) -> Result<Vec<SpendLine>> {
        let month = month_bucket("o.placed_at", (from, to));
        // Both halves walk the orders of the period through `orders_by_placed`; the
        // lines are found by their primary key.
        let rows: Vec<SpendRow> = sqlx::query_as(&format!(
            "SELECT MIN(o.placed_at) AS placed_at, o.state, o.purchaser_name, o.cost_center,
                    p.category, CAST(SUM(l.line_total_cents) AS BIGINT) AS amount_cents
               FROM orders o
               JOIN order_lines l ON l.order_id = o.id
               JOIN products p ON p.id = l.product_id
              WHERE o.organization_id = $1 AND o.placed_at >= $2 AND o.placed_at < $3
              GROUP BY {month}, o.state, o.purchaser_name, o.cost_center, p.category
             UNION ALL
             SELECT MIN(o.placed_at), o.state, o.purchaser_name, o.cost_center,
                    CAST(NULL AS TEXT), CAST(SUM(o.shipping_cents) AS BIGINT)
               FROM orders o
              WHERE o.organization_id = $1 AND o.placed_at >= $2 AND o.placed_at < $3
                AND o.shipping_cents > 0
              GROUP BY {month}, o.state, o.purchaser_name, o.cost_center"
        ))
        .bind(organization_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(SpendLine {
                    placed_at: row.placed_at,
                    // A state this build does not know is skipped, not guessed.
                    state: OrderState::parse(&row.state)?,
                    purchaser: row.purchaser_name,
                    cost_center: row.cost_center,
                    category: row.category,
                    amount: Money::from_cents(row.amount_cents),
                })
            })
            .collect())
    }

    /// Every approval and rejection in the organization decided in `[from, to)`, with
    /// the decider's name and the order's placing time.
    pub async fn approval_decisions(
        &self,
        organization_id: &str,
        (from, to): (i64, i64),
    ) -> Result<Vec<Decision>> {
        let rows: Vec<DecisionRow> = sqlx::query_as(
            "SELECT e.actor_name, o.placed_at, e.at AS decided_at
               FROM order_events e
               JOIN orders o ON o.id = e.order_id
              WHERE e.organization_id = $1 AND e.kind IN ('approved', 'rejected')
                AND e.at >= $2 AND e.at < $3",
        )
        .bind(organization_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| Decision {
                approver: row.actor_name,
                placed_at: row.placed_at,
                decided_at: row.decided_at,
            })
            .collect())
    }

    /// How many of the organization's orders wait for approval now, and their total.
    pub async fn waiting_summary(&self, organization_id: &str) -> Result<(i64, Money)> {
        let (count, cents): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST(SUM(total_cents) AS BIGINT) FROM orders
              WHERE organization_id = $1 AND state = 'pending_approval'",
        )
        .bind(organization_id)
        .fetch_one(self.pool())
        .await?;
        Ok((count, Money::from_cents(cents.unwrap_or(0))))
    }
}

#[derive(sqlx::FromRow)]
struct CustomerOrderRow {
    customer: String,
    placed_at: i64,
    state: String,
    total_cents: i64,
    orders: i64,
}

#[derive(sqlx::FromRow)]
struct RequestTimesRow {
    customer: String,
    opened_at: i64,
    first_response_due: i64,
    first_response_at: Option<i64>,
    resolution_due: i64,
    resolved_at: Option<i64>,
}

/// Whose customers the vendor's figures cover: every customer (a vendor admin), or
/// those of one account manager.
#[derive(Clone, Copy, Debug)]
pub enum Customers<'a> {
    All,
    ManagedBy(&'a str),
}

impl<'a> Customers<'a> {
    /// The condition on `g` (organizations) and the value bound to `$3` for it.
    fn condition(self) -> (&'static str, &'a str) {
        match self {
            Customers::All => ("$3 = ''", ""),
            Customers::ManagedBy(manager) => ("g.account_manager_id = $3", manager),
        }
    }
}

impl Store {
    /// The orders of the covered customers placed in `[from, to)`, with the
    /// customer's name, added up per customer, Berlin month and state: the vendor's
    /// revenue figures are counted from these.
    pub async fn customer_orders(
        &self,
        customers: Customers<'_>,
        (from, to): (i64, i64),
    ) -> Result<Vec<kontor_domain::vendor_analytics::CustomerOrder>> {
        let (condition, manager) = customers.condition();
        let month = month_bucket("o.placed_at", (from, to));
        let rows: Vec<CustomerOrderRow> = sqlx::query_as(&format!(
            "SELECT g.name AS customer, MIN(o.placed_at) AS placed_at, o.state,
                    CAST(SUM(o.total_cents) AS BIGINT) AS total_cents, COUNT(*) AS orders
               FROM orders o JOIN organizations g ON g.id = o.organization_id
              WHERE o.placed_at >= $1 AND o.placed_at < $2 AND {condition}
              GROUP BY g.id, g.name, {month}, o.state"
        ))
        .bind(from)
        .bind(to)
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(kontor_domain::vendor_analytics::CustomerOrder {
                    customer: row.customer,
                    placed_at: row.placed_at,
                    state: OrderState::parse(&row.state)?,
                    total: Money::from_cents(row.total_cents),
                    orders: row.orders,
                })
            })
            .collect())
    }

    /// The due times of the covered customers' service requests opened in
    /// `[from, to)` and when they were met.
    pub async fn request_times(
        &self,
        customers: Customers<'_>,
        (from, to): (i64, i64),
    ) -> Result<Vec<kontor_domain::vendor_analytics::RequestTimes>> {
        let (condition, manager) = customers.condition();
        let rows: Vec<RequestTimesRow> = sqlx::query_as(&format!(
            "SELECT g.name AS customer, r.opened_at, r.first_response_due, r.first_response_at,
                    r.resolution_due, r.resolved_at
               FROM service_requests r JOIN organizations g ON g.id = r.organization_id
              WHERE r.opened_at >= $1 AND r.opened_at < $2 AND {condition}"
        ))
        .bind(from)
        .bind(to)
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| kontor_domain::vendor_analytics::RequestTimes {
                customer: row.customer,
                opened_at: row.opened_at,
                first_response_due: row.first_response_due,
                first_response_at: row.first_response_at,
                resolution_due: row.resolution_due,
                resolved_at: row.resolved_at,
            })
            .collect())
    }
}

/// A `CASE` expression numbering the Berlin month of `column` within `[from, to)`
/// (0 for the first): the boundaries are the domain's months, written into the query
/// as numbers (never input), so that both engines group by the same calendar.
fn month_bucket(column: &str, (from, to): (i64, i64)) -> String {
    let mut case = String::from("CASE");
    let mut month = kontor_domain::analytics::Month::of(from);
    let mut index = 0;
    // Bounded: a period of years has a few dozen boundaries.
    while month.next().starts_at() < to && index < 1_200 {
        let end = month.next().starts_at();
        case.push_str(&format!(" WHEN {column} < {end} THEN {index}"));
        month = month.next();
        index += 1;
    }
    case.push_str(&format!(" ELSE {index} END"));
    case
}
