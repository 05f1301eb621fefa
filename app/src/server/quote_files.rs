//! Files on a quote: the upload (streamed into the document storage after the
//! caller was found to be a party of the quote, checked by its bytes like a
//! document) and the download's lookup for `/files/quotes/{id}`.

use crate::AppError;
use crate::api::quotes::StepResult;
use crate::server::auth::{SessionUser, bad_request};
use crate::server::documents::{Intake, drain, read_text, take_file};
use crate::server::{ServerContext, caller, refusal};
use crate::services::quotes::{self, AttachFile};
use crate::services::{Actor, ServiceError};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_store::documents::VersionRecord;
use kontor_store::new_id;
use kontor_store::quotes::NewQuoteAttachment;
use leptos::server_fn::codec::MultipartData;

fn invalid(problem: FieldProblem) -> StepResult {
    let mut problems = FormProblems::default();
    problems.add("file", problem);
    StepResult::Invalid(problems)
}

pub async fn attach(data: MultipartData) -> Result<StepResult, AppError> {
    let (ctx, actor) = caller().await?;
    let mut multipart = data.into_inner().ok_or_else(bad_request)?;
    let (mut quote_id, mut internal, mut file) = (String::new(), false, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| bad_request())? {
        match field.name().unwrap_or_default() {
            "file" => {
                file = Some(field);
                break;
            }
            "quote_id" => quote_id = read_text(field).await?,
            "internal" => internal = !read_text(field).await?.is_empty(),
            _ => {
                read_text(field).await?;
            }
        }
    }
    // Who may is decided before a byte is stored.
    match quotes::may_attach(&ctx, &actor, &quote_id, internal).await {
        Ok(None) => {}
        Ok(Some(state)) => {
            drain(multipart, file).await;
            return Ok(StepResult::Stale(state));
        }
        Err(e) => {
            drain(multipart, file).await;
            return Err(refusal(e));
        }
    }
    let id = new_id();
    let key = format!("quotes/{quote_id}/{id}");
    let (name, content_type, saved) =
        match take_file(&ctx, multipart, file, &key, "attach_to_quote").await? {
            Intake::Stored {
                name,
                content_type,
                saved,
            } => (name, content_type, saved),
            Intake::Refused(problem) => return Ok(invalid(problem)),
        };
    let input = AttachFile {
        quote_id,
        internal,
        file: NewQuoteAttachment {
            id,
            object_key: key.clone(),
            file_name: name,
            content_type: content_type.to_string(),
            size_bytes: saved.size as i64,
            sha256: saved.sha256,
        },
    };
    let written = quotes::attach(&ctx, &actor, input).await;
    if !matches!(written, Ok(StepResult::Done(_))) {
        // Nothing names the bytes: they go again.
        ctx.files.delete(&key).await;
    }
    written.map_err(refusal)
}

/// The file behind `/files/quotes/{id}`, in the shape the download handler serves,
/// if `user` may have it (otherwise none: the answer is a 404 that reveals nothing).
pub async fn open_attachment(
    ctx: &ServerContext,
    user: &SessionUser,
    id: &str,
) -> kontor_store::Result<Option<VersionRecord>> {
    let actor = Actor::of_person(user.record.clone(), user.record.language());
    match quotes::attachment(ctx, &actor, id).await {
        Ok(f) => Ok(Some(VersionRecord {
            id: f.id,
            document_id: f.quote_id,
            version: 1,
            object_key: f.object_key,
            file_name: f.file_name,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
            sha256: f.sha256,
            uploaded_by: String::new(),
            uploaded_at: 0,
            downloads: 0,
        })),
        Err(ServiceError::Store(e)) => Err(e),
        Err(_) => Ok(None),
    }
}
