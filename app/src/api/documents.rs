//! Documents: finding them, one document with its versions, uploading. Downloads
//! are plain HTTP (`/files/...`, see the server crate): they stream and resume.
//!
//! Each function: caller → parse → one service call in `server::documents`. What a
//! caller may see is decided by the store's reader scope, never by the browser.

use crate::AppError;
use kontor_domain::documents::DocumentKind;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: String,
    pub kind: DocumentKind,
    pub title_en: String,
    pub title_de: String,
    /// The one customer who sees it (vendor staff only; `None` for customers and for
    /// documents of every customer).
    pub customer: Option<String>,
    /// `true`: shown to one customer only.
    pub restricted: bool,
    pub product_sku: Option<String>,
    pub product_en: Option<String>,
    pub product_de: Option<String>,
    pub order_id: Option<String>,
    pub order_number: Option<i64>,
    pub version: i64,
    pub version_id: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub updated_at: i64,
    /// Downloads of every version (vendor staff only).
    pub downloads: Option<i64>,
}

/// A customer the caller may upload documents for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerChoice {
    pub id: String,
    pub name: String,
}

/// What the upload form offers the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadChoices {
    /// May share with every customer (vendor admins).
    pub for_all: bool,
    pub customers: Vec<CustomerChoice>,
    pub max_mb: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentList {
    pub rows: Vec<DocumentRow>,
    /// The cursor of the next (older) page.
    pub next: Option<String>,
    /// Vendor staff who may upload.
    pub upload: Option<UploadChoices>,
    pub staff: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: String,
    pub version: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
    pub downloads: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDownloads {
    pub name: String,
    pub downloads: i64,
    pub last_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub document: DocumentRow,
    pub versions: Vec<VersionRow>,
    /// Downloads per organization (vendor staff only).
    pub by_customer: Option<Vec<CustomerDownloads>>,
    /// The caller may upload a new version.
    pub can_replace: bool,
    pub max_mb: u64,
    /// Whether registered prospects may download it too — for a vendor admin, who
    /// may change that, on a technical document for every customer; else `None`.
    pub for_prospects: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadOutcome {
    Stored { document_id: String, version: i64 },
    Invalid(FormProblems),
}

/// Documents the caller may see, newest first: filtered by words, kind, product
/// (SKU) or order. Authorization: signed in; customers see their organization's
/// documents and those of every customer (documents of orders only as far as they
/// see the order), account managers those of their customers and of every customer.
#[server(endpoint = "documents")]
pub async fn list_documents(
    #[server(default)] q: String,
    #[server(default)] kind: String,
    #[server(default)] product: String,
    #[server(default)] order: String,
    #[server(default)] before: String,
) -> Result<DocumentList, AppError> {
    crate::server::documents::list(q, kind, product, order, before).await
}

/// One document with every version. Authorization: as [`list_documents`]; anything
/// else is "not found".
#[server(endpoint = "document")]
pub async fn get_document(document_id: String) -> Result<DocumentDetail, AppError> {
    crate::server::documents::detail(document_id).await
}

/// Uploads a document (fields `title_en`, `title_de`, `kind`, `product`,
/// `visibility`, `order`, then `file`) or a new version of one (`document_id`, then
/// `file`). The file streams to storage. Authorization: vendor admins for every
/// customer, account managers for their own customers.
#[server(endpoint = "upload_document", input = MultipartFormData)]
#[middleware(crate::server::multipart::MultipartOnly)]
pub async fn upload_document(data: MultipartData) -> Result<UploadOutcome, AppError> {
    crate::server::documents::upload(data).await
}
