//! Leads from technical downloads: prospects registering and confirming their address,
//! their browsers' sessions, what they download, and the vendor's work on them
//! (assign, note, convert, close) — each change with its vendor audit entry in one
//! transaction.

use crate::audit::{self, AuditEntry};
use crate::documents::VersionRecord;
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, new_id};

/// A registration as the domain core accepted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProspect {
    pub name: String,
    pub company: String,
    pub email: String,
    pub locale: String,
}

/// A prospect (a lead, for the vendor).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LeadRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub company: String,
    pub locale: String,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub status: String,
    pub assigned_to: Option<String>,
    pub assigned_name: Option<String>,
    pub organization_id: Option<String>,
    pub downloads: i64,
    pub last_download_at: Option<i64>,
}

/// One download of a lead, with what it was about.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LeadDownload {
    pub prospect_id: String,
    pub document_id: String,
    pub kind: String,
    pub title_en: String,
    pub title_de: String,
    pub product_sku: Option<String>,
    pub product_en: Option<String>,
    pub product_de: Option<String>,
    pub downloaded_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LeadNote {
    pub id: String,
    pub author_name: String,
    pub text: String,
    pub created_at: i64,
}

/// A change to a lead, decided by the caller from the lead as it is under the lock.
#[derive(Clone, Debug, Default)]
pub struct LeadUpdate {
    pub status: Option<String>,
    pub assigned_to: Option<String>,
    pub organization_id: Option<String>,
    /// (author id, author name, text)
    pub note: Option<(String, String, String)>,
    pub audit: Option<AuditEntry>,
}

const LEAD_SELECT: &str = "
    SELECT p.id, p.email, p.name, p.company, p.locale, p.created_at, p.confirmed_at,
           p.status, p.assigned_to, u.display_name AS assigned_name, p.organization_id,
           (SELECT COUNT(*) FROM prospect_downloads pd WHERE pd.prospect_id = p.id) AS downloads,
           (SELECT MAX(pd.downloaded_at) FROM prospect_downloads pd
             WHERE pd.prospect_id = p.id) AS last_download_at
      FROM prospects p LEFT JOIN users u ON u.id = p.assigned_to";

const DOWNLOAD_SELECT: &str = "
    SELECT pd.prospect_id, d.id AS document_id, d.kind, d.title_en, d.title_de,
           pr.sku AS product_sku, pr.name_en AS product_en, pr.name_de AS product_de,
           pd.downloaded_at
      FROM prospect_downloads pd
      JOIN documents d ON d.id = pd.document_id
      LEFT JOIN products pr ON pr.id = d.product_id";

impl Store {
    /// Records a registration (or finds the prospect of that address) with a new
    /// confirmation link and its mail, in one transaction. Two registrations of one
    /// address at once make one prospect.
    pub async fn register_prospect(
        &self,
        prospect: &NewProspect,
        link_hash: &str,
        link_expires_at: i64,
        mail: &NewMail,
        now: i64,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO prospects (id, email, name, company, locale, created_at, status, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'new', $6)
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(new_id())
        .bind(&prospect.email)
        .bind(&prospect.name)
        .bind(&prospect.company)
        .bind(&prospect.locale)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let id: String = sqlx::query_scalar("SELECT id FROM prospects WHERE email = $1")
            .bind(&prospect.email)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO prospect_links (token_hash, prospect_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(link_hash)
        .bind(&id)
        .bind(link_expires_at)
        .execute(&mut *tx)
        .await?;
        enqueue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Uses a confirmation link — once, before it expires — and opens a session for
    /// the browser that used it. `None`: no such link, used or expired.
    pub async fn confirm_prospect(
        &self,
        link_hash: &str,
        session_hash: &str,
        session_expires_at: i64,
        now: i64,
    ) -> Result<Option<String>> {
        let mut tx = self.begin_write().await?;
        let used = sqlx::query(
            "UPDATE prospect_links SET used_at = $1
              WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(link_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if used != 1 {
            return Ok(None);
        }
        let id: String =
            sqlx::query_scalar("SELECT prospect_id FROM prospect_links WHERE token_hash = $1")
                .bind(link_hash)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("UPDATE prospects SET confirmed_at = COALESCE(confirmed_at, $1) WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO prospect_sessions (token_hash, prospect_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(session_hash)
        .bind(&id)
        .bind(session_expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The confirmed prospect whose browser holds `session_hash`, if still valid.
    pub async fn prospect_by_session(
        &self,
        session_hash: &str,
        now: i64,
    ) -> Result<Option<LeadRecord>> {
        Ok(sqlx::query_as(&format!(
            "{LEAD_SELECT} WHERE p.id = (SELECT s.prospect_id FROM prospect_sessions s
                                      WHERE s.token_hash = $1 AND s.expires_at > $2)"
        ))
        .bind(session_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records that a prospect started downloading `version`.
    pub async fn record_prospect_download(
        &self,
        prospect_id: &str,
        version: &VersionRecord,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO prospect_downloads (id, prospect_id, document_id, version_id, downloaded_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(prospect_id)
        .bind(&version.document_id)
        .bind(&version.id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The newest `limit` leads, and what each downloaded.
    pub async fn leads(&self, limit: i64) -> Result<(Vec<LeadRecord>, Vec<LeadDownload>)> {
        let leads: Vec<LeadRecord> = sqlx::query_as(&format!(
            "{LEAD_SELECT} ORDER BY p.created_at DESC, p.id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let downloads = sqlx::query_as(&format!(
            "{DOWNLOAD_SELECT} WHERE pd.prospect_id IN
                 (SELECT id FROM prospects ORDER BY created_at DESC, id DESC LIMIT $1)
              ORDER BY pd.downloaded_at DESC"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok((leads, downloads))
    }

    /// One lead with its downloads (newest first) and notes (oldest first).
    pub async fn lead(
        &self,
        id: &str,
    ) -> Result<Option<(LeadRecord, Vec<LeadDownload>, Vec<LeadNote>)>> {
        let Some(lead) = sqlx::query_as::<_, LeadRecord>(&format!("{LEAD_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let downloads = sqlx::query_as(&format!(
            "{DOWNLOAD_SELECT} WHERE pd.prospect_id = $1 ORDER BY pd.downloaded_at DESC"
        ))
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let notes = sqlx::query_as(
            "SELECT id, author_name, text, created_at FROM lead_notes
              WHERE prospect_id = $1 ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        Ok(Some((lead, downloads, notes)))
    }

    /// Changes lead `id` as `decide` says, from the lead as it is under its row lock:
    /// two colleagues acting at once change it one after the other, and the second
    /// sees what the first did. `Ok(None)`: no such lead.
    pub async fn change_lead<E>(
        &self,
        id: &str,
        now: i64,
        decide: impl FnOnce(&LeadRecord) -> std::result::Result<LeadUpdate, E>,
    ) -> Result<Option<std::result::Result<(), E>>> {
        let mut tx = self.begin_write().await?;
        if !crate::backend::lock_row(&mut tx, "prospects", "id = $1", &[id]).await? {
            return Ok(None);
        }
        let lead: LeadRecord = sqlx::query_as(&format!("{LEAD_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let update = match decide(&lead) {
            Ok(update) => update,
            Err(refusal) => return Ok(Some(Err(refusal))),
        };
        sqlx::query(
            "UPDATE prospects SET status = COALESCE($1, status),
                    assigned_to = COALESCE($2, assigned_to),
                    organization_id = COALESCE($3, organization_id), updated_at = $4
              WHERE id = $5",
        )
        .bind(&update.status)
        .bind(&update.assigned_to)
        .bind(&update.organization_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some((author_id, author_name, text)) = &update.note {
            sqlx::query(
                "INSERT INTO lead_notes (id, prospect_id, author_id, author_name, text, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(new_id())
            .bind(id)
            .bind(author_id)
            .bind(author_name)
            .bind(text)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(entry) = &update.audit {
            audit::append(&mut tx, entry, now).await?;
        }
        tx.commit().await?;
        Ok(Some(Ok(())))
    }

    /// Leads' activity in `[from, to)`: when prospects confirmed their address, and
    /// each download (prospect, when) — for the vendor's leads per month. Leads are
    /// few beside orders: read as they are, counted by the domain.
    pub async fn lead_activity(
        &self,
        (from, to): (i64, i64),
    ) -> Result<(Vec<i64>, Vec<(String, i64)>)> {
        let confirmed = sqlx::query_scalar(
            "SELECT confirmed_at FROM prospects WHERE confirmed_at >= $1 AND confirmed_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let downloads = sqlx::query_as(
            "SELECT prospect_id, downloaded_at FROM prospect_downloads
              WHERE downloaded_at >= $1 AND downloaded_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok((confirmed, downloads))
    }

    /// Records the customer organization a converted lead became.
    pub async fn link_lead_organization(&self, id: &str, organization_id: &str) -> Result<()> {
        sqlx::query("UPDATE prospects SET organization_id = $1 WHERE id = $2")
            .bind(organization_id)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Offers a document for every customer to registered prospects too, or stops.
    /// `false`: no such document for every customer of a kind that may be offered.
    pub async fn set_document_for_prospects(
        &self,
        document_id: &str,
        offered: bool,
        kinds: &[&str],
        audit: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let kinds = kinds
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let changed = sqlx::query(&format!(
            "UPDATE documents SET for_prospects = $1
              WHERE id = $2 AND organization_id IS NULL AND kind IN ({kinds})"
        ))
        .bind(i64::from(offered))
        .bind(document_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if changed {
            audit::append(&mut tx, audit, now).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}
