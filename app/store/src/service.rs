//! Service requests, their conversation and attachments, satisfaction surveys and
//! the relationship NPS.
//!
//! Every read takes a [`ServiceReader`]: a request of another organization is never
//! a row for a customer, nor one of another account manager's customers for them.
//! Internal notes (and their attachments) are rows only for readers who ask for them,
//! which the server does for vendor staff alone.

use crate::audit::{self, AuditEntry};
use crate::changes::{Feed, take_change_seq};
use crate::filter::Filter;
use crate::organizations::{CustomerRecord, customer_in};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::service::{CurrentDue, DueTimes, SurveyAnswer};

/// Who reads, as far as service requests go.
#[derive(Clone, Copy, Debug)]
pub enum ServiceReader<'a> {
    /// A member of a customer organization: its requests.
    Customer { organization_id: &'a str },
    /// Vendor admins and service agents: every customer's.
    AllCustomers,
    /// An account manager: their customers'.
    AccountManager { user_id: &'a str },
}

impl<'a> ServiceReader<'a> {
    /// Conditions on `r` (service_requests) alone, so a page's ids can be picked
    /// from one index before any row is joined.
    fn filter(self) -> Filter<'a> {
        let mut filter = Filter::default();
        match self {
            ServiceReader::Customer { organization_id } => {
                filter.equals("r.organization_id", organization_id)
            }
            ServiceReader::AllCustomers => {}
            ServiceReader::AccountManager { user_id } => {
                let user = filter.text(user_id);
                filter.sql.push(format!(
                    "r.organization_id IN
                        (SELECT c.id FROM organizations c WHERE c.account_manager_id = {user})"
                ));
            }
        }
        filter
    }
}

const REQUEST_COLUMNS: &str = "r.id, r.organization_id, o.name AS organization_name,
    o.account_manager_id, r.number, r.kind, r.priority, r.status, r.subject, r.opened_by,
    r.opened_by_name, ub.email AS opened_by_email, ub.locale AS opened_by_locale, r.order_id, od.number AS order_number,
    r.order_line_no, p.sku AS product_sku, p.name_en AS product_name_en,
    p.name_de AS product_name_de, r.quantity, r.assignee_id, a.display_name AS assignee_name,
    a.email AS assignee_email, a.locale AS assignee_locale, r.opened_at, r.first_response_due, r.first_response_warn_at,
    r.resolution_due, r.resolution_warn_at, r.first_response_at, r.paused_at, r.resolved_at,
    r.closed_at, r.response_warned_at, r.resolution_warned_at, r.next_due, r.updated_at,
    r.change_seq";

const REQUEST_FROM: &str = " FROM service_requests r
    JOIN organizations o ON o.id = r.organization_id
    JOIN users ub ON ub.id = r.opened_by
    LEFT JOIN users a ON a.id = r.assignee_id
    LEFT JOIN orders od ON od.id = r.order_id
    LEFT JOIN products p ON p.id = r.product_id";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRecord {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub account_manager_id: Option<String>,
    pub number: i64,
    pub kind: String,
    pub priority: String,
    pub status: String,
    pub subject: String,
    pub opened_by: String,
    pub opened_by_name: String,
    pub opened_by_email: String,
    /// The language of mails to the person who opened it.
    pub opened_by_locale: Option<String>,
    pub order_id: Option<String>,
    pub order_number: Option<i64>,
    pub order_line_no: Option<i64>,
    pub product_sku: Option<String>,
    pub product_name_en: Option<String>,
    pub product_name_de: Option<String>,
    pub quantity: Option<i64>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub assignee_email: Option<String>,
    pub assignee_locale: Option<String>,
    pub opened_at: i64,
    pub first_response_due: i64,
    pub first_response_warn_at: i64,
    pub resolution_due: i64,
    pub resolution_warn_at: i64,
    pub first_response_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub response_warned_at: Option<i64>,
    pub resolution_warned_at: Option<i64>,
    pub next_due: i64,
    pub updated_at: i64,
    /// Its place in the requests' change feed (`crate::changes`).
    pub change_seq: i64,
}

/// One message of the conversation.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRecord {
    pub id: String,
    pub author_name: String,
    /// customer | vendor | system
    pub side: String,
    pub internal: i64,
    pub body: String,
    pub status_after: Option<String>,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AttachmentRecord {
    pub id: String,
    pub request_id: String,
    pub message_id: String,
    pub internal: i64,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// A message to add, with its files (already in storage).
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub id: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub side: &'static str,
    pub internal: bool,
    pub body: String,
    pub status_after: Option<&'static str>,
    pub attachments: Vec<NewAttachment>,
}

#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub id: String,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
}

/// A request to open; `number` is given by the store.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub id: String,
    pub organization_id: String,
    pub kind: &'static str,
    pub priority: &'static str,
    pub subject: String,
    pub opened_by: String,
    pub opened_by_name: String,
    pub order_id: Option<String>,
    pub order_line_no: Option<i64>,
    pub product_id: Option<String>,
    pub quantity: Option<i64>,
    pub opened_at: i64,
    pub due: DueTimes,
}

/// What a claim's order, line and product turned out to be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimTarget {
    /// The order (id, state) when the organization has one with the number.
    pub order: Option<(String, String)>,
    /// Who placed that order (a purchaser may name only their own).
    pub order_purchaser_id: Option<String>,
    /// The order's line with the SKU: (line number, quantity).
    pub line: Option<(i64, i64)>,
    pub product_id: Option<String>,
    /// Pieces of this line in earlier returns.
    pub returned_before: i64,
}

/// Everything a new request writes.
pub struct RequestWrite {
    pub new: NewRequest,
    pub first: NewMessage,
    pub mails: Vec<NewMail>,
    pub audit: AuditEntry,
}

/// Filters of the list (`None`/empty: any).
#[derive(Clone, Debug, Default)]
pub struct RequestQuery<'a> {
    /// Only those being worked (open, in progress, waiting).
    pub active: bool,
    pub statuses: Vec<&'static str>,
    pub priority: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    /// `Some("")`: unassigned; `Some(id)`: assigned to `id`.
    pub assignee: Option<&'a str>,
    pub order_id: Option<&'a str>,
    /// The queue's order (due soonest first) instead of the newest first.
    pub by_due: bool,
    /// The last row of the previous page: (its sort value, its id).
    pub after: Option<(i64, &'a str)>,
    pub limit: i64,
}

/// A request's new state and what goes with it.
#[derive(Clone, Debug)]
pub struct RequestUpdate {
    pub status: &'static str,
    pub assignee_id: Option<String>,
    pub first_response_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub resolution_due: i64,
    pub resolution_warn_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub response_warned_at: Option<i64>,
    pub resolution_warned_at: Option<i64>,
    pub messages: Vec<NewMessage>,
    pub mails: Vec<NewMail>,
    pub audit: Option<AuditEntry>,
    /// A satisfaction survey to send: (its user, the SHA-256 of its token).
    pub survey: Option<(String, String)>,
}

impl RequestUpdate {
    /// No change yet: the request as it is.
    pub fn from(r: &RequestRecord, status: &'static str) -> RequestUpdate {
        RequestUpdate {
            status,
            assignee_id: r.assignee_id.clone(),
            first_response_at: r.first_response_at,
            paused_at: r.paused_at,
            resolution_due: r.resolution_due,
            resolution_warn_at: r.resolution_warn_at,
            resolved_at: r.resolved_at,
            closed_at: r.closed_at,
            response_warned_at: r.response_warned_at,
            resolution_warned_at: r.resolution_warned_at,
            messages: Vec::new(),
            mails: Vec::new(),
            audit: None,
            survey: None,
        }
    }
}

/// What a rule sees when it decides about a request.
#[derive(Clone, Debug)]
pub struct RequestSituation {
    pub request: RequestRecord,
    pub customer: CustomerRecord,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeRequest<R> {
    Changed,
    Refused(R),
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SurveyRecord {
    pub id: String,
    pub request_id: String,
    pub organization_id: String,
    pub user_id: String,
    pub number: i64,
    pub subject: String,
    pub answered_at: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyOutcome {
    Answered,
    AlreadyAnswered,
    NotFound,
}

/// One NPS answer and the roles of who gave it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct NpsAnswerRow {
    pub organization_id: String,
    pub quarter: String,
    pub roles: String,
    pub score: i64,
}

/// Answers of one customer in one quarter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SatisfactionRow {
    pub organization_id: String,
    pub name: String,
    pub quarter: String,
    pub csat_answers: i64,
    pub csat_sum: i64,
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

async fn insert_message(
    tx: &mut Tx,
    request_id: &str,
    organization_id: &str,
    m: &NewMessage,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO service_messages (id, request_id, organization_id, author_id, author_name,
                                       side, internal, body, status_after, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&m.id)
    .bind(request_id)
    .bind(organization_id)
    .bind(&m.author_id)
    .bind(&m.author_name)
    .bind(m.side)
    .bind(i64::from(m.internal))
    .bind(&m.body)
    .bind(m.status_after)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    for f in &m.attachments {
        sqlx::query(
            "INSERT INTO service_attachments (id, request_id, message_id, organization_id,
                    internal, object_key, file_name, content_type, size_bytes, sha256,
                    uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&f.id)
        .bind(request_id)
        .bind(&m.id)
        .bind(organization_id)
        .bind(i64::from(m.internal))
        .bind(&f.object_key)
        .bind(&f.file_name)
        .bind(&f.content_type)
        .bind(f.size_bytes)
        .bind(&f.sha256)
        .bind(&f.uploaded_by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// The order, its line and the product a request names, within the
    /// organization.
    pub async fn claim_target(
        &self,
        organization_id: &str,
        order_number: Option<i64>,
        sku: Option<&str>,
    ) -> Result<ClaimTarget> {
        let mut conn = self.pool().acquire().await?;
        claim_target_in(&mut conn, organization_id, order_number, sku).await
    }

    /// Opens a request with its first message, mails and audit entry in one
    /// transaction; returns its number (which the mails may name as `{number}`:
    /// it is known only here). The organization's row is locked for the
    /// number, so two requests at once get two numbers.
    pub async fn open_request(
        &self,
        new: &NewRequest,
        first: &NewMessage,
        mails: &[NewMail],
        audit_entry: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        lock_organization(&mut tx, &new.organization_id).await?;
        let number = insert_request(&mut tx, new, first, mails, audit_entry).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Opens a request on what it claims, decided inside the transaction: the
    /// organization is locked first, then the order, line and earlier returns are read
    /// and `decide` builds the request from them — so of two parallel returns of a
    /// line's whole quantity the second sees the first and is refused. `Ok(Err(_))`
    /// when `decide` refused (nothing written).
    pub async fn open_request_on_claim<E>(
        &self,
        organization_id: &str,
        order_number: Option<i64>,
        sku: Option<&str>,
        decide: impl FnOnce(&ClaimTarget) -> std::result::Result<RequestWrite, E>,
    ) -> Result<std::result::Result<i64, E>> {
        let mut tx = self.begin_write().await?;
        lock_organization(&mut tx, organization_id).await?;
        let target = claim_target_in(&mut tx, organization_id, order_number, sku).await?;
        let write = match decide(&target) {
            Ok(write) => write,
            Err(refusal) => {
                tx.rollback().await?;
                return Ok(Err(refusal));
            }
        };
        let number = insert_request(
            &mut tx,
            &write.new,
            &write.first,
            &write.mails,
            &write.audit,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(number))
    }

    /// A page of requests `reader` may see.
    pub async fn service_requests_page(
        &self,
        reader: ServiceReader<'_>,
        query: &RequestQuery<'_>,
    ) -> Result<Vec<RequestRecord>> {
        let mut filter = reader.filter();
        if query.active {
            filter.sql.push("r.active = 1".into());
        }
        if !query.statuses.is_empty() {
            let marks: Vec<String> = query.statuses.iter().map(|s| filter.text(s)).collect();
            filter
                .sql
                .push(format!("r.status IN ({})", marks.join(", ")));
        }
        if let Some(priority) = query.priority {
            filter.equals("r.priority", priority);
        }
        if let Some(customer) = query.customer_id {
            filter.equals("r.organization_id", customer);
        }
        match query.assignee {
            Some("") => filter.sql.push("r.assignee_id IS NULL".into()),
            Some(id) => filter.equals("r.assignee_id", id),
            None => {}
        }
        if let Some(order) = query.order_id {
            filter.equals("r.order_id", order);
        }
        let (key, direction) = if query.by_due {
            ("r.next_due", "ASC")
        } else {
            ("r.opened_at", "DESC")
        };
        if let Some((value, id)) = query.after {
            let (v, i) = (filter.int(value), filter.text(id));
            let cmp = if query.by_due { ">" } else { "<" };
            filter.sql.push(format!(
                "({key} {cmp} {v} OR ({key} = {v} AND r.id {cmp} {i}))"
            ));
        }
        let limit = filter.int(query.limit);
        let order = format!("ORDER BY {key} {direction}, r.id {direction}");
        let sql = format!(
            "SELECT {REQUEST_COLUMNS}{REQUEST_FROM}
              WHERE r.id IN (SELECT r.id FROM service_requests r{} {order} LIMIT {limit})
              {order}",
            filter.clause()
        );
        Ok(filter
            .bind_all(sqlx::query_as::<_, RequestRecord>(&sql))
            .fetch_all(self.pool())
            .await?)
    }

    /// Requests changed after `after` in the requests' feed, oldest change first, at
    /// most `limit`; only those of the `only` customers when given.
    pub async fn service_request_changes(
        &self,
        after: i64,
        limit: i64,
        only: Option<&[String]>,
    ) -> Result<Vec<RequestRecord>> {
        let mut filter = Filter::default();
        let after = filter.int(after);
        filter.sql.push(format!("r.change_seq > {after}"));
        if let Some(list) = only {
            if list.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = list.iter().map(|id| filter.text(id)).collect();
            filter
                .sql
                .push(format!("r.organization_id IN ({})", marks.join(", ")));
        }
        let limit = filter.int(limit);
        let sql = format!(
            "SELECT {REQUEST_COLUMNS}{REQUEST_FROM}{} ORDER BY r.change_seq LIMIT {limit}",
            filter.clause()
        );
        Ok(filter
            .bind_all(sqlx::query_as::<_, RequestRecord>(&sql))
            .fetch_all(self.pool())
            .await?)
    }

    /// One request, if `reader` may see it.
    pub async fn service_request(
        &self,
        reader: ServiceReader<'_>,
        id: &str,
    ) -> Result<Option<RequestRecord>> {
        let mut filter = reader.filter();
        filter.equals("r.id", id);
        let sql = format!("SELECT {REQUEST_COLUMNS}{REQUEST_FROM}{}", filter.clause());
        Ok(filter
            .bind_all(sqlx::query_as::<_, RequestRecord>(&sql))
            .fetch_optional(self.pool())
            .await?)
    }

    /// The conversation of a request the caller has been shown, oldest first;
    /// internal notes only with `internal`.
    pub async fn service_messages(
        &self,
        organization_id: &str,
        request_id: &str,
        internal: bool,
    ) -> Result<Vec<MessageRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, author_name, side, internal, body, status_after, at FROM service_messages
              WHERE request_id = $1 AND organization_id = $2 AND internal <= $3
              ORDER BY at, id",
        )
        .bind(request_id)
        .bind(organization_id)
        .bind(i64::from(internal))
        .fetch_all(self.pool())
        .await?)
    }

    /// The files of a request's messages; those of internal notes only with `internal`.
    pub async fn service_attachments(
        &self,
        organization_id: &str,
        request_id: &str,
        internal: bool,
    ) -> Result<Vec<AttachmentRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, request_id, message_id, internal, object_key, file_name, content_type,
                    size_bytes, sha256
               FROM service_attachments
              WHERE request_id = $1 AND organization_id = $2 AND internal <= $3
              ORDER BY uploaded_at, id",
        )
        .bind(request_id)
        .bind(organization_id)
        .bind(i64::from(internal))
        .fetch_all(self.pool())
        .await?)
    }

    /// One attachment, if `reader` may see its request (and, for an internal
    /// note's file, asks with `internal`).
    pub async fn service_attachment(
        &self,
        reader: ServiceReader<'_>,
        id: &str,
        internal: bool,
    ) -> Result<Option<AttachmentRecord>> {
        let mut filter = reader.filter();
        filter.equals("f.id", id);
        let flag = filter.int(i64::from(internal));
        filter.sql.push(format!("f.internal <= {flag}"));
        let sql = format!(
            "SELECT f.id, f.request_id, f.message_id, f.internal, f.object_key, f.file_name,
                    f.content_type, f.size_bytes, f.sha256
               FROM service_attachments f
               JOIN service_requests r ON r.id = f.request_id
               JOIN organizations o ON o.id = r.organization_id{}",
            filter.clause()
        );
        Ok(filter
            .bind_all(sqlx::query_as::<_, AttachmentRecord>(&sql))
            .fetch_optional(self.pool())
            .await?)
    }

    /// Changes one request. Its row is locked first, so of two changes at the same
    /// moment the second sees the first one's result (and a rule refuses what no
    /// longer applies: a second "resolve" finds the request resolved).
    pub async fn change_request<R>(
        &self,
        organization_id: &str,
        request_id: &str,
        now: i64,
        decide: impl FnOnce(&RequestSituation) -> std::result::Result<RequestUpdate, R>,
    ) -> Result<ChangeRequest<R>> {
        let mut tx = self.begin_write().await?;
        let locked = crate::backend::lock_row(
            &mut tx,
            "service_requests",
            "id = $1 AND organization_id = $2",
            &[request_id, organization_id],
        )
        .await?;
        if !locked {
            return Ok(ChangeRequest::NotFound);
        }
        let request: RequestRecord = sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS}{REQUEST_FROM} WHERE r.id = $1"
        ))
        .bind(request_id)
        .fetch_one(&mut *tx)
        .await?;
        let Some(customer) = customer_in(&mut tx, organization_id).await? else {
            return Ok(ChangeRequest::NotFound);
        };
        let first_response_due = request.first_response_due;
        let (was_resolved, number) = (request.status == "resolved", request.number);
        let update = match decide(&RequestSituation { request, customer }) {
            Ok(update) => update,
            Err(refusal) => return Ok(ChangeRequest::Refused(refusal)),
        };
        let next_due = CurrentDue::of(
            update.first_response_at,
            first_response_due,
            update.resolution_due,
        )
        .at();
        sqlx::query(
            "UPDATE service_requests SET status = $1, assignee_id = $2, first_response_at = $3,
                    paused_at = $4, resolution_due = $5, resolution_warn_at = $6,
                    resolved_at = $7, closed_at = $8, response_warned_at = $9,
                    resolution_warned_at = $10, next_due = $11, updated_at = $12, active = $13
              WHERE id = $14",
        )
        .bind(update.status)
        .bind(&update.assignee_id)
        .bind(update.first_response_at)
        .bind(update.paused_at)
        .bind(update.resolution_due)
        .bind(update.resolution_warn_at)
        .bind(update.resolved_at)
        .bind(update.closed_at)
        .bind(update.response_warned_at)
        .bind(update.resolution_warned_at)
        .bind(next_due)
        .bind(now)
        .bind(i64::from(matches!(
            update.status,
            "open" | "in_progress" | "waiting"
        )))
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
        for message in &update.messages {
            insert_message(&mut tx, request_id, organization_id, message, now).await?;
        }
        if let Some((user_id, token_hash)) = &update.survey {
            sqlx::query(
                "INSERT INTO service_surveys (id, request_id, organization_id, user_id,
                                              token_hash, sent_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(new_id())
            .bind(request_id)
            .bind(organization_id)
            .bind(user_id)
            .bind(token_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        for mail in &update.mails {
            enqueue(&mut tx, mail, now).await?;
        }
        if let Some(entry) = &update.audit {
            audit::append(&mut tx, entry, now).await?;
        }
        if update.status == "resolved" && !was_resolved {
            let data = serde_json::json!({
                "request_id": request_id,
                "customer_id": organization_id,
                "number": number,
            });
            crate::webhooks::announce(
                &mut tx,
                kontor_domain::integration::EventType::ServiceRequestResolved,
                data,
                now,
            )
            .await?;
        }
        take_change_seq(&mut tx, Feed::ServiceRequests, request_id).await?;
        tx.commit().await?;
        Ok(ChangeRequest::Changed)
    }

    /// Active requests with an assignee whose next due time is near and whose
    /// warning has not gone out: (organization, id).
    pub async fn requests_to_warn(&self, now: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT organization_id, id FROM service_requests
              WHERE active = 1 AND status IN ('open', 'in_progress') AND assignee_id IS NOT NULL
                AND ((first_response_at IS NULL AND response_warned_at IS NULL
                      AND first_response_warn_at <= $1)
                  OR (first_response_at IS NOT NULL AND resolution_warned_at IS NULL
                      AND resolution_warn_at <= $1))",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?)
    }

    /// Requests resolved at or before `resolved_before` (their reopen window has
    /// passed): (organization, id).
    pub async fn requests_to_close(&self, resolved_before: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT organization_id, id FROM service_requests
              WHERE status = 'resolved' AND resolved_at <= $1",
        )
        .bind(resolved_before)
        .fetch_all(self.pool())
        .await?)
    }

    /// The survey of `request_id` whose token hashes to `token_hash`.
    pub async fn survey(&self, request_id: &str, token_hash: &str) -> Result<Option<SurveyRecord>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.request_id, s.organization_id, s.user_id, r.number, r.subject,
                    s.answered_at
               FROM service_surveys s JOIN service_requests r ON r.id = s.request_id
              WHERE s.request_id = $1 AND s.token_hash = $2",
        )
        .bind(request_id)
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Whether `user_id` has answered the NPS question in `quarter`.
    pub async fn nps_answered(&self, user_id: &str, quarter: &str) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT score FROM nps_answers WHERE user_id = $1 AND quarter = $2")
                .bind(user_id)
                .bind(quarter)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    /// Records a survey's answer — once: a second answer through the same link
    /// finds it answered. The NPS score counts only if the person has not given
    /// one this quarter.
    pub async fn answer_survey(
        &self,
        request_id: &str,
        token_hash: &str,
        answer: &SurveyAnswer,
        quarter: &str,
        now: i64,
    ) -> Result<SurveyOutcome> {
        let (score, comment, nps) = (answer.score, answer.comment.as_deref(), answer.nps);
        let mut tx = self.begin_write().await?;
        let survey: Option<(String, String, Option<i64>)> = sqlx::query_as(
            "SELECT organization_id, user_id, answered_at FROM service_surveys
              WHERE request_id = $1 AND token_hash = $2",
        )
        .bind(request_id)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((organization_id, user_id, _)) = survey else {
            return Ok(SurveyOutcome::NotFound);
        };
        let answered = sqlx::query(
            "UPDATE service_surveys SET answered_at = $1, score = $2, comment = $3, quarter = $4
              WHERE request_id = $5 AND token_hash = $6 AND answered_at IS NULL",
        )
        .bind(now)
        .bind(score)
        .bind(comment)
        .bind(quarter)
        .bind(request_id)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if answered != 1 {
            return Ok(SurveyOutcome::AlreadyAnswered);
        }
        if let Some(nps) = nps {
            crate::relationship_survey::record_nps_answer(
                &mut tx,
                (&organization_id, &user_id, quarter),
                nps,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(SurveyOutcome::Answered)
    }

    /// Every NPS answer with the roles its person holds now, per customer and
    /// quarter; only the customers of `account_manager` when given.
    pub async fn nps_answers_with_roles(
        &self,
        account_manager: Option<&str>,
    ) -> Result<Vec<NpsAnswerRow>> {
        let scope = if account_manager.is_some() {
            " AND o.account_manager_id = $1"
        } else {
            " AND $1 = ''"
        };
        Ok(sqlx::query_as(&format!(
            "SELECT n.organization_id, n.quarter, u.roles, n.score
               FROM nps_answers n
               JOIN organizations o ON o.id = n.organization_id
               JOIN users u ON u.id = n.user_id
              WHERE 1 = 1{scope}"
        ))
        .bind(account_manager.unwrap_or(""))
        .fetch_all(self.pool())
        .await?)
    }

    /// CSAT and NPS answers per customer and quarter; only the customers of
    /// `account_manager` when given.
    pub async fn satisfaction(
        &self,
        account_manager: Option<&str>,
    ) -> Result<Vec<SatisfactionRow>> {
        let scope = if account_manager.is_some() {
            " AND o.account_manager_id = $1"
        } else {
            " AND $1 = ''"
        };
        let manager = account_manager.unwrap_or("");
        let csat: Vec<(String, String, String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT s.organization_id, o.name, s.quarter, COUNT(*), CAST(SUM(s.score) AS BIGINT)
               FROM service_surveys s JOIN organizations o ON o.id = s.organization_id
              WHERE s.answered_at IS NOT NULL{scope}
              GROUP BY s.organization_id, o.name, s.quarter"
        ))
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        let nps: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(&format!(
            "SELECT n.organization_id, o.name, n.quarter,
                    CAST(SUM(CASE WHEN n.score >= 9 THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN n.score IN (7, 8) THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN n.score <= 6 THEN 1 ELSE 0 END) AS BIGINT)
               FROM nps_answers n JOIN organizations o ON o.id = n.organization_id
              WHERE 1 = 1{scope}
              GROUP BY n.organization_id, o.name, n.quarter"
        ))
        .bind(manager)
        .fetch_all(self.pool())
        .await?;
        let mut rows: Vec<SatisfactionRow> = Vec::new();
        let mut row_of = |org: String, name: String, quarter: String| -> usize {
            match rows
                .iter()
                .position(|r| r.organization_id == org && r.quarter == quarter)
            {
                Some(i) => i,
                None => {
                    rows.push(SatisfactionRow {
                        organization_id: org,
                        name,
                        quarter,
                        ..Default::default()
                    });
                    rows.len() - 1
                }
            }
        };
        let mut csat_at = Vec::new();
        for (org, name, quarter, count, sum) in csat {
            csat_at.push((row_of(org, name, quarter), count, sum));
        }
        let mut nps_at = Vec::new();
        for (org, name, quarter, p, n, d) in nps {
            nps_at.push((row_of(org, name, quarter), p, n, d));
        }
        for (i, count, sum) in csat_at {
            rows[i].csat_answers = count;
            rows[i].csat_sum = sum;
        }
        for (i, p, n, d) in nps_at {
            rows[i].promoters = p;
            rows[i].passives = n;
            rows[i].detractors = d;
        }
        rows.sort_by(|a, b| a.name.cmp(&b.name).then(b.quarter.cmp(&a.quarter)));
        Ok(rows)
    }
}

/// What a new request names: its order, line, product and earlier returns.
async fn claim_target_in(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
    order_number: Option<i64>,
    sku: Option<&str>,
) -> Result<ClaimTarget> {
    let mut target = ClaimTarget::default();
    if let Some(sku) = sku {
        target.product_id = sqlx::query_scalar("SELECT id FROM products WHERE sku = $1")
            .bind(sku)
            .fetch_optional(&mut *conn)
            .await?;
    }
    let Some(number) = order_number else {
        return Ok(target);
    };
    let order: Option<(String, String, String)> = sqlx::query_as(
        "SELECT id, state, purchaser_id FROM orders WHERE organization_id = $1 AND number = $2",
    )
    .bind(organization_id)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    target.order_purchaser_id = order.as_ref().map(|o| o.2.clone());
    target.order = order.map(|(id, state, _)| (id, state));
    let (Some((order_id, _)), Some(sku)) = (&target.order, sku) else {
        return Ok(target);
    };
    target.line = sqlx::query_as(
        "SELECT line_no, quantity FROM order_lines
          WHERE order_id = $1 AND organization_id = $2 AND sku = $3",
    )
    .bind(order_id)
    .bind(organization_id)
    .bind(sku)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((line_no, _)) = target.line {
        target.returned_before = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM service_requests
              WHERE organization_id = $1 AND order_id = $2 AND order_line_no = $3
                AND kind = 'return'",
        )
        .bind(organization_id)
        .bind(order_id)
        .bind(line_no)
        .fetch_one(&mut *conn)
        .await?;
    }
    Ok(target)
}

/// The organization's row locked until the transaction ends: numbers and claims are
/// decided one request at a time.
async fn lock_organization(tx: &mut crate::Tx, organization_id: &str) -> Result<()> {
    crate::backend::lock_row(tx, "organizations", "id = $1", &[organization_id]).await?;
    Ok(())
}

/// Writes the request, its first message, mails and audit entry; returns its number.
async fn insert_request(
    tx: &mut crate::Tx,
    new: &NewRequest,
    first: &NewMessage,
    mails: &[NewMail],
    audit_entry: &AuditEntry,
) -> Result<i64> {
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM service_requests WHERE organization_id = $1",
    )
    .bind(&new.organization_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO service_requests (id, organization_id, number, kind, priority, status,
                subject, opened_by, opened_by_name, order_id, order_line_no, product_id,
                quantity, opened_at, first_response_due, first_response_warn_at,
                resolution_due, resolution_warn_at, next_due, updated_at, active)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                 $16, $17, $14, $13, 1)",
    )
    .bind(&new.id)
    .bind(&new.organization_id)
    .bind(number)
    .bind(new.kind)
    .bind(new.priority)
    .bind(&new.subject)
    .bind(&new.opened_by)
    .bind(&new.opened_by_name)
    .bind(&new.order_id)
    .bind(new.order_line_no)
    .bind(&new.product_id)
    .bind(new.quantity)
    .bind(new.opened_at)
    .bind(new.due.first_response)
    .bind(new.due.first_response_warn)
    .bind(new.due.resolution)
    .bind(new.due.resolution_warn)
    .execute(&mut **tx)
    .await?;
    insert_message(tx, &new.id, &new.organization_id, first, new.opened_at).await?;
    for mail in mails {
        let mut mail = mail.clone();
        mail.subject = mail.subject.replace("{number}", &number.to_string());
        mail.body_text = mail.body_text.replace("{number}", &number.to_string());
        enqueue(tx, &mail, new.opened_at).await?;
    }
    audit::append(tx, audit_entry, new.opened_at).await?;
    let data = serde_json::json!({
        "request_id": new.id,
        "customer_id": new.organization_id,
        "number": number,
        "kind": new.kind,
        "priority": new.priority,
    });
    crate::webhooks::announce(
        tx,
        kontor_domain::integration::EventType::ServiceRequestOpened,
        data,
        new.opened_at,
    )
    .await?;
    // Last: the transaction commits right after (the callers do nothing more).
    take_change_seq(tx, Feed::ServiceRequests, &new.id).await?;
    Ok(number)
}
