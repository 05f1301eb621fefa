//! A person's own details, and the browsers they sign in from.

use crate::accounts::UserRecord;
use crate::audit::{self, AuditEntry};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store};
use kontor_domain::profile::Details;

/// What a sign-in's browser was to the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceSeen {
    /// Signed in from it before.
    Known,
    /// The first browser the account is used from (nobody to warn).
    First,
    /// A browser never seen for this account: the warning mail was written.
    New,
}

impl Store {
    /// A person changes their name and phone, audited with the old and the new
    /// values. Returns whether anything changed.
    pub async fn change_details(
        &self,
        user: &UserRecord,
        details: &Details,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let (name, phone): (String, Option<String>) =
            sqlx::query_as("SELECT display_name, phone FROM users WHERE id = $1")
                .bind(&user.id)
                .fetch_one(&mut *tx)
                .await?;
        if name == details.display_name && phone == details.phone {
            return Ok(false);
        }
        sqlx::query("UPDATE users SET display_name = $1, phone = $2 WHERE id = $3")
            .bind(&details.display_name)
            .bind(&details.phone)
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        let shown = |name: &str, phone: &Option<String>| match phone {
            Some(phone) => format!("{name}, {phone}"),
            None => name.to_string(),
        };
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: user.organization_id.clone(),
                actor_id: Some(user.id.clone()),
                actor_name: details.display_name.clone(),
                action: "member.details_changed".into(),
                target: format!("user:{}", user.id),
                before: Some(shown(&name, &phone)),
                after: Some(shown(&details.display_name, &details.phone)),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Notes that `user` signed in from the browser whose device token hashes to
    /// `device_hash`. A browser not seen for them before is recorded; unless it is
    /// the account's very first, `warning` is written to the outbox in the same
    /// transaction (once, however many sign-ins from one browser race: see the
    /// mail's key).
    pub async fn remember_device(
        &self,
        user: &UserRecord,
        device_hash: &str,
        label: &str,
        warning: &NewMail,
        now: i64,
    ) -> Result<DeviceSeen> {
        let mut tx = self.begin_write().await?;
        let seen = sqlx::query(
            "UPDATE known_devices SET last_seen_at = $1 WHERE user_id = $2 AND device_hash = $3",
        )
        .bind(now)
        .bind(&user.id)
        .bind(device_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if seen > 0 {
            audit::append(&mut tx, &signed_in(user, "member.signed_in", label), now).await?;
            tx.commit().await?;
            return Ok(DeviceSeen::Known);
        }
        let others: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM known_devices WHERE user_id = $1")
                .bind(&user.id)
                .fetch_one(&mut *tx)
                .await?;
        let inserted = sqlx::query(
            "INSERT INTO known_devices (user_id, device_hash, label, first_seen_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (user_id, device_hash) DO NOTHING",
        )
        .bind(&user.id)
        .bind(device_hash)
        .bind(label)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Every sign-in is in the trail (the customer's timeline shows them); one
        // from a browser the account has not used before, once it has used others,
        // says so.
        let plain = signed_in(user, "member.signed_in", label);
        if inserted == 0 {
            // A sign-in from the same browser at the same moment recorded it.
            audit::append(&mut tx, &plain, now).await?;
            tx.commit().await?;
            return Ok(DeviceSeen::Known);
        }
        if others == 0 {
            audit::append(&mut tx, &plain, now).await?;
            tx.commit().await?;
            return Ok(DeviceSeen::First);
        }
        // Of sign-ins racing from one browser without our cookie, the first writes
        // the mail and its audit entry; the others only record their token.
        if !enqueue(&mut tx, warning, now).await? {
            audit::append(&mut tx, &plain, now).await?;
            tx.commit().await?;
            return Ok(DeviceSeen::Known);
        }
        audit::append(
            &mut tx,
            &signed_in(user, "member.signed_in_from_new_browser", label),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(DeviceSeen::New)
    }
}

/// The audit entry of a sign-in; `label` names the browser.
fn signed_in(user: &UserRecord, action: &str, label: &str) -> AuditEntry {
    AuditEntry {
        organization_id: user.organization_id.clone(),
        actor_id: Some(user.id.clone()),
        actor_name: user.display_name.clone(),
        action: action.into(),
        target: format!("user:{}", user.id),
        before: None,
        after: Some(label.to_string()),
    }
}
