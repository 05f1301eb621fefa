//! Rows of server-side sessions (the records of `tower-sessions`). The server crate
//! adapts these functions to the session library's store trait.

use crate::accounts::{UserRecord, session_user_of, session_with_user_select};
use crate::{Result, Store, Tx};

/// A session as one statement reads it at the start of a request.
///
/// Every signed-in request needs its session and then the session's user (with the
/// header's count of unread notifications). Read apart, that is two statements, and on
/// SQLite each statement is a round trip to the connection's own thread; read together
/// it is one. The user comes from the session row's `user_id` column, which the server
/// keeps equal to the user id inside `data`; the caller uses it only when they agree.
#[derive(Debug)]
pub struct LoadedSession {
    /// The session library's record, as text.
    pub data: String,
    pub expires_at: i64,
    /// The session's user and how many of their notifications are unread; `None` for a
    /// session without a user, or whose user no longer exists.
    pub user: Option<(UserRecord, i64)>,
}

/// A save that would move a session's end by less than this and change nothing else
/// is not written: the idle timeout slides once a minute, not on every request. (The
/// server also skips such a save without a statement; both use this step.)
pub const SLIDE_STEP_MS: i64 = 60_000;

impl Store {
    /// Inserts a new session; `false` when the id exists already (the caller draws
    /// another id).
    pub async fn session_create(
        &self,
        id: &str,
        user_id: Option<&str>,
        data: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, user_id, data, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// Saves a session's data and expiry. A session that was ended meanwhile (sign-out
    /// elsewhere, deactivation) stays ended: only existing rows are updated. Sliding
    /// the idle expiry by less than [`SLIDE_STEP_MS`] is not worth a write: skipped.
    pub async fn session_save(
        &self,
        id: &str,
        user_id: Option<&str>,
        data: &str,
        expires_at: i64,
    ) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE sessions SET user_id = $2, data = $3, expires_at = $4
              WHERE id = $1 AND (data <> $3 OR expires_at < $4 - $5)",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .bind(SLIDE_STEP_MS)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(updated == 1)
    }

    /// A live session (not idle-expired, and begun after `started_after`, the absolute
    /// timeout) with its user, read together: see [`LoadedSession`].
    pub async fn session_load(
        &self,
        id: &str,
        now: i64,
        started_after: i64,
    ) -> Result<Option<LoadedSession>> {
        use sqlx::Row;
        // Every signed-in request reads this: a kept connection (see `Store::read`).
        let row = self
            .read(async |connection| {
                Ok(sqlx::query(concat!(
                    session_with_user_select!(),
                    "
              WHERE s.id = $1 AND s.expires_at > $2 AND s.created_at > $3"
                ))
                .bind(id)
                .bind(now)
                .bind(started_after)
                .fetch_optional(connection)
                .await?)
            })
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user = match row.try_get::<Option<String>, _>("id")? {
            Some(_) => Some(session_user_of(&row)?),
            None => None,
        };
        Ok(Some(LoadedSession {
            data: row.try_get("session_data")?,
            expires_at: row.try_get("session_expires_at")?,
            user,
        }))
    }

    pub async fn session_delete(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every session of a user but `keep` (sign out everywhere else).
    pub async fn sessions_end_for_user(&self, user_id: &str, keep: Option<&str>) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let ended = end_sessions_of_user(&mut tx, user_id, keep).await?;
        tx.commit().await?;
        Ok(ended)
    }

    pub async fn sessions_of_user(&self, user_id: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Housekeeping: removes idle-expired and too old sessions.
    pub async fn sessions_delete_expired(&self, now: i64, started_after: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2")
                .bind(now)
                .bind(started_after)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}

pub(crate) async fn end_sessions_of_user(
    tx: &mut Tx,
    user_id: &str,
    keep: Option<&str>,
) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

pub(crate) async fn end_sessions_of_organization(
    tx: &mut Tx,
    organization_id: &str,
) -> Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE organization_id = $1)",
    )
    .bind(organization_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}
