//! The transactional outbox: mail is written with the business change, sent later.

use crate::{Result, Store, new_id};
use kontor_domain::notifications::{Delivery, MailKind};
use sqlx::{Any, Transaction};

/// A mail to be sent, already rendered in the recipient's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMail {
    /// Identifies the business event; the same key twice yields one mail.
    pub dedupe_key: String,
    pub organization_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    /// A live secret (a link's token) the body names as [`SECRET_MARK`]: stored only
    /// while the mail is unsent, put into the body when it is sent.
    pub secret: Option<String>,
    /// What it is: whether the recipient's notification settings apply.
    pub kind: MailKind,
}

/// Where a mail's body shows its secret.
pub const SECRET_MARK: &str = "\u{1}secret\u{1}";

/// A mail a worker has claimed and must now try to send.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub secret: Option<String>,
    /// How many attempts there have been, this one included.
    pub attempts: i64,
    /// Until when this worker holds the mail (see [`Store::renew_mail_lease`]).
    pub locked_until: i64,
}

impl ClaimedMail {
    /// The body as it goes out: with its secret, if it has one.
    pub fn body_to_send(&self) -> String {
        match &self.secret {
            Some(secret) => self.body_text.replace(SECRET_MARK, secret),
            None => self.body_text.clone(),
        }
    }
}

/// The outbox as operations see it ([`Store::outbox_health`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutboxHealth {
    /// Mails to send now, not yet sent and not given up.
    pub pending: i64,
    /// Of those, the ones whose earlier attempts failed.
    pub retrying: i64,
    /// When the oldest of them was written (ms), if any.
    pub oldest_pending_at: Option<i64>,
    /// Mails given up after their last attempt.
    pub failed: i64,
}

/// Counts for operations and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// Adds a mail inside the caller's transaction, delivered as its recipient chose for
/// its kind: at once, held for their daily digest, or kept unsent (`off`). Only a
/// mail that goes out at once keeps its secret: a digest does not carry decision
/// links. Returns `false` when a mail with the same dedupe key exists already (the
/// event was announced before).
pub async fn enqueue(tx: &mut Transaction<'static, Any>, mail: &NewMail, now: i64) -> Result<bool> {
    let chosen: Option<String> = match mail.kind {
        MailKind::Required => None,
        // The person's own choice, else their organization's default.
        MailKind::Notice(notice) => sqlx::query_scalar::<_, Option<String>>(
            "SELECT COALESCE(s.delivery, d.delivery) FROM users u
                   LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $2
                   LEFT JOIN organization_notification_defaults d
                          ON d.organization_id = u.organization_id AND d.kind = $2
                  WHERE u.email = $1",
        )
        .bind(&mail.recipient)
        .bind(notice.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .flatten(),
    };
    let delivery = mail
        .kind
        .delivery(chosen.as_deref().and_then(Delivery::parse));
    let kind = match mail.kind {
        MailKind::Required => None,
        MailKind::Notice(notice) => Some(notice.as_str()),
    };
    let inserted = sqlx::query(
        "INSERT INTO outbox (id, dedupe_key, organization_id, recipient, subject, body_text,
                             created_at, next_attempt_at, attempts, secret, delivery, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 0, $8, $9, $10)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(&mail.dedupe_key)
    .bind(&mail.organization_id)
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(now)
    .bind(
        mail.secret
            .as_ref()
            .filter(|_| delivery == Delivery::AtOnce),
    )
    .bind(delivery.as_str())
    .bind(kind)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// A mail held for its recipient's digest.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct HeldMail {
    pub id: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
}

/// Someone whose digest is due: held mail, their hour has come, none sent today.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DigestRecipient {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub locale: Option<String>,
}

/// The dedupe key of a person's digest of one day: one digest per person and day,
/// whichever server writes it.
pub fn digest_key(user_id: &str, day: i64) -> String {
    format!("digest/{user_id}/{day}")
}

impl Store {
    /// Claims up to `limit` due mails for one worker, leasing them until
    /// `now + lease_ms`. Two workers never hold the same mail: the lease conditions are
    /// repeated in the outer `WHERE`, which PostgreSQL re-checks on the locked row
    /// version after a concurrent update, and SQLite serialises writers anyway.
    pub async fn claim_due_mail(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<ClaimedMail>> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query_as::<_, ClaimedMail>(
            "UPDATE outbox
                SET locked_until = $1, attempts = attempts + 1
              WHERE id IN (SELECT id FROM outbox
                            WHERE sent_at IS NULL AND failed_at IS NULL
                              AND delivery = 'now' AND next_attempt_at <= $2
                              AND (locked_until IS NULL OR locked_until <= $2)
                            ORDER BY next_attempt_at
                            LIMIT $3)
                AND sent_at IS NULL AND failed_at IS NULL
                AND (locked_until IS NULL OR locked_until <= $2)
          RETURNING id, recipient, subject, body_text, secret, attempts, locked_until",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(claimed)
    }

    /// Extends the lease on a claimed mail to `until`, if this worker still holds it:
    /// nobody has claimed it since (a claim moves `locked_until`) and it is not done.
    /// False means another worker took it over after the lease ran out — then this one
    /// must not send it, or the mail would go out twice.
    pub async fn renew_mail_lease(&self, id: &str, held_until: i64, until: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let renewed = sqlx::query(
            "UPDATE outbox SET locked_until = $1
              WHERE id = $2 AND locked_until = $3 AND sent_at IS NULL AND failed_at IS NULL",
        )
        .bind(until)
        .bind(id)
        .bind(held_until)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(renewed == 1)
    }

    /// Records a successful delivery; the mail's secret is forgotten.
    pub async fn mark_mail_sent(&self, id: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, locked_until = NULL, last_error = NULL, secret = NULL
              WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a failed attempt: try again at `retry_at`, or never (`None`: permanent).
    pub async fn mark_mail_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let error: String = error.chars().take(1000).collect();
        match retry_at {
            Some(at) => {
                sqlx::query("UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
                    .bind(at)
                    .bind(error)
                    .bind(id)
                    .execute(self.pool())
                    .await?
            }
            None => {
                sqlx::query("UPDATE outbox SET failed_at = $1, locked_until = NULL, last_error = $2, secret = NULL WHERE id = $3")
                    .bind(now)
                    .bind(error)
                    .bind(id)
                    .execute(self.pool())
                    .await?
            }
        };
        Ok(())
    }

    /// What the operations metrics show of the outbox: read through the partial
    /// indexes on unsent and failed mail, so a scrape stays cheap however much mail
    /// was ever sent.
    pub async fn outbox_health(&self) -> Result<OutboxHealth> {
        let (pending, retrying, oldest_pending_at) = sqlx::query_as::<_, (i64, i64, Option<i64>)>(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0), MIN(created_at)
               FROM outbox
              WHERE sent_at IS NULL AND failed_at IS NULL AND delivery = 'now'",
        )
        .fetch_one(self.pool())
        .await?;
        let failed: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
                .fetch_one(self.pool())
                .await?;
        Ok(OutboxHealth {
            pending,
            retrying,
            oldest_pending_at,
            failed,
        })
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let (pending, sent, failed) = sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT
                COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL AND delivery = 'now'
                                  THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
             FROM outbox",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(OutboxCounts {
            pending,
            sent,
            failed,
        })
    }

    /// The earliest time a pending mail can be claimed, if any (lets the worker sleep
    /// until then). A mail leased by another worker counts from the end of its lease,
    /// or the worker would wake at once, again and again, until the lease expires.
    pub async fn next_mail_due_at(&self) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MIN(CASE WHEN locked_until > next_attempt_at THEN locked_until ELSE next_attempt_at END)
               FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND delivery = 'now'",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// Test and operations helper: a plain enqueue in its own transaction.
    pub async fn enqueue_mail(&self, mail: &NewMail, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let inserted = enqueue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(inserted)
    }
}

impl Store {
    /// Marks unsent mails whose dedupe key matches `pattern` (SQL LIKE) as sent: for
    /// seeded history whose mails belong to the past (a secret they carry is
    /// forgotten, as after a delivery).
    pub async fn mark_history_mail_sent(&self, pattern: &str, now: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE outbox SET sent_at = $2, secret = NULL
              WHERE dedupe_key LIKE $1 AND sent_at IS NULL",
        )
        .bind(pattern)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected())
    }
}

impl Store {
    /// Active people with held mail whose digest hour (Berlin) has come on `day` and
    /// who have no digest of that day yet.
    pub async fn digests_due(&self, day: i64, berlin_hour: u32) -> Result<Vec<DigestRecipient>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.email, u.display_name, u.locale FROM users u
              WHERE u.active AND u.digest_hour <= $1
                AND EXISTS (SELECT 1 FROM outbox o
                             WHERE o.recipient = u.email AND o.delivery = 'digest'
                               AND o.digest_key IS NULL)
                AND NOT EXISTS (SELECT 1 FROM outbox d
                                 WHERE d.dedupe_key = 'digest/' || u.id || '/' || $2)
              ORDER BY u.id
              LIMIT 500",
        )
        .bind(i64::from(berlin_hour))
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// Writes `recipient`'s digest of `day`: `render` turns the held mails into one
    /// mail, which is enqueued with the day's dedupe key while the held mails are
    /// marked as carried by it, in one transaction. Two servers at once: the second
    /// finds the key taken and writes nothing. `false`: nothing held, or written
    /// already.
    pub async fn send_digest(
        &self,
        recipient: &DigestRecipient,
        day: i64,
        now: i64,
        render: impl FnOnce(&[HeldMail]) -> NewMail,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let held: Vec<HeldMail> = sqlx::query_as(
            "SELECT id, subject, body_text, created_at FROM outbox
              WHERE recipient = $1 AND delivery = 'digest' AND digest_key IS NULL
              ORDER BY created_at, id",
        )
        .bind(&recipient.email)
        .fetch_all(&mut *tx)
        .await?;
        if held.is_empty() {
            return Ok(false);
        }
        let mut mail = render(&held);
        mail.dedupe_key = digest_key(&recipient.user_id, day);
        if !enqueue(&mut tx, &mail, now).await? {
            return Ok(false);
        }
        for m in &held {
            sqlx::query("UPDATE outbox SET digest_key = $1 WHERE id = $2 AND digest_key IS NULL")
                .bind(&mail.dedupe_key)
                .bind(&m.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
