//! Recording price agreements: one product from the terms page, thousands from a
//! CSV import or the ERP's `PUT …/prices`, the same way.
//!
//! Every line is planned in memory against the customer's agreements as the earlier
//! lines left them (read once, under the customer's lock), and gets its own version
//! and history entry. The rows are then written in a few multi-row statements, so
//! SQLite's single writer is held for milliseconds per thousand lines rather than a
//! round of statements per line. The audit trail gets one entry for the whole
//! change (the history keeps each line's before and after).

use crate::audit::{self, AuditEntry};
use crate::catalog::{encode_tiers, stored_agreement};
use crate::conditions::{
    ChangeOutcome, ChangedBy, PriceChange, agreement_value, announce_change, next_version,
};
use crate::{Result, Store, Tx, new_id};
use kontor_domain::pricing::{Agreement, PricePlan, RecordedAgreement, plan_price_change};
use kontor_domain::terms::Change;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rows (or ids) per multi-row statement. Far below the engines' limits on bound
/// values (SQLite 32,766; PostgreSQL 65,535) on purpose: binding gets slower per
/// value the more values one statement has (measured: 10,000 agreements took 600 ms
/// in statements of 500 rows, 110 ms in statements of 50).
const ROWS_PER_STATEMENT: usize = 50;

/// `($1, $2, …), (…)`: placeholders for `rows` rows of `columns` values.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let marks: Vec<String> = (1..=columns)
                .map(|c| format!("${}", row * columns + c))
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `$first, $first+1, …` for `count` values.
fn value_list(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line that will be recorded: its version, its plan, the new agreement's id.
struct Planned<'c, 'a> {
    change: &'c PriceChange<'a>,
    version: i64,
    plan: PricePlan,
    new_agreement: Option<String>,
}

impl Store {
    /// Records a price change for one product as one version: the agreement valid on
    /// the day ends (or is replaced), the new one begins — or nothing, when the plan
    /// is refused.
    pub async fn change_price(
        &self,
        organization_id: &str,
        change: &PriceChange<'_>,
        reason: Option<&str>,
        by: &ChangedBy<'_>,
        now: i64,
    ) -> Result<ChangeOutcome> {
        let (mut outcomes, _) = self
            .change_prices(
                organization_id,
                std::slice::from_ref(change),
                reason,
                by,
                now,
                |outcomes| matches!(outcomes, [ChangeOutcome::Recorded { .. }]),
            )
            .await?;
        Ok(outcomes.pop().unwrap_or(ChangeOutcome::NotFound))
    }

    /// Records many price changes in one transaction: each is planned against the
    /// agreements as the earlier lines left them; a refused line writes nothing.
    /// `commit` sees every line's outcome and decides whether the recorded ones are
    /// kept (e.g. only when none was refused). Returns the outcomes in order and
    /// whether they were committed.
    pub async fn change_prices(
        &self,
        organization_id: &str,
        changes: &[PriceChange<'_>],
        reason: Option<&str>,
        by: &ChangedBy<'_>,
        now: i64,
        commit: impl FnOnce(&[ChangeOutcome]) -> bool,
    ) -> Result<(Vec<ChangeOutcome>, bool)> {
        let mut tx = self.begin_write().await?;
        if !crate::conditions::lock_customer(&mut tx, organization_id).await? {
            return Ok((vec![ChangeOutcome::NotFound], false));
        }
        let mut agreements = agreements_by_product(&mut tx, organization_id, changes).await?;
        let mut version = next_version(&mut tx, organization_id).await?;
        let mut outcomes = Vec::with_capacity(changes.len());
        let mut planned = Vec::new();
        for change in changes {
            let recorded = agreements.entry(change.product_id.to_string()).or_default();
            match plan_price_change(recorded, change.agreement, change.from) {
                Err(problem) => outcomes.push(ChangeOutcome::Refused(problem)),
                Ok(plan) => {
                    let new_agreement = apply(recorded, &plan, change);
                    outcomes.push(ChangeOutcome::Recorded { version });
                    planned.push(Planned {
                        change,
                        version,
                        plan,
                        new_agreement,
                    });
                    version += 1;
                }
            }
        }
        let keep = commit(&outcomes);
        if keep && !planned.is_empty() {
            write(&mut tx, organization_id, &planned, reason, by, now).await?;
            audit::append(&mut tx, &audit_entry(organization_id, &planned, by), now).await?;
            // One event for the whole change, not one per line.
            announce_change(&mut tx, organization_id, "prices", planned.len(), by, now).await?;
            tx.commit().await?;
        }
        Ok((outcomes, keep))
    }
}

/// The customer's agreements in force or to come for the products `changes` name,
/// by product.
async fn agreements_by_product(
    tx: &mut Tx,
    organization_id: &str,
    changes: &[PriceChange<'_>],
) -> Result<HashMap<String, Vec<RecordedAgreement>>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        product_id: String,
        valid_from: i64,
        valid_to: Option<i64>,
        base_price_cents: i64,
        tiers: String,
    }
    let products: BTreeSet<&str> = changes.iter().map(|c| c.product_id).collect();
    let products: Vec<&str> = products.into_iter().collect();
    let mut rows: Vec<Row> = Vec::new();
    for chunk in products.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT id, product_id, valid_from, valid_to, base_price_cents, tiers
               FROM price_agreements
              WHERE organization_id = $1 AND product_id IN ({}) AND replaced_at IS NULL",
            value_list(2, chunk.len())
        );
        let mut query = sqlx::query_as(&sql).bind(organization_id);
        for product in chunk {
            query = query.bind(*product);
        }
        rows.extend(query.fetch_all(&mut **tx).await?);
    }
    let mut by_product: HashMap<String, Vec<RecordedAgreement>> = HashMap::new();
    for r in rows {
        by_product
            .entry(r.product_id)
            .or_default()
            .push(RecordedAgreement {
                id: r.id,
                agreement: stored_agreement(r.valid_from, r.valid_to, r.base_price_cents, &r.tiers),
            });
    }
    Ok(by_product)
}

/// What the product's agreements are once `plan` is carried out, for the lines
/// after it; returns the new agreement's id.
fn apply(
    recorded: &mut Vec<RecordedAgreement>,
    plan: &PricePlan,
    change: &PriceChange<'_>,
) -> Option<String> {
    if let Some(ended) = &plan.ends
        && let Some(r) = recorded.iter_mut().find(|r| &r.id == ended)
    {
        r.agreement.valid_to = Some(change.from);
    }
    if let Some(replaced) = &plan.replaces {
        recorded.retain(|r| &r.id != replaced);
    }
    change.agreement.map(|new| {
        let id = new_id();
        recorded.push(RecordedAgreement {
            id: id.clone(),
            agreement: new.clone(),
        });
        id
    })
}

/// The planned lines' rows: new agreements first (a later line may end or replace
/// one an earlier line made), then the ends (the last one per agreement counts) and
/// replacements, then the history.
async fn write(
    tx: &mut Tx,
    organization_id: &str,
    planned: &[Planned<'_, '_>],
    reason: Option<&str>,
    by: &ChangedBy<'_>,
    now: i64,
) -> Result<()> {
    let new: Vec<(&Planned, &String, &Agreement)> = planned
        .iter()
        .filter_map(|p| Some((p, p.new_agreement.as_ref()?, p.change.agreement?)))
        .collect();
    for chunk in new.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO price_agreements (id, organization_id, product_id, version, valid_from,
                                           valid_to, base_price_cents, tiers, created_at)
             VALUES {}",
            value_rows(chunk.len(), 9)
        );
        let mut query = sqlx::query(&sql);
        for (p, id, a) in chunk {
            query = query
                .bind(id.as_str())
                .bind(organization_id)
                .bind(p.change.product_id)
                .bind(p.version)
                .bind(a.valid_from)
                .bind(a.valid_to)
                .bind(a.base_price.cents())
                .bind(encode_tiers(&a.tiers))
                .bind(now);
        }
        query.execute(&mut **tx).await?;
    }
    let mut ends: BTreeMap<&str, i64> = BTreeMap::new();
    let mut replaced: BTreeSet<&str> = BTreeSet::new();
    for p in planned {
        if let Some(id) = &p.plan.ends {
            ends.insert(id, p.change.from);
        }
        if let Some(id) = &p.plan.replaces {
            replaced.insert(id);
        }
    }
    let mut ends_by_day: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for (id, day) in ends {
        ends_by_day.entry(day).or_default().push(id);
    }
    for (day, ids) in &ends_by_day {
        set_on(tx, "valid_to", *day, ids).await?;
    }
    let replaced: Vec<&str> = replaced.into_iter().collect();
    set_on(tx, "replaced_at", now, &replaced).await?;
    for chunk in planned.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO condition_changes (id, organization_id, version, kind, product_id,
                                            effective_at, terms, changes, reason, changed_by,
                                            created_at, changed_by_name)
             VALUES {}",
            value_rows(chunk.len(), 12)
        );
        let mut query = sqlx::query(&sql);
        for p in chunk {
            let changes = [Change {
                field: "price".into(),
                before: p.plan.before.as_ref().map(agreement_value),
                after: p.change.agreement.map(agreement_value),
            }];
            query = query
                .bind(new_id())
                .bind(organization_id)
                .bind(p.version)
                .bind("price")
                .bind(p.change.product_id)
                .bind(p.change.effective_at)
                .bind(None::<String>)
                .bind(serde_json::to_string(&changes).expect("changes serialise"))
                .bind(reason)
                .bind(by.user_id)
                .bind(now)
                .bind(by.name);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Sets `column` (`valid_to` or `replaced_at`: never input) to `value` on the
/// agreements `ids` — read for this customer under its lock, so the ids alone pick
/// them (with the customer in the condition too, SQLite scanned the customer's
/// agreements for every statement instead of using the primary key: 3 s for 10,000).
async fn set_on(tx: &mut Tx, column: &'static str, value: i64, ids: &[&str]) -> Result<()> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE price_agreements SET {column} = $1 WHERE id IN ({})",
            value_list(2, chunk.len())
        );
        let mut query = sqlx::query(&sql).bind(value);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// One line: what it was and became; many: how many and which versions (the
/// history has each line).
fn audit_entry(
    organization_id: &str,
    planned: &[Planned<'_, '_>],
    by: &ChangedBy<'_>,
) -> AuditEntry {
    let describe = |a: &Agreement| {
        format!(
            "{} from {}",
            a.base_price.format(kontor_domain::Locale::En),
            kontor_domain::calendar::Day(a.valid_from)
        )
    };
    let (target, before, after) = match planned {
        [one] => (
            format!("price v{} {}", one.version, one.change.sku),
            one.plan.before.as_ref().map(describe),
            one.change.agreement.map(describe),
        ),
        many => (
            format!(
                "prices v{}–v{}",
                many.first().map_or(0, |p| p.version),
                many.last().map_or(0, |p| p.version)
            ),
            None,
            Some(format!("{} price agreements", many.len())),
        ),
    };
    AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: Some(by.user_id.to_string()),
        actor_name: by.name.to_string(),
        action: if planned.len() == 1 {
            "price.changed".into()
        } else {
            "prices.changed".into()
        },
        target,
        before,
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(value_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(value_list(3, 2), "$3, $4");
    }
}
