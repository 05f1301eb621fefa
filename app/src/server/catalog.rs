//! The vendor admin's catalog changes: editor, archive and CSV import.

use crate::api::catalog::{ImportOutcome, SaveOutcome};
use crate::server::auth::{SessionUser, not_found, require, signed_in, store};
use crate::server::internal_error;
use kontor_domain::access::Action;
use kontor_domain::catalog::{PRODUCT_COLUMNS, Product, ProductForm};
use kontor_domain::csv::{self, ImportReport, LineProblem};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_store::audit::AuditEntry;
use kontor_store::catalog::SaveProduct;
use kontor_store::now_ms;
use leptos::prelude::ServerFnError;

/// Most lines one import takes (a larger catalog is imported in parts).
pub const MAX_IMPORT_LINES: usize = 5_000;

async fn catalog_admin() -> Result<SessionUser, ServerFnError> {
    let user = signed_in().await?;
    require(user.actor().may(Action::ManageCatalog))?;
    Ok(user)
}

/// The audit entry's who and where: the vendor's own trail.
pub fn vendor_entry(user: &SessionUser) -> AuditEntry {
    AuditEntry {
        organization_id: user.record.organization_id.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: String::new(),
        target: String::new(),
        before: None,
        after: None,
    }
}

pub async fn save_product(id: String, form: ProductForm) -> Result<SaveOutcome, ServerFnError> {
    let user = catalog_admin().await?;
    let product = match form.parse() {
        Ok(product) => product,
        Err(problems) => return Ok(SaveOutcome::Invalid(problems)),
    };
    let id = Some(id.trim()).filter(|id| !id.is_empty());
    let saved = store()
        .save_product(id, &product, &vendor_entry(&user), now_ms())
        .await
        .map_err(|e| internal_error("save_product", e))?;
    match saved {
        SaveProduct::Saved { id } => Ok(SaveOutcome::Saved { id }),
        SaveProduct::SkuTaken => {
            let mut problems = FormProblems::default();
            problems.add("sku", FieldProblem::SkuTaken);
            Ok(SaveOutcome::Invalid(problems))
        }
        SaveProduct::NotFound => Err(not_found()),
    }
}

pub async fn archive_product(id: String, archived: bool) -> Result<bool, ServerFnError> {
    let user = catalog_admin().await?;
    store()
        .set_product_archived(&id, archived, &vendor_entry(&user), now_ms())
        .await
        .map_err(|e| internal_error("archive_product", e))
}

pub async fn import_products(
    csv: String,
    keep_valid: bool,
) -> Result<ImportOutcome, ServerFnError> {
    let user = catalog_admin().await?;
    let records = match csv::read(&csv, &PRODUCT_COLUMNS, MAX_IMPORT_LINES) {
        Ok(records) => records,
        Err(problem) => return Ok(ImportOutcome::File(problem)),
    };
    let mut report = ImportReport::default();
    let mut products: Vec<Product> = Vec::new();
    for record in &records {
        let form = ProductForm::from_record(&record.fields);
        let problems = if record.fields.len() != PRODUCT_COLUMNS.len() {
            vec![("columns".to_string(), FieldProblem::WrongColumnCount)]
        } else {
            match form.parse() {
                Ok(product) if products.iter().any(|p| p.sku == product.sku) => {
                    vec![("sku".to_string(), FieldProblem::DuplicateInFile)]
                }
                Ok(product) => {
                    products.push(product);
                    continue;
                }
                Err(problems) => problems.0,
            }
        };
        report.problems.push(LineProblem {
            line: record.line,
            key: form.sku.trim().chars().take(40).collect(),
            problems,
        });
    }
    report.valid_lines = products.len();
    if (report.problems.is_empty() || keep_valid) && !products.is_empty() {
        store()
            .import_products(&products, &vendor_entry(&user), now_ms())
            .await
            .map_err(|e| internal_error("import_products", e))?;
        report.imported = true;
    }
    Ok(ImportOutcome::Checked(report))
}
