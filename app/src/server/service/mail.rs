//! The mails of a request's life, rendered into the outbox with the change they
//! announce. Dedupe keys name the request and the event, so a retried transaction
//! never mails twice. Internal notes are never a mail's content. Each mail is written
//! in its recipient's language.

use crate::i18n::{ServiceTexts, condition_texts, service_texts};
use crate::mail::{Letter, To};
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
    pub request: MailRequest<'a>,
}

/// A moment as the reader of `t`'s language writes it.
pub fn instant(t: &ServiceTexts, ms: i64) -> String {
    condition_texts(t.locale).instant(ms)
}

impl ServiceMailer<'_> {
    pub fn link(&self) -> String {
        format!("{}/service/{}", self.ctx.public_url, self.request.id)
    }

    /// A mail to `to`, its texts picked by `letter` in the recipient's language;
    /// `event` completes the dedupe key. Fills `{name}`, `{subject}`, `{company}`,
    /// `{kind}`, `{priority}`, `{response_due}`, `{resolution_due}`, `{link}` and
    /// `{number}` (when known), then the letter's `extra`.
    pub fn mail(
        &self,
        event: &str,
        to: To<'_>,
        letter: impl FnOnce(&'static ServiceTexts) -> Letter,
    ) -> NewMail {
        let r = &self.request;
        let t = service_texts(to.locale);
        let Letter {
            subject,
            body,
            extra,
        } = letter(t);
        let fill = |template: &str| {
            let mut text = template
                .replace("{name}", to.name)
                .replace("{subject}", r.subject)
                .replace("{company}", r.company)
                .replace("{kind}", t.kind(r.kind))
                .replace("{priority}", t.priority(r.priority))
                .replace("{response_due}", &instant(t, r.response_due))
                .replace("{resolution_due}", &instant(t, r.resolution_due))
                .replace("{link}", &self.link());
            if let Some(number) = r.number {
                text = text.replace("{number}", &number.to_string());
            }
            for (key, value) in &extra {
                text = text.replace(&format!("{{{key}}}"), value);
            }
            text
        };
        NewMail {
            secret: None,
            // Every service request mail is news about a request, for its settings.
            kind: kontor_domain::notifications::MailKind::Notice(
                kontor_domain::notifications::Notice::ServiceReplies,
            ),
            dedupe_key: format!("service/{}/{event}", r.id),
            organization_id: Some(r.organization_id.to_string()),
            recipient: to.email.to_string(),
            subject: fill(subject),
            body_text: fill(body),
        }
    }
}
