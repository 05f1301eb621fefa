//! The demo's service requests (product brief, "Demo data"): Peter at Müller asks
//! about pressure loss on a delivered gear pump (open, waiting for the service
//! team), and Egon's billing question, answered by Sam, resolved and rated.
//! Due times come from Müller's contract, as for any request.

use crate::api::service::ServiceOutcome;
use crate::server::ServerContext;
use crate::server::auth::{random_token, token_hash};
use crate::services::{Actor, service_requests};
use kontor_domain::Locale;
use kontor_domain::service::{RequestForm, RequestKind, RequestStatus, SurveyAnswer, quarter_of};
use kontor_domain::terms::Priority;
use kontor_store::accounts::UserRecord;
use kontor_store::service::{NewMessage, RequestUpdate};
use kontor_store::{Store, new_id};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn message(
    by: &UserRecord,
    side: &'static str,
    body: &str,
    status: Option<RequestStatus>,
) -> NewMessage {
    NewMessage {
        id: new_id(),
        author_id: Some(by.id.clone()),
        author_name: by.display_name.clone(),
        side,
        internal: false,
        body: body.into(),
        status_after: status.map(RequestStatus::as_str),
        attachments: Vec::new(),
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
    open(
        ctx,
        &peter,
        RequestKind::TechnicalQuestion,
        Priority::High,
        "Pressure loss on gear pump ZP-16 (order #1)",
        "One of the four ZP-16 pumps delivered with order #1 loses pressure after about 20 minutes \
         of operation: from 180 bar down to 140 bar at 1,500 rpm, oil temperature 55 °C. The other \
         three run steadily. Is this a known issue, and can a technician check it on site?",
        Some(1),
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
        "Invoice for order #1: shipping charged twice?",
        "The invoice for order #1 lists the shipping fee on two lines. Could you check?",
        Some(1),
        None,
        opened,
    )
    .await?;
    let resolved = opened + 2 * DAY;
    let token = random_token();
    ctx.store
        .change_request(&egon.organization_id, &id, resolved, |sit| {
            let mut update = RequestUpdate::from(&sit.request, RequestStatus::Resolved.as_str());
            update.assignee_id = Some(sam.id.clone());
            update.first_response_at = Some(opened + 3 * HOUR);
            update.resolved_at = Some(resolved);
            update.messages.push(message(
                &sam,
                "vendor",
                "Thank you, Mr Schmidt — you are right: the second line is a duplicate. Finance \
                 issues a credit note for it today.",
                Some(RequestStatus::InProgress),
            ));
            update.messages.push(message(
                &sam,
                "vendor",
                "The credit note is in your documents. The invoice total is now correct.",
                Some(RequestStatus::Resolved),
            ));
            update.survey = Some((egon.id.clone(), token_hash(&token)));
            Ok::<_, ()>(update)
        })
        .await
        .map_err(|e| e.to_string())?;
    ctx.store
        .answer_survey(
            &id,
            &token_hash(&token),
            &SurveyAnswer {
                score: 5,
                comment: Some("Quick and friendly, thank you.".into()),
                nps: Some(9),
            },
            &quarter_of(resolved),
            resolved + HOUR,
        )
        .await
        .map_err(|e| e.to_string())?;
    // The mails these requests wrote are history: nobody is to get them now.
    ctx.store
        .mark_history_mail_sent("service/%", now)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
