//! Carts, orders and their approvals.
//!
//! Every change to an order is one decision taken inside one write transaction:
//! [`Store::place_order`] and [`Store::change_order`] lock the organization row or
//! the order row, hand the situation *as it is now* to the caller's rule (the domain
//! code, run by the server), and write what it decided — order, lines, events, mails,
//! audit entry — together. Two clicks, two tabs or two approvers therefore take turns,
//! and the second one sees the first one's result.

mod amend;
mod cart;
mod change;
mod feed;
mod links;
mod place;
mod read;

pub use amend::AmendContext;
pub use change::{Amended, ChangeOrder, NewEvent, OrderSituation, OrderUpdate};
pub(crate) use change::{deputies_in, times_in};
pub(crate) use feed::take_change_seq;
pub use feed::{FeedLine, FeedOrder, FeedPage};
pub use links::{ApprovalLinkRecord, LinkChange, NewApprovalLink};
pub use place::{NewOrder, PlaceOutcome, PlacementContext};
pub(crate) use place::{month_spent, write_order};
pub use read::{OrderQuery, OrderSummary};

use crate::accounts::UserRecord;
use kontor_domain::Money;
use kontor_domain::access::{Role, Roles};
use kontor_domain::approval::{Member, Step};
use kontor_domain::order::OrderState;
use kontor_domain::pricing::PriceSource;
use kontor_domain::terms::Terms;
use sqlx::Row;

/// An order as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRecord {
    pub id: String,
    pub organization_id: String,
    pub number: i64,
    pub purchaser_id: String,
    pub purchaser_name: String,
    pub state: OrderState,
    pub po_number: Option<String>,
    pub cost_center: Option<String>,
    pub delivery_address: String,
    pub requested_date: Option<i64>,
    pub note: Option<String>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub terms_version_id: Option<String>,
    pub terms: Terms,
    pub chain: Vec<Step>,
    pub current_step: i64,
    pub step_since: i64,
    pub reminded_step: i64,
    pub escalated_step: i64,
    pub placed_at: i64,
    pub updated_at: i64,
    /// Its place in the change feed: taken anew by every change.
    pub change_seq: i64,
    /// The ERP's own number for it, once the ERP confirmed it.
    pub external_id: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// How often the purchaser changed it while it waited (0: as placed).
    pub revision: i64,
    /// The accepted quote it was made from: its id, number and version.
    pub quote_id: Option<String>,
    pub quote_number: Option<i64>,
    pub quote_version: Option<i64>,
}

pub(crate) const ORDER_COLUMNS: &str = "o.id, o.organization_id, o.number, o.purchaser_id,
    o.purchaser_name, o.state, o.po_number, o.cost_center, o.delivery_address,
    o.requested_date, o.note, o.goods_cents, o.shipping_cents, o.total_cents,
    o.terms_version_id, o.terms, o.chain, o.current_step, o.step_since, o.reminded_step,
    o.escalated_step, o.placed_at, o.updated_at, o.change_seq, o.external_id,
    o.carrier, o.tracking_number, o.revision, o.quote_id, o.quote_version,
    (SELECT q.number FROM quotes q WHERE q.id = o.quote_id) AS quote_number";

/// The SQL condition "counts against the monthly budget" on `orders`, built from the
/// domain's rule so the two never disagree.
pub(crate) fn counts_against_budget_sql() -> String {
    let excluded: Vec<String> = OrderState::ALL
        .into_iter()
        .filter(|s| !s.counts_against_budget())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("state NOT IN ({})", excluded.join(", "))
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for OrderRecord {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        let state: String = row.try_get("state")?;
        let terms: String = row.try_get("terms")?;
        let chain: String = row.try_get("chain")?;
        Ok(OrderRecord {
            id: row.try_get("id")?,
            organization_id: row.try_get("organization_id")?,
            number: row.try_get("number")?,
            purchaser_id: row.try_get("purchaser_id")?,
            purchaser_name: row.try_get("purchaser_name")?,
            state: OrderState::parse(&state)
                .ok_or_else(|| sqlx::Error::Decode(format!("order state {state}").into()))?,
            po_number: row.try_get("po_number")?,
            cost_center: row.try_get("cost_center")?,
            delivery_address: row.try_get("delivery_address")?,
            requested_date: row.try_get("requested_date")?,
            note: row.try_get("note")?,
            goods: Money::from_cents(row.try_get("goods_cents")?),
            shipping: Money::from_cents(row.try_get("shipping_cents")?),
            total: Money::from_cents(row.try_get("total_cents")?),
            terms_version_id: row.try_get("terms_version_id")?,
            terms: serde_json::from_str(&terms).map_err(decode_error)?,
            chain: serde_json::from_str(&chain).map_err(decode_error)?,
            current_step: row.try_get("current_step")?,
            step_since: row.try_get("step_since")?,
            reminded_step: row.try_get("reminded_step")?,
            escalated_step: row.try_get("escalated_step")?,
            placed_at: row.try_get("placed_at")?,
            updated_at: row.try_get("updated_at")?,
            change_seq: row.try_get("change_seq")?,
            external_id: row.try_get("external_id")?,
            carrier: row.try_get("carrier")?,
            tracking_number: row.try_get("tracking_number")?,
            revision: row.try_get("revision")?,
            quote_id: row.try_get("quote_id")?,
            quote_number: row.try_get("quote_number")?,
            quote_version: row.try_get("quote_version")?,
        })
    }
}

/// One event of an order's timeline.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderEvent {
    pub at: i64,
    pub kind: String,
    pub step: Option<i64>,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub capacity: Option<String>,
    pub on_behalf_of: Option<String>,
    pub comment: Option<String>,
    /// The order's revision (its content) the event belongs to.
    pub revision: i64,
}

/// The approval-relevant facts of a user.
pub fn member_of(user: &UserRecord) -> Member {
    Member {
        id: user.id.clone(),
        active: user.active && !user.password_hash.is_empty(),
        is_admin: Roles::from_stored(&user.roles).contains(Role::Admin),
        per_order_limit: user.per_order_limit_cents.map(Money::from_cents),
        monthly_budget: user.monthly_budget_cents.map(Money::from_cents),
        approver: user.approver_id.clone(),
    }
}

pub(crate) fn encode_source(source: PriceSource) -> String {
    match source {
        PriceSource::List => "list".into(),
        PriceSource::Agreement => "agreement".into(),
        PriceSource::Tier { min_quantity } => format!("tier:{min_quantity}"),
        PriceSource::Quote => "quote".into(),
    }
}

pub(crate) fn decode_source(text: &str) -> PriceSource {
    match text.strip_prefix("tier:").and_then(|q| q.parse().ok()) {
        Some(min_quantity) => PriceSource::Tier { min_quantity },
        None if text == "agreement" => PriceSource::Agreement,
        None if text == "quote" => PriceSource::Quote,
        None => PriceSource::List,
    }
}
