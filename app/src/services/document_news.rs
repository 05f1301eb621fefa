//! Telling a customer's people that the vendor published a document for them (or
//! a new version of one): each who may see it, in their language, as each chose
//! for "new documents for us". Documents for every customer (data sheets, CAD
//! models) are not announced: they concern nobody in particular.

use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::notifications::{MailKind, Notice};
use kontor_store::outbox::NewMail;

/// The document being published, as the mails name it.
pub struct Published<'a> {
    pub document_id: &'a str,
    /// Names this upload (the version is numbered only when written).
    pub version_id: &'a str,
    pub customer_id: &'a str,
    /// The order it belongs to: then only who sees that order hears of it.
    pub order_id: Option<&'a str>,
    pub title_en: &'a str,
    pub title_de: &'a str,
    /// A new version of a document they have.
    pub new_version: bool,
}

/// The mails for `document`: to every active member of its customer who may see it
/// (for an order's document: who sees all the organization's orders, and the
/// order's purchaser).
pub async fn mails(
    ctx: &ServerContext,
    document: &Published<'_>,
) -> Result<Vec<NewMail>, ServiceError> {
    let purchaser = match document.order_id {
        Some(order_id) => ctx
            .store
            .order(order_id, Some(document.customer_id))
            .await?
            .map(|o| o.purchaser_id),
        None => None,
    };
    let team = ctx.store.team(document.customer_id).await?;
    let sees = |member: &kontor_store::accounts::UserRecord| {
        if document.order_id.is_none() || purchaser.as_deref() == Some(member.id.as_str()) {
            return true;
        }
        let actor = Actor::of_person(member.clone(), member.language());
        actor
            .may(Action::SeeAllOrders(CustomerScope {
                organization_id: document.customer_id,
                account_manager_id: None,
            }))
            .is_allowed()
    };
    Ok(team
        .iter()
        .filter(|m| m.active && !m.password_hash.is_empty() && sees(m))
        .map(|member| {
            let locale = member.language();
            let t = crate::i18n::document_texts(locale);
            let title = match locale {
                kontor_domain::Locale::De if !document.title_de.is_empty() => document.title_de,
                _ => document.title_en,
            };
            let (subject, what) = if document.new_version {
                (
                    t.mail_document_version_subject,
                    t.mail_document_what_version,
                )
            } else {
                (t.mail_document_subject, t.mail_document_what_new)
            };
            let company = &member.organization_name;
            NewMail {
                dedupe_key: format!(
                    "document/{}/{}/{}",
                    document.document_id, document.version_id, member.id
                ),
                organization_id: Some(document.customer_id.to_string()),
                recipient: member.email.clone(),
                subject: subject
                    .replace("{company}", company)
                    .replace("{title}", title),
                body_text: t
                    .mail_document_body
                    .replace("{name}", &member.display_name)
                    .replace("{what}", what)
                    .replace("{company}", company)
                    .replace("{title}", title)
                    .replace(
                        "{link}",
                        &format!("{}/documents/{}", ctx.public_url, document.document_id),
                    ),
                secret: None,
                kind: MailKind::Notice(Notice::NewDocuments),
            }
        })
        .collect())
}
