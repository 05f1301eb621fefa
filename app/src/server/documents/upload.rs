//! Uploading a document or a new version: the form's fields are read and checked
//! first (authorization before a byte of the file is stored), then the file's first
//! bytes decide whether its type is what its name claims, then it streams to
//! storage, and only then is its metadata written — in one transaction with the
//! audit entry.

use super::{may_replace, reader_of};
use crate::AppError;
use crate::api::documents::UploadOutcome;
use crate::server::auth::{SessionUser, bad_request, forbidden, not_found, signed_in};
use crate::server::{ServerContext, internal_error, refusal};
use crate::services::Actor;
use crate::services::documents::{self, Target};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use kontor_domain::access::Role;
use kontor_domain::documents::{DocumentForm, SNIFF_BYTES, checked_file};
use kontor_domain::field::{FieldProblem, FormProblems};
use leptos::server_fn::codec::MultipartData;
use std::collections::HashMap;

/// The longest text field of the form accepted, in bytes.
const FIELD_MAX: usize = 4096;

/// The form's text fields a refused plain post keeps (the file must be chosen again).
const KEPT: [&str; 6] = [
    "title_en",
    "title_de",
    "kind",
    "visibility",
    "product",
    "order",
];

pub async fn upload(data: MultipartData) -> Result<UploadOutcome, AppError> {
    let mut fields = HashMap::new();
    let outcome = store_upload(data, &mut fields).await?;
    // A plain post (every upload form is one without the script): a new document
    // lands on its page; a new version and a refusal go back with the answer, and a
    // refusal with what was typed.
    match &outcome {
        UploadOutcome::Stored {
            document_id,
            version: 1,
        } => crate::server::land_plain_form_on(&format!("/documents/{document_id}")),
        _ => {
            let kept: Vec<(&str, &str)> = KEPT
                .iter()
                .filter_map(|name| fields.get(*name).map(|value| (*name, value.as_str())))
                .collect();
            crate::server::answer_plain_form(
                <crate::api::documents::UploadDocument as leptos::server_fn::ServerFn>::PATH,
                &outcome,
                &kept,
            );
        }
    }
    Ok(outcome)
}

/// Checks and stores the upload; `fields` gets the form's text fields.
async fn store_upload(
    data: MultipartData,
    fields: &mut HashMap<String, String>,
) -> Result<UploadOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let locale = crate::i18n::initial_locale();
    let user = signed_in().await?;
    let actor = user.actor();
    if !actor.is_vendor() || !(actor.has(Role::VendorAdmin) || actor.has(Role::AccountManager)) {
        return Err(forbidden());
    }
    let mut multipart = data.into_inner().ok_or_else(bad_request)?;
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
    let target = match plan(&request, &user, locale, &field, &mut problems).await {
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
    let sent_name = file.file_name().map(str::to_string);
    let head = read_head(&mut file).await?;
    let checked = checked_file(sent_name.as_deref(), &head)
        .map_err(|problem| problems.add("file", problem))
        .ok();
    let (Some(target), Some((name, file_type)), true) = (target, checked, problems.is_empty())
    else {
        drain(multipart, Some(file)).await;
        return Ok(UploadOutcome::Invalid(problems));
    };
    let actor = Actor::of_person(user.record, locale);
    let outcome =
        documents::store_document(&request, &actor, target, &name, file_type, head, &mut file)
            .await
            .map_err(refusal);
    if matches!(outcome, Ok(UploadOutcome::Invalid(_))) {
        drain(multipart, Some(file)).await;
    }
    outcome
}

/// Checks the form (or the document to replace) and who may upload it. `Ok(None)`
/// with `problems` filled when the form is wrong; `Err` for a refusal.
async fn plan(
    request: &ServerContext,
    user: &SessionUser,
    locale: kontor_domain::Locale,
    field: &impl Fn(&str) -> String,
    problems: &mut FormProblems,
) -> Result<Option<Target>, AppError> {
    let replace = field("document_id");
    if !replace.trim().is_empty() {
        let record = request
            .store
            .document(reader_of(user), replace.trim())
            .await
            .map_err(|e| internal_error("upload_document", e))?
            .ok_or_else(not_found)?;
        if !may_replace(request, user, &record).await? {
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
    let actor = Actor::of_person(user.record.clone(), locale);
    match documents::plan_new(request, &actor, &form)
        .await
        .map_err(refusal)?
    {
        Ok(target) => Ok(Some(target)),
        Err(found) => {
            *problems = found;
            Ok(None)
        }
    }
}

pub(crate) async fn read_text(mut field: multer::Field<'static>) -> Result<String, AppError> {
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
pub(crate) async fn read_head(field: &mut multer::Field<'static>) -> Result<Bytes, AppError> {
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
    // Called after awaits, where the request's context may be gone: the floor then.
    let mut budget = leptos::prelude::use_context::<std::sync::Arc<ServerContext>>()
        .map_or(0, |ctx| ctx.files.max_bytes.saturating_mul(2))
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

/// The file part of an attachment upload after its checks.
pub(crate) enum Intake {
    /// In the storage under the given key.
    Stored {
        name: String,
        content_type: &'static str,
        saved: crate::server::files::Saved,
    },
    /// Refused at the form's `file` field; nothing was kept and the body is drained.
    Refused(FieldProblem),
}

/// Takes the file part of an attachment upload (a service request's, a quote's):
/// a safe name, first bytes that match it, then streamed into the storage under
/// `key`. The caller decided beforehand that the uploader may; `what` names the
/// upload in the log.
pub(crate) async fn take_file(
    ctx: &ServerContext,
    multipart: multer::Multipart<'static>,
    file: Option<multer::Field<'static>>,
    key: &str,
    what: &str,
) -> Result<Intake, AppError> {
    use crate::server::files::FilesError;
    use kontor_domain::documents::{FileType, check_content, safe_file_name};
    let Some(mut file) = file else {
        return Ok(Intake::Refused(FieldProblem::Required));
    };
    let Some(name) = file.file_name().and_then(safe_file_name) else {
        drain(multipart, Some(file)).await;
        return Ok(Intake::Refused(FieldProblem::Required));
    };
    let head = read_head(&mut file).await?;
    if let Some(problem) = check_content(&name, &head).problem() {
        drain(multipart, Some(file)).await;
        return Ok(Intake::Refused(problem));
    }
    let content_type = FileType::claimed_by(&name)
        .map(|t| t.content_type())
        .unwrap_or("application/octet-stream");
    match ctx.files.save(key, head, &mut file).await {
        Ok(saved) => Ok(Intake::Stored {
            name,
            content_type,
            saved,
        }),
        Err(FilesError::TooLarge(_)) => {
            drain(multipart, Some(file)).await;
            Ok(Intake::Refused(FieldProblem::FileTooLarge))
        }
        Err(FilesError::Body(_)) => Err(bad_request()),
        Err(e) => Err(internal_error(what, e)),
    }
}
