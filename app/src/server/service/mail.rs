//! The mails of a request's life, rendered into the outbox with the change they
//! announce. Dedupe keys name the request and the event, so a retried transaction
//! never mails twice. Internal notes are never a mail's content.

use crate::i18n::{ServiceTexts, condition_texts};
use crate::server::ServerContext;
use kontor_domain::service::RequestKind;
use kontor_domain::terms::Priority;
use kontor_store::outbox::NewMail;

/// The facts of a request every mail about it may use. `number: None` leaves
/// `{number}` for the store to fill in (a request being opened has none yet).
pub struct MailRequest<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub number: Option<i64>,
    pub subject: &'a str,
    pub company: &'a str,
    pub kind: RequestKind,
    pub priority: Priority,
    pub response_due: i64,
    pub resolution_due: i64,
}

pub struct ServiceMailer<'a> {
    pub ctx: &'a ServerContext,
    pub t: &'static ServiceTexts,
    pub request: MailRequest<'a>,
}

impl ServiceMailer<'_> {
    pub fn instant(&self, ms: i64) -> String {
        condition_texts(self.t.locale).instant(ms)
    }

    pub fn link(&self) -> String {
        format!("{}/service/{}", self.ctx.public_url, self.request.id)
    }

    /// A mail to `to` (name, address); `event` completes the dedupe key. Fills
    /// `{name}`, `{subject}`, `{company}`, `{kind}`, `{priority}`, `{response_due}`,
    /// `{resolution_due}`, `{link}` and `{number}` (when known), then `extra`.
    pub fn mail(
        &self,
        event: &str,
        to: (&str, &str),
        subject: &str,
        body: &str,
        extra: &[(&str, String)],
    ) -> NewMail {
        let r = &self.request;
        let fill = |template: &str| {
            let mut text = template
                .replace("{name}", to.0)
                .replace("{subject}", r.subject)
                .replace("{company}", r.company)
                .replace("{kind}", self.t.kind(r.kind))
                .replace("{priority}", self.t.priority(r.priority))
                .replace("{response_due}", &self.instant(r.response_due))
                .replace("{resolution_due}", &self.instant(r.resolution_due))
                .replace("{link}", &self.link());
            if let Some(number) = r.number {
                text = text.replace("{number}", &number.to_string());
            }
            for (key, value) in extra {
                text = text.replace(&format!("{{{key}}}"), value);
            }
            text
        };
        NewMail {
            secret: None,
            dedupe_key: format!("service/{}/{event}", r.id),
            organization_id: Some(r.organization_id.to_string()),
            recipient: to.1.to_string(),
            subject: fill(subject),
            body_text: fill(body),
        }
    }
}
