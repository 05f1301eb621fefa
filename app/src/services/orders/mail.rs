//! The mails of an order's life, rendered into the outbox with the change they
//! announce. Dedupe keys name the event, so a retried transaction never mails twice.
//! Each mail is written in its recipient's language, whoever caused it.

use crate::i18n::{OrderTexts, order_texts};
use crate::mail::{Letter, To};
use crate::server::ServerContext;
use kontor_domain::checkout::PricedLine;
use kontor_domain::notifications::{MailKind, Notice};
use kontor_domain::terms::{Terms, percent_text};
use kontor_domain::{Locale, Money};
use kontor_store::accounts::UserRecord;
use kontor_store::orders::NewApprovalLink;
use kontor_store::outbox::{NewMail, SECRET_MARK};

/// How long a decision link in an approval mail works (a reminder carries a new one).
pub const LINK_VALID_MS: i64 = 72 * 3600 * 1000;

/// The order's content as an approver saw it: lines (SKU, quantity, unit price),
/// total and revision (a change of the details alone makes a new revision too). A
/// decision link holds it; a link whose order no longer matches is void.
pub fn content_hash(lines: &[PricedLine], total: Money, revision: i64) -> String {
    let mut text = lines
        .iter()
        .map(|l| format!("{}|{}|{}", l.sku, l.quantity, l.unit_price.cents()))
        .chain(std::iter::once(total.cents().to_string()))
        .collect::<Vec<_>>()
        .join(";");
    // Revision 0 adds nothing: links mailed before revisions existed stay good.
    if revision > 0 {
        text.push_str(&format!(";rev{revision}"));
    }
    crate::server::auth::token_hash(&text)
}

/// The notification kind of an order mail, by its event: requests, reminders and
/// escalations ask someone to decide; decisions on a purchaser's own order (an
/// approved step, the final decision, the confirmation, expiry) are theirs; the rest
/// (changes, withdrawals, the vendor's steps, new orders for account managers) are
/// status news.
fn kind_of(event: &str) -> MailKind {
    let asks = ["/request/", "/reminder/", "/escalated/"];
    let notice = if event.starts_with("step/") && asks.iter().any(|a| event.contains(a)) {
        Notice::ApprovalRequested
    } else if event.starts_with("step/") || matches!(event, "decision" | "confirmation" | "expired")
    {
        Notice::MyOrderDecisions
    } else {
        Notice::OrderStatus
    };
    MailKind::Notice(notice)
}

/// The part of a mail's dedupe key that tells revisions apart: the same event (a
/// request for step 0, a reminder) happens again after a change.
fn revision_key(revision: i64) -> String {
    if revision == 0 {
        String::new()
    } else {
        format!("rev{revision}/")
    }
}

/// The facts of an order every mail about it may use.
pub struct MailOrder<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub number: i64,
    pub company: &'a str,
    pub purchaser_name: &'a str,
    pub lines: &'a [PricedLine],
    /// How often the purchaser changed the order (see `content_hash`).
    pub revision: i64,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub terms: &'a Terms,
    /// The accepted quote it was made from: number and version.
    pub from_quote: Option<(i64, i64)>,
}

/// Renders one mail about an order: `{number}`, `{total}`, `{purchaser}`,
/// `{company}`, `{link}`, `{summary}` and `{name}` are filled in here, the rest by
/// the caller's `extra` pairs.
pub struct Mailer<'a> {
    pub ctx: &'a ServerContext,
    pub order: MailOrder<'a>,
}

impl Mailer<'_> {
    fn money(t: &OrderTexts, m: Money) -> String {
        m.format(t.locale)
    }

    fn link(&self) -> String {
        format!("{}/orders/{}", self.ctx.public_url, self.order.id)
    }

    /// The lines and totals as plain text.
    pub fn summary(&self, t: &OrderTexts) -> String {
        let o = &self.order;
        let de = t.locale == Locale::De;
        let origin = o.from_quote.map(|(number, version)| {
            t.mail_from_quote
                .replace(
                    "{quote}",
                    &crate::i18n::quote_texts(t.locale).quote_number(number),
                )
                .replace("{version}", &version.to_string())
        });
        let mut text: Vec<String> = origin.into_iter().collect();
        text.extend(o.lines.iter().map(|l| {
            let name = if de { &l.name_de } else { &l.name_en };
            // A line described in words (from a quote) has no SKU.
            let what = if l.sku.is_empty() {
                name.to_string()
            } else {
                format!("{} {name}", l.sku)
            };
            format!(
                "{} × {what} à {} = {}",
                l.quantity,
                Self::money(t, l.unit_price),
                Self::money(t, l.line_total)
            )
        }));
        text.push(format!("{}: {}", t.mail_goods, Self::money(t, o.goods)));
        text.push(format!(
            "{}: {}",
            t.mail_shipping,
            Self::money(t, o.shipping)
        ));
        text.push(format!("{}: {}", t.mail_total, Self::money(t, o.total)));
        text.join("\n")
    }

    /// Payment and delivery terms as plain text.
    pub fn terms(&self, t: &OrderTexts) -> String {
        let terms = self.order.terms;
        let mut text = vec![
            t.mail_payment
                .replace("{days}", &terms.payment_net_days.to_string()),
        ];
        if terms.discount_basis_points > 0 {
            text.push(
                t.mail_discount
                    .replace(
                        "{percent}",
                        &format!("{} %", percent_text(terms.discount_basis_points)),
                    )
                    .replace("{days}", &terms.discount_days.to_string()),
            );
        }
        text.push(format!(
            "{}: {} {} (Incoterms 2020)",
            t.mail_delivery,
            terms.incoterm.code(),
            terms.incoterm_place
        ));
        text.join("\n")
    }

    fn fill(&self, t: &OrderTexts, template: &str, name: &str, extra: &[(&str, String)]) -> String {
        let o = &self.order;
        let mut text = template
            .replace("{number}", &t.number(o.number))
            .replace("{total}", &Self::money(t, o.total))
            .replace("{purchaser}", o.purchaser_name)
            .replace("{company}", o.company)
            .replace("{name}", name);
        for (key, value) in extra {
            text = text.replace(&format!("{{{key}}}"), value);
        }
        if text.contains("{summary}") {
            text = text.replace("{summary}", &self.summary(t));
        }
        text.replace("{link}", &self.link())
    }

    /// A mail to `to` about this order, its texts picked by `letter` in the
    /// recipient's language; `event` completes the dedupe key.
    pub fn mail(
        &self,
        event: &str,
        to: To<'_>,
        letter: impl FnOnce(&'static OrderTexts) -> Letter,
    ) -> NewMail {
        let t = order_texts(to.locale);
        let letter = letter(t);
        NewMail {
            secret: None,
            kind: kind_of(event),
            dedupe_key: format!(
                "order/{}/{}{event}",
                self.order.id,
                revision_key(self.order.revision)
            ),
            organization_id: Some(self.order.organization_id.to_string()),
            recipient: to.email.to_string(),
            subject: self.fill(t, letter.subject, to.name, &letter.extra),
            body_text: self.fill(t, letter.body, to.name, &letter.extra),
        }
    }

    /// A mail to someone who may decide `step` now, with "Approve" and "Reject"
    /// links: a fresh single-use token (only its hash is kept) bound to them, the
    /// order, the step and the order's content, working for [`LINK_VALID_MS`].
    pub fn with_decision_links(
        &self,
        mut mail: NewMail,
        to: &UserRecord,
        step: i64,
        now: i64,
    ) -> (NewMail, NewApprovalLink) {
        let t = order_texts(to.language());
        let token = crate::server::auth::random_token();
        let expires_at = now + LINK_VALID_MS;
        let base = format!("{}/decide/{SECRET_MARK}", self.ctx.public_url);
        mail.body_text.push_str("\n\n");
        mail.body_text.push_str(
            &t.mail_decide_links
                .replace("{approve}", &format!("{base}?decision=approve"))
                .replace("{reject}", &format!("{base}?decision=reject"))
                .replace(
                    "{until}",
                    &crate::i18n::condition_texts(t.locale).instant(expires_at),
                ),
        );
        let link = NewApprovalLink {
            token_hash: crate::server::auth::token_hash(&token),
            user_id: to.id.clone(),
            step,
            content_hash: content_hash(self.order.lines, self.order.total, self.order.revision),
            expires_at,
        };
        mail.secret = Some(token);
        (mail, link)
    }

    /// "Please approve" to one person who may decide `step` (as deputy: `deputy_for`).
    pub fn approval_request(
        &self,
        step: i64,
        to: &UserRecord,
        deputy_for: Option<&str>,
        now: i64,
    ) -> (NewMail, NewApprovalLink) {
        let mail = self.mail(
            &format!("step/{step}/request/{}", to.id),
            To::user(to),
            |t| Letter {
                subject: t.mail_request_subject,
                body: t.mail_request_body,
                extra: vec![(
                    "capacity",
                    deputy_for
                        .map(|name| t.mail_as_deputy.replace("{name}", name))
                        .unwrap_or_default(),
                )],
            },
        );
        self.with_decision_links(mail, to, step, now)
    }

    /// The order confirmation to the purchaser, with the terms that apply.
    pub fn confirmation(&self, purchaser: &UserRecord, approvals: &[(String, String)]) -> NewMail {
        self.mail("confirmation", To::user(purchaser), |t| Letter {
            subject: t.mail_confirmation_subject,
            body: t.mail_confirmation_body,
            extra: vec![
                (
                    "approvals",
                    approvals
                        .iter()
                        .map(|(by, comment)| {
                            t.mail_approved_by
                                .replace("{by}", by)
                                .replace("{comment}", comment)
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                ("terms", self.terms(t)),
            ],
        })
    }

    /// "New order" to the customer's account manager (if there is one).
    pub fn new_order(&self, account_manager: Option<To<'_>>) -> Option<NewMail> {
        // The order's page serves staff and customers alike.
        account_manager.map(|to| {
            self.mail("account-manager", to, |t| Letter {
                subject: t.mail_new_order_subject,
                body: t.mail_new_order_body,
                extra: vec![],
            })
        })
    }
}
