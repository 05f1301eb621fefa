//! Documents the ERP attaches (`documents:write`): invoices and delivery notes to an
//! order, contracts and certificates to a customer. The upload is
//! `multipart/form-data` with the describing fields first and the file last, so
//! that who may upload what is decided before a byte of the file is stored — the
//! same order and the same service (`services::documents`) as the portal's form.

use super::ApiState;
use super::problem::Problem;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use http::StatusCode;
use kontor_app::api::documents::UploadOutcome;
use kontor_app::services::documents::{self, Attachment, Target};
use kontor_app::services::{Actor, ServiceError};
use kontor_domain::documents::{SNIFF_BYTES, checked_file};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_store::documents::Reader;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The longest text field read, in bytes.
const FIELD_MAX: usize = 4096;

/// The form of an upload. Send the file last.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// For an order: `invoice` or `delivery_note`. For a customer: `contract`,
    /// `certificate`, `manual`, `data_sheet`, `cad_model` or `other`.
    kind: String,
    title_en: String,
    /// Left out: the English title is shown.
    title_de: Option<String>,
    /// For a customer's document about one product: its SKU.
    product: Option<String>,
    /// The file (PDF, office documents, images, CAD formats); its first bytes must
    /// match its name's type.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A stored document.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiDocument {
    pub id: String,
    pub version: i64,
    pub kind: String,
    pub title_en: String,
    pub customer_id: Option<String>,
    pub order_id: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Of the stored bytes, hex: the ERP can check what arrived.
    pub sha256: String,
}

/// Attach an invoice or a delivery note to an order.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/documents",
    tag = "documents",
    params(("id" = String, Path, description = "The order's id"), super::IdempotencyHeader),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored; the customer's people see it with the order", body = ApiDocument),
        (status = 400, description = "Not a multipart form, the file missing its name, or the upload broke off", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `documents:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not of a customer the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields or the file were refused (type not allowed, content not matching its name, too large); nothing was stored", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["documents:write"]))
)]
pub(super) async fn for_order(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ApiDocument>), Problem> {
    let destination = documents::order_destination(&state.context, &actor, &id).await?;
    let mut form = read_form(&headers, body).await?;
    let mut attachment = form.attachment();
    // An order's documents are about the order, not a product.
    attachment.product.clear();
    let target = documents::plan_at(&state.context, &actor, &destination, attachment).await?;
    store(&state, &actor, target, &mut form).await
}

/// Attach a document to a customer (a contract, a certificate).
#[utoipa::path(
    post,
    path = "/api/v1/customers/{id}/documents",
    tag = "documents",
    params(("id" = String, Path, description = "The customer's id"), super::IdempotencyHeader),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored; only this customer's people see it", body = ApiDocument),
        (status = 400, description = "Not a multipart form, the file missing its name, or the upload broke off", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `documents:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the token reaches", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields or the file were refused; nothing was stored", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["documents:write"]))
)]
pub(super) async fn for_customer(
    State(state): State<ApiState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ApiDocument>), Problem> {
    let destination = documents::customer_destination(&state.context, &actor, &id).await?;
    let mut form = read_form(&headers, body).await?;
    let attachment = form.attachment();
    let target = documents::plan_at(&state.context, &actor, &destination, attachment).await?;
    store(&state, &actor, target, &mut form).await
}

/// The form's fields, read up to the file, and the file still unread.
struct UploadForm {
    fields: HashMap<String, String>,
    file: Option<multer::Field<'static>>,
}

impl UploadForm {
    fn attachment(&self) -> Attachment {
        let field = |name: &str| self.fields.get(name).cloned().unwrap_or_default();
        Attachment {
            kind: field("kind"),
            title_en: field("title_en"),
            title_de: field("title_de"),
            product: field("product"),
        }
    }
}

async fn read_form(headers: &HeaderMap, body: Body) -> Result<UploadForm, Problem> {
    let boundary = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or_else(|| Problem::bad_request("Send the document as multipart/form-data."))?;
    let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
    let broken = |_| Problem::bad_request("The multipart form is malformed.");
    let mut fields = HashMap::new();
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            return Ok(UploadForm {
                fields,
                file: Some(field),
            });
        }
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if bytes.len() + chunk.len() > FIELD_MAX {
                return Err(Problem::bad_request(format!(
                    "The field `{name}` is longer than {FIELD_MAX} bytes."
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| Problem::bad_request(format!("The field `{name}` is not UTF-8.")))?;
        fields.insert(name, text);
    }
    Ok(UploadForm { fields, file: None })
}

/// Checks the file against its name and stores it for the planned document.
async fn store(
    state: &ApiState,
    actor: &Actor,
    target: Result<Target, FormProblems>,
    form: &mut UploadForm,
) -> Result<(StatusCode, Json<ApiDocument>), Problem> {
    let mut problems = target.as_ref().err().cloned().unwrap_or_default();
    let Some(file) = form.file.as_mut() else {
        problems.add("file", FieldProblem::Required);
        return Err(Problem::invalid(&problems));
    };
    let sent_name = file.file_name().map(str::to_string);
    let head = read_head(file).await?;
    let checked = checked_file(sent_name.as_deref(), &head)
        .map_err(|problem| problems.add("file", problem))
        .ok();
    let (Ok(target), Some((name, file_type)), true) = (target, checked, problems.is_empty()) else {
        return Err(Problem::invalid(&problems));
    };
    let outcome =
        documents::store_document(&state.context, actor, target, &name, file_type, head, file)
            .await?;
    let document_id = match outcome {
        UploadOutcome::Stored { document_id, .. } => document_id,
        UploadOutcome::Invalid(problems) => return Err(Problem::invalid(&problems)),
    };
    let record = state
        .context
        .store
        .document(Reader::AllCustomers, &document_id)
        .await
        .map_err(ServiceError::from)?
        .ok_or_else(Problem::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(ApiDocument {
            id: record.id,
            version: record.current.version,
            kind: record.kind.as_str().to_string(),
            title_en: record.title_en,
            customer_id: record.customer_id,
            order_id: record.order_id,
            file_name: record.current.file_name,
            content_type: record.current.content_type,
            size_bytes: record.current.size_bytes,
            sha256: record.current.sha256,
        }),
    ))
}

/// At least [`SNIFF_BYTES`] of the file (fewer only when it is shorter).
async fn read_head(file: &mut multer::Field<'static>) -> Result<Bytes, Problem> {
    let mut head = BytesMut::new();
    while head.len() < SNIFF_BYTES {
        match file.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(Problem::bad_request("The upload broke off.")),
            None => break,
        }
    }
    Ok(head.freeze())
}
