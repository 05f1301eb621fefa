//! Files on a request: uploaded into the document storage (checked by their bytes
//! like documents), written with a message saying so; downloaded through
//! `/files/service/{id}` by those who see the request — an internal note's file
//! only by vendor staff.

use super::{reader_of, sees_internal, status_of};
use crate::AppError;
use crate::api::service::{RequestRefusal, ServiceOutcome};
use crate::i18n::service_texts;
use crate::server::auth::{SessionUser, bad_request, forbidden, not_found};
use crate::server::documents::{Intake, drain, read_text, take_file};
use crate::server::{ServerContext, caller, internal_error, refusal};
use crate::services::service_requests::{changeable, message};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::service::RequestStatus;
use kontor_store::documents::VersionRecord;
use kontor_store::new_id;
use kontor_store::service::{ChangeRequest, NewAttachment, RequestUpdate};
use leptos::server_fn::codec::MultipartData;

/// A download of an attachment, in the shape the download handler serves.
pub type AttachmentDownload = VersionRecord;

fn invalid(problem: FieldProblem) -> ServiceOutcome {
    let mut problems = FormProblems::default();
    problems.add("file", problem);
    ServiceOutcome::Invalid(problems)
}

pub async fn attach(data: MultipartData) -> Result<ServiceOutcome, AppError> {
    let (ctx, actor) = caller().await?;
    let mut multipart = data.into_inner().ok_or_else(bad_request)?;
    let (mut request_id, mut internal, mut file) = (String::new(), false, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| bad_request())? {
        match field.name().unwrap_or_default() {
            "file" => {
                file = Some(field);
                break;
            }
            "request_id" => request_id = read_text(field).await?,
            "internal" => internal = !read_text(field).await?.is_empty(),
            _ => {
                read_text(field).await?;
            }
        }
    }
    let checked = match changeable(&ctx, &actor, &request_id).await {
        Ok(_) if internal && !actor.is_vendor() => Err(forbidden()),
        Ok(found) => Ok(found),
        Err(e) => Err(refusal(e)),
    };
    let (person, r) = match checked {
        Ok(found) => found,
        Err(refusal) => {
            drain(multipart, file).await;
            return Err(refusal);
        }
    };
    if status_of(&r) == RequestStatus::Closed {
        drain(multipart, file).await;
        return Ok(ServiceOutcome::Refused(RequestRefusal::Status));
    }
    let attachment_id = new_id();
    let key = format!("service/{}/{attachment_id}", r.id);
    let (name, content_type, saved) =
        match take_file(&ctx, multipart, file, &key, "attach_to_request").await? {
            Intake::Stored {
                name,
                content_type,
                saved,
            } => (name, content_type, saved),
            Intake::Refused(problem) => return Ok(invalid(problem)),
        };
    let t = service_texts(actor.locale());
    let mut message = message(person, t.attached.replace("{file}", &name), internal, None);
    message.attachments = vec![NewAttachment {
        id: attachment_id,
        object_key: key.clone(),
        file_name: name,
        content_type: content_type.to_string(),
        size_bytes: saved.size as i64,
        sha256: saved.sha256,
        uploaded_by: person.record.id.clone(),
    }];
    let written = ctx
        .store
        .change_request(&r.organization_id, &r.id, ctx.now(), |sit| {
            let status = status_of(&sit.request);
            if status == RequestStatus::Closed {
                return Err(RequestRefusal::Status);
            }
            let mut update = RequestUpdate::from(&sit.request, status.as_str());
            update.messages.push(message);
            Ok(update)
        })
        .await;
    match written {
        Ok(ChangeRequest::Changed) => Ok(ServiceOutcome::Done { id: r.id }),
        other => {
            ctx.files.delete(&key).await;
            match other {
                Ok(ChangeRequest::Refused(reason)) => Ok(ServiceOutcome::Refused(reason)),
                Ok(_) => Err(not_found()),
                Err(e) => Err(internal_error("attach_to_request", e)),
            }
        }
    }
}

/// The attachment `id` as a download, if `user` may see it.
pub async fn open_attachment(
    ctx: &ServerContext,
    user: &SessionUser,
    id: &str,
) -> kontor_store::Result<Option<AttachmentDownload>> {
    let found = ctx
        .store
        .service_attachment(reader_of(user), id, sees_internal(user))
        .await?;
    Ok(found.map(|f| VersionRecord {
        id: f.id,
        document_id: f.request_id,
        version: 1,
        object_key: f.object_key,
        file_name: f.file_name,
        content_type: f.content_type,
        size_bytes: f.size_bytes,
        sha256: f.sha256,
        uploaded_by: String::new(),
        uploaded_at: 0,
        downloads: 0,
    }))
}
