//! The vendor's products: the editor, taking a product off sale, and the bulk writes
//! by SKU — the catalog CSV import and the ERP's `PUT`/`PATCH /api/v1/products` call
//! the same functions. The SKU is the product's key for the ERP (its material number):
//! it is unique, and every bulk write finds products by it.

use crate::api::catalog::SaveOutcome;
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError, vendor_audit};
use kontor_domain::access::{Access, Action};
use kontor_domain::catalog::{FiguresForm, Product, ProductForm};
use kontor_domain::csv::{ImportReport, LineProblem};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::integration::Scope;
use kontor_store::audit::AuditEntry;
use kontor_store::catalog::{CatalogQuery, CatalogRow, ProductAdjustment, SaveProduct};

/// The vendor's audit entry for a catalog change, after checking that the actor
/// manages the catalog (vendor admins; clients with `catalog:write`).
async fn catalog_manager(ctx: &ServerContext, actor: &Actor) -> Result<AuditEntry, ServiceError> {
    ServiceError::require(actor.may(Action::ManageCatalog))?;
    vendor_audit(ctx, actor, "", String::new(), None).await
}

/// Creates (`id` = None) or changes a product.
pub async fn save_product(
    ctx: &ServerContext,
    actor: &Actor,
    id: Option<String>,
    form: ProductForm,
) -> Result<SaveOutcome, ServiceError> {
    let entry = catalog_manager(ctx, actor).await?;
    let product = match form.parse() {
        Ok(product) => product,
        Err(problems) => return Ok(SaveOutcome::Invalid(problems)),
    };
    let id = id.as_deref().map(str::trim).filter(|id| !id.is_empty());
    match ctx
        .store
        .save_product(id, &product, &entry, ctx.now())
        .await?
    {
        SaveProduct::Saved { id } => Ok(SaveOutcome::Saved { id }),
        SaveProduct::SkuTaken => {
            let mut problems = FormProblems::default();
            problems.add("sku", FieldProblem::SkuTaken);
            Ok(SaveOutcome::Invalid(problems))
        }
        SaveProduct::NotFound => Err(ServiceError::NotFound),
    }
}

/// Takes a product off sale (or back); `false` when it is in that state already.
pub async fn archive_product(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<bool, ServiceError> {
    let entry = catalog_manager(ctx, actor).await?;
    Ok(ctx
        .store
        .set_product_archived(id, archived, &entry, ctx.now())
        .await?)
}

/// One product of a bulk write, as sent: `line` is what problems refer to (the
/// file's line, or the position in a list from 1).
#[derive(Clone, Debug, Default)]
pub struct ProductLine {
    pub line: usize,
    pub form: ProductForm,
    /// The line had the wrong number of fields (CSV only).
    pub wrong_shape: bool,
}

/// Creates or updates products by SKU in one transaction: nothing is written unless
/// every line is valid, or `keep_valid` asks for the valid ones.
pub async fn import_products(
    ctx: &ServerContext,
    actor: &Actor,
    lines: Vec<ProductLine>,
    keep_valid: bool,
) -> Result<ImportReport, ServiceError> {
    let entry = catalog_manager(ctx, actor).await?;
    let mut report = ImportReport::default();
    let mut products: Vec<Product> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for line in &lines {
        let problems = if line.wrong_shape {
            vec![("columns".to_string(), FieldProblem::WrongColumnCount)]
        } else {
            match line.form.parse() {
                Ok(product) if !seen.insert(product.sku.clone()) => {
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
            line: line.line,
            key: line.form.sku.trim().chars().take(40).collect(),
            problems,
        });
    }
    report.valid_lines = products.len();
    if (report.problems.is_empty() || keep_valid) && !products.is_empty() {
        ctx.store
            .import_products(&products, &entry, ctx.now())
            .await?;
        report.imported = true;
    }
    Ok(report)
}

/// New figures for one product, by SKU.
#[derive(Clone, Debug, Default)]
pub struct FiguresLine {
    pub line: usize,
    pub sku: String,
    pub form: FiguresForm,
}

/// Changes list prices, stock and lead times of existing products by SKU in one
/// transaction — what an ERP sends many times a day. All or nothing unless
/// `keep_valid`; an SKU the catalog does not have is a line problem.
pub async fn adjust_products(
    ctx: &ServerContext,
    actor: &Actor,
    lines: Vec<FiguresLine>,
    keep_valid: bool,
) -> Result<ImportReport, ServiceError> {
    let entry = catalog_manager(ctx, actor).await?;
    let mut report = ImportReport::default();
    let mut changes: Vec<(usize, ProductAdjustment)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for line in &lines {
        let sku = line.sku.trim();
        let mut problems = FormProblems::default();
        if sku.is_empty() {
            problems.add("sku", FieldProblem::Required);
        } else if !seen.insert(sku.to_string()) {
            problems.add("sku", FieldProblem::DuplicateInFile);
        }
        match line.form.parse() {
            Ok(figures) if problems.is_empty() => {
                changes.push((
                    line.line,
                    ProductAdjustment {
                        sku: sku.to_string(),
                        list_price_cents: figures.list_price.map(|m| m.cents()),
                        stock: figures.stock,
                        lead_time_days: figures.lead_time_days,
                    },
                ));
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
    let clean = report.problems.is_empty();
    let adjustments: Vec<ProductAdjustment> = changes.iter().map(|(_, c)| c.clone()).collect();
    let mut committed = false;
    let found = ctx
        .store
        .adjust_products(&adjustments, &entry, ctx.now(), |found| {
            committed = (clean && found.iter().all(|f| *f)) || keep_valid;
            committed
        })
        .await?;
    for ((line, change), exists) in changes.iter().zip(&found) {
        if *exists {
            report.valid_lines += 1;
        } else {
            report.problems.push(LineProblem {
                line: *line,
                key: change.sku.chars().take(40).collect(),
                problems: vec![("sku".into(), FieldProblem::UnknownProduct)],
            });
        }
    }
    report.problems.sort_by_key(|p| p.line);
    report.imported = committed && report.valid_lines > 0;
    Ok(report)
}

/// Whether the actor reads the whole catalog with list prices (vendor staff, clients
/// with `catalog:read`); customers see it through their own prices instead.
fn may_read_catalog(actor: &Actor) -> Access {
    match actor {
        Actor::Client(c) => c.grant.may_use(Scope::CatalogRead),
        Actor::Person(_) if actor.is_vendor() => Access::Allowed,
        Actor::Person(_) => Access::Denied,
        Actor::Operator => Access::Allowed,
    }
}

/// Products by SKU after `after_sku`, archived ones included, at most `limit`.
pub async fn products(
    ctx: &ServerContext,
    actor: &Actor,
    after_sku: &str,
    limit: i64,
) -> Result<Vec<CatalogRow>, ServiceError> {
    ServiceError::require(may_read_catalog(actor))?;
    let query = CatalogQuery {
        after_sku: Some(after_sku),
        include_archived: true,
        limit,
        ..CatalogQuery::default()
    };
    Ok(ctx.store.catalog_page(&query).await?)
}

/// One product by SKU (archived or not).
pub async fn product(
    ctx: &ServerContext,
    actor: &Actor,
    sku: &str,
) -> Result<CatalogRow, ServiceError> {
    ServiceError::require(may_read_catalog(actor))?;
    ctx.store
        .catalog_product(sku, "", 0)
        .await?
        .ok_or(ServiceError::NotFound)
}
