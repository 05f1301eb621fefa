//! The demo's service requests (product brief, "Demo data"): Peter at Müller asks
//! about pressure loss on a delivered gear pump (open, waiting for the service
//! team), and Egon's billing question, answered by Sam, resolved and rated. Every
//! step is the operation the pages use, run at its moment in the past, so due
//! times, first response, assignment and the survey are what the rules make them.

use crate::api::service::{ServiceOutcome, SurveyResult};
use crate::server::ServerContext;
use crate::server::auth::random_token;
use crate::services::{Actor, ServiceError, service_requests};
use kontor_domain::Locale;
use kontor_domain::service::{RequestForm, RequestKind};
use kontor_domain::terms::Priority;
use kontor_store::Store;
use kontor_store::accounts::UserRecord;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// A demo step that must have been done.
fn done(outcome: Result<ServiceOutcome, ServiceError>) -> Result<(), String> {
    match outcome.map_err(|e| e.to_string())? {
        ServiceOutcome::Done { .. } => Ok(()),
        other => Err(format!("demo step refused: {other:?}")),
    }
}

async fn user(store: &Store, email: &str) -> Result<UserRecord, String> {
    store
        .user_by_email(email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("demo user {email}"))
}

/// Opens a request as `by` at `at`, through the same service as the portal's form.
#[allow(clippy::too_many_arguments)]
async fn open(
    ctx: &ServerContext,
    by: &UserRecord,
    kind: RequestKind,
    priority: Priority,
    subject: &str,
    description: &str,
    order_number: Option<i64>,
    sku: Option<&str>,
    at: i64,
) -> Result<String, String> {
    let form = RequestForm {
        kind: kind.as_str().into(),
        priority: priority.as_str().into(),
        subject: subject.into(),
        description: description.into(),
        order: order_number.map(|n| n.to_string()).unwrap_or_default(),
        sku: sku.unwrap_or_default().into(),
        quantity: String::new(),
    };
    let actor = Actor::of_person(by.clone(), Locale::default());
    match service_requests::open(&ctx.at(at), &actor, form)
        .await
        .map_err(|e| e.to_string())?
    {
        ServiceOutcome::Done { id } => Ok(id),
        other => Err(format!("demo request refused: {other:?}")),
    }
}

pub async fn seed(ctx: &ServerContext, now: i64) -> Result<(), String> {
    let peter = user(&ctx.store, "peter@mueller.example").await?;
    let egon = user(&ctx.store, "egon@mueller.example").await?;
    let sam = user(&ctx.store, "sam@nordhydraulik.example").await?;
    let number = crate::server::demo_orders::pump_order_number(&ctx.store)
        .await
        .map_err(|e| e.to_string())?;
    open(
        ctx,
        &peter,
        RequestKind::TechnicalQuestion,
        Priority::High,
        &format!("Pressure loss on gear pump ZP-16 (order #{number})"),
        &format!(
            "One of the four ZP-16 pumps delivered with order #{number} loses pressure after about \
             20 minutes of operation: from 180 bar down to 140 bar at 1,500 rpm, oil temperature \
             55 °C. The other three run steadily. Is this a known issue, and can a technician \
             check it on site?"
        ),
        Some(number),
        Some("NH-PMP-1020"),
        now - 2 * HOUR,
    )
    .await?;
    let opened = now - 5 * DAY;
    let id = open(
        ctx,
        &egon,
        RequestKind::BillingQuestion,
        Priority::Normal,
        &format!("Invoice for order #{number}: shipping charged twice?"),
        &format!(
            "The invoice for order #{number} lists the shipping fee on two lines. Could you check?"
        ),
        Some(number),
        None,
        opened,
    )
    .await?;
    // Sam answers within three hours, resolves two days later; Egon rates it an
    // hour after — each step through the operation the pages use, at its time.
    let sam = Actor::of_person(sam, Locale::default());
    let answer = service_requests::Reply {
        body: "Thank you, Mr Schmidt — you are right: the second line is a duplicate. Finance \
               issues a credit note for it today."
            .into(),
        ..Default::default()
    };
    done(service_requests::reply(&ctx.at(opened + 3 * HOUR), &sam, &id, answer).await)?;
    let resolved = opened + 2 * DAY;
    let token = random_token();
    done(
        service_requests::resolve_with_survey_token(
            &ctx.at(resolved),
            &sam,
            &id,
            "The credit note is in your documents. The invoice total is now correct.",
            token.clone(),
        )
        .await,
    )?;
    let rating = service_requests::SurveyForm {
        score: "5".into(),
        comment: "Quick and friendly, thank you.".into(),
        nps: "9".into(),
    };
    let rated = service_requests::answer_survey(&ctx.at(resolved + HOUR), &id, &token, rating)
        .await
        .map_err(|e| e.to_string())?;
    if rated != SurveyResult::Thanks {
        return Err(format!("demo survey refused: {rated:?}"));
    }
    // The mails these requests wrote are history: nobody is to get them now.
    ctx.store
        .mark_history_mail_sent("service/%", now)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
