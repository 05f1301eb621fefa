//! A customer's negotiated prices in bulk: many agreements (by SKU) in one
//! transaction, all-or-nothing unless asked to keep the valid lines, with every
//! line's problems. The vendor's CSV import and the ERP's `PUT …/prices` call it.

use crate::server::ServerContext;
use crate::services::customers::customer_for;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::Action;
use kontor_domain::calendar::{Day, berlin_day, change_instant};
use kontor_domain::csv::{ImportReport, LineProblem};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::pricing::{Agreement, AgreementForm};
use kontor_store::conditions::{self, ChangedBy, PriceChange};

/// One line: the product's SKU and its agreement as typed. `line` is what the
/// problems refer to (the file's line, or the position in a list from 1).
#[derive(Clone, Debug, Default)]
pub struct PriceLine {
    pub line: usize,
    pub sku: String,
    pub form: AgreementForm,
    /// The line had the wrong number of fields (CSV only).
    pub wrong_shape: bool,
}

/// Agreements for one customer.
#[derive(Clone, Debug, Default)]
pub struct PriceImport {
    pub customer_id: String,
    pub lines: Vec<PriceLine>,
    /// Why (kept in the terms history).
    pub reason: String,
    /// Write the valid lines even when others are refused (default: nothing unless
    /// every line is valid).
    pub keep_valid: bool,
}

/// Checks every line and, if the rule allows, records them all in one transaction.
/// The report says which lines were refused, why, and whether anything was written.
/// Vendor staff who manage the customer's terms; API clients with `prices:write`.
#[allow(clippy::redundant_closure)]
pub async fn import(
    ctx: &ServerContext,
    actor: &Actor,
    input: PriceImport,
) -> Result<ImportReport, ServiceError> {
    let customer = customer_for(ctx, actor, &input.customer_id, |s| Action::ManageTerms(s)).await?;
    let now = ctx.now();
    let today = berlin_day(now).0;
    let mut report = ImportReport::default();
    let mut reason_problems = FormProblems::default();
    let reason = crate::services::terms::reason_text(&input.reason, &mut reason_problems);
    let skus: Vec<&str> = input.lines.iter().map(|l| l.sku.trim()).collect();
    let product_ids = ctx.store.product_ids_by_skus(&skus).await?;
    // (line, sku, product id, agreement) of the lines that parsed.
    let mut parsed: Vec<(usize, String, String, Agreement)> = Vec::new();
    for line in &input.lines {
        let sku = line.sku.trim().to_string();
        let mut problems = FormProblems::default();
        if line.wrong_shape {
            problems.add("columns", FieldProblem::WrongColumnCount);
        }
        let product_id = if sku.is_empty() {
            problems.add("sku", FieldProblem::Required);
            None
        } else {
            // Cloned, not taken: the same SKU may come on two lines.
            let id = product_ids.get(&sku).cloned();
            if id.is_none() {
                problems.add("sku", FieldProblem::UnknownProduct);
            }
            id
        };
        match line.form.parse(today) {
            Ok(agreement) if problems.is_empty() => {
                let product_id = product_id.expect("no problems: the product exists");
                parsed.push((line.line, sku, product_id, agreement));
                continue;
            }
            Ok(_) => {}
            Err(more) => more.0.into_iter().for_each(|(f, p)| problems.add(&f, p)),
        }
        report.problems.push(LineProblem {
            line: line.line,
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
    let (actor_id, actor_name) = actor.recorded_as();
    // From the earliest day a line takes effect (written only if lines are kept).
    let earliest = changes.iter().map(|c| c.effective_at).min().unwrap_or(now);
    let tell = crate::services::terms::tell_customer(
        ctx,
        &customer,
        crate::services::terms::Changed::Prices,
        earliest,
        reason.as_deref(),
    )
    .await?;
    let by = ChangedBy {
        user_id: &actor_id,
        name: &actor_name,
        tell: &tell,
    };
    let clean = report.problems.is_empty();
    let keep_valid = input.keep_valid;
    let (outcomes, committed) = ctx
        .store
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
                (clean && all_recorded) || keep_valid
            },
        )
        .await?;
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
            conditions::ChangeOutcome::NotFound => return Err(ServiceError::NotFound),
        }
    }
    report.problems.sort_by_key(|p| p.line);
    report.imported = committed && report.valid_lines > 0;
    Ok(report)
}
