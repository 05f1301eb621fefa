//! Uploading documents: who may upload a new document where and what it links to
//! ([`plan_new`]), then storing the checked file and writing its metadata with the
//! audit entry ([`store_document`]). The portal's upload form, the ERP's
//! `POST /api/v1/…/documents` and the demo seed call these.
//!
//! Reading the request (multipart fields, the file's first bytes for the type check)
//! is the caller's: a browser form and an API call frame the file differently.

use crate::api::documents::UploadOutcome;
use crate::server::ServerContext;
use crate::server::files::FilesError;
use crate::services::{Actor, ServiceError};
use bytes::Bytes;
use futures::Stream;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::documents::{DocumentDraft, DocumentForm, FileType, Visibility};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_store::documents::{Links, NewFile, Uploader};
use kontor_store::new_id;

/// What an upload makes.
pub enum Target {
    /// `announce`: tell the customer's people (the demo's history does not: it was
    /// published before anyone could have been told).
    New {
        draft: DocumentDraft,
        links: Links,
        announce: bool,
    },
    Version {
        document_id: String,
    },
}

/// Checks a new document's form and whether the actor may upload it there: for one
/// customer (the customer must be one the actor serves — one that is not is as
/// unknown as one that does not exist) or for every customer. `Ok(Err(problems))`
/// when the form is wrong.
pub async fn plan_new(
    ctx: &ServerContext,
    actor: &Actor,
    form: &DocumentForm,
) -> Result<Result<Target, FormProblems>, ServiceError> {
    let draft = match form.parse() {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(problems)),
    };
    match &draft.visibility {
        Visibility::AllCustomers => {
            ServiceError::require(actor.may(Action::ManageDocuments(None)))?
        }
        Visibility::Customer(id) => {
            let customer = ctx.store.customer(id).await?;
            let allowed = customer.as_ref().is_some_and(|c| {
                actor
                    .may(Action::ManageDocuments(Some(CustomerScope {
                        organization_id: &c.id,
                        account_manager_id: c.account_manager_id.as_deref(),
                    })))
                    .is_allowed()
            });
            if !allowed {
                let mut problems = FormProblems::default();
                problems.add("visibility", FieldProblem::UnknownCustomer);
                return Ok(Err(problems));
            }
        }
    }
    let links = ctx
        .store
        .document_links(
            &draft.visibility,
            draft.product_sku.as_deref(),
            draft.order_number,
        )
        .await?;
    match links {
        Ok(links) => Ok(Ok(Target::New {
            draft,
            links,
            announce: true,
        })),
        Err(missing) => {
            let mut problems = FormProblems::default();
            for name in missing {
                let problem = match name {
                    "product" => FieldProblem::UnknownProduct,
                    "order" => FieldProblem::UnknownOrder,
                    _ => FieldProblem::UnknownCustomer,
                };
                problems.add(name, problem);
            }
            Ok(Err(problems))
        }
    }
}

/// Stores a checked file (its type already matched its name: `head` are its first
/// bytes, `rest` the remainder) and writes the document or version with its audit
/// entry. The file is deleted again when the metadata cannot be written.
pub async fn store_document<E: std::fmt::Display>(
    ctx: &ServerContext,
    actor: &Actor,
    target: Target,
    file_name: &str,
    file_type: FileType,
    head: Bytes,
    rest: &mut (impl Stream<Item = Result<Bytes, E>> + Unpin),
) -> Result<UploadOutcome, ServiceError> {
    // Whose trail records a document for every customer: the vendor's.
    let vendor_organization_id = match actor {
        Actor::Person(p) => p.record.organization_id.clone(),
        Actor::Client(_) | Actor::Operator => ctx
            .store
            .vendor_organization_id()
            .await?
            .ok_or(ServiceError::NotFound)?,
    };
    let document_id = match &target {
        Target::New { .. } => new_id(),
        Target::Version { document_id } => document_id.clone(),
    };
    let version_id = new_id();
    let tell = tell_customer(ctx, &target, &document_id, &version_id).await?;
    let key = format!("documents/{document_id}/{version_id}");
    let saved = match ctx.files.save(&key, head, rest).await {
        Ok(saved) => saved,
        Err(FilesError::TooLarge(_)) => {
            let mut problems = FormProblems::default();
            problems.add("file", FieldProblem::FileTooLarge);
            return Ok(UploadOutcome::Invalid(problems));
        }
        Err(e) => return Err(ServiceError::Files(e)),
    };
    let file = NewFile {
        object_key: key.clone(),
        file_name: file_name.to_string(),
        content_type: file_type.content_type().to_string(),
        size_bytes: saved.size as i64,
        sha256: saved.sha256,
    };
    let (actor_id, actor_name) = actor.recorded_as();
    let uploader = Uploader {
        user_id: &actor_id,
        name: &actor_name,
        vendor_organization_id: &vendor_organization_id,
        tell: &tell,
    };
    let now = ctx.now();
    let written = match target {
        Target::New { draft, links, .. } => {
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
            Err(ServiceError::NotFound)
        }
        Err(e) => {
            ctx.files.delete(&key).await;
            Err(e.into())
        }
    }
}

/// The mails announcing this upload to the customer it is for (none for a document
/// of every customer).
async fn tell_customer(
    ctx: &ServerContext,
    target: &Target,
    document_id: &str,
    version_id: &str,
) -> Result<Vec<kontor_store::outbox::NewMail>, ServiceError> {
    use crate::services::document_news::{Published, mails};
    match target {
        Target::New {
            announce: false, ..
        } => Ok(Vec::new()),
        Target::New { draft, links, .. } => match &links.organization_id {
            Some(customer_id) => {
                let published = Published {
                    document_id,
                    version_id,
                    customer_id,
                    order_id: links.order_id.as_deref(),
                    title_en: &draft.title_en,
                    title_de: &draft.title_de,
                    new_version: false,
                };
                mails(ctx, &published).await
            }
            None => Ok(Vec::new()),
        },
        Target::Version { .. } => {
            let reader = kontor_store::documents::Reader::AllCustomers;
            let Some(document) = ctx.store.document(reader, document_id).await? else {
                return Ok(Vec::new());
            };
            let Some(customer_id) = &document.customer_id else {
                return Ok(Vec::new());
            };
            let published = Published {
                document_id,
                version_id,
                customer_id,
                order_id: document.order_id.as_deref(),
                title_en: &document.title_en,
                title_de: &document.title_de,
                new_version: true,
            };
            mails(ctx, &published).await
        }
    }
}

/// A document the ERP attaches: its kind and titles (the German one may be empty).
#[derive(Clone, Debug, Default)]
pub struct Attachment {
    pub kind: String,
    pub title_en: String,
    pub title_de: String,
    /// An SKU the document is about, or empty (customer documents only).
    pub product: String,
}

/// Where the ERP attaches a document: one customer, and for invoices and delivery
/// notes one of its orders. Found (and the actor's right to upload there checked)
/// before the upload's body is read.
#[derive(Clone, Debug)]
pub struct Destination {
    customer_id: String,
    order_number: Option<i64>,
}

/// An order's customer, if the actor manages that customer's documents (another's
/// order is not found).
#[allow(clippy::redundant_closure)]
pub async fn order_destination(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
) -> Result<Destination, ServiceError> {
    let order = ctx
        .store
        .order(order_id, None)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let customer =
        crate::services::customers::customer_for(ctx, actor, &order.organization_id, |s| {
            Action::ManageDocuments(Some(s))
        })
        .await?;
    Ok(Destination {
        customer_id: customer.id,
        order_number: Some(order.number),
    })
}

/// A customer, if the actor manages its documents.
#[allow(clippy::redundant_closure)]
pub async fn customer_destination(
    ctx: &ServerContext,
    actor: &Actor,
    customer_id: &str,
) -> Result<Destination, ServiceError> {
    let customer = crate::services::customers::customer_for(ctx, actor, customer_id, |s| {
        Action::ManageDocuments(Some(s))
    })
    .await?;
    Ok(Destination {
        customer_id: customer.id,
        order_number: None,
    })
}

/// Plans the attachment at its destination (the form's rules: an order takes only
/// invoices and delivery notes).
pub async fn plan_at(
    ctx: &ServerContext,
    actor: &Actor,
    destination: &Destination,
    attachment: Attachment,
) -> Result<Result<Target, FormProblems>, ServiceError> {
    let form = DocumentForm {
        title_en: attachment.title_en,
        title_de: attachment.title_de,
        kind: attachment.kind,
        product: attachment.product,
        visibility: destination.customer_id.clone(),
        order: destination
            .order_number
            .map(|n| n.to_string())
            .unwrap_or_default(),
    };
    plan_new(ctx, actor, &form).await
}
