//! Every change of a placed order: decisions, withdrawal, the vendor's steps,
//! reminders and escalation notices.

use super::links::NewApprovalLink;
use super::{ORDER_COLUMNS, OrderRecord};
use crate::accounts::{UserRecord, team_in};
use crate::audit::{self, AuditEntry};
use crate::organizations::{CustomerRecord, customer_in};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::approval::Step;
use kontor_domain::checkout::{OrderDetails, Quote};
use kontor_domain::decision::{ApprovalTimes, Deputy};
use kontor_domain::order::OrderState;
use kontor_domain::terms::Terms;

/// An event to add to an order's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub step: Option<i64>,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub capacity: Option<&'static str>,
    pub on_behalf_of: Option<String>,
    pub comment: Option<String>,
}

/// What a rule sees when it decides about an order.
#[derive(Clone, Debug)]
pub struct OrderSituation {
    pub order: OrderRecord,
    pub customer: CustomerRecord,
    pub team: Vec<UserRecord>,
    pub deputies: Vec<Deputy>,
    pub times: ApprovalTimes,
}

/// The order's new state and what goes with it.
#[derive(Clone, Debug)]
pub struct OrderUpdate {
    pub state: OrderState,
    pub current_step: i64,
    pub step_since: i64,
    pub reminded_step: i64,
    pub escalated_step: i64,
    /// The ERP's number for the order (`None`: unchanged).
    pub external_id: Option<String>,
    /// Carrier and tracking number of the shipment (`None`: unchanged).
    pub shipment: Option<(String, String)>,
    pub events: Vec<NewEvent>,
    pub mails: Vec<NewMail>,
    /// Decision links that go out with this update's mails.
    pub links: Vec<NewApprovalLink>,
    pub audit: Option<AuditEntry>,
    /// New content for an order the purchaser changed while it waited.
    pub amended: Option<Amended>,
}

/// A waiting order's new content: lines, sums, chain, details and terms, as priced
/// and routed anew; the revision goes up by one.
#[derive(Clone, Debug)]
pub struct Amended {
    pub quote: Quote,
    pub chain: Vec<Step>,
    pub details: OrderDetails,
    pub terms_version_id: Option<String>,
    pub terms: Terms,
}

impl OrderUpdate {
    /// No change yet: the order's fields as they are.
    pub fn from(order: &OrderRecord) -> OrderUpdate {
        OrderUpdate {
            state: order.state,
            current_step: order.current_step,
            step_since: order.step_since,
            reminded_step: order.reminded_step,
            escalated_step: order.escalated_step,
            external_id: None,
            shipment: None,
            events: Vec::new(),
            mails: Vec::new(),
            links: Vec::new(),
            audit: None,
            amended: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeOrder<R> {
    Changed(OrderState),
    Refused(R),
    NotFound,
}

/// Adds `event` to the order's timeline; `revision` is the order's content it
/// belongs to (a step is decided once per revision).
pub(crate) async fn insert_event(
    tx: &mut Tx,
    order_id: &str,
    organization_id: &str,
    (event, revision): (&NewEvent, i64),
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_events (id, order_id, organization_id, at, kind, step, actor_id,
                                   actor_name, capacity, on_behalf_of, comment, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(order_id)
    .bind(organization_id)
    .bind(at)
    .bind(event.kind)
    .bind(event.step)
    .bind(&event.actor_id)
    .bind(&event.actor_name)
    .bind(event.capacity)
    .bind(&event.on_behalf_of)
    .bind(&event.comment)
    .bind(revision)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn deputies_in(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
) -> Result<Vec<Deputy>> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT user_id, deputy_id, from_day, to_day FROM deputies WHERE organization_id = $1",
    )
    .bind(organization_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(for_user, deputy, from, to)| Deputy {
            for_user,
            deputy,
            from: kontor_domain::calendar::Day(from),
            to: kontor_domain::calendar::Day(to),
        })
        .collect())
}

pub(crate) async fn times_in(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
) -> Result<ApprovalTimes> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT approval_reminder_hours, approval_escalation_hours, order_expiry_days
           FROM organizations WHERE id = $1",
    )
    .bind(organization_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or_else(ApprovalTimes::default, |(r, e, x)| ApprovalTimes {
            reminder_hours: r as u32,
            escalation_hours: e as u32,
            expiry_days: x.map(|d| d as u32),
        }),
    )
}

impl Store {
    /// Takes one decision about a placed order. The order row is locked first, so
    /// of two decisions at the same moment the second sees the first one's result
    /// (and, for a decision on the same step, is refused by the rule).
    pub async fn change_order<R>(
        &self,
        organization_id: &str,
        order_id: &str,
        now: i64,
        decide: impl FnOnce(&OrderSituation) -> std::result::Result<OrderUpdate, R>,
    ) -> Result<ChangeOrder<R>> {
        let mut tx = self.begin_write().await?;
        let outcome = change_locked(&mut tx, organization_id, order_id, now, decide).await?;
        if matches!(outcome, ChangeOrder::Changed(_)) {
            tx.commit().await?;
        }
        Ok(outcome)
    }

    /// Waiting orders whose current step is due for a reminder or for escalation at
    /// `now` and has not had that notice yet, or that waited past their
    /// organization's expiry: (organization, order) pairs.
    pub async fn orders_due_for_notice(&self, now: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT o.organization_id, o.id FROM orders o
               JOIN organizations g ON g.id = o.organization_id
              WHERE o.state = 'pending_approval'
                AND ((o.reminded_step < o.current_step
                      AND o.step_since + g.approval_reminder_hours * 3600000 <= $1)
                  OR (o.escalated_step < o.current_step
                      AND o.step_since + g.approval_escalation_hours * 3600000 <= $1)
                  OR o.placed_at + g.order_expiry_days * 86400000 <= $1)
              ORDER BY o.step_since
              LIMIT 500",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?)
    }
}

/// [`Store::change_order`] inside a write transaction the caller commits (only when
/// the outcome is `Changed`): the order row locked first, then the rule decides.
pub(crate) async fn change_locked<R>(
    tx: &mut Tx,
    organization_id: &str,
    order_id: &str,
    now: i64,
    decide: impl FnOnce(&OrderSituation) -> std::result::Result<OrderUpdate, R>,
) -> Result<ChangeOrder<R>> {
    let locked = crate::backend::lock_row(
        tx,
        "orders",
        "id = $1 AND organization_id = $2",
        &[order_id, organization_id],
    )
    .await?;
    if !locked {
        return Ok(ChangeOrder::NotFound);
    }
    let order: OrderRecord = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders o WHERE o.id = $1"
    ))
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    let Some(customer) = customer_in(tx, organization_id).await? else {
        return Ok(ChangeOrder::NotFound);
    };
    let situation = OrderSituation {
        customer,
        team: team_in(tx, organization_id).await?,
        deputies: deputies_in(tx, organization_id).await?,
        times: times_in(tx, organization_id).await?,
        order,
    };
    let update = match decide(&situation) {
        Ok(update) => update,
        Err(refusal) => return Ok(ChangeOrder::Refused(refusal)),
    };
    let before = crate::order_months::contribution(tx, order_id).await?;
    sqlx::query(
        "UPDATE orders SET state = $1, current_step = $2, step_since = $3, reminded_step = $4,
            escalated_step = $5, updated_at = $6,
            external_id = COALESCE($8, external_id), carrier = COALESCE($9, carrier),
            tracking_number = COALESCE($10, tracking_number)
      WHERE id = $7",
    )
    .bind(update.state.as_str())
    .bind(update.current_step)
    .bind(update.step_since)
    .bind(update.reminded_step)
    .bind(update.escalated_step)
    .bind(now)
    .bind(order_id)
    .bind(&update.external_id)
    .bind(update.shipment.as_ref().map(|s| &s.0))
    .bind(update.shipment.as_ref().map(|s| &s.1))
    .execute(&mut **tx)
    .await?;
    if let Some(amended) = &update.amended {
        write_amendment(tx, order_id, organization_id, amended).await?;
    }
    let revision = situation.order.revision + i64::from(update.amended.is_some());
    for event in &update.events {
        insert_event(tx, order_id, organization_id, (event, revision), now).await?;
    }
    for mail in &update.mails {
        enqueue(tx, mail, now).await?;
    }
    super::links::insert_links(tx, organization_id, order_id, &update.links, now).await?;
    if let Some(entry) = &update.audit {
        audit::append(tx, entry, now).await?;
    }
    crate::webhooks::announce_order(
        tx,
        Some(situation.order.state),
        update.state,
        order_id,
        organization_id,
        now,
    )
    .await?;
    crate::order_months::shift(tx, before, order_id).await?;
    super::take_change_seq(tx, order_id).await?;
    Ok(ChangeOrder::Changed(update.state))
}

/// Replaces a waiting order's content (lines, sums, chain, details, terms) and
/// counts the revision up.
async fn write_amendment(
    tx: &mut Tx,
    order_id: &str,
    organization_id: &str,
    amended: &Amended,
) -> Result<()> {
    let d = &amended.details;
    let q = &amended.quote;
    sqlx::query(
        "UPDATE orders SET po_number = $1, cost_center = $2, delivery_address = $3,
            requested_date = $4, note = $5, goods_cents = $6, shipping_cents = $7,
            total_cents = $8, terms_version_id = $9, terms = $10, chain = $11,
            revision = revision + 1
      WHERE id = $12",
    )
    .bind(&d.po_number)
    .bind(&d.cost_center)
    .bind(&d.delivery_address)
    .bind(d.requested_date.map(|day| day.0))
    .bind(&d.note)
    .bind(q.goods.cents())
    .bind(q.shipping.cents())
    .bind(q.total.cents())
    .bind(&amended.terms_version_id)
    .bind(serde_json::to_string(&amended.terms).expect("terms serialise"))
    .bind(serde_json::to_string(&amended.chain).expect("chain serialises"))
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM order_lines WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut **tx)
        .await?;
    super::place::insert_lines(tx, order_id, organization_id, &q.lines).await
}
