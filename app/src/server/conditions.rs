//! Reading and changing a customer's negotiated conditions.

use crate::AppError;
use crate::api::catalog::ImportOutcome;
use crate::api::customers::load::customer_for;
use crate::api::terms::{Contact, HISTORY_PAGE, HistoryItem, PriceLine, TermsInfo, TermsOverview};
use crate::server::internal_error;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::calendar::{Day, berlin_day};
use kontor_domain::csv;
use kontor_domain::pricing::AgreementForm;
use kontor_domain::terms::{Terms, TermsForm};
use kontor_store::conditions;
use kontor_store::now_ms;
use kontor_store::organizations::CustomerRecord;

/// The columns of a price-agreement CSV file, in this order.
pub const PRICE_COLUMNS: [&str; 5] = ["sku", "base_price", "tiers", "valid_from", "valid_to"];

fn scope(c: &CustomerRecord) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &c.id,
        account_manager_id: c.account_manager_id.as_deref(),
    }
}

#[allow(clippy::redundant_closure)]
pub async fn overview(organization_id: String) -> Result<TermsOverview, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let (user, customer) = customer_for(&organization_id, |s| Action::ViewTerms(s)).await?;
    let can_manage = user
        .actor()
        .may(Action::ManageTerms(scope(&customer)))
        .is_allowed();
    let now = now_ms();
    let today = berlin_day(now);
    let store = request.store.clone();
    let id = &customer.id;
    let (current, scheduled, prices, history) = tokio::try_join!(
        store.terms_at(id, now),
        store.scheduled_terms(id, now),
        store.price_list(id, today.0),
        store.condition_history(id, None, HISTORY_PAGE),
    )
    .map_err(|e| internal_error("terms", e))?;
    let info = |v: conditions::TermsVersion| TermsInfo {
        version: v.version,
        effective_at: v.effective_at,
        terms: v.terms,
    };
    let current = current.map(info);
    let terms = current
        .as_ref()
        .map_or_else(Terms::standard, |c| c.terms.clone());
    let form = can_manage.then(|| TermsForm::from_terms(&terms));
    Ok(TermsOverview {
        organization_id: customer.id.clone(),
        organization_name: customer.name.clone(),
        current,
        terms,
        scheduled: scheduled.into_iter().map(info).collect(),
        prices: prices
            .into_iter()
            .map(|p| PriceLine {
                sku: p.sku,
                name_en: p.name_en,
                name_de: p.name_de,
                unit: p.unit,
                list_price: p.list_price,
                base_price: p.agreement.base_price,
                tiers: p.agreement.tiers,
                valid_from: Day(p.agreement.valid_from),
                valid_to: p.agreement.valid_to.map(Day),
            })
            .collect(),
        contact: match (
            customer.account_manager_name,
            customer.account_manager_email,
        ) {
            (Some(name), Some(email)) => Some(Contact { name, email }),
            _ => None,
        },
        history: history
            .into_iter()
            .map(|h| HistoryItem {
                version: h.version,
                kind: h.kind,
                sku: h.sku,
                effective_at: h.effective_at,
                changes: h.changes,
                reason: h.reason,
                changed_by: h.changed_by,
                created_at: h.created_at,
            })
            .collect(),
        today,
        can_manage,
        form,
    })
}

/// Reads a price-agreement CSV file and imports it through the prices service.
#[allow(clippy::redundant_closure)]
pub async fn import_prices(
    organization_id: String,
    csv_text: String,
    reason: String,
    keep_valid: bool,
) -> Result<ImportOutcome, AppError> {
    use crate::services::prices::{self, PriceImport, PriceLine};
    let (ctx, actor) = crate::server::caller().await?;
    // Who may, before anything about the file is said.
    crate::services::customers::customer_for(&ctx, &actor, &organization_id, |s| {
        Action::ManageTerms(s)
    })
    .await
    .map_err(crate::server::refusal)?;
    let records = match csv::read(&csv_text, &PRICE_COLUMNS, super::catalog::MAX_IMPORT_LINES) {
        Ok(records) => records,
        Err(problem) => return Ok(ImportOutcome::File(problem)),
    };
    let lines = records
        .iter()
        .map(|record| {
            let field = |i: usize| record.fields.get(i).cloned().unwrap_or_default();
            PriceLine {
                line: record.line,
                sku: field(0),
                form: AgreementForm {
                    base_price: field(1),
                    tiers: field(2),
                    valid_from: field(3),
                    valid_to: field(4),
                },
                wrong_shape: record.fields.len() != PRICE_COLUMNS.len(),
            }
        })
        .collect();
    let import = PriceImport {
        customer_id: organization_id,
        lines,
        reason,
        keep_valid,
    };
    let report = prices::import(&ctx, &actor, import)
        .await
        .map_err(crate::server::refusal)?;
    Ok(ImportOutcome::Checked(report))
}
