//! Mails rendered into the outbox (server only). Each mail is written in the
//! recipient's language in the same transaction as the change it announces.

use crate::i18n::{EN, texts};
use crate::server::ServerContext;
use kontor_domain::Locale;
use kontor_domain::prospect::AccessRequest;
use kontor_store::outbox::NewMail;
use kontor_store::prospects::NewAccessRequest;

pub async fn record_access_request(
    ctx: &ServerContext,
    request: &AccessRequest,
    locale: Locale,
) -> kontor_store::Result<String> {
    let t = texts(locale);
    let row = NewAccessRequest {
        company: request.company.clone(),
        contact_name: request.contact_name.clone(),
        email: request.email.to_string(),
        message: request.message.clone(),
        locale: locale.tag().to_string(),
    };
    let confirmation_body = t
        .mail_access_confirm_body
        .replace("{name}", &request.contact_name)
        .replace("{company}", &request.company)
        .replace("{url}", &ctx.public_url);
    let vendor_body = format!(
        "{}\n\nCompany: {}\nContact: {}\nE-mail: {}\nLanguage: {}\n\n{}",
        EN.mail_access_vendor_subject,
        request.company,
        request.contact_name,
        request.email,
        locale.tag(),
        request.message.as_deref().unwrap_or("")
    );
    ctx.store
        .record_access_request(&row, kontor_store::now_ms(), |id| {
            vec![
                NewMail {
                    dedupe_key: format!("access-request/{id}/confirmation"),
                    organization_id: None,
                    recipient: request.email.to_string(),
                    subject: t.mail_access_confirm_subject.to_string(),
                    body_text: confirmation_body,
                },
                NewMail {
                    dedupe_key: format!("access-request/{id}/vendor-notice"),
                    organization_id: None,
                    recipient: ctx.vendor_inbox.clone(),
                    subject: format!("{}: {}", EN.mail_access_vendor_subject, request.company),
                    body_text: vendor_body,
                },
            ]
        })
        .await
        .inspect(|_| (ctx.mail_written)())
}
