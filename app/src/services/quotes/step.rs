//! The answers that are not an offer: the buyer asks for changes, declines or
//! withdraws; the vendor declines a request it cannot quote or writes an internal
//! note.

use super::*;
use crate::api::quotes::StepResult;
use crate::i18n::QuoteTexts;
use crate::mail::{Letter, account_manager};
use kontor_domain::field::FormProblems;
use kontor_domain::integration::EventType;
use kontor_domain::quote::{QuoteEvent, parse_comment};
use kontor_store::quotes::{QuoteStep, StepOutcome};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The buyer asks for another version (with a comment).
    RequestChanges,
    /// The buyer declines the offer (with a reason).
    Decline,
    /// The buyer takes the request back.
    Withdraw,
    /// The vendor cannot quote it (with a reason).
    VendorDecline,
    /// An internal note for vendor staff.
    Note,
}

impl Step {
    pub fn parse(name: &str) -> Option<Step> {
        Some(match name {
            "request_changes" => Step::RequestChanges,
            "decline" => Step::Decline,
            "withdraw" => Step::Withdraw,
            "vendor_decline" => Step::VendorDecline,
            "note" => Step::Note,
            _ => return None,
        })
    }

    fn by_vendor(self) -> bool {
        matches!(self, Step::VendorDecline | Step::Note)
    }

    fn event(self) -> Option<QuoteEvent> {
        match self {
            Step::RequestChanges => Some(QuoteEvent::RequestChanges),
            Step::Decline | Step::VendorDecline => Some(QuoteEvent::Decline),
            Step::Withdraw => Some(QuoteEvent::Withdraw),
            Step::Note => None,
        }
    }

    /// Whether the step fits the quote's state for its side: the buyer declines and
    /// asks for changes to an offer on the table; the vendor declines while it is
    /// asked to offer.
    fn fits(self, state: QuoteState) -> bool {
        let allowed = self.event().is_none_or(|e| state.apply(e).is_ok());
        allowed
            && match self {
                Step::RequestChanges | Step::Decline => state == QuoteState::Offered,
                Step::VendorDecline => state.waits_for_vendor(),
                Step::Withdraw | Step::Note => true,
            }
    }
}

pub struct QuoteStepInput {
    pub quote_id: String,
    /// The version the form was made for: a step on a version that is no longer on
    /// the table changes nothing.
    pub version: i64,
    pub step: Step,
    pub comment: String,
}

/// One step on a quote. The requester answers offers; the account manager and the
/// vendor admins decline and write notes. Everyone else who may see the quote gets
/// `Forbidden`; those who may not, `NotFound`.
pub async fn step(
    ctx: &ServerContext,
    actor: &Actor,
    QuoteStepInput {
        quote_id,
        version,
        step,
        comment,
    }: QuoteStepInput,
) -> Result<StepResult, ServiceError> {
    let seen = visible(ctx, actor, &quote_id).await?;
    let allowed = if step.by_vendor() {
        seen.may_work
    } else {
        seen.requester
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let comment = if step == Step::Withdraw {
        kontor_domain::text::optional_text(&comment, kontor_domain::quote::MESSAGE_MAX)
            .map_err(|e| e.into())
    } else {
        parse_comment(&comment).map(Some)
    };
    let comment = match comment {
        Ok(comment) => comment,
        Err(problem) => {
            let mut problems = FormProblems::default();
            problems.add("comment", problem);
            return Ok(StepResult::Invalid(problems));
        }
    };
    let requester = requester_of(ctx, &seen.quote).await?;
    let (_, author_name) = actor.recorded_as();
    let now = ctx.now();
    let outcome = ctx
        .store
        .quote_step(&seen.quote.organization_id, &quote_id, now, |c| {
            let q = &c.quote;
            let state = q.state();
            let stale = step != Step::Note && q.version != version;
            if stale || !step.fits(state) {
                return Err(StepResult::Stale(state));
            }
            let after = match step.event() {
                Some(event) => state.apply(event).map_err(|_| StepResult::Stale(state))?,
                None => state,
            };
            let m = mailer(ctx, q, &author_name, q.version);
            let text = comment.as_deref();
            type Text = fn(&QuoteTexts) -> &'static str;
            let to_vendor = |event: &str, subject: Text, body: Text| {
                account_manager(&c.customer).map(|to| {
                    m.mail(event, to, text, |t| Letter {
                        subject: subject(t),
                        body: body(t),
                        extra: Vec::new(),
                    })
                })
            };
            let mails: Vec<_> = match step {
                Step::RequestChanges => to_vendor(
                    "changes_requested",
                    |t| t.mail_changes_subject,
                    |t| t.mail_changes_body,
                ),
                Step::Decline => to_vendor(
                    "declined",
                    |t| t.mail_declined_by_buyer_subject,
                    |t| t.mail_declined_by_buyer_body,
                ),
                Step::Withdraw => to_vendor(
                    "withdrawn",
                    |t| t.mail_withdrawn_subject,
                    |t| t.mail_withdrawn_body,
                ),
                Step::VendorDecline => requester.as_ref().map(|user| {
                    m.mail("declined", to_user(user), text, |t| Letter {
                        subject: t.mail_declined_by_vendor_subject,
                        body: t.mail_declined_by_vendor_body,
                        extra: Vec::new(),
                    })
                }),
                Step::Note => None,
            }
            .into_iter()
            .collect();
            let (event, action) = match step {
                Step::RequestChanges => ("changes_requested", "quote.changes_requested"),
                Step::Decline | Step::VendorDecline => ("declined", "quote.declined"),
                Step::Withdraw => ("withdrawn", "quote.withdrawn"),
                Step::Note => ("note", "quote.noted"),
            };
            let webhook = matches!(step, Step::Decline | Step::VendorDecline)
                .then_some(EventType::QuoteDeclined);
            Ok(QuoteStep {
                after,
                version: None,
                messages: vec![message(actor, event, comment.clone(), step == Step::Note)],
                mails,
                audit: quote_audit(actor, q, action, Some(after.as_str().to_string())),
                webhook,
            })
        })
        .await?;
    Ok(match outcome {
        StepOutcome::Done(state) => {
            (ctx.mail_written)();
            StepResult::Done(state)
        }
        StepOutcome::Refused(result) => result,
        StepOutcome::NotFound => return Err(ServiceError::NotFound),
    })
}
