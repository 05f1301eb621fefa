//! Attempt counters (see `kontor_domain::throttle`): reserved atomically, before the
//! work they limit. One transaction locks every key's counter (SQLite: the write lock
//! of `BEGIN IMMEDIATE`; PostgreSQL: the rows, `FOR UPDATE`), lets the domain decide,
//! and writes the new counts — so parallel attempts are counted one after another.

use crate::{Result, Store};
use kontor_domain::throttle::{Counter, Forgive, Limit, Verdict};

#[derive(sqlx::FromRow)]
struct CounterRow {
    attempts: i64,
    window_started_at: i64,
    strikes: i64,
    blocked_until: i64,
}

impl From<CounterRow> for Counter {
    fn from(row: CounterRow) -> Counter {
        Counter {
            attempts: row.attempts,
            window_started_at: row.window_started_at,
            strikes: row.strikes,
            blocked_until: row.blocked_until,
        }
    }
}

impl Store {
    async fn locked_counter(&self, tx: &mut crate::Tx, key: &str) -> Result<Option<Counter>> {
        // The row must exist to be locked on PostgreSQL; a fresh one has no attempts.
        // A transaction that waited for the lock may find the row deleted by the one
        // before it (a successful sign-in forgives by deleting): it inserts afresh.
        for _ in 0..3 {
            sqlx::query(
                "INSERT INTO attempt_counters (limit_key, attempts, window_started_at, strikes, blocked_until)
                 VALUES ($1, 0, 0, 0, 0) ON CONFLICT (limit_key) DO NOTHING",
            )
            .bind(key)
            .execute(&mut **tx)
            .await?;
            let row = sqlx::query_as::<_, CounterRow>(&format!(
                "SELECT attempts, window_started_at, strikes, blocked_until
                   FROM attempt_counters WHERE limit_key = $1{}",
                self.row_lock()
            ))
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?;
            if let Some(row) = row {
                return Ok((row.window_started_at > 0).then(|| row.into()));
            }
        }
        Err(sqlx::Error::RowNotFound.into())
    }

    async fn write_counter(&self, tx: &mut crate::Tx, key: &str, counter: Counter) -> Result<()> {
        sqlx::query(
            "UPDATE attempt_counters
                SET attempts = $2, window_started_at = $3, strikes = $4, blocked_until = $5
              WHERE limit_key = $1",
        )
        .bind(key)
        .bind(counter.attempts)
        .bind(counter.window_started_at)
        .bind(counter.strikes)
        .bind(counter.blocked_until)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Reserves one attempt on every key, or on none: when any key must wait, nothing
    /// is counted and the longest wait is answered. `Allowed { last }` is `last` when
    /// the attempt used up any key's window.
    pub async fn reserve_attempt(&self, keys: &[(String, Limit)], now: i64) -> Result<Verdict> {
        let mut tx = self.begin_write().await?;
        let mut updates = Vec::with_capacity(keys.len());
        let mut wait = 0;
        let mut last = false;
        for (key, limit) in keys {
            let current = self.locked_counter(&mut tx, key).await?;
            let (counter, verdict) = limit.reserve(current, now);
            match verdict {
                Verdict::Wait { retry_after_ms } => wait = wait.max(retry_after_ms),
                Verdict::Allowed { last: used_up } => last |= used_up,
            }
            updates.push((key, counter));
        }
        if wait > 0 {
            tx.rollback().await?;
            return Ok(Verdict::Wait {
                retry_after_ms: wait,
            });
        }
        for (key, counter) in updates {
            self.write_counter(&mut tx, key, counter).await?;
        }
        tx.commit().await?;
        Ok(Verdict::Allowed { last })
    }

    /// After a success: each key reset or its attempt given back.
    pub async fn forgive_attempt(&self, keys: &[(String, Forgive)]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (key, forgive) in keys {
            let Some(current) = self.locked_counter(&mut tx, key).await? else {
                continue;
            };
            match forgive.apply(current) {
                Some(counter) => self.write_counter(&mut tx, key, counter).await?,
                None => {
                    sqlx::query("DELETE FROM attempt_counters WHERE limit_key = $1")
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets counters nobody has touched for two days (the session cleaner's round).
    pub async fn forget_old_attempts(&self, now: i64) -> Result<u64> {
        let cutoff = now - 2 * 24 * 3600 * 1000;
        Ok(sqlx::query(
            "DELETE FROM attempt_counters WHERE window_started_at < $1 AND blocked_until < $1",
        )
        .bind(cutoff)
        .execute(self.pool())
        .await?
        .rows_affected())
    }
}
