//! A customer's negotiated conditions: versioned terms and price agreements.
//!
//! Every change is one numbered version per organization (`condition_changes`),
//! written together with what it changes and an audit entry, in one transaction
//! that first locks the organization row, so two account managers saving at the same
//! moment get consecutive versions and each sees the other's result as "before".

use crate::accounts::lock_organization;
use crate::audit::{self, AuditEntry};
use crate::catalog::stored_agreement;
use crate::{Result, Store, Tx, new_id};
use kontor_domain::Money;
use kontor_domain::pricing::{Agreement, AgreementProblem};
use kontor_domain::terms::{Change, ChangeValue, Terms};

/// A version of the terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermsVersion {
    /// The id of the change that recorded it: what an order refers to.
    pub id: String,
    pub version: i64,
    pub effective_at: i64,
    pub terms: Terms,
}

/// One entry of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub version: i64,
    pub kind: String,
    pub sku: Option<String>,
    pub effective_at: i64,
    pub changes: Vec<Change>,
    pub reason: Option<String>,
    pub changed_by: String,
    pub created_at: i64,
}

/// A current or future agreement of the price list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceListEntry {
    pub product_id: String,
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub list_price: Money,
    pub agreement: Agreement,
}

/// Who changes something, for the history and the audit trail; and the mails that
/// tell the customer's people, written in the change's transaction.
#[derive(Clone, Debug)]
pub struct ChangedBy<'a> {
    pub user_id: &'a str,
    pub name: &'a str,
    pub tell: &'a [crate::outbox::NewMail],
}

/// A price change for one product, as the vendor asked for it.
#[derive(Clone, Debug)]
pub struct PriceChange<'a> {
    pub product_id: &'a str,
    pub sku: &'a str,
    /// `None` ends the agreement valid on `from` (back to the list price).
    pub agreement: Option<&'a Agreement>,
    pub from: i64,
    /// When the day `from` begins (the history's "effective").
    pub effective_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Recorded {
        version: i64,
    },
    Refused(AgreementProblem),
    /// No such customer organization.
    NotFound,
}

impl Store {
    /// The terms in force at `at` (`None`: none recorded, the standard terms apply).
    pub async fn terms_at(&self, organization_id: &str, at: i64) -> Result<Option<TermsVersion>> {
        let mut conn = self.pool().acquire().await?;
        terms_at(&mut conn, organization_id, at).await
    }

    /// Versions recorded to take effect after `at`, soonest first.
    pub async fn scheduled_terms(
        &self,
        organization_id: &str,
        at: i64,
    ) -> Result<Vec<TermsVersion>> {
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT id, version, effective_at, terms FROM condition_changes
              WHERE organization_id = $1 AND kind = 'terms' AND effective_at > $2
              ORDER BY effective_at, version",
        )
        .bind(organization_id)
        .bind(at)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(terms_version).collect()
    }

    /// Records new terms from `effective_at` on, as one version.
    pub async fn change_terms(
        &self,
        organization_id: &str,
        terms: &Terms,
        effective_at: i64,
        reason: Option<&str>,
        by: &ChangedBy<'_>,
        now: i64,
    ) -> Result<ChangeOutcome> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, organization_id).await? {
            return Ok(ChangeOutcome::NotFound);
        }
        let before = terms_at(&mut tx, organization_id, effective_at)
            .await?
            .map_or_else(Terms::standard, |v| v.terms);
        let changes = terms.changes_from(&before);
        let version = next_version(&mut tx, organization_id).await?;
        insert_change(
            &mut tx,
            organization_id,
            version,
            "terms",
            None,
            effective_at,
            Some(&serde_json::to_string(terms).expect("terms serialise")),
            &changes,
            reason,
            by,
            now,
        )
        .await?;
        let summary = changes
            .iter()
            .map(|c| c.field.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        audit_change(
            &mut tx,
            organization_id,
            by,
            "terms.changed",
            &format!("terms v{version}"),
            summary,
            now,
        )
        .await?;
        announce_change(&mut tx, organization_id, "terms", 1, by, now).await?;
        tx.commit().await?;
        Ok(ChangeOutcome::Recorded { version })
    }

    /// Agreements that apply on `day` or later, by SKU then start.
    pub async fn price_list(&self, organization_id: &str, day: i64) -> Result<Vec<PriceListEntry>> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            i64,
            i64,
            Option<i64>,
            i64,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.id, p.sku, p.name_en, p.name_de, p.unit, p.list_price_cents,
                    a.valid_from, a.valid_to, a.base_price_cents, a.tiers
               FROM price_agreements a JOIN products p ON p.id = a.product_id
              WHERE a.organization_id = $1 AND a.replaced_at IS NULL
                AND (a.valid_to IS NULL OR a.valid_to > $2)
              ORDER BY p.sku, a.valid_from",
        )
        .bind(organization_id)
        .bind(day)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| PriceListEntry {
                product_id: r.0,
                sku: r.1,
                name_en: r.2,
                name_de: r.3,
                unit: r.4,
                list_price: Money::from_cents(r.5),
                agreement: stored_agreement(r.6, r.7, r.8, &r.9),
            })
            .collect())
    }

    /// The history, newest version first, `limit` entries below `before_version`.
    pub async fn condition_history(
        &self,
        organization_id: &str,
        before_version: Option<i64>,
        limit: i64,
    ) -> Result<Vec<HistoryEntry>> {
        type Row = (
            i64,
            String,
            Option<String>,
            i64,
            String,
            Option<String>,
            String,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT c.version, c.kind, p.sku, c.effective_at, c.changes, c.reason,
                    COALESCE(c.changed_by_name, u.display_name, c.changed_by), c.created_at
               FROM condition_changes c
               LEFT JOIN users u ON u.id = c.changed_by
               LEFT JOIN products p ON p.id = c.product_id
              WHERE c.organization_id = $1 AND c.version < $2
              ORDER BY c.version DESC
              LIMIT $3",
        )
        .bind(organization_id)
        .bind(before_version.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                version: r.0,
                kind: r.1,
                sku: r.2,
                effective_at: r.3,
                changes: serde_json::from_str(&r.4).unwrap_or_default(),
                reason: r.5,
                changed_by: r.6,
                created_at: r.7,
            })
            .collect())
    }
}

pub(crate) async fn lock_customer(tx: &mut Tx, organization_id: &str) -> Result<bool> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1")
        .bind(organization_id)
        .fetch_optional(&mut **tx)
        .await?;
    if kind.as_deref() != Some("customer") {
        return Ok(false);
    }
    lock_organization(tx, organization_id).await
}

pub(crate) async fn terms_at(
    conn: &mut sqlx::AnyConnection,
    organization_id: &str,
    at: i64,
) -> Result<Option<TermsVersion>> {
    let row: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT id, version, effective_at, terms FROM condition_changes
          WHERE organization_id = $1 AND kind = 'terms' AND effective_at <= $2
          ORDER BY effective_at DESC, version DESC
          LIMIT 1",
    )
    .bind(organization_id)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(terms_version).transpose()
}

fn terms_version(
    (id, version, effective_at, terms): (String, i64, i64, String),
) -> Result<TermsVersion> {
    let terms = serde_json::from_str(&terms).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(TermsVersion {
        id,
        version,
        effective_at,
        terms,
    })
}

pub(crate) async fn next_version(tx: &mut Tx, organization_id: &str) -> Result<i64> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM condition_changes WHERE organization_id = $1")
            .bind(organization_id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(last.unwrap_or(0) + 1)
}

/// Tells webhooks and the customer's people (`by.tell`) that its terms or prices
/// changed (`changes`: how many versions this transaction recorded).
pub(crate) async fn announce_change(
    tx: &mut crate::Tx,
    organization_id: &str,
    what: &str,
    changes: usize,
    by: &ChangedBy<'_>,
    now: i64,
) -> Result<()> {
    for mail in by.tell {
        crate::outbox::enqueue(tx, mail, now).await?;
    }
    let data = serde_json::json!({
        "customer_id": organization_id,
        "changed": what,
        "changes": changes,
    });
    crate::webhooks::announce(
        tx,
        kontor_domain::integration::EventType::TermsChanged,
        data,
        now,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn insert_change(
    tx: &mut Tx,
    organization_id: &str,
    version: i64,
    kind: &str,
    product_id: Option<&str>,
    effective_at: i64,
    terms: Option<&str>,
    changes: &[Change],
    reason: Option<&str>,
    by: &ChangedBy<'_>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO condition_changes (id, organization_id, version, kind, product_id,
                                        effective_at, terms, changes, reason, changed_by, created_at,
                                        changed_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(organization_id)
    .bind(version)
    .bind(kind)
    .bind(product_id)
    .bind(effective_at)
    .bind(terms)
    .bind(serde_json::to_string(changes).expect("changes serialise"))
    .bind(reason)
    .bind(by.user_id)
    .bind(now)
    .bind(by.name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn audit_change(
    tx: &mut Tx,
    organization_id: &str,
    by: &ChangedBy<'_>,
    action: &str,
    target: &str,
    after: String,
    now: i64,
) -> Result<()> {
    let entry = AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: Some(by.user_id.to_string()),
        actor_name: by.name.to_string(),
        action: action.to_string(),
        target: target.to_string(),
        before: None,
        after: Some(after),
    };
    audit::append(tx, &entry, now).await
}

pub(crate) fn agreement_value(a: &Agreement) -> ChangeValue {
    ChangeValue::Agreement {
        base_price: a.base_price,
        tiers: a
            .tiers
            .iter()
            .map(|t| (t.min_quantity, t.unit_price))
            .collect(),
        valid_from: a.valid_from,
        valid_to: a.valid_to,
    }
}
