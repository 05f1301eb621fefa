//! The mails of a quote's life, rendered into the outbox with the step they
//! announce, each in its recipient's language. Internal notes are never a mail's
//! content. Dedupe keys name the quote, the step and the version, so a retried
//! transaction never mails twice.

use crate::i18n::{QuoteTexts, condition_texts, quote_texts};
use crate::mail::{Letter, To};
use crate::server::ServerContext;
use kontor_domain::calendar::Day;
use kontor_domain::notifications::{MailKind, Notice};
use kontor_domain::{Locale, Money};
use kontor_store::outbox::NewMail;
use kontor_store::quotes::NewQuoteLine;

/// The facts of a quote every mail about it may use.
pub struct MailQuote<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub number: i64,
    pub company: &'a str,
    pub requester: &'a str,
    /// Who took the step (for "{author} has …").
    pub author: &'a str,
    pub version: i64,
}

pub struct QuoteMailer<'a> {
    pub ctx: &'a ServerContext,
    pub quote: MailQuote<'a>,
}

/// Lines as plain text in the reader's language: "55 × NH-PMP-1000 Axial piston
/// pump à 1.045,00 € = 57.475,00 €"; requested lines without prices.
pub fn lines_text(t: &QuoteTexts, lines: &[NewQuoteLine], shipping: Option<Money>) -> String {
    let money = |m: Money| m.format(t.locale);
    let mut text: Vec<String> = lines
        .iter()
        .map(|l| {
            let name = if t.locale == Locale::De {
                &l.name_de
            } else {
                &l.name_en
            };
            let what = match &l.product {
                Some((_, sku)) => format!("{sku} {name}"),
                None => name.clone(),
            };
            match l
                .unit_price
                .and_then(|p| Some((p, p.checked_mul(l.quantity)?)))
            {
                Some((price, total)) => format!(
                    "{} × {what} à {} = {}",
                    l.quantity,
                    money(price),
                    money(total)
                ),
                None => format!("{} × {what}", l.quantity),
            }
        })
        .collect();
    if let Some(shipping) = shipping {
        text.push(format!("{}: {}", t.mail_shipping, money(shipping)));
    }
    text.join("\n")
}

/// A day as the reader of `t`'s language writes it.
pub fn day_text(t: &QuoteTexts, day: Day) -> String {
    condition_texts(t.locale).day(day)
}

impl QuoteMailer<'_> {
    pub fn link(&self) -> String {
        format!("{}/quotes/{}", self.ctx.public_url, self.quote.id)
    }

    /// A mail to `to`, its texts picked by `letter` in the recipient's language,
    /// `{message}` shown only when there is one. `event` completes the dedupe key.
    pub fn mail(
        &self,
        event: &str,
        to: To<'_>,
        message: Option<&str>,
        letter: impl FnOnce(&'static QuoteTexts) -> Letter,
    ) -> NewMail {
        let q = &self.quote;
        let t = quote_texts(to.locale);
        let Letter {
            subject,
            body,
            extra,
        } = letter(t);
        let message = message.map_or_else(String::new, |m| format!("\n{m}\n"));
        let fill = |template: &str| {
            let mut text = template
                .replace("{name}", to.name)
                .replace("{number}", &q.number.to_string())
                .replace("{company}", q.company)
                .replace("{requester}", q.requester)
                .replace("{author}", q.author)
                .replace("{version}", &q.version.to_string())
                .replace("{link}", &self.link());
            for (key, value) in &extra {
                text = text.replace(&format!("{{{key}}}"), value);
            }
            text.replace("{message}", &message)
        };
        NewMail {
            secret: None,
            kind: MailKind::Notice(Notice::Quotes),
            // One mail per recipient and step: both sides may hear of the same step.
            dedupe_key: format!("quote/{}/v{}/{event}/{}", q.id, q.version, to.email),
            organization_id: Some(q.organization_id.to_string()),
            recipient: to.email.to_string(),
            subject: fill(subject),
            body_text: fill(body),
        }
    }
}
