//! A customer's timeline, read from the records that already exist: the audit trail,
//! the mail outbox, the download log and the service conversations. Each is walked
//! newest first from the page's position through an index in that order
//! (`0024_timeline.sql`); the domain's [`cut_page`] merges them into one page.

use crate::filter::Filter;
use crate::{Result, Store};
use kontor_domain::timeline::{Kind, Position, VENDOR_ONLY_ACTIONS, cut_page};
use std::collections::HashMap;

/// Which record an event comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Audit,
    Mail,
    Download,
    Message,
}

/// One event as recorded, in a shape all four records share.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRecord {
    /// `audit`, `mail`, `download` or `message`.
    pub source: String,
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_name: String,
    /// The audit action; for the other records: `mail.sent`, `mail.failed`,
    /// `mail.pending`, `document.downloaded`, `service.replied`, `service.noted`.
    pub code: String,
    /// What it concerns, in the audit trail's `kind:id label` form (a mail: its
    /// recipient).
    pub target: String,
    /// The audit entry's new value; a mail's subject; a document's English title; a
    /// request's subject.
    pub detail: Option<String>,
    /// The audit entry's old value; a document's German title.
    pub extra: Option<String>,
}

impl EventRecord {
    pub fn source(&self) -> Source {
        match self.source.as_str() {
            "mail" => Source::Mail,
            "download" => Source::Download,
            "message" => Source::Message,
            _ => Source::Audit,
        }
    }

    pub fn position(&self) -> Position {
        Position {
            at: self.at,
            id: self.id.clone(),
        }
    }
}

/// What the reader asked for.
#[derive(Clone, Debug, Default)]
pub struct TimelineQuery<'a> {
    pub kind: Option<Kind>,
    /// One of the customer's people: what they did, and the mails sent to them.
    pub person: Option<&'a Person>,
    /// The vendor's staff read everything; the customer's admins not the vendor's
    /// internal notes, nor mails to anyone but their own people.
    pub vendor_reader: bool,
    /// Older than this; from the newest when `None`.
    pub before: Option<&'a Position>,
    pub limit: usize,
}

/// One of the customer's people, as the filter lists them.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Person {
    pub id: String,
    pub display_name: String,
    pub email: String,
}

/// What the sentences about orders say besides the audit entry: the order's total
/// and each decision's comment by step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFacts {
    pub total_cents: i64,
    pub comments: HashMap<i64, String>,
}

#[derive(sqlx::FromRow)]
struct OrderTotal {
    id: String,
    total_cents: i64,
}

#[derive(sqlx::FromRow)]
struct DecisionComment {
    order_id: String,
    step: Option<i64>,
    comment: Option<String>,
}

/// `($n, $m)` for the position, or nothing for the first page.
fn older_than<'a>(filter: &mut Filter<'a>, at: &str, id: &str, before: Option<&'a Position>) {
    if let Some(before) = before {
        let a = filter.int(before.at);
        let i = filter.text(&before.id);
        filter.sql.push(format!("({at}, {id}) < ({a}, {i})"));
    }
}

impl Store {
    /// The customer's people, for the filter by person.
    pub async fn timeline_people(&self, organization_id: &str) -> Result<Vec<Person>> {
        Ok(sqlx::query_as(
            "SELECT id, display_name, email FROM users
              WHERE organization_id = $1 ORDER BY display_name, id",
        )
        .bind(organization_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// One page of the customer's timeline, newest first, and where the next starts.
    pub async fn timeline_page(
        &self,
        organization_id: &str,
        query: &TimelineQuery<'_>,
    ) -> Result<(Vec<EventRecord>, Option<Position>)> {
        let kinds: Vec<Kind> = query.kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
        let mut sources = Vec::new();
        let audit_prefixes: Vec<&str> = kinds
            .iter()
            .flat_map(|k| k.action_prefixes().iter().copied())
            .collect();
        if !audit_prefixes.is_empty() {
            sources.push(
                self.audit_events(organization_id, &audit_prefixes, query)
                    .await?,
            );
        }
        if kinds.contains(&Kind::Mails) {
            sources.push(self.mail_events(organization_id, query).await?);
        }
        if kinds.contains(&Kind::Documents) {
            sources.push(self.download_events(organization_id, query).await?);
        }
        if kinds.contains(&Kind::Service) {
            sources.push(self.message_events(organization_id, query).await?);
        }
        Ok(cut_page(sources, EventRecord::position, query.limit))
    }

    async fn run(
        &self,
        filter: Filter<'_>,
        select: &str,
        limit: usize,
    ) -> Result<Vec<EventRecord>> {
        let sql = format!(
            "{select}{} ORDER BY 3 DESC, 2 DESC LIMIT {}",
            filter.clause(),
            limit + 1
        );
        Ok(filter
            .bind_all(sqlx::query_as::<_, EventRecord>(&sql))
            .fetch_all(self.pool())
            .await?)
    }

    async fn audit_events(
        &self,
        organization_id: &str,
        prefixes: &[&str],
        query: &TimelineQuery<'_>,
    ) -> Result<Vec<EventRecord>> {
        let mut filter = Filter::default();
        filter.equals("organization_id", organization_id);
        if let Some(person) = query.person {
            filter.equals("actor_id", &person.id);
        }
        older_than(&mut filter, "at", "id", query.before);
        // The codes are constants of the domain, never the reader's input.
        let codes: Vec<String> = prefixes
            .iter()
            .map(|p| {
                if p.ends_with('.') {
                    format!("action LIKE '{p}%'")
                } else {
                    format!("action = '{p}'")
                }
            })
            .collect();
        filter.sql.push(format!("({})", codes.join(" OR ")));
        if !query.vendor_reader {
            let hidden: Vec<String> = VENDOR_ONLY_ACTIONS
                .iter()
                .map(|a| format!("'{a}'"))
                .collect();
            filter
                .sql
                .push(format!("action NOT IN ({})", hidden.join(", ")));
        }
        self.run(
            filter,
            "SELECT 'audit' AS source, id, at, actor_id, actor_name, action AS code, target,
                    after_value AS detail, before_value AS extra
               FROM audit_log",
            query.limit,
        )
        .await
    }

    async fn mail_events(
        &self,
        organization_id: &str,
        query: &TimelineQuery<'_>,
    ) -> Result<Vec<EventRecord>> {
        let mut filter = Filter::default();
        filter.equals("o.organization_id", organization_id);
        if let Some(person) = query.person {
            filter.equals("o.recipient", &person.email);
        } else if !query.vendor_reader {
            let n = filter.text(organization_id);
            filter.sql.push(format!(
                "o.recipient IN (SELECT email FROM users WHERE organization_id = {n})"
            ));
        }
        older_than(&mut filter, "o.created_at", "o.id", query.before);
        self.run(
            filter,
            "SELECT 'mail' AS source, o.id, o.created_at AS at, CAST(NULL AS TEXT) AS actor_id,
                    '' AS actor_name,
                    CASE WHEN o.sent_at IS NOT NULL THEN 'mail.sent'
                         WHEN o.failed_at IS NOT NULL THEN 'mail.failed'
                         ELSE 'mail.pending' END AS code,
                    o.recipient AS target, o.subject AS detail, o.last_error AS extra
               FROM outbox o",
            query.limit,
        )
        .await
    }

    async fn download_events(
        &self,
        organization_id: &str,
        query: &TimelineQuery<'_>,
    ) -> Result<Vec<EventRecord>> {
        let mut filter = Filter::default();
        filter.equals("d.organization_id", organization_id);
        if let Some(person) = query.person {
            filter.equals("d.user_id", &person.id);
        }
        older_than(&mut filter, "d.downloaded_at", "d.id", query.before);
        self.run(
            filter,
            "SELECT 'download' AS source, d.id, d.downloaded_at AS at, d.user_id AS actor_id,
                    u.display_name AS actor_name, 'document.downloaded' AS code,
                    'document:' || d.document_id AS target,
                    doc.title_en AS detail, doc.title_de AS extra
               FROM document_downloads d
               JOIN users u ON u.id = d.user_id
               JOIN documents doc ON doc.id = d.document_id",
            query.limit,
        )
        .await
    }

    async fn message_events(
        &self,
        organization_id: &str,
        query: &TimelineQuery<'_>,
    ) -> Result<Vec<EventRecord>> {
        let mut filter = Filter::default();
        filter.equals("m.organization_id", organization_id);
        if let Some(person) = query.person {
            filter.equals("m.author_id", &person.id);
        }
        if !query.vendor_reader {
            filter.sql.push("m.internal = 0".into());
        }
        // The message that opened a request is the audit trail's `service.opened`.
        filter
            .sql
            .push("NOT (m.at = r.opened_at AND m.author_id = r.opened_by)".into());
        older_than(&mut filter, "m.at", "m.id", query.before);
        self.run(
            filter,
            "SELECT 'message' AS source, m.id, m.at, m.author_id AS actor_id,
                    m.author_name AS actor_name,
                    CASE WHEN m.internal = 1 THEN 'service.noted' ELSE 'service.replied' END AS code,
                    'service_request:' || r.id || ' SR ' || CAST(r.number AS TEXT) AS target,
                    r.subject AS detail, m.body AS extra
               FROM service_messages m
               JOIN service_requests r ON r.id = m.request_id",
            query.limit,
        )
        .await
    }

    /// Totals and decision comments of the orders a page of the timeline names.
    pub async fn order_facts(&self, order_ids: &[&str]) -> Result<HashMap<String, OrderFacts>> {
        let mut facts: HashMap<String, OrderFacts> = HashMap::new();
        if order_ids.is_empty() {
            return Ok(facts);
        }
        let mut filter = Filter::default();
        let list: Vec<String> = order_ids.iter().map(|id| filter.text(id)).collect();
        let totals_sql = format!(
            "SELECT id, total_cents FROM orders WHERE id IN ({})",
            list.join(", ")
        );
        let mut args = Filter::default();
        for id in order_ids {
            args.text(id);
        }
        let totals: Vec<OrderTotal> = filter
            .bind_all(sqlx::query_as(&totals_sql))
            .fetch_all(self.pool())
            .await?;
        for t in totals {
            facts.entry(t.id).or_default().total_cents = t.total_cents;
        }
        let comments_sql = format!(
            "SELECT order_id, step, comment FROM order_events
              WHERE order_id IN ({}) AND kind IN ('approved', 'rejected')",
            list.join(", ")
        );
        let comments: Vec<DecisionComment> = args
            .bind_all(sqlx::query_as(&comments_sql))
            .fetch_all(self.pool())
            .await?;
        for c in comments {
            if let (Some(step), Some(comment)) = (c.step, c.comment) {
                facts
                    .entry(c.order_id)
                    .or_default()
                    .comments
                    .insert(step, comment);
            }
        }
        Ok(facts)
    }
}
