//! The audit trail: append-only (the database refuses UPDATE and DELETE on it) and
//! hash-chained per organization, so that a removed, changed or reordered entry is
//! found by [`Store::verify_audit_chains`].

use crate::{Result, Store, Tx, new_id};
use sha2::{Digest, Sha256};

/// The hash the first entry of every chain links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, as the business code describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Whose history this belongs to: the customer, or the vendor for staff matters.
    pub organization_id: String,
    /// `None` for the system (e.g. the demo seed).
    pub actor_id: Option<String>,
    /// The actor's name as it was at the time.
    pub actor_name: String,
    /// A stable action code, e.g. `member.invited`.
    pub action: String,
    /// What it was done to, e.g. `user:<id> egon@mueller.example`.
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: String,
    pub organization_id: String,
    pub seq: i64,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
    pub at: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// The result of checking one organization's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainCheck {
    Intact {
        organization_id: String,
        entries: i64,
    },
    /// The first entry whose link or content does not match.
    Broken { organization_id: String, seq: i64 },
}

/// The entry's hash: SHA-256 over the previous hash and every field, each field
/// length-prefixed so that no two different entries serialise alike.
fn entry_hash(prev_hash: &str, seq: i64, at: i64, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    let mut field = |value: &str| {
        hasher.update((value.len() as u64).to_be_bytes());
        hasher.update(value.as_bytes());
    };
    field(prev_hash);
    field(&entry.organization_id);
    field(&seq.to_string());
    field(&at.to_string());
    field(entry.actor_id.as_deref().unwrap_or(""));
    field(&entry.actor_name);
    field(&entry.action);
    field(&entry.target);
    field(entry.before.as_deref().unwrap_or("\u{0}none"));
    field(entry.after.as_deref().unwrap_or("\u{0}none"));
    hex::encode(hasher.finalize())
}

/// Appends an entry inside the caller's business transaction: the entry exists exactly
/// when the change it records does.
pub async fn append(tx: &mut Tx, entry: &AuditEntry, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_heads (organization_id, seq, hash) VALUES ($1, 0, $2)
         ON CONFLICT (organization_id) DO NOTHING",
    )
    .bind(&entry.organization_id)
    .bind(GENESIS)
    .execute(&mut **tx)
    .await?;
    // Taking the head row's lock first: concurrent appenders of one organization queue
    // here (PostgreSQL row lock; SQLite holds the write lock already).
    sqlx::query("UPDATE audit_heads SET seq = seq + 1 WHERE organization_id = $1")
        .bind(&entry.organization_id)
        .execute(&mut **tx)
        .await?;
    let (seq, prev_hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_heads WHERE organization_id = $1")
            .bind(&entry.organization_id)
            .fetch_one(&mut **tx)
            .await?;
    let hash = entry_hash(&prev_hash, seq, now, entry);
    sqlx::query(
        "INSERT INTO audit_log (id, organization_id, seq, actor_id, actor_name, action, target,
                                before_value, after_value, at, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(&entry.organization_id)
    .bind(seq)
    .bind(&entry.actor_id)
    .bind(&entry.actor_name)
    .bind(&entry.action)
    .bind(&entry.target)
    .bind(&entry.before)
    .bind(&entry.after)
    .bind(now)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_heads SET hash = $1 WHERE organization_id = $2")
        .bind(&hash)
        .bind(&entry.organization_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const ROW_COLUMNS: &str = "id, organization_id, seq, actor_id, actor_name, action, target, \
                           before_value, after_value, at, prev_hash, hash";

impl Store {
    /// Runs one change (an `UPDATE` of one row) and, when it changed the row, appends
    /// its audit entry in the same transaction. `false`: nothing matched (nothing is
    /// written then). For the small switches of the integration settings: revoke,
    /// rotate, switch on or off.
    pub(crate) async fn change_with_entry<'q>(
        &self,
        change: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let changed = change.execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            append(&mut tx, entry, now).await?;
            tx.commit().await?;
        }
        Ok(changed)
    }

    /// One organization's trail, newest first, `limit` entries before `before_seq`.
    pub async fn audit_page(
        &self,
        organization_id: &str,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRow>> {
        Ok(sqlx::query_as::<_, AuditRow>(&format!(
            "SELECT {ROW_COLUMNS} FROM audit_log
              WHERE organization_id = $1 AND seq < $2
              ORDER BY seq DESC LIMIT $3"
        ))
        .bind(organization_id)
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Recomputes every chain from its first entry. Reads in pages so that memory stays
    /// flat however long the trail is.
    pub async fn verify_audit_chains(&self) -> Result<Vec<ChainCheck>> {
        let organizations: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT organization_id, seq, hash FROM audit_heads ORDER BY organization_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut checks = Vec::new();
        for (organization_id, head_seq, head_hash) in organizations {
            checks.push(
                self.verify_chain(&organization_id, head_seq, &head_hash)
                    .await?,
            );
        }
        Ok(checks)
    }

    async fn verify_chain(
        &self,
        organization_id: &str,
        head_seq: i64,
        head_hash: &str,
    ) -> Result<ChainCheck> {
        const PAGE: i64 = 500;
        let broken = |seq| ChainCheck::Broken {
            organization_id: organization_id.to_string(),
            seq,
        };
        let mut prev_hash = GENESIS.to_string();
        let mut expected_seq = 1;
        loop {
            let rows = sqlx::query_as::<_, AuditRow>(&format!(
                "SELECT {ROW_COLUMNS} FROM audit_log
                  WHERE organization_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3"
            ))
            .bind(organization_id)
            .bind(expected_seq)
            .bind(PAGE)
            .fetch_all(self.pool())
            .await?;
            let page_len = rows.len() as i64;
            for row in rows {
                let entry = AuditEntry {
                    organization_id: row.organization_id.clone(),
                    actor_id: row.actor_id.clone(),
                    actor_name: row.actor_name.clone(),
                    action: row.action.clone(),
                    target: row.target.clone(),
                    before: row.before_value.clone(),
                    after: row.after_value.clone(),
                };
                if row.seq != expected_seq
                    || row.prev_hash != prev_hash
                    || entry_hash(&prev_hash, row.seq, row.at, &entry) != row.hash
                {
                    return Ok(broken(expected_seq));
                }
                prev_hash = row.hash;
                expected_seq += 1;
            }
            if page_len < PAGE {
                break;
            }
        }
        // Entries cut off the end are found through the head.
        if expected_seq - 1 != head_seq || prev_hash != head_hash {
            return Ok(broken(expected_seq));
        }
        Ok(ChainCheck::Intact {
            organization_id: organization_id.to_string(),
            entries: head_seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> AuditEntry {
        AuditEntry {
            organization_id: "org".into(),
            actor_id: Some("carla".into()),
            actor_name: "Carla Weber".into(),
            action: "member.updated".into(),
            target: "user:egon".into(),
            before: Some("limit 5000".into()),
            after: Some("limit 6000".into()),
        }
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let base = entry_hash(GENESIS, 1, 7, &entry());
        let mut changed = entry();
        changed.after = Some("limit 60000".into());
        assert_ne!(entry_hash(GENESIS, 1, 7, &changed), base);
        let mut moved = entry();
        moved.before = None;
        moved.after = Some("limit 5000limit 6000".into());
        assert_ne!(entry_hash(GENESIS, 1, 7, &moved), base);
        assert_ne!(entry_hash(GENESIS, 2, 7, &entry()), base);
        assert_ne!(entry_hash(GENESIS, 1, 8, &entry()), base);
        assert_eq!(entry_hash(GENESIS, 1, 7, &entry()), base);
    }
}
