//! Reading and changing a customer's negotiated conditions.

use crate::api::catalog::ImportOutcome;
use crate::api::customers::load::customer_for;
use crate::api::terms::{
    ChangeOutcome, Contact, HISTORY_PAGE, HistoryItem, PriceLine, TermsInfo, TermsOverview,
};
use crate::server::auth::{not_found, store};
use crate::server::internal_error;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::calendar::{Day, berlin_day, change_instant, effective_from};
use kontor_domain::csv;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::pricing::AgreementForm;
use kontor_domain::terms::{Terms, TermsForm};
use kontor_domain::text::optional_text;
use kontor_store::conditions::{self, ChangedBy, PriceChange};
use kontor_store::now_ms;
use kontor_store::organizations::CustomerRecord;
use leptos::prelude::ServerFnError;

/// The columns of a price-agreement CSV file, in this order.
pub const PRICE_COLUMNS: [&str; 5] = ["sku", "base_price", "tiers", "valid_from", "valid_to"];

fn scope(c: &CustomerRecord) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &c.id,
        account_manager_id: c.account_manager_id.as_deref(),
    }
}

#[allow(clippy::redundant_closure)]
pub async fn overview(organization_id: String) -> Result<TermsOverview, ServerFnError> {
    let (user, customer) = customer_for(&organization_id, |s| Action::ViewTerms(s)).await?;
    let can_manage = user
        .actor()
        .may(Action::ManageTerms(scope(&customer)))
        .is_allowed();
    let now = now_ms();
    let today = berlin_day(now);
    let store = store();
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

fn reason_text(reason: &str, problems: &mut FormProblems) -> Option<String> {
    optional_text(reason, 500)
        .map_err(|e| problems.add("reason", e.into()))
        .unwrap_or_default()
}

fn recorded(outcome: conditions::ChangeOutcome) -> Result<ChangeOutcome, ServerFnError> {
    match outcome {
        conditions::ChangeOutcome::Recorded { version } => Ok(ChangeOutcome::Recorded { version }),
        conditions::ChangeOutcome::Refused(problem) => {
            let (field, problem) = problem.at_field();
            let mut problems = FormProblems::default();
            problems.add(field, problem);
            Ok(ChangeOutcome::Invalid(problems))
        }
        conditions::ChangeOutcome::NotFound => Err(not_found()),
    }
}

#[allow(clippy::redundant_closure)]
pub async fn save_terms(
    organization_id: String,
    form: TermsForm,
    effective_date: String,
    reason: String,
) -> Result<ChangeOutcome, ServerFnError> {
    let (user, customer) = customer_for(&organization_id, |s| Action::ManageTerms(s)).await?;
    let now = now_ms();
    let (terms, mut problems) = match form.parse() {
        Ok(terms) => (Some(terms), FormProblems::default()),
        Err(problems) => (None, problems),
    };
    let when = effective_from(&effective_date, now)
        .map_err(|e| problems.add("effective_date", e.into()))
        .ok();
    let reason = reason_text(&reason, &mut problems);
    let (Some(terms), Some((_, at)), true) = (terms, when, problems.is_empty()) else {
        return Ok(ChangeOutcome::Invalid(problems));
    };
    let by = ChangedBy {
        user_id: &user.record.id,
        name: &user.record.display_name,
    };
    let outcome = store()
        .change_terms(&customer.id, &terms, at, reason.as_deref(), &by, now)
        .await
        .map_err(|e| internal_error("save_terms", e))?;
    recorded(outcome)
}

#[allow(clippy::redundant_closure)]
pub async fn save_price(
    organization_id: String,
    sku: String,
    form: AgreementForm,
    reason: String,
    end: bool,
) -> Result<ChangeOutcome, ServerFnError> {
    let (user, customer) = customer_for(&organization_id, |s| Action::ManageTerms(s)).await?;
    let now = now_ms();
    let today = berlin_day(now).0;
    let mut problems = FormProblems::default();
    let product_id = find_product(&sku, &mut problems).await?;
    let reason = reason_text(&reason, &mut problems);
    let agreement = if end {
        let from = effective_from(&form.valid_from, now)
            .map_err(|e| problems.add("valid_from", e.into()))
            .map_or(today, |(day, _)| day.0);
        Ok((None, from))
    } else {
        form.parse(today).map(|a| {
            let from = a.valid_from;
            (Some(a), from)
        })
    };
    let (new, from) = match agreement {
        Ok(parsed) => parsed,
        Err(more) => {
            for (field, problem) in more.0 {
                problems.add(&field, problem);
            }
            return Ok(ChangeOutcome::Invalid(problems));
        }
    };
    let Some(product_id) = product_id.filter(|_| problems.is_empty()) else {
        return Ok(ChangeOutcome::Invalid(problems));
    };
    let by = ChangedBy {
        user_id: &user.record.id,
        name: &user.record.display_name,
    };
    let change = PriceChange {
        product_id: &product_id,
        sku: sku.trim(),
        agreement: new.as_ref(),
        from,
        effective_at: change_instant(Day(from), now),
    };
    let outcome = store()
        .change_price(&customer.id, &change, reason.as_deref(), &by, now)
        .await
        .map_err(|e| internal_error("save_price", e))?;
    recorded(outcome)
}

async fn find_product(
    sku: &str,
    problems: &mut FormProblems,
) -> Result<Option<String>, ServerFnError> {
    let sku = sku.trim();
    if sku.is_empty() {
        problems.add("sku", FieldProblem::Required);
        return Ok(None);
    }
    let id = store()
        .product_id_by_sku(sku)
        .await
        .map_err(|e| internal_error("find_product", e))?;
    if id.is_none() {
        problems.add("sku", FieldProblem::UnknownProduct);
    }
    Ok(id)
}

/// Reads a price-agreement CSV file and imports it through the prices service.
#[allow(clippy::redundant_closure)]
pub async fn import_prices(
    organization_id: String,
    csv_text: String,
    reason: String,
    keep_valid: bool,
) -> Result<ImportOutcome, ServerFnError> {
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
