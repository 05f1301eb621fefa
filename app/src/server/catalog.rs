//! The vendor admin's catalog changes (editor, archive, CSV import), through
//! `services::catalog`.

use crate::AppError;
use crate::api::catalog::{ImportOutcome, SaveOutcome};
use crate::server::{caller, refusal};
use crate::services::catalog::{self, ProductLine};
use kontor_domain::catalog::{PRODUCT_COLUMNS, ProductForm};
use kontor_domain::csv;

/// Most lines one import takes (a larger catalog is imported in parts).
pub const MAX_IMPORT_LINES: usize = 5_000;

pub async fn save_product(id: String, form: ProductForm) -> Result<SaveOutcome, AppError> {
    let (ctx, actor) = caller().await?;
    catalog::save_product(&ctx, &actor, Some(id), form)
        .await
        .map_err(refusal)
}

pub async fn archive_product(id: String, archived: bool) -> Result<bool, AppError> {
    let (ctx, actor) = caller().await?;
    catalog::archive_product(&ctx, &actor, &id, archived)
        .await
        .map_err(refusal)
}

pub async fn import_products(csv: String, keep_valid: bool) -> Result<ImportOutcome, AppError> {
    let (ctx, actor) = caller().await?;
    // Who may, before anything about the file is said.
    if !actor
        .may(kontor_domain::access::Action::ManageCatalog)
        .is_allowed()
    {
        return Err(refusal(crate::services::ServiceError::Forbidden));
    }
    let records = match csv::read(&csv, &PRODUCT_COLUMNS, MAX_IMPORT_LINES) {
        Ok(records) => records,
        Err(problem) => return Ok(ImportOutcome::File(problem)),
    };
    let lines = records
        .iter()
        .map(|record| ProductLine {
            line: record.line,
            form: ProductForm::from_record(&record.fields),
            wrong_shape: record.fields.len() != PRODUCT_COLUMNS.len(),
        })
        .collect();
    let report = catalog::import_products(&ctx, &actor, lines, keep_valid)
        .await
        .map_err(refusal)?;
    Ok(ImportOutcome::Checked(report))
}
