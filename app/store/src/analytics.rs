//! What the spend analytics read: an organization's monthly spend and approval
//! decisions over a period, as rows for the domain's `analytics` rules (which decide
//! what counts and how it adds up). The monthly sums are kept as orders change
//! (`order_months`); which month an order falls in is the domain's to say.

use crate::{Result, Store};
use kontor_domain::Money;
use kontor_domain::analytics::{Decision, Month, SpendLine};
use kontor_domain::order::OrderState;

#[derive(sqlx::FromRow)]
struct SpendRow {
    month: i64,
    state: String,
    purchaser_name: String,
    /// '' for none.
    cost_center: String,
    /// '' for the shipping fee.
    category: String,
    amount_cents: i64,
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    actor_name: String,
    placed_at: i64,
    decided_at: i64,
}

impl Store {
    /// The organization's spending placed in the whole Berlin months `[from, to)`
    /// (UTC milliseconds of their starts), its shipping fees as lines without a
    /// category, every state included: the domain decides what counts. Read from
    /// the monthly sums ([`crate::order_months`]): one line per month, state,
    /// purchaser, cost center and category, placed at its month's start. The domain
    /// only adds amounts per month, so its figures are those of the single lines, and
    /// a customer with a million orders is read as a few hundred rows.
    pub async fn spend_lines(
        &self,
        organization_id: &str,
        (from, to): (i64, i64),
    ) -> Result<Vec<SpendLine>> {
        let rows: Vec<SpendRow> = sqlx::query_as(
            "SELECT month, state, purchaser_name, cost_center, category, amount_cents
               FROM spend_months
              WHERE organization_id = $1 AND month >= $2 AND month < $3",
        )
        .bind(organization_id)
        .bind(Month::of(from).number())
        .bind(Month::of(to).number())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(SpendLine {
                    placed_at: Month::from_number(row.month).starts_at(),
                    // A state this build does not know is skipped, not guessed.
                    state: OrderState::parse(&row.state)?,
                    purchaser: row.purchaser_name,
                    cost_center: non_empty(row.cost_center),
                    category: non_empty(row.category),
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

    /// How many of the organization's orders wait for approval now, and their total:
    /// the monthly sums of that state added up, a few hundred rows however many
    /// orders wait.
    pub async fn waiting_summary(&self, organization_id: &str) -> Result<(i64, Money)> {
        let (count, cents): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT CAST(SUM(order_count) AS BIGINT), CAST(SUM(total_cents) AS BIGINT)
               FROM order_months
              WHERE organization_id = $1 AND state = 'pending_approval'",
        )
        .bind(organization_id)
        .fetch_one(self.pool())
        .await?;
        Ok((count.unwrap_or(0), Money::from_cents(cents.unwrap_or(0))))
    }
}

#[derive(sqlx::FromRow)]
struct CustomerOrderRow {
    customer: String,
    month: i64,
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
    /// The orders of the covered customers placed in the whole Berlin months
    /// `[from, to)`, with the customer's name, added up per customer, month and state
    /// (placed at the month's start), from the monthly sums: the vendor's revenue
    /// figures are counted from these.
    pub async fn customer_orders(
        &self,
        customers: Customers<'_>,
        (from, to): (i64, i64),
    ) -> Result<Vec<kontor_domain::vendor_analytics::CustomerOrder>> {
        let (condition, manager) = customers.condition();
        let rows: Vec<CustomerOrderRow> = sqlx::query_as(&format!(
            "SELECT g.name AS customer, m.month, m.state, m.total_cents,
                    m.order_count AS orders
               FROM order_months m JOIN organizations g ON g.id = m.organization_id
              WHERE m.month >= $1 AND m.month < $2 AND {condition}"
        ))
        .bind(Month::of(from).number())
        .bind(Month::of(to).number())
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(kontor_domain::vendor_analytics::CustomerOrder {
                    customer: row.customer,
                    placed_at: Month::from_number(row.month).starts_at(),
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
