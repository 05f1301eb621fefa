//! Webhooks: endpoints, the messages changes announce, and their deliveries.
//!
//! A change announces its events inside its own transaction ([`announce`]): one
//! message, and one pending delivery per enabled endpoint that subscribed to the
//! type. Delivery workers lease due deliveries exactly like the mail outbox does, so
//! two instances never send the same delivery at the same time, and a re-send keeps
//! the message's id (the receiver's `webhook-id`).

use crate::audit::{self, AuditEntry};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::calendar::rfc3339_utc;
use kontor_domain::integration::{EventType, order_events};
use kontor_domain::order::OrderState;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EndpointRecord {
    pub id: String,
    pub url: String,
    pub event_types: String,
    /// Sealed; open it with the server's secret box to sign.
    pub secret: String,
    pub enabled: i64,
    pub failing_since: Option<i64>,
    pub disabled_reason: Option<String>,
    pub created_by: String,
    pub created_at: i64,
}

const ENDPOINT_COLUMNS: &str = "id, url, event_types, secret, enabled, failing_since,
    disabled_reason, created_by, created_at";

pub struct NewEndpoint<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub event_types: &'a str,
    pub sealed_secret: &'a str,
    pub created_by: &'a str,
}

/// A delivery a worker has leased and must now attempt.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedDelivery {
    pub id: String,
    pub message_id: String,
    pub endpoint_id: String,
    pub url: String,
    pub secret: String,
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// A delivery as the vendor's log shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: String,
    pub message_id: String,
    pub event_type: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_status: Option<i64>,
    pub last_duration_ms: Option<i64>,
    pub last_response: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

/// What an attempt found.
pub struct Attempt<'a> {
    pub status: Option<u16>,
    pub duration_ms: i64,
    /// The first bytes of the answer, or what went wrong.
    pub response: &'a str,
}

/// Announces `event` with `data` to every endpoint that wants it, inside the
/// caller's transaction. Nothing is written when no endpoint wants it.
pub(crate) async fn announce(
    tx: &mut Tx,
    event: EventType,
    data: serde_json::Value,
    now: i64,
) -> Result<()> {
    let pattern = format!("%,{},%", event.as_str());
    let wanted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM webhook_endpoints
          WHERE enabled = 1 AND (event_types = '*' OR ',' || event_types || ',' LIKE $1)",
    )
    .bind(&pattern)
    .fetch_one(&mut **tx)
    .await?;
    if wanted == 0 {
        return Ok(());
    }
    let message_id = format!("msg_{}", new_id().replace('-', ""));
    let payload = serde_json::json!({
        "type": event.as_str(),
        "timestamp": rfc3339_utc(now),
        "data": data,
    });
    sqlx::query(
        "INSERT INTO webhook_messages (id, event_type, payload, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&message_id)
    .bind(event.as_str())
    .bind(payload.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, message_id, endpoint_id, state, attempts,
                                         next_attempt_at, created_at)
         SELECT $1 || '.' || id, $1, id, 'pending', 0, $2, $2 FROM webhook_endpoints
          WHERE enabled = 1 AND (event_types = '*' OR ',' || event_types || ',' LIKE $3)",
    )
    .bind(&message_id)
    .bind(now)
    .bind(&pattern)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Announces what an order's change means (`before`: `None` for a new order).
pub(crate) async fn announce_order(
    tx: &mut Tx,
    before: Option<OrderState>,
    after: OrderState,
    order_id: &str,
    customer_id: &str,
    now: i64,
) -> Result<()> {
    for event in order_events(before, after) {
        let data = serde_json::json!({
            "order_id": order_id,
            "customer_id": customer_id,
            "state": after.as_str(),
            "previous_state": before.map(OrderState::as_str),
        });
        announce(tx, event, data, now).await?;
    }
    Ok(())
}

impl Store {
    pub async fn create_webhook_endpoint(
        &self,
        endpoint: &NewEndpoint<'_>,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, url, event_types, secret, enabled, created_by,
                                            created_at)
             VALUES ($1, $2, $3, $4, 1, $5, $6)",
        )
        .bind(endpoint.id)
        .bind(endpoint.url)
        .bind(endpoint.event_types)
        .bind(endpoint.sealed_secret)
        .bind(endpoint.created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::append(&mut tx, audit_entry, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn webhook_endpoints(&self) -> Result<Vec<EndpointRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at DESC, id"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn webhook_endpoint(&self, id: &str) -> Result<Option<EndpointRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Replaces an endpoint's signing secret (sealed); deliveries from now on are
    /// signed with the new one. `false`: no such endpoint.
    pub async fn rotate_webhook_secret(
        &self,
        id: &str,
        sealed_secret: &str,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let rotate = sqlx::query("UPDATE webhook_endpoints SET secret = $1 WHERE id = $2")
            .bind(sealed_secret)
            .bind(id);
        self.change_with_entry(rotate, audit_entry, now).await
    }

    /// Switches an endpoint on or off. Switching on clears its failure record.
    /// `false`: no such endpoint, or it was so already.
    pub async fn set_webhook_enabled(
        &self,
        id: &str,
        enabled: bool,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let switch = sqlx::query(
            "UPDATE webhook_endpoints
                SET enabled = $1, failing_since = NULL,
                    disabled_reason = CASE WHEN $1 = 1 THEN NULL ELSE 'switched off' END
              WHERE id = $2 AND enabled <> $1",
        )
        .bind(i64::from(enabled))
        .bind(id);
        self.change_with_entry(switch, audit_entry, now).await
    }

    /// Leases up to `limit` due deliveries of enabled endpoints until
    /// `now + lease_ms`; the lease conditions are repeated in the outer `WHERE`
    /// (re-checked on the locked row by PostgreSQL; SQLite serialises writers).
    pub async fn claim_due_webhooks(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>> {
        let mut tx = self.begin_write().await?;
        let ids: Vec<String> = sqlx::query_scalar(
            "UPDATE webhook_deliveries
                SET locked_until = $1, attempts = attempts + 1
              WHERE id IN (SELECT d.id FROM webhook_deliveries d
                             JOIN webhook_endpoints e ON e.id = d.endpoint_id
                            WHERE d.state = 'pending' AND d.next_attempt_at <= $2
                              AND (d.locked_until IS NULL OR d.locked_until <= $2)
                              AND e.enabled = 1
                            ORDER BY d.next_attempt_at
                            LIMIT $3)
                AND state = 'pending'
                AND (locked_until IS NULL OR locked_until <= $2)
          RETURNING id",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(ids.len());
        for id in &ids {
            claimed.push(
                sqlx::query_as::<_, ClaimedDelivery>(
                    "SELECT d.id, d.message_id, d.endpoint_id, e.url, e.secret, m.payload,
                            d.attempts
                       FROM webhook_deliveries d
                       JOIN webhook_endpoints e ON e.id = d.endpoint_id
                       JOIN webhook_messages m ON m.id = d.message_id
                      WHERE d.id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?,
            );
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records a delivery the receiver accepted; the endpoint is healthy again.
    pub async fn webhook_delivered(
        &self,
        delivery: &ClaimedDelivery,
        attempt: &Attempt<'_>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        record_attempt(&mut tx, &delivery.id, "delivered", None, attempt, now).await?;
        sqlx::query("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1")
            .bind(&delivery.endpoint_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a failed attempt: try again at `retry_at`, or never (`None`). When the
    /// endpoint has been failing since at least `disable_before`, it is switched off
    /// and `notices` (mails to the vendor admins) are written with that change.
    /// `true`: this failure switched the endpoint off.
    pub async fn webhook_failed(
        &self,
        delivery: &ClaimedDelivery,
        attempt: &Attempt<'_>,
        retry_at: Option<i64>,
        now: i64,
        disable_before: i64,
        notices: &[NewMail],
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let state = if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        };
        record_attempt(&mut tx, &delivery.id, state, retry_at, attempt, now).await?;
        sqlx::query(
            "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) WHERE id = $2",
        )
        .bind(now)
        .bind(&delivery.endpoint_id)
        .execute(&mut *tx)
        .await?;
        let disabled = sqlx::query(
            "UPDATE webhook_endpoints
                SET enabled = 0, disabled_reason = 'failing since ' || CAST(failing_since AS TEXT)
              WHERE id = $1 AND enabled = 1 AND failing_since <= $2",
        )
        .bind(&delivery.endpoint_id)
        .bind(disable_before)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if disabled {
            for mail in notices {
                enqueue(&mut tx, mail, now).await?;
            }
        }
        tx.commit().await?;
        Ok(disabled)
    }

    /// Sends a delivery again (same message id): due now, whatever its state.
    /// `false`: no such delivery.
    pub async fn resend_webhook(&self, delivery_id: &str, now: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE webhook_deliveries
                SET state = 'pending', next_attempt_at = $1, locked_until = NULL
              WHERE id = $2",
        )
        .bind(now)
        .bind(delivery_id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// An endpoint's latest deliveries, newest first.
    pub async fn webhook_deliveries(
        &self,
        endpoint_id: &str,
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>> {
        Ok(sqlx::query_as(
            "SELECT d.id, d.message_id, m.event_type, d.state, d.attempts, d.next_attempt_at,
                    d.last_status, d.last_duration_ms, d.last_response, d.last_attempt_at,
                    d.delivered_at, d.created_at
               FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
              WHERE d.endpoint_id = $1
              ORDER BY d.created_at DESC, d.id LIMIT $2",
        )
        .bind(endpoint_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// The vendor admins' names and addresses (active ones), for notices.
    /// The vendor's admins who can sign in: name, address and language tag.
    pub async fn vendor_admins(&self) -> Result<Vec<(String, String, Option<String>)>> {
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT u.display_name, u.email, u.roles, u.locale FROM users u
               JOIN organizations o ON o.id = u.organization_id
              WHERE o.kind = 'vendor' AND u.active AND u.password_hash <> ''",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, roles, _)| roles.split(',').any(|r| r == "vendor_admin"))
            .map(|(name, email, _, locale)| (name, email, locale))
            .collect())
    }
}

async fn record_attempt(
    tx: &mut Tx,
    id: &str,
    state: &str,
    retry_at: Option<i64>,
    attempt: &Attempt<'_>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries
            SET state = $1, next_attempt_at = COALESCE($2, next_attempt_at), locked_until = NULL,
                last_status = $3, last_duration_ms = $4, last_response = $5,
                last_attempt_at = $6,
                delivered_at = CASE WHEN $1 = 'delivered' THEN $6 ELSE delivered_at END
          WHERE id = $7",
    )
    .bind(state)
    .bind(retry_at)
    .bind(attempt.status.map(i64::from))
    .bind(attempt.duration_ms)
    .bind(attempt.response)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
