//! Files on a quote: the buyer's drawings or own RFQ, the vendor's data or (internal)
//! calculation. The bytes are stored by the caller (the upload streams them) after
//! [`may_attach`] said yes; [`attach`] writes the entry that names them.

use super::*;
use crate::api::quotes::StepResult;
use kontor_store::quotes::{NewQuoteAttachment, QuoteAttachmentRecord, QuoteStep, StepOutcome};

/// May the actor put a file on the quote (`internal`: for vendor staff only)? The
/// parties may — the requester and those who offer — while it is open. Checked
/// before a byte is stored; `Ok(Some(state))` when the quote is closed already.
pub async fn may_attach(
    ctx: &ServerContext,
    actor: &Actor,
    quote_id: &str,
    internal: bool,
) -> Result<Option<QuoteState>, ServiceError> {
    let seen = visible(ctx, actor, quote_id).await?;
    let party = seen.requester || seen.may_work;
    if !party || (internal && !seen.may_work) {
        return Err(ServiceError::Forbidden);
    }
    let state = seen.quote.state();
    Ok(state.is_final().then_some(state))
}

pub struct AttachFile {
    pub quote_id: String,
    pub internal: bool,
    pub file: NewQuoteAttachment,
}

/// Writes the entry for a stored file ("attached drawing.pdf"); `Stale` when the
/// quote was closed meanwhile (the caller removes the bytes).
pub async fn attach(
    ctx: &ServerContext,
    actor: &Actor,
    AttachFile {
        quote_id,
        internal,
        file,
    }: AttachFile,
) -> Result<StepResult, ServiceError> {
    if let Some(state) = may_attach(ctx, actor, &quote_id, internal).await? {
        return Ok(StepResult::Stale(state));
    }
    let seen = visible(ctx, actor, &quote_id).await?;
    let name = file.file_name.clone();
    let outcome = ctx
        .store
        .quote_step(&seen.quote.organization_id, &quote_id, ctx.now(), |c| {
            let state = c.quote.state();
            if state.is_final() {
                return Err(StepResult::Stale(state));
            }
            let mut entry = message(actor, "attached", Some(name.clone()), internal);
            entry.attachments = vec![file.clone()];
            Ok(QuoteStep {
                after: state,
                version: None,
                messages: vec![entry],
                mails: Vec::new(),
                audit: quote_audit(actor, &c.quote, "quote.file_attached", Some(name.clone())),
                webhook: None,
            })
        })
        .await?;
    Ok(match outcome {
        StepOutcome::Done(state) => StepResult::Done(state),
        StepOutcome::Refused(result) => result,
        StepOutcome::NotFound => return Err(ServiceError::NotFound),
    })
}

/// A file for download, if the actor may see its quote (an internal one: vendor
/// staff only). Anything else is not found.
pub async fn attachment(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<QuoteAttachmentRecord, ServiceError> {
    let file = ctx
        .store
        .quote_attachment(id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let seen = match visible(ctx, actor, &file.quote_id).await {
        Ok(seen) => seen,
        // A viewer who may not see quotes learns nothing about the file either.
        Err(ServiceError::Forbidden) => return Err(ServiceError::NotFound),
        Err(e) => return Err(e),
    };
    if file.internal() && !seen.vendor {
        return Err(ServiceError::NotFound);
    }
    Ok(file)
}
