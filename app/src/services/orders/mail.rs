//! The mails of an order's life, rendered into the outbox with the change they
//! announce. Dedupe keys name the event, so a retried transaction never mails twice.

use crate::i18n::OrderTexts;
use crate::server::ServerContext;
use kontor_domain::Money;
use kontor_domain::checkout::PricedLine;
use kontor_domain::terms::{Terms, percent_text};
use kontor_store::accounts::UserRecord;
use kontor_store::outbox::NewMail;

/// The facts of an order every mail about it may use.
pub struct MailOrder<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub number: i64,
    pub company: &'a str,
    pub purchaser_name: &'a str,
    pub lines: &'a [PricedLine],
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub terms: &'a Terms,
}

/// Renders one mail about an order: `{number}`, `{total}`, `{purchaser}`,
/// `{company}`, `{link}`, `{summary}` and `{name}` are filled in here, the rest by
/// the caller's `extra` pairs.
pub struct Mailer<'a> {
    pub ctx: &'a ServerContext,
    pub t: &'static OrderTexts,
    pub order: MailOrder<'a>,
}

impl Mailer<'_> {
    fn money(&self, m: Money) -> String {
        m.format(self.t.locale)
    }

    fn link(&self) -> String {
        format!("{}/orders/{}", self.ctx.public_url, self.order.id)
    }

    /// The lines and totals as plain text.
    pub fn summary(&self) -> String {
        let o = &self.order;
        let de = self.t.locale == kontor_domain::Locale::De;
        let mut text: Vec<String> = o
            .lines
            .iter()
            .map(|l| {
                let name = if de { &l.name_de } else { &l.name_en };
                format!(
                    "{} × {} {} à {} = {}",
                    l.quantity,
                    l.sku,
                    name,
                    self.money(l.unit_price),
                    self.money(l.line_total)
                )
            })
            .collect();
        text.push(format!("{}: {}", self.t.mail_goods, self.money(o.goods)));
        text.push(format!(
            "{}: {}",
            self.t.mail_shipping,
            self.money(o.shipping)
        ));
        text.push(format!("{}: {}", self.t.mail_total, self.money(o.total)));
        text.join("\n")
    }

    /// Payment and delivery terms as plain text.
    pub fn terms(&self) -> String {
        let terms = self.order.terms;
        let mut text = vec![
            self.t
                .mail_payment
                .replace("{days}", &terms.payment_net_days.to_string()),
        ];
        if terms.discount_basis_points > 0 {
            text.push(
                self.t
                    .mail_discount
                    .replace(
                        "{percent}",
                        &format!("{} %", percent_text(terms.discount_basis_points)),
                    )
                    .replace("{days}", &terms.discount_days.to_string()),
            );
        }
        text.push(format!(
            "{}: {} {} (Incoterms 2020)",
            self.t.mail_delivery,
            terms.incoterm.code(),
            terms.incoterm_place
        ));
        text.join("\n")
    }

    fn fill(&self, template: &str, name: &str, extra: &[(&str, String)]) -> String {
        let o = &self.order;
        let mut text = template
            .replace("{number}", &self.t.number(o.number))
            .replace("{total}", &self.money(o.total))
            .replace("{purchaser}", o.purchaser_name)
            .replace("{company}", o.company)
            .replace("{name}", name);
        for (key, value) in extra {
            text = text.replace(&format!("{{{key}}}"), value);
        }
        if text.contains("{summary}") {
            text = text.replace("{summary}", &self.summary());
        }
        text.replace("{link}", &self.link())
    }

    /// A mail to `to` about this order; `event` completes the dedupe key.
    pub fn mail(
        &self,
        event: &str,
        to: (&str, &str),
        subject: &str,
        body: &str,
        extra: &[(&str, String)],
    ) -> NewMail {
        let (name, email) = to;
        NewMail {
            secret: None,
            dedupe_key: format!("order/{}/{event}", self.order.id),
            organization_id: Some(self.order.organization_id.to_string()),
            recipient: email.to_string(),
            subject: self.fill(subject, name, extra),
            body_text: self.fill(body, name, extra),
        }
    }

    /// "Please approve" to one person who may decide `step` (as deputy: `deputy_for`).
    pub fn approval_request(
        &self,
        step: i64,
        to: &UserRecord,
        deputy_for: Option<&str>,
    ) -> NewMail {
        let capacity = deputy_for
            .map(|name| self.t.mail_as_deputy.replace("{name}", name))
            .unwrap_or_default();
        self.mail(
            &format!("step/{step}/request/{}", to.id),
            (&to.display_name, &to.email),
            self.t.mail_request_subject,
            self.t.mail_request_body,
            &[("capacity", capacity)],
        )
    }

    /// The order confirmation to the purchaser, with the terms that apply.
    pub fn confirmation(&self, purchaser: &UserRecord, approvals: &[(String, String)]) -> NewMail {
        let approvals = approvals
            .iter()
            .map(|(by, comment)| {
                self.t
                    .mail_approved_by
                    .replace("{by}", by)
                    .replace("{comment}", comment)
            })
            .collect::<Vec<_>>()
            .join("\n");
        self.mail(
            "confirmation",
            (&purchaser.display_name, &purchaser.email),
            self.t.mail_confirmation_subject,
            self.t.mail_confirmation_body,
            &[("approvals", approvals), ("terms", self.terms())],
        )
    }

    /// "New order" to the customer's account manager (if there is one).
    pub fn new_order(&self, account_manager: Option<(&str, &str)>) -> Option<NewMail> {
        // The order's page serves staff and customers alike.
        account_manager.map(|to| {
            self.mail(
                "account-manager",
                to,
                self.t.mail_new_order_subject,
                self.t.mail_new_order_body,
                &[],
            )
        })
    }
}
