//! Documents: the services behind `api::documents` and the download handler.
//!
//! Who sees what is one function, [`reader_of`]: the store answers every read
//! within that scope, so a document of another organization is simply not there —
//! in lists, by id, by version id and in search alike.

mod download;
mod upload;

pub use download::{Download, DownloadRefusal, open_download, record_download};
pub use upload::upload;
pub(crate) use upload::{Intake, drain, read_text, take_file};

use crate::AppError;
use crate::api::documents::{
    CustomerChoice, CustomerDownloads, DocumentDetail, DocumentList, DocumentRow, UploadChoices,
    VersionRow,
};
use crate::server::auth::{SessionUser, not_found, signed_in};
use crate::server::{ServerContext, internal_error};
use kontor_domain::access::{Action, CustomerScope, Role};
use kontor_domain::documents::DocumentKind;
use kontor_store::documents::{DocumentQuery, DocumentRecord, Reader};

const PAGE: i64 = 50;

/// The scope of everything `user` reads about documents.
pub fn reader_of(user: &SessionUser) -> Reader<'_> {
    let actor = user.actor();
    if actor.is_vendor() {
        if actor.has(Role::VendorAdmin) || actor.has(Role::ServiceAgent) {
            Reader::AllCustomers
        } else {
            Reader::AccountManager {
                user_id: &user.record.id,
            }
        }
    } else {
        let own = CustomerScope {
            organization_id: &user.record.organization_id,
            account_manager_id: None,
        };
        Reader::Customer {
            organization_id: &user.record.organization_id,
            user_id: &user.record.id,
            all_orders: actor.may(Action::SeeAllOrders(own)).is_allowed(),
        }
    }
}

fn row_of(record: DocumentRecord, staff: bool) -> DocumentRow {
    DocumentRow {
        restricted: record.customer_id.is_some(),
        customer: record.customer_name.filter(|_| staff),
        id: record.id,
        kind: record.kind,
        title_en: record.title_en,
        title_de: record.title_de,
        product_sku: record.product_sku,
        product_en: record.product_name_en,
        product_de: record.product_name_de,
        order_id: record.order_id,
        order_number: record.order_number,
        version: record.current.version,
        version_id: record.current.id,
        file_name: record.current.file_name,
        size_bytes: record.current.size_bytes,
        updated_at: record.updated_at,
        downloads: staff.then_some(record.downloads),
    }
}

/// Lower-case words of a search.
fn words_of(q: &str) -> Vec<String> {
    q.split_whitespace()
        .take(8)
        .map(|w| w.chars().take(60).collect::<String>().to_lowercase())
        .collect()
}

pub async fn list(
    q: String,
    kind: String,
    product: String,
    order: String,
    before: String,
) -> Result<DocumentList, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let user = signed_in().await?;
    let staff = user.actor().is_vendor();
    let cursor = before
        .split_once(':')
        .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_string())));
    let product = product.trim().to_uppercase();
    let query = DocumentQuery {
        kind: DocumentKind::parse(&kind),
        product_sku: Some(product.as_str()).filter(|s| !s.is_empty()),
        order_id: Some(order.trim()).filter(|s| !s.is_empty()),
        words: words_of(&q),
        customer_id: None,
        before: cursor.as_ref().map(|(at, id)| (*at, id.as_str())),
        limit: PAGE + 1,
    };
    let mut rows = request
        .store
        .documents_page(reader_of(&user), &query)
        .await
        .map_err(|e| internal_error("documents", e))?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().expect("a full page");
        format!("{}:{}", last.updated_at, last.id)
    });
    let upload = if staff {
        upload_choices(&user).await?
    } else {
        None
    };
    Ok(DocumentList {
        rows: rows.into_iter().map(|r| row_of(r, staff)).collect(),
        next,
        upload,
        staff,
    })
}

/// The customers `user` may upload for (and whether for every customer); `None`
/// when they may not upload at all.
async fn upload_choices(user: &SessionUser) -> Result<Option<UploadChoices>, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let actor = user.actor();
    let for_all = actor.may(Action::ManageDocuments(None)).is_allowed();
    let customers = request
        .store
        .customers(None)
        .await
        .map_err(|e| internal_error("documents", e))?
        .into_iter()
        .filter(|c| {
            actor
                .may(Action::ManageDocuments(Some(CustomerScope {
                    organization_id: &c.id,
                    account_manager_id: c.account_manager_id.as_deref(),
                })))
                .is_allowed()
        })
        .map(|c| CustomerChoice {
            id: c.id,
            name: c.name,
        })
        .collect::<Vec<_>>();
    Ok((for_all || !customers.is_empty()).then_some(UploadChoices {
        for_all,
        customers,
        max_mb: request.files.max_bytes / (1024 * 1024),
    }))
}

/// May `user` add versions to this document?
async fn may_replace(
    ctx: &ServerContext,
    user: &SessionUser,
    record: &DocumentRecord,
) -> Result<bool, AppError> {
    let actor = user.actor();
    let scope = match &record.customer_id {
        None => None,
        Some(id) => {
            let customer = ctx
                .store
                .customer(id)
                .await
                .map_err(|e| internal_error("document", e))?
                .ok_or_else(not_found)?;
            Some(customer)
        }
    };
    Ok(actor
        .may(Action::ManageDocuments(scope.as_ref().map(|c| {
            CustomerScope {
                organization_id: &c.id,
                account_manager_id: c.account_manager_id.as_deref(),
            }
        })))
        .is_allowed())
}

pub async fn detail(document_id: String) -> Result<DocumentDetail, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let user = signed_in().await?;
    let staff = user.actor().is_vendor();
    let record = request
        .store
        .document(reader_of(&user), document_id.trim())
        .await
        .map_err(|e| internal_error("document", e))?
        .ok_or_else(not_found)?;
    let versions = request
        .store
        .document_versions(&record.id)
        .await
        .map_err(|e| internal_error("document", e))?;
    let (by_customer, can_replace) = if staff {
        let am = match reader_of(&user) {
            Reader::AccountManager { user_id } => Some(user_id),
            _ => None,
        };
        let counts = request
            .store
            .document_downloads(&record.id, am)
            .await
            .map_err(|e| internal_error("document", e))?;
        (
            Some(
                counts
                    .into_iter()
                    .map(|c| CustomerDownloads {
                        name: c.organization_name,
                        downloads: c.downloads,
                        last_at: c.last_at,
                    })
                    .collect(),
            ),
            may_replace(&request, &user, &record).await?,
        )
    } else {
        (None, false)
    };
    let for_prospects = (record.customer_id.is_none()
        && kontor_domain::documents::DocumentKind::FOR_PROSPECTS.contains(&record.kind)
        && user
            .actor()
            .may(kontor_domain::access::Action::ManageDocuments(None))
            .is_allowed())
    .then_some(record.for_prospects);
    Ok(DocumentDetail {
        for_prospects,
        document: row_of(record, staff),
        versions: versions
            .into_iter()
            .map(|v| VersionRow {
                id: v.id,
                version: v.version,
                file_name: v.file_name,
                content_type: v.content_type,
                size_bytes: v.size_bytes,
                sha256: v.sha256,
                // Customers see the vendor's name on a version, not the person's.
                uploaded_by: if staff { v.uploaded_by } else { String::new() },
                uploaded_at: v.uploaded_at,
                downloads: staff.then_some(v.downloads),
            })
            .collect(),
        by_customer,
        can_replace,
        max_mb: request.files.max_bytes / (1024 * 1024),
    })
}
