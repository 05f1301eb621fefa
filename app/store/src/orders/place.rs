//! Placing an order: one transaction per submission.

use super::cart::cart_in;
use super::change::{deputies_in, times_in};
use super::encode_source;
use crate::accounts::{UserRecord, team_in};
use crate::audit::{self, AuditEntry};
use crate::conditions::{TermsVersion, lock_customer, terms_at};
use crate::organizations::{CustomerRecord, customer_in};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::Money;
use kontor_domain::approval::Step;
use kontor_domain::checkout::{CartLine, OrderDetails, PricedLine, Quote};
use kontor_domain::decision::{ApprovalTimes, Deputy};
use kontor_domain::order::OrderState;
use kontor_domain::terms::Terms;

/// What the placement rule sees, read inside the transaction.
#[derive(Clone, Debug)]
pub struct PlacementContext {
    /// The id and number the order will get.
    pub order_id: String,
    pub number: i64,
    pub customer: CustomerRecord,
    /// Everyone in the organization (active or not).
    pub team: Vec<UserRecord>,
    /// The purchaser's cart, priced for the day of `now`.
    pub cart: Vec<CartLine>,
    /// The terms in force now (`None`: the standard terms).
    pub terms: Option<TermsVersion>,
    /// The purchaser's orders this month that count against the budget.
    pub spent_this_month: Money,
    /// The organization's deputies and approval times (who gets the first request).
    pub deputies: Vec<Deputy>,
    pub times: ApprovalTimes,
}

/// What the rule decided to write.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub state: OrderState,
    pub purchaser_name: String,
    pub details: OrderDetails,
    pub quote: Quote,
    pub chain: Vec<Step>,
    pub terms_version_id: Option<String>,
    pub terms: Terms,
    pub events: Vec<super::change::NewEvent>,
    pub mails: Vec<NewMail>,
    /// Decision links that go out with the approval requests.
    pub links: Vec<super::NewApprovalLink>,
    pub audit: AuditEntry,
    /// The accepted quote (id, version) it is made from.
    pub from_quote: Option<(String, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceOutcome<R> {
    Placed {
        order_id: String,
        number: i64,
        state: OrderState,
    },
    /// This submission was placed before (same idempotency key): nothing new.
    AlreadyPlaced {
        order_id: String,
        number: i64,
        state: OrderState,
    },
    Refused(R),
    NotFound,
}

impl Store {
    /// Places the purchaser's cart as an order. `month` = [start, end) of the current
    /// month in the organization's time zone (for the budget), `day` = today there
    /// (for prices). The organization row is locked first, so concurrent submissions
    /// of one organization take turns: the same key finds the first order, and each
    /// budget check sees every order placed before it.
    #[allow(clippy::too_many_arguments)]
    pub async fn place_order<R>(
        &self,
        organization_id: &str,
        purchaser_id: &str,
        idempotency_key: &str,
        day: i64,
        month: (i64, i64),
        now: i64,
        decide: impl FnOnce(&PlacementContext) -> std::result::Result<NewOrder, R>,
    ) -> Result<PlaceOutcome<R>> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, organization_id).await? {
            return Ok(PlaceOutcome::NotFound);
        }
        let existing: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT id, number, state FROM orders
              WHERE purchaser_id = $1 AND idempotency_key = $2 AND organization_id = $3",
        )
        .bind(purchaser_id)
        .bind(idempotency_key)
        .bind(organization_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((order_id, number, state)) = existing {
            return Ok(PlaceOutcome::AlreadyPlaced {
                order_id,
                number,
                state: OrderState::parse(&state).unwrap_or(OrderState::PendingApproval),
            });
        }
        let Some(customer) = customer_in(&mut tx, organization_id).await? else {
            return Ok(PlaceOutcome::NotFound);
        };
        let number: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM orders WHERE organization_id = $1",
        )
        .bind(organization_id)
        .fetch_one(&mut *tx)
        .await?;
        let context = PlacementContext {
            order_id: new_id(),
            number,
            customer,
            team: team_in(&mut tx, organization_id).await?,
            cart: cart_in(&mut tx, organization_id, purchaser_id, day).await?,
            terms: terms_at(&mut tx, organization_id, now).await?,
            spent_this_month: month_spent(&mut tx, organization_id, purchaser_id, month, None)
                .await?,
            deputies: deputies_in(&mut tx, organization_id).await?,
            times: times_in(&mut tx, organization_id).await?,
        };
        let order = match decide(&context) {
            Ok(order) => order,
            Err(refusal) => return Ok(PlaceOutcome::Refused(refusal)),
        };
        write_order(
            &mut tx,
            &context,
            purchaser_id,
            idempotency_key,
            &order,
            now,
        )
        .await?;
        sqlx::query("DELETE FROM cart_lines WHERE user_id = $1 AND organization_id = $2")
            .bind(purchaser_id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(PlaceOutcome::Placed {
            order_id: context.order_id,
            number,
            state: order.state,
        })
    }
}

/// The sum of a purchaser's orders placed in `[start, end)` that count against the
/// budget: every state but rejected, withdrawn, cancelled and expired (pending
/// included), leaving out `except` (an order being changed).
pub(crate) async fn month_spent(
    tx: &mut Tx,
    organization_id: &str,
    purchaser_id: &str,
    (start, end): (i64, i64),
    except: Option<&str>,
) -> Result<Money> {
    let cents: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(total_cents), 0) AS BIGINT) FROM orders
          WHERE organization_id = $1 AND purchaser_id = $2 AND placed_at >= $3 AND placed_at < $4
            AND id <> $5 AND {}",
        super::counts_against_budget_sql()
    ))
    .bind(organization_id)
    .bind(purchaser_id)
    .bind(start)
    .bind(end)
    .bind(except.unwrap_or(""))
    .fetch_one(&mut **tx)
    .await?;
    Ok(Money::from_cents(cents))
}

/// Writes a new order with everything that goes with it: lines, timeline, mails,
/// decision links, audit, webhooks, its place in the change feed. For a cart and an
/// accepted quote alike.
pub(crate) async fn write_order(
    tx: &mut Tx,
    context: &PlacementContext,
    purchaser_id: &str,
    idempotency_key: &str,
    order: &NewOrder,
    now: i64,
) -> Result<()> {
    insert_order(tx, context, purchaser_id, idempotency_key, order, now).await?;
    for mail in &order.mails {
        enqueue(tx, mail, now).await?;
    }
    let organization_id = &context.customer.id;
    super::links::insert_links(tx, organization_id, &context.order_id, &order.links, now).await?;
    audit::append(tx, &order.audit, now).await?;
    crate::webhooks::announce_order(
        tx,
        None,
        order.state,
        &context.order_id,
        organization_id,
        now,
    )
    .await?;
    crate::order_months::shift(tx, Default::default(), &context.order_id).await?;
    super::take_change_seq(tx, &context.order_id).await?;
    Ok(())
}

async fn insert_order(
    tx: &mut Tx,
    context: &PlacementContext,
    purchaser_id: &str,
    idempotency_key: &str,
    order: &NewOrder,
    now: i64,
) -> Result<()> {
    let d = &order.details;
    sqlx::query(
        "INSERT INTO orders (id, organization_id, number, purchaser_id, purchaser_name,
                             idempotency_key, state, po_number, cost_center, delivery_address,
                             requested_date, note, goods_cents, shipping_cents, total_cents,
                             terms_version_id, terms, chain, current_step, step_since,
                             placed_at, updated_at, quote_id, quote_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, 0, $19, $19, $19, $20, $21)",
    )
    .bind(&context.order_id)
    .bind(&context.customer.id)
    .bind(context.number)
    .bind(purchaser_id)
    .bind(&order.purchaser_name)
    .bind(idempotency_key)
    .bind(order.state.as_str())
    .bind(&d.po_number)
    .bind(&d.cost_center)
    .bind(&d.delivery_address)
    .bind(d.requested_date.map(|day| day.0))
    .bind(&d.note)
    .bind(order.quote.goods.cents())
    .bind(order.quote.shipping.cents())
    .bind(order.quote.total.cents())
    .bind(&order.terms_version_id)
    .bind(serde_json::to_string(&order.terms).expect("terms serialise"))
    .bind(serde_json::to_string(&order.chain).expect("chain serialises"))
    .bind(now)
    .bind(order.from_quote.as_ref().map(|(id, _)| id.as_str()))
    .bind(order.from_quote.as_ref().map(|(_, version)| *version))
    .execute(&mut **tx)
    .await?;
    insert_lines(
        tx,
        &context.order_id,
        &context.customer.id,
        &order.quote.lines,
    )
    .await?;
    for event in &order.events {
        super::change::insert_event(tx, &context.order_id, &context.customer.id, (event, 0), now)
            .await?;
    }
    Ok(())
}

/// Writes an order's priced lines, numbered from 1.
pub(crate) async fn insert_lines(
    tx: &mut Tx,
    order_id: &str,
    organization_id: &str,
    lines: &[PricedLine],
) -> Result<()> {
    for (index, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, organization_id, product_id, sku, name_en,
                                      name_de, unit, quantity, list_price_cents, unit_price_cents,
                                      price_source, line_total_cents, category)
             VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, $9, $10, $11, $12, $13,
                     (SELECT category FROM products WHERE id = NULLIF($4, '')))",
        )
        .bind(order_id)
        .bind(index as i64 + 1)
        .bind(organization_id)
        // "" for a free-text line of an accepted quote: no product.
        .bind(&line.product_id)
        .bind(&line.sku)
        .bind(&line.name_en)
        .bind(&line.name_de)
        .bind(&line.unit)
        .bind(line.quantity)
        .bind(line.list_price.cents())
        .bind(line.unit_price.cents())
        .bind(encode_source(line.source))
        .bind(line.line_total.cents())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
