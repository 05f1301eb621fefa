//! Quotes: a buyer's request, the vendor's offered versions, the conversation, and
//! the accepted version written as an order. Every step is one transaction that
//! locks the customer's row first, so two steps on one quote (two tabs, two
//! servers) take turns and the second sees what the first did.

use crate::audit::{self, AuditEntry};
use crate::conditions::{lock_customer, terms_at};
use crate::filter::Filter;
use crate::orders::{NewOrder, PlaceOutcome, PlacementContext};
use crate::organizations::{CustomerRecord, customer_in};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::Money;
use kontor_domain::integration::EventType;
use kontor_domain::order::OrderState;
use kontor_domain::quote::{LineItem, OfferedLine, QuoteState};

/// A quote as lists and pages show it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteRecord {
    pub id: String,
    pub organization_id: String,
    pub customer_name: String,
    pub account_manager_id: Option<String>,
    pub number: i64,
    pub requester_id: String,
    pub requester_name: String,
    state: String,
    pub wished_date: Option<i64>,
    /// The version on the table (0: none offered yet).
    pub version: i64,
    /// Its last valid day (Berlin).
    pub valid_until: Option<i64>,
    pub order_id: Option<String>,
    /// Since when the side whose move it is has been waiting.
    pub waiting_since: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The total of the version on the table, if one was offered.
    pub total_cents: Option<i64>,
}

impl QuoteRecord {
    pub fn state(&self) -> QuoteState {
        // Written only from the domain's names; an unknown one reads as withdrawn
        // (final, so nothing acts on it).
        QuoteState::parse(&self.state).unwrap_or(QuoteState::Withdrawn)
    }
}

const QUOTE_SELECT: &str = "SELECT q.id, q.organization_id, c.name AS customer_name,
        c.account_manager_id, q.number, q.requester_id, q.requester_name, q.state,
        q.wished_date, q.version, q.valid_until, q.order_id, q.waiting_since, q.created_at,
        q.updated_at, v.total_cents
   FROM quotes q
   JOIN organizations c ON c.id = q.organization_id
   LEFT JOIN quote_versions v ON v.quote_id = q.id AND v.version = q.version";

/// One line of one version (version 0: as requested, without prices).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteLineRecord {
    pub version: i64,
    pub line_no: i64,
    pub product_id: Option<String>,
    pub sku: Option<String>,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub quantity: i64,
    pub list_price_cents: Option<i64>,
    pub unit_price_cents: Option<i64>,
}

impl QuoteLineRecord {
    pub fn item(&self) -> LineItem {
        match &self.sku {
            Some(sku) => LineItem::Product { sku: sku.clone() },
            None => LineItem::FreeText {
                description: self.name_en.clone(),
            },
        }
    }

    /// The line as offered (`None` for a line as requested).
    pub fn offered(&self) -> Option<OfferedLine> {
        Some(OfferedLine {
            item: self.item(),
            quantity: self.quantity,
            unit_price: Money::from_cents(self.unit_price_cents?),
        })
    }
}

/// What an offered version says besides its lines.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteVersionRecord {
    pub version: i64,
    pub goods_cents: i64,
    pub shipping_cents: i64,
    pub total_cents: i64,
    pub payment_net_days: Option<i64>,
    pub delivery_terms: Option<String>,
    pub valid_until: i64,
    pub offered_by_name: String,
    pub offered_at: i64,
}

/// One entry of the conversation and history.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteMessageRecord {
    pub id: String,
    pub author_id: Option<String>,
    pub author_name: String,
    /// customer | vendor | system
    pub side: String,
    internal: i64,
    /// requested | offered | changes_requested | accepted | declined | withdrawn |
    /// expired | note
    pub event: String,
    pub version: Option<i64>,
    pub body: Option<String>,
    pub at: i64,
}

impl QuoteMessageRecord {
    /// For vendor staff only.
    pub fn internal(&self) -> bool {
        self.internal != 0
    }
}

/// A line to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuoteLine {
    /// Catalog lines: the product's id and SKU; free text: both `None`.
    pub product: Option<(String, String)>,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub quantity: i64,
    pub list_price: Option<Money>,
    pub unit_price: Option<Money>,
}

/// An entry of the conversation to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuoteMessage {
    pub author_id: Option<String>,
    pub author_name: String,
    pub side: &'static str,
    /// An internal note (and its files) is for vendor staff only.
    pub internal: bool,
    pub event: &'static str,
    pub body: Option<String>,
    pub attachments: Vec<NewQuoteAttachment>,
}

/// A file stored for a message (its bytes are in the document storage already).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuoteAttachment {
    pub id: String,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// A file on a quote.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteAttachmentRecord {
    pub id: String,
    pub quote_id: String,
    pub message_id: String,
    internal: i64,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl QuoteAttachmentRecord {
    /// For vendor staff only.
    pub fn internal(&self) -> bool {
        self.internal != 0
    }
}

const ATTACHMENT_SELECT: &str = "SELECT id, quote_id, message_id, internal, object_key, file_name,
        content_type, size_bytes, sha256 FROM quote_attachments";

/// A new request.
#[derive(Clone, Debug)]
pub struct NewQuote {
    pub organization_id: String,
    pub requester_id: String,
    pub requester_name: String,
    pub idempotency_key: String,
    pub wished_date: Option<i64>,
    pub lines: Vec<NewQuoteLine>,
    pub message: NewQuoteMessage,
}

/// What the request's transaction writes besides the quote, once its id and number
/// are known.
pub struct RequestWrites {
    pub mails: Vec<NewMail>,
    pub audit: AuditEntry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requested {
    New {
        id: String,
        number: i64,
    },
    /// The same submission was made before (same key): nothing new.
    Already {
        id: String,
        number: i64,
    },
    NotFound,
}

/// A new version.
#[derive(Clone, Debug)]
pub struct NewVersion {
    pub lines: Vec<NewQuoteLine>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub payment_net_days: Option<u32>,
    pub delivery_terms: Option<String>,
    pub valid_until: i64,
    pub offered_by: Option<String>,
    pub offered_by_name: String,
}

/// One step of a quote's life, decided inside its transaction.
#[derive(Clone, Debug)]
pub struct QuoteStep {
    pub after: QuoteState,
    /// Only an offer brings one.
    pub version: Option<NewVersion>,
    pub messages: Vec<NewQuoteMessage>,
    pub mails: Vec<NewMail>,
    pub audit: AuditEntry,
    pub webhook: Option<EventType>,
}

/// What a step's rule sees: the quote as it is now and the lines on the table.
pub struct StepContext {
    pub quote: QuoteRecord,
    pub lines: Vec<QuoteLineRecord>,
    pub customer: CustomerRecord,
    /// The version on the table, if one was offered.
    pub version: Option<QuoteVersionRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepOutcome<R> {
    Done(QuoteState),
    Refused(R),
    NotFound,
}

/// What accepting sees: the placement's facts (with an empty cart) and the quote.
pub struct AcceptContext {
    pub placement: PlacementContext,
    pub quote: QuoteRecord,
    pub version: Option<QuoteVersionRecord>,
    pub lines: Vec<QuoteLineRecord>,
}

impl Store {
    /// Writes a new request (version 0, its first message, mails, audit, webhook).
    /// The customer's row is locked for the number; the same key twice finds the
    /// first request.
    pub async fn request_quote(
        &self,
        new: &NewQuote,
        now: i64,
        writes: impl FnOnce(&str, i64) -> RequestWrites,
    ) -> Result<Requested> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, &new.organization_id).await? {
            return Ok(Requested::NotFound);
        }
        let existing: Option<(String, i64)> = sqlx::query_as(
            "SELECT id, number FROM quotes
              WHERE requester_id = $1 AND idempotency_key = $2 AND organization_id = $3",
        )
        .bind(&new.requester_id)
        .bind(&new.idempotency_key)
        .bind(&new.organization_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, number)) = existing {
            return Ok(Requested::Already { id, number });
        }
        let number: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM quotes WHERE organization_id = $1",
        )
        .bind(&new.organization_id)
        .fetch_one(&mut *tx)
        .await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO quotes (id, organization_id, number, requester_id, requester_name,
                                 idempotency_key, state, wished_date, version, waiting_since,
                                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $9)",
        )
        .bind(&id)
        .bind(&new.organization_id)
        .bind(number)
        .bind(&new.requester_id)
        .bind(&new.requester_name)
        .bind(&new.idempotency_key)
        .bind(QuoteState::Requested.as_str())
        .bind(new.wished_date)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_lines(&mut tx, &id, &new.organization_id, 0, &new.lines).await?;
        insert_message(&mut tx, &id, &new.organization_id, 0, &new.message, now).await?;
        let RequestWrites { mails, audit } = writes(&id, number);
        for mail in &mails {
            enqueue(&mut tx, mail, now).await?;
        }
        audit::append(&mut tx, &audit, now).await?;
        announce(
            &mut tx,
            EventType::QuoteRequested,
            &id,
            &new.organization_id,
            number,
            QuoteState::Requested,
            0,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Requested::New { id, number })
    }

    /// One step of a quote in `organization_id` (offer, ask for changes, decline,
    /// withdraw, expire, a note), decided by `decide` on the quote as it is inside
    /// the transaction. Nothing is written when it refuses.
    pub async fn quote_step<R>(
        &self,
        organization_id: &str,
        quote_id: &str,
        now: i64,
        decide: impl FnOnce(&StepContext) -> std::result::Result<QuoteStep, R>,
    ) -> Result<StepOutcome<R>> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, organization_id).await? {
            return Ok(StepOutcome::NotFound);
        }
        let Some(context) = step_context(&mut tx, organization_id, quote_id).await? else {
            return Ok(StepOutcome::NotFound);
        };
        let step = match decide(&context) {
            Ok(step) => step,
            Err(refusal) => return Ok(StepOutcome::Refused(refusal)),
        };
        let quote = &context.quote;
        write_step(&mut tx, quote, &step, now).await?;
        tx.commit().await?;
        Ok(StepOutcome::Done(step.after))
    }

    /// Accepts the version on the table: the order is written through the same
    /// placement as a cart's (`decide` runs the spending rules and routes it) and the
    /// quote ends as accepted, in one transaction. Accepting again (a second click, a
    /// second server) finds the order the first made.
    pub async fn accept_quote<R>(
        &self,
        organization_id: &str,
        quote_id: &str,
        purchaser_id: &str,
        month: (i64, i64),
        now: i64,
        decide: impl FnOnce(&AcceptContext) -> std::result::Result<(NewOrder, QuoteStep), R>,
    ) -> Result<PlaceOutcome<R>> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, organization_id).await? {
            return Ok(PlaceOutcome::NotFound);
        }
        let Some(step) = step_context(&mut tx, organization_id, quote_id).await? else {
            return Ok(PlaceOutcome::NotFound);
        };
        if let Some(order_id) = &step.quote.order_id {
            let (number, state): (i64, String) =
                sqlx::query_as("SELECT number, state FROM orders WHERE id = $1")
                    .bind(order_id)
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok(PlaceOutcome::AlreadyPlaced {
                order_id: order_id.clone(),
                number,
                state: OrderState::parse(&state).unwrap_or(OrderState::PendingApproval),
            });
        }
        let number: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM orders WHERE organization_id = $1",
        )
        .bind(organization_id)
        .fetch_one(&mut *tx)
        .await?;
        let placement = PlacementContext {
            order_id: new_id(),
            number,
            customer: step.customer,
            team: crate::accounts::team_in(&mut tx, organization_id).await?,
            cart: Vec::new(),
            terms: terms_at(&mut tx, organization_id, now).await?,
            spent_this_month: crate::orders::month_spent(
                &mut tx,
                organization_id,
                purchaser_id,
                month,
                None,
            )
            .await?,
            deputies: crate::orders::deputies_in(&mut tx, organization_id).await?,
            times: crate::orders::times_in(&mut tx, organization_id).await?,
        };
        let context = AcceptContext {
            placement,
            quote: step.quote,
            version: step.version,
            lines: step.lines,
        };
        let (order, quote_step) = match decide(&context) {
            Ok(decided) => decided,
            Err(refusal) => return Ok(PlaceOutcome::Refused(refusal)),
        };
        let key = format!("quote:{}", context.quote.id);
        let placement = &context.placement;
        crate::orders::write_order(&mut tx, placement, purchaser_id, &key, &order, now).await?;
        write_step(&mut tx, &context.quote, &quote_step, now).await?;
        sqlx::query("UPDATE quotes SET order_id = $1 WHERE id = $2")
            .bind(&placement.order_id)
            .bind(&context.quote.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(PlaceOutcome::Placed {
            order_id: placement.order_id.clone(),
            number,
            state: order.state,
        })
    }

    /// A quote of `organization_id`, or of any customer (`None`: vendor side).
    pub async fn quote(
        &self,
        organization_id: Option<&str>,
        quote_id: &str,
    ) -> Result<Option<QuoteRecord>> {
        let mut filter = Filter::default();
        filter.equals("q.id", quote_id);
        if let Some(org) = organization_id {
            filter.equals("q.organization_id", org);
        }
        let sql = format!("{QUOTE_SELECT}{}", filter.clause());
        Ok(filter
            .bind_all(sqlx::query_as::<_, QuoteRecord>(&sql))
            .fetch_optional(self.pool())
            .await?)
    }

    /// Quotes for a list, at most `query.limit`.
    pub async fn quotes(&self, query: &QuoteQuery<'_>) -> Result<Vec<QuoteRecord>> {
        let mut filter = Filter::default();
        if let Some(org) = query.organization_id {
            filter.equals("q.organization_id", org);
        }
        if let Some(requester) = query.requester_id {
            filter.equals("q.requester_id", requester);
        }
        if let Some(manager) = query.account_manager_id {
            filter.equals("c.account_manager_id", manager);
        }
        if !query.states.is_empty() {
            let marks: Vec<String> = query
                .states
                .iter()
                .map(|s| filter.text(s.as_str()))
                .collect();
            filter
                .sql
                .push(format!("q.state IN ({})", marks.join(", ")));
        }
        let order = if query.oldest_waiting_first {
            "q.waiting_since ASC, q.id ASC"
        } else {
            "q.created_at DESC, q.id DESC"
        };
        let limit = filter.int(query.limit);
        let sql = format!(
            "{QUOTE_SELECT}{} ORDER BY {order} LIMIT {limit}",
            filter.clause()
        );
        Ok(filter
            .bind_all(sqlx::query_as::<_, QuoteRecord>(&sql))
            .fetch_all(self.pool())
            .await?)
    }

    /// Every line of every version, by version and line number.
    pub async fn quote_lines(&self, quote_id: &str) -> Result<Vec<QuoteLineRecord>> {
        Ok(sqlx::query_as::<_, QuoteLineRecord>(&format!(
            "{LINE_SELECT} WHERE quote_id = $1 ORDER BY version, line_no"
        ))
        .bind(quote_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every offered version, oldest first.
    pub async fn quote_versions(&self, quote_id: &str) -> Result<Vec<QuoteVersionRecord>> {
        Ok(sqlx::query_as::<_, QuoteVersionRecord>(&format!(
            "{VERSION_SELECT} WHERE quote_id = $1 ORDER BY version"
        ))
        .bind(quote_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The conversation, oldest first; internal notes only when asked for.
    pub async fn quote_messages(
        &self,
        quote_id: &str,
        with_internal: bool,
    ) -> Result<Vec<QuoteMessageRecord>> {
        Ok(sqlx::query_as::<_, QuoteMessageRecord>(
            "SELECT id, author_id, author_name, side, internal, event, version, body, at
               FROM quote_messages
              WHERE quote_id = $1 AND (internal = 0 OR $2 = 1)
              ORDER BY at, id",
        )
        .bind(quote_id)
        .bind(i64::from(with_internal))
        .fetch_all(self.pool())
        .await?)
    }

    /// The files on a quote, oldest first; internal ones only when asked for.
    pub async fn quote_attachments(
        &self,
        quote_id: &str,
        with_internal: bool,
    ) -> Result<Vec<QuoteAttachmentRecord>> {
        Ok(sqlx::query_as::<_, QuoteAttachmentRecord>(&format!(
            "{ATTACHMENT_SELECT} WHERE quote_id = $1 AND internal <= $2 ORDER BY uploaded_at, id"
        ))
        .bind(quote_id)
        .bind(i64::from(with_internal))
        .fetch_all(self.pool())
        .await?)
    }

    /// One file by id (whether the caller may have it is the service's to decide).
    pub async fn quote_attachment(&self, id: &str) -> Result<Option<QuoteAttachmentRecord>> {
        Ok(sqlx::query_as::<_, QuoteAttachmentRecord>(&format!(
            "{ATTACHMENT_SELECT} WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Offered quotes whose validity ended before `today` (a Berlin day): the notice
    /// loop's work.
    pub async fn quotes_to_expire(&self, today: i64, limit: i64) -> Result<Vec<QuoteRecord>> {
        let sql = format!(
            "{QUOTE_SELECT} WHERE q.state = $1 AND q.valid_until < $2
              ORDER BY q.waiting_since LIMIT $3"
        );
        Ok(sqlx::query_as::<_, QuoteRecord>(&sql)
            .bind(QuoteState::Offered.as_str())
            .bind(today)
            .bind(limit)
            .fetch_all(self.pool())
            .await?)
    }
}

/// What a quote list asks for.
#[derive(Clone, Debug, Default)]
pub struct QuoteQuery<'a> {
    pub organization_id: Option<&'a str>,
    pub requester_id: Option<&'a str>,
    /// The vendor's queue of one account manager's customers.
    pub account_manager_id: Option<&'a str>,
    pub states: &'a [QuoteState],
    /// The queue's order; otherwise newest first.
    pub oldest_waiting_first: bool,
    pub limit: i64,
}

const LINE_SELECT: &str = "SELECT version, line_no, product_id, sku, name_en, name_de, unit,
        quantity, list_price_cents, unit_price_cents FROM quote_lines";

const VERSION_SELECT: &str = "SELECT version, goods_cents, shipping_cents, total_cents,
        payment_net_days, delivery_terms, valid_until, offered_by_name, offered_at
   FROM quote_versions";

async fn step_context(
    tx: &mut Tx,
    organization_id: &str,
    quote_id: &str,
) -> Result<Option<StepContext>> {
    let sql = format!("{QUOTE_SELECT} WHERE q.id = $1 AND q.organization_id = $2");
    let Some(quote) = sqlx::query_as::<_, QuoteRecord>(&sql)
        .bind(quote_id)
        .bind(organization_id)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let Some(customer) = customer_in(tx, organization_id).await? else {
        return Ok(None);
    };
    let lines = sqlx::query_as::<_, QuoteLineRecord>(&format!(
        "{LINE_SELECT} WHERE quote_id = $1 AND version = $2 ORDER BY line_no"
    ))
    .bind(quote_id)
    .bind(quote.version)
    .fetch_all(&mut **tx)
    .await?;
    let version = sqlx::query_as::<_, QuoteVersionRecord>(&format!(
        "{VERSION_SELECT} WHERE quote_id = $1 AND version = $2"
    ))
    .bind(quote_id)
    .bind(quote.version)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(Some(StepContext {
        quote,
        lines,
        customer,
        version,
    }))
}

async fn write_step(tx: &mut Tx, quote: &QuoteRecord, step: &QuoteStep, now: i64) -> Result<()> {
    let org = &quote.organization_id;
    let mut version = quote.version;
    let mut valid_until = quote.valid_until;
    if let Some(new) = &step.version {
        version += 1;
        valid_until = Some(new.valid_until);
        insert_lines(tx, &quote.id, org, version, &new.lines).await?;
        sqlx::query(
            "INSERT INTO quote_versions (quote_id, version, organization_id, goods_cents,
                                         shipping_cents, total_cents, payment_net_days,
                                         delivery_terms, valid_until, offered_by,
                                         offered_by_name, offered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&quote.id)
        .bind(version)
        .bind(org)
        .bind(new.goods.cents())
        .bind(new.shipping.cents())
        .bind(new.total.cents())
        .bind(new.payment_net_days.map(i64::from))
        .bind(&new.delivery_terms)
        .bind(new.valid_until)
        .bind(&new.offered_by)
        .bind(&new.offered_by_name)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    // A note changes nothing but the conversation (and whose move it is stays).
    let moves = step.version.is_some() || step.after != quote.state();
    // The state it was read in: a change in between would be a bug in the locking.
    let changed = if !moves {
        1
    } else {
        sqlx::query(
            "UPDATE quotes SET state = $1, version = $2, valid_until = $3, waiting_since = $4,
                           updated_at = $4
          WHERE id = $5 AND state = $6",
        )
        .bind(step.after.as_str())
        .bind(version)
        .bind(valid_until)
        .bind(now)
        .bind(&quote.id)
        .bind(quote.state().as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected()
    };
    if changed != 1 {
        let problem = format!("quote {} changed under its lock", quote.id);
        return Err(sqlx::Error::Protocol(problem).into());
    }
    for message in &step.messages {
        insert_message(tx, &quote.id, org, version, message, now).await?;
    }
    for mail in &step.mails {
        enqueue(tx, mail, now).await?;
    }
    audit::append(tx, &step.audit, now).await?;
    if let Some(event) = step.webhook {
        announce(
            tx,
            event,
            &quote.id,
            org,
            quote.number,
            step.after,
            version,
            now,
        )
        .await?;
    }
    Ok(())
}

async fn insert_lines(
    tx: &mut Tx,
    quote_id: &str,
    organization_id: &str,
    version: i64,
    lines: &[NewQuoteLine],
) -> Result<()> {
    for (index, line) in lines.iter().enumerate() {
        let (product_id, sku) = match &line.product {
            Some((id, sku)) => (Some(id.as_str()), Some(sku.as_str())),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO quote_lines (quote_id, version, line_no, organization_id, product_id,
                                      sku, name_en, name_de, unit, quantity, list_price_cents,
                                      unit_price_cents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(quote_id)
        .bind(version)
        .bind(index as i64 + 1)
        .bind(organization_id)
        .bind(product_id)
        .bind(sku)
        .bind(&line.name_en)
        .bind(&line.name_de)
        .bind(&line.unit)
        .bind(line.quantity)
        .bind(line.list_price.map(Money::cents))
        .bind(line.unit_price.map(Money::cents))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_message(
    tx: &mut Tx,
    quote_id: &str,
    organization_id: &str,
    version: i64,
    message: &NewQuoteMessage,
    now: i64,
) -> Result<()> {
    let message_id = new_id();
    sqlx::query(
        "INSERT INTO quote_messages (id, quote_id, organization_id, author_id, author_name,
                                     side, internal, event, version, body, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&message_id)
    .bind(quote_id)
    .bind(organization_id)
    .bind(&message.author_id)
    .bind(&message.author_name)
    .bind(message.side)
    .bind(i64::from(message.internal))
    .bind(message.event)
    .bind(version)
    .bind(&message.body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for file in &message.attachments {
        sqlx::query(
            "INSERT INTO quote_attachments (id, quote_id, message_id, organization_id, internal,
                                            object_key, file_name, content_type, size_bytes,
                                            sha256, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&file.id)
        .bind(quote_id)
        .bind(&message_id)
        .bind(organization_id)
        .bind(i64::from(message.internal))
        .bind(&file.object_key)
        .bind(&file.file_name)
        .bind(&file.content_type)
        .bind(file.size_bytes)
        .bind(&file.sha256)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn announce(
    tx: &mut Tx,
    event: EventType,
    quote_id: &str,
    customer_id: &str,
    number: i64,
    state: QuoteState,
    version: i64,
    now: i64,
) -> Result<()> {
    let data = serde_json::json!({
        "quote_id": quote_id,
        "customer_id": customer_id,
        "number": number,
        "state": state.as_str(),
        "version": version,
    });
    crate::webhooks::announce(tx, event, data, now).await
}
