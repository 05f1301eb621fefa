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
use kontor_domain::csv::{self, ImportReport, LineProblem};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::pricing::{Agreement, AgreementForm};
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

#[allow(clippy::redundant_closure)]
pub async fn import_prices(
    organization_id: String,
    csv_text: String,
    reason: String,
    keep_valid: bool,
) -> Result<ImportOutcome, ServerFnError> {
    let (user, customer) = customer_for(&organization_id, |s| Action::ManageTerms(s)).await?;
    let now = now_ms();
    let today = berlin_day(now).0;
    let records = match csv::read(&csv_text, &PRICE_COLUMNS, super::catalog::MAX_IMPORT_LINES) {
        Ok(records) => records,
        Err(problem) => return Ok(ImportOutcome::File(problem)),
    };
    let mut reason_problems = FormProblems::default();
    let reason = reason_text(&reason, &mut reason_problems);
    let mut report = ImportReport::default();
    // (line, sku, product id, agreement) of the lines that parsed.
    let mut parsed: Vec<(usize, String, String, Agreement)> = Vec::new();
    for record in &records {
        let field = |i: usize| record.fields.get(i).cloned().unwrap_or_default();
        let sku = field(0).trim().to_string();
        let mut problems = FormProblems::default();
        if record.fields.len() != PRICE_COLUMNS.len() {
            problems.add("columns", FieldProblem::WrongColumnCount);
        }
        let product_id = find_product(&sku, &mut problems).await?;
        let form = AgreementForm {
            base_price: field(1),
            tiers: field(2),
            valid_from: field(3),
            valid_to: field(4),
        };
        match form.parse(today) {
            Ok(agreement) if problems.is_empty() => {
                let product_id = product_id.expect("no problems: the product exists");
                parsed.push((record.line, sku, product_id, agreement));
                continue;
            }
            Ok(_) => {}
            Err(more) => more.0.into_iter().for_each(|(f, p)| problems.add(&f, p)),
        }
        report.problems.push(LineProblem {
            line: record.line,
            key: sku.chars().take(40).collect(),
            problems: problems.0,
        });
    }
    if let Some(problem) = reason_problems.get("reason") {
        report.problems.push(LineProblem {
            line: 0,
            key: String::new(),
            problems: vec![("reason".into(), problem)],
        });
    }
    let changes: Vec<PriceChange<'_>> = parsed
        .iter()
        .map(|(_, sku, product_id, agreement)| PriceChange {
            product_id,
            sku,
            agreement: Some(agreement),
            from: agreement.valid_from,
            effective_at: change_instant(Day(agreement.valid_from), now),
        })
        .collect();
    let by = ChangedBy {
        user_id: &user.record.id,
        name: &user.record.display_name,
    };
    let clean_file = report.problems.is_empty();
    let (outcomes, committed) = store()
        .change_prices(
            &customer.id,
            &changes,
            reason.as_deref(),
            &by,
            now,
            |outcomes| {
                let all_recorded = outcomes
                    .iter()
                    .all(|o| matches!(o, conditions::ChangeOutcome::Recorded { .. }));
                (clean_file && all_recorded) || keep_valid
            },
        )
        .await
        .map_err(|e| internal_error("import_prices", e))?;
    for ((line, sku, _, _), outcome) in parsed.iter().zip(&outcomes) {
        match outcome {
            conditions::ChangeOutcome::Recorded { .. } => report.valid_lines += 1,
            conditions::ChangeOutcome::Refused(problem) => {
                let (field, problem) = problem.at_field();
                report.problems.push(LineProblem {
                    line: *line,
                    key: sku.clone(),
                    problems: vec![(field.to_string(), problem)],
                });
            }
            conditions::ChangeOutcome::NotFound => return Err(not_found()),
        }
    }
    report.problems.sort_by_key(|p| p.line);
    report.imported = committed && report.valid_lines > 0;
    Ok(ImportOutcome::Checked(report))
}
