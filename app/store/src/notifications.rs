//! A person's notification settings: per kind how it reaches them, and the hour of
//! their daily digest. The outbox applies them when a mail is written.

use crate::accounts::UserRecord;
use crate::audit::{self, AuditEntry};
use crate::{Result, Store};
use kontor_domain::notifications::{DEFAULT_DIGEST_HOUR, Delivery, Notice};

/// Per kind the delivery a person chose (`None`: as their organization; kinds not
/// listed are left as they are), and the hour of their digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationSettings {
    pub chosen: Vec<(Notice, Option<Delivery>)>,
    pub digest_hour: u32,
}

impl Store {
    pub async fn notification_settings(&self, user_id: &str) -> Result<NotificationSettings> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, delivery FROM notification_settings WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(self.pool())
                .await?;
        let hour: Option<i64> = sqlx::query_scalar("SELECT digest_hour FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(NotificationSettings {
            chosen: rows
                .iter()
                .filter_map(|(k, d)| Some((Notice::parse(k)?, Some(Delivery::parse(d)?))))
                .collect(),
            digest_hour: hour.map_or(DEFAULT_DIGEST_HOUR, |h| h as u32),
        })
    }

    /// Replaces `user`'s choices for the kinds in `settings` (a `None` removes theirs:
    /// the organization's default applies) and the digest hour, with an audit entry
    /// naming what they are now.
    pub async fn set_notification_settings(
        &self,
        user: &UserRecord,
        settings: &NotificationSettings,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (notice, delivery) in &settings.chosen {
            sqlx::query("DELETE FROM notification_settings WHERE user_id = $1 AND kind = $2")
                .bind(&user.id)
                .bind(notice.as_str())
                .execute(&mut *tx)
                .await?;
            let Some(delivery) = delivery else {
                continue;
            };
            sqlx::query(
                "INSERT INTO notification_settings (user_id, kind, delivery) VALUES ($1, $2, $3)",
            )
            .bind(&user.id)
            .bind(notice.as_str())
            .bind(delivery.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE users SET digest_hour = $1 WHERE id = $2")
            .bind(i64::from(settings.digest_hour))
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        let summary = settings
            .chosen
            .iter()
            .map(|(n, d)| {
                let d = d.map_or(
                    kontor_domain::notifications::AS_ORGANIZATION,
                    Delivery::as_str,
                );
                format!("{}={d}", n.as_str())
            })
            .chain(std::iter::once(format!(
                "digest {:02}:00",
                settings.digest_hour
            )))
            .collect::<Vec<_>>()
            .join(", ");
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: user.organization_id.clone(),
                actor_id: Some(user.id.clone()),
                actor_name: user.display_name.clone(),
                action: "member.notifications_changed".into(),
                target: format!("user:{}", user.id),
                before: None,
                after: Some(summary),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// An organization's default delivery per kind (kinds without one left out).
    pub async fn notification_defaults(
        &self,
        organization_id: &str,
    ) -> Result<Vec<(Notice, Delivery)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT kind, delivery FROM organization_notification_defaults
              WHERE organization_id = $1",
        )
        .bind(organization_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .filter_map(|(k, d)| Some((Notice::parse(k)?, Delivery::parse(d)?)))
            .collect())
    }

    /// An admin sets their organization's defaults for the kinds in `defaults`;
    /// audited with what they are now.
    pub async fn set_notification_defaults(
        &self,
        admin: &UserRecord,
        defaults: &[(Notice, Delivery)],
        now: i64,
    ) -> Result<()> {
        let organization_id = &admin.organization_id;
        let mut tx = self.begin_write().await?;
        for (notice, delivery) in defaults {
            sqlx::query(
                "DELETE FROM organization_notification_defaults
                  WHERE organization_id = $1 AND kind = $2",
            )
            .bind(organization_id)
            .bind(notice.as_str())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO organization_notification_defaults (organization_id, kind, delivery)
                 VALUES ($1, $2, $3)",
            )
            .bind(organization_id)
            .bind(notice.as_str())
            .bind(delivery.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let summary = defaults
            .iter()
            .map(|(n, d)| format!("{}={}", n.as_str(), d.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: organization_id.clone(),
                actor_id: Some(admin.id.clone()),
                actor_name: admin.display_name.clone(),
                action: "organization.notification_defaults_changed".into(),
                target: format!("organization:{organization_id}"),
                before: None,
                after: Some(summary),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// One entry of a person's notification list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub dedupe_key: String,
    pub subject: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// The condition under which an outbox row is an unread notification of its recipient,
/// its columns prefixed by the argument (a table alias with its dot, or ""). One
/// definition for the count, the marking and the session user's count
/// ([`Store::session_user`]), so that the header and the list cannot disagree.
macro_rules! unread_notification {
    ($alias:literal) => {
        concat!($alias, "kind IS NOT NULL AND ", $alias, "read_at IS NULL")
    };
}
pub(crate) use unread_notification;

impl Store {
    /// The newest `limit` notifications addressed to `email` (mailed or not).
    pub async fn notifications_of(&self, email: &str, limit: i64) -> Result<Vec<NotificationRow>> {
        Ok(sqlx::query_as(
            "SELECT id, dedupe_key, subject, created_at, read_at FROM outbox
              WHERE recipient = $1 AND kind IS NOT NULL
              ORDER BY created_at DESC, id DESC
              LIMIT $2",
        )
        .bind(email)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// How many of `email`'s notifications are unread. (A request's session user comes
    /// with this count: [`Store::session_user`], by the same condition.)
    pub async fn unread_notifications(&self, email: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(concat!(
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND ",
            unread_notification!("")
        ))
        .bind(email)
        .fetch_one(self.pool())
        .await?)
    }

    /// Marks one of `email`'s notifications read (`id`), or all of them (`None`). An id
    /// that is not theirs changes nothing.
    pub async fn mark_notifications_read(
        &self,
        email: &str,
        id: Option<&str>,
        now: i64,
    ) -> Result<u64> {
        let query = match id {
            Some(_) => concat!(
                "UPDATE outbox SET read_at = $1 WHERE recipient = $2 AND id = $3 AND ",
                unread_notification!("")
            ),
            None => concat!(
                "UPDATE outbox SET read_at = $1 WHERE recipient = $2 AND ",
                unread_notification!("")
            ),
        };
        let mut q = sqlx::query(query).bind(now).bind(email);
        if let Some(id) = id {
            q = q.bind(id);
        }
        Ok(q.execute(self.pool()).await?.rows_affected())
    }
}
