//! Uploading a document or a new version: the form's fields are read and checked
//! first (authorization before a byte of the file is stored), then the file's first
//! bytes decide whether its type is what its name claims, then it streams to
//! storage, and only then is its metadata written — in one transaction with the
//! audit entry.

use super::{may_replace, reader_of};
use crate::api::documents::UploadOutcome;
use crate::server::ServerContext;
use crate::server::auth::{SessionUser, bad_request, forbidden, not_found, signed_in, store};
use crate::server::files::FilesError;
use crate::server::{context, internal_error};
use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt};
use kontor_domain::access::{Action, CustomerScope, Role};
use kontor_domain::documents::{
    DocumentDraft, DocumentForm, FileType, SNIFF_BYTES, Visibility, check_content, safe_file_name,
};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_store::accounts::UserRecord;
use kontor_store::documents::{Links, NewFile, Uploader};
use kontor_store::{new_id, now_ms};
use leptos::prelude::ServerFnError;
use leptos::server_fn::codec::MultipartData;
use std::collections::HashMap;

/// The longest text field of the form accepted, in bytes.
const FIELD_MAX: usize = 4096;

/// What an upload makes.
pub enum Target {
    New { draft: DocumentDraft, links: Links },
    Version { document_id: String },
}

pub async fn upload(data: MultipartData) -> Result<UploadOutcome, ServerFnError> {
    let user = signed_in().await?;
    let actor = user.actor();
    if !actor.is_vendor() || !(actor.has(Role::VendorAdmin) || actor.has(Role::AccountManager)) {
        return Err(forbidden());
    }
    let mut multipart = data.into_inner().ok_or_else(bad_request)?;
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| bad_request())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            file = Some(field);
            break;
        }
        fields.insert(name, read_text(field).await?);
    }
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut problems = FormProblems::default();
    let target = match plan(&user, &field, &mut problems).await {
        Ok(target) => target,
        Err(refusal) => {
            drain(multipart, file).await;
            return Err(refusal);
        }
    };
    let Some(mut file) = file else {
        problems.add("file", FieldProblem::Required);
        return Ok(UploadOutcome::Invalid(problems));
    };
    let name = file.file_name().and_then(safe_file_name);
    let head = read_head(&mut file).await?;
    let file_type = match name.as_deref().map(|n| check_content(n, &head)) {
        None => {
            problems.add("file", FieldProblem::Required);
            None
        }
        Some(check) => match check.problem() {
            Some(problem) => {
                problems.add("file", problem);
                None
            }
            None => FileType::claimed_by(name.as_deref().unwrap_or_default()),
        },
    };
    let (Some(target), Some(file_type), Some(name), true) =
        (target, file_type, name, problems.is_empty())
    else {
        drain(multipart, Some(file)).await;
        return Ok(UploadOutcome::Invalid(problems));
    };
    let ctx = context();
    let outcome = store_document(
        &ctx,
        &user.record,
        target,
        &name,
        file_type,
        head,
        &mut file,
    )
    .await;
    if matches!(outcome, Ok(UploadOutcome::Invalid(_))) {
        drain(multipart, Some(file)).await;
    }
    outcome
}

/// Checks the form (or the document to replace) and who may upload it. `Ok(None)`
/// with `problems` filled when the form is wrong; `Err` for a refusal.
async fn plan(
    user: &SessionUser,
    field: &impl Fn(&str) -> String,
    problems: &mut FormProblems,
) -> Result<Option<Target>, ServerFnError> {
    let replace = field("document_id");
    if !replace.trim().is_empty() {
        let record = store()
            .document(reader_of(user), replace.trim())
            .await
            .map_err(|e| internal_error("upload_document", e))?
            .ok_or_else(not_found)?;
        if !may_replace(user, &record).await? {
            return Err(forbidden());
        }
        return Ok(Some(Target::Version {
            document_id: record.id,
        }));
    }
    let form = DocumentForm {
        title_en: field("title_en"),
        title_de: field("title_de"),
        kind: field("kind"),
        product: field("product"),
        visibility: field("visibility"),
        order: field("order"),
    };
    let draft = match form.parse() {
        Ok(draft) => draft,
        Err(found) => {
            *problems = found;
            return Ok(None);
        }
    };
    // The customer must be the caller's to serve; one that is not is as unknown as
    // one that does not exist.
    let actor = user.actor();
    match &draft.visibility {
        Visibility::AllCustomers => {
            if !actor.may(Action::ManageDocuments(None)).is_allowed() {
                return Err(forbidden());
            }
        }
        Visibility::Customer(id) => {
            let customer = store()
                .customer(id)
                .await
                .map_err(|e| internal_error("upload_document", e))?;
            let allowed = customer.as_ref().is_some_and(|c| {
                actor
                    .may(Action::ManageDocuments(Some(CustomerScope {
                        organization_id: &c.id,
                        account_manager_id: c.account_manager_id.as_deref(),
                    })))
                    .is_allowed()
            });
            if !allowed {
                problems.add("visibility", FieldProblem::UnknownCustomer);
                return Ok(None);
            }
        }
    }
    let links = store()
        .document_links(
            &draft.visibility,
            draft.product_sku.as_deref(),
            draft.order_number,
        )
        .await
        .map_err(|e| internal_error("upload_document", e))?;
    match links {
        Ok(links) => Ok(Some(Target::New { draft, links })),
        Err(missing) => {
            for name in missing {
                let problem = match name {
                    "product" => FieldProblem::UnknownProduct,
                    "order" => FieldProblem::UnknownOrder,
                    _ => FieldProblem::UnknownCustomer,
                };
                problems.add(name, problem);
            }
            Ok(None)
        }
    }
}

/// Stores a checked file and writes its metadata; the demo seed uses it as well.
pub async fn store_document<E: std::fmt::Display>(
    ctx: &ServerContext,
    by: &UserRecord,
    target: Target,
    file_name: &str,
    file_type: FileType,
    head: Bytes,
    rest: &mut (impl Stream<Item = Result<Bytes, E>> + Unpin),
) -> Result<UploadOutcome, ServerFnError> {
    let document_id = match &target {
        Target::New { .. } => new_id(),
        Target::Version { document_id } => document_id.clone(),
    };
    let version_id = new_id();
    let key = format!("documents/{document_id}/{version_id}");
    let saved = match ctx.files.save(&key, head, rest).await {
        Ok(saved) => saved,
        Err(FilesError::TooLarge(_)) => {
            let mut problems = FormProblems::default();
            problems.add("file", FieldProblem::FileTooLarge);
            return Ok(UploadOutcome::Invalid(problems));
        }
        Err(FilesError::Body(_)) => return Err(bad_request()),
        Err(e) => return Err(internal_error("upload_document", e)),
    };
    let file = NewFile {
        object_key: key.clone(),
        file_name: file_name.to_string(),
        content_type: file_type.content_type().to_string(),
        size_bytes: saved.size as i64,
        sha256: saved.sha256,
    };
    let uploader = Uploader {
        user_id: &by.id,
        name: &by.display_name,
        vendor_organization_id: &by.organization_id,
    };
    let now = now_ms();
    let written = match target {
        Target::New { draft, links } => {
            let search = format!(
                "{} {} {}",
                draft.title_en,
                draft.title_de,
                draft.product_sku.as_deref().unwrap_or_default()
            )
            .to_lowercase();
            ctx.store
                .create_document(
                    &document_id,
                    &version_id,
                    draft.kind,
                    &draft.title_en,
                    &draft.title_de,
                    &links,
                    &search,
                    &file,
                    &uploader,
                    now,
                )
                .await
                .map(|()| Some(1))
        }
        Target::Version { .. } => {
            ctx.store
                .add_document_version(&document_id, &version_id, &file, &uploader, now)
                .await
        }
    };
    match written {
        Ok(Some(version)) => Ok(UploadOutcome::Stored {
            document_id,
            version,
        }),
        Ok(None) => {
            ctx.files.delete(&key).await;
            Err(not_found())
        }
        Err(e) => {
            ctx.files.delete(&key).await;
            Err(internal_error("upload_document", e))
        }
    }
}

pub(crate) async fn read_text(mut field: multer::Field<'static>) -> Result<String, ServerFnError> {
    let mut bytes = BytesMut::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| bad_request())? {
        if bytes.len() + chunk.len() > FIELD_MAX {
            return Err(bad_request());
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| bad_request())
}

/// At least [`SNIFF_BYTES`] of the file (fewer only when it is shorter).
pub(crate) async fn read_head(field: &mut multer::Field<'static>) -> Result<Bytes, ServerFnError> {
    let mut head = BytesMut::new();
    while head.len() < SNIFF_BYTES {
        match field.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(bad_request()),
            None => break,
        }
    }
    Ok(head.freeze())
}

/// Reads what is left of a refused upload without keeping it, so the browser gets
/// the answer rather than a broken connection — up to twice the size limit (at
/// least 64 MB), after which the connection may break.
pub(crate) async fn drain(
    mut multipart: multer::Multipart<'static>,
    file: Option<multer::Field<'static>>,
) {
    let mut budget = context()
        .files
        .max_bytes
        .saturating_mul(2)
        .max(64 * 1024 * 1024);
    let mut eat = |len: usize| {
        budget = budget.saturating_sub(len as u64);
        budget > 0
    };
    if let Some(mut file) = file {
        while let Some(Ok(chunk)) = file.next().await {
            if !eat(chunk.len()) {
                return;
            }
        }
    }
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Some(Ok(chunk)) = field.next().await {
            if !eat(chunk.len()) {
                return;
            }
        }
    }
}
