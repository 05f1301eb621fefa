//! A customer's negotiated conditions changed one at a time, from the vendor's terms
//! page: the terms (a new version from a day on) and one product's price agreement
//! (set, or ended back to the list price). Many prices at once go through
//! [`crate::services::prices::import`]. Vendor staff who manage the customer's terms.

// `|s| Action::ManageTerms(s)` is not redundant: the variant itself is not general
// enough for the `for<'a> fn(CustomerScope<'a>) -> Action<'a>` it is passed as.
#![allow(clippy::redundant_closure)]

use crate::api::terms::ChangeOutcome;
use crate::server::ServerContext;
use crate::services::customers::customer_for;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::Action;
use kontor_domain::calendar::{Day, berlin_day, change_instant, effective_from};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::notifications::{MailKind, Notice};
use kontor_domain::pricing::AgreementForm;
use kontor_domain::terms::TermsForm;
use kontor_domain::text::optional_text;
use kontor_store::conditions::{self, ChangedBy, PriceChange};
use kontor_store::outbox::NewMail;

/// New terms for a customer from a day on, with the reason for the history.
#[derive(Clone, Debug, Default)]
pub struct TermsChange {
    pub customer_id: String,
    pub form: TermsForm,
    /// Empty: from today.
    pub effective_date: String,
    pub reason: String,
}

/// One product's agreement for a customer: set from `form.valid_from`, or (`end`)
/// the agreement valid on that day ended.
#[derive(Clone, Debug, Default)]
pub struct PriceAgreementChange {
    pub customer_id: String,
    pub sku: String,
    pub form: AgreementForm,
    pub reason: String,
    pub end: bool,
}

/// The reason a change gives for the history (optional, at most 500 characters); a
/// problem goes to the field `reason`. The price list import uses it too.
pub(crate) fn reason_text(reason: &str, problems: &mut FormProblems) -> Option<String> {
    optional_text(reason, 500)
        .map_err(|e| problems.add("reason", e.into()))
        .unwrap_or_default()
}

/// What changed, for the mail that tells the customer's people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Changed {
    Terms,
    Prices,
}

/// The mails that tell a customer's people about new terms or prices in force from
/// `effective_at`: everyone active who orders, pays or runs the account (admins,
/// purchasers, finance), each in their language; they arrive as each chose for
/// "terms changes" (the change writes them in its transaction).
pub(crate) async fn tell_customer(
    ctx: &ServerContext,
    customer: &kontor_store::organizations::CustomerRecord,
    changed: Changed,
    effective_at: i64,
    reason: Option<&str>,
) -> Result<Vec<NewMail>, ServiceError> {
    let change_id = kontor_store::new_id();
    let concerned = |roles: &str| {
        roles
            .split(',')
            .any(|r| matches!(r, "admin" | "purchaser" | "finance"))
    };
    let team = ctx.store.team(&customer.id).await?;
    Ok(team
        .iter()
        .filter(|m| m.active && !m.password_hash.is_empty() && concerned(&m.roles))
        .map(|member| {
            let t = crate::i18n::condition_texts(member.language());
            let what = match changed {
                Changed::Terms => t.mail_terms_what_terms,
                Changed::Prices => t.mail_terms_what_prices,
            };
            let reason = reason.map_or(String::new(), |r| {
                t.mail_terms_reason.replace("{reason}", r)
            });
            NewMail {
                dedupe_key: format!("terms/{}/{change_id}/{}", customer.id, member.id),
                organization_id: Some(customer.id.clone()),
                recipient: member.email.clone(),
                subject: t.mail_terms_subject.replace("{company}", &customer.name),
                body_text: t
                    .mail_terms_body
                    .replace("{name}", &member.display_name)
                    .replace("{company}", &customer.name)
                    .replace("{what}", what)
                    .replace("{date}", &t.day(berlin_day(effective_at)))
                    .replace("{reason}", &reason)
                    .replace("{link}", &format!("{}/customer/terms", ctx.public_url)),
                secret: None,
                kind: MailKind::Notice(Notice::TermsChanges),
            }
        })
        .collect())
}

fn recorded(outcome: conditions::ChangeOutcome) -> Result<ChangeOutcome, ServiceError> {
    match outcome {
        conditions::ChangeOutcome::Recorded { version } => Ok(ChangeOutcome::Recorded { version }),
        conditions::ChangeOutcome::Refused(problem) => {
            let (field, problem) = problem.at_field();
            let mut problems = FormProblems::default();
            problems.add(field, problem);
            Ok(ChangeOutcome::Invalid(problems))
        }
        conditions::ChangeOutcome::NotFound => Err(ServiceError::NotFound),
    }
}

/// Records new terms as the customer's next version.
pub async fn change_terms(
    ctx: &ServerContext,
    actor: &Actor,
    input: TermsChange,
) -> Result<ChangeOutcome, ServiceError> {
    let customer = customer_for(ctx, actor, &input.customer_id, |s| Action::ManageTerms(s)).await?;
    let now = ctx.now();
    let (terms, mut problems) = match input.form.parse() {
        Ok(terms) => (Some(terms), FormProblems::default()),
        Err(problems) => (None, problems),
    };
    let when = effective_from(&input.effective_date, now)
        .map_err(|e| problems.add("effective_date", e.into()))
        .ok();
    let reason = reason_text(&input.reason, &mut problems);
    let (Some(terms), Some((_, at)), true) = (terms, when, problems.is_empty()) else {
        return Ok(ChangeOutcome::Invalid(problems));
    };
    let (actor_id, actor_name) = actor.recorded_as();
    let tell = tell_customer(ctx, &customer, Changed::Terms, at, reason.as_deref()).await?;
    let by = ChangedBy {
        user_id: &actor_id,
        name: &actor_name,
        tell: &tell,
    };
    let outcome = ctx
        .store
        .change_terms(&customer.id, &terms, at, reason.as_deref(), &by, now)
        .await?;
    recorded(outcome)
}

/// Sets or ends one product's agreement as the customer's next version.
pub async fn change_price(
    ctx: &ServerContext,
    actor: &Actor,
    input: PriceAgreementChange,
) -> Result<ChangeOutcome, ServiceError> {
    let customer = customer_for(ctx, actor, &input.customer_id, |s| Action::ManageTerms(s)).await?;
    let now = ctx.now();
    let today = berlin_day(now).0;
    let mut problems = FormProblems::default();
    let sku = input.sku.trim();
    let product_id = if sku.is_empty() {
        problems.add("sku", FieldProblem::Required);
        None
    } else {
        let id = ctx.store.product_id_by_sku(sku).await?;
        if id.is_none() {
            problems.add("sku", FieldProblem::UnknownProduct);
        }
        id
    };
    let reason = reason_text(&input.reason, &mut problems);
    let agreement = if input.end {
        let from = effective_from(&input.form.valid_from, now)
            .map_err(|e| problems.add("valid_from", e.into()))
            .map_or(today, |(day, _)| day.0);
        Ok((None, from))
    } else {
        input.form.parse(today).map(|a| {
            let from = a.valid_from;
            (Some(a), from)
        })
    };
    let (new, from) = match agreement {
        Ok(parsed) => parsed,
        Err(more) => {
            for (field, problem) in more.0 {
                problems.add(&field, problem);
            }
            return Ok(ChangeOutcome::Invalid(problems));
        }
    };
    let Some(product_id) = product_id.filter(|_| problems.is_empty()) else {
        return Ok(ChangeOutcome::Invalid(problems));
    };
    let (actor_id, actor_name) = actor.recorded_as();
    let effective_at = change_instant(Day(from), now);
    let tell = tell_customer(
        ctx,
        &customer,
        Changed::Prices,
        effective_at,
        reason.as_deref(),
    )
    .await?;
    let by = ChangedBy {
        user_id: &actor_id,
        name: &actor_name,
        tell: &tell,
    };
    let change = PriceChange {
        product_id: &product_id,
        sku,
        agreement: new.as_ref(),
        from,
        effective_at,
    };
    let outcome = ctx
        .store
        .change_price(&customer.id, &change, reason.as_deref(), &by, now)
        .await?;
    recorded(outcome)
}
