//! The demo's quotes: one of Hannah's waiting for Vera's offer, and one Vera
//! offered to Egon, so a newcomer sees both sides at once, and Vera's follow-up on the
//! waiting one, due today. Made through the same operations people use, each at its
//! moment in the past.

use crate::api::quotes::{RequestResult, StepResult};
use crate::server::ServerContext;
use crate::services::quotes::{self, OfferQuote, RequestQuote};
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::calendar::berlin_day;
use kontor_domain::quote::{OfferForm, RequestForm};

const DAY: i64 = 86_400_000;

pub async fn seed(ctx: &ServerContext, now: i64) -> Result<(), ServiceError> {
    let store = &ctx.store;
    let person = |email: &'static str| async move {
        let record = store.user_by_email(email).await?.expect("demo user");
        Ok::<_, ServiceError>(Actor::of_person(record, Locale::default()))
    };
    let hannah = person("hannah@mueller.example").await?;
    let egon = person("egon@mueller.example").await?;
    let vera = person("vera@nordhydraulik.example").await?;
    let waiting = RequestForm {
        catalog_lines: "NH-PMP-1030 12".into(),
        free_text_lines: "Seal kit exchange on site".into(),
        message: "For the retrofit of line 3 — could you do it in March?".into(),
        ..RequestForm::default()
    };
    request(
        &ctx.at(now - 2 * DAY),
        &hannah,
        waiting,
        "demo-quote-waiting",
    )
    .await?;
    let pumps = RequestForm {
        catalog_lines: "NH-PMP-1000 50".into(),
        free_text_lines: "On-site commissioning".into(),
        message: "50 pumps for our customer's machines, as discussed on the phone.".into(),
        ..RequestForm::default()
    };
    let asked = now - 5 * DAY;
    if let Some(quote_id) = request(&ctx.at(asked), &egon, pumps, "demo-quote-offered").await? {
        let offered = now - 4 * DAY;
        let form = OfferForm {
            quantity: [("1", "50"), ("2", "1")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            unit_price: [("1", "1060.00"), ("2", "1800.00")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            valid_until: berlin_day(offered + 30 * DAY).to_string(),
            message: "As discussed: our best price for 50 pumps, commissioning included.".into(),
            internal_note: "Margin checked with sales lead; room for 2 % more if needed.".into(),
            ..OfferForm::default()
        };
        let offer = OfferQuote {
            quote_id,
            based_on: 0,
            form,
        };
        match quotes::offer(&ctx.at(offered), &vera, offer).await? {
            StepResult::Done(_) => {}
            other => tracing::warn!(?other, "the demo offer was not made"),
        }
    }
    store.mark_history_mail_sent("quote/%", now).await?;
    // Vera means to call Hannah about the waiting request today: her start page shows
    // it, and the notice loop mails it once.
    let mueller = store
        .user_by_email("hannah@mueller.example")
        .await?
        .expect("demo user")
        .organization_id;
    let follow_up = crate::services::follow_ups::AddFollowUp {
        customer_id: mueller,
        note: "Call Hannah about the retrofit of line 3 before the offer".into(),
        due: berlin_day(now).to_string(),
        ..Default::default()
    };
    crate::services::follow_ups::add(&ctx.at(now), &vera, follow_up).await?;
    Ok(())
}

async fn request(
    ctx: &ServerContext,
    who: &Actor,
    form: RequestForm,
    key: &str,
) -> Result<Option<String>, ServiceError> {
    let input = RequestQuote {
        idempotency_key: key.into(),
        form,
    };
    Ok(match quotes::request(ctx, who, input).await? {
        RequestResult::Requested { quote_id, .. } => Some(quote_id),
        other => {
            tracing::warn!(?other, "a demo quote was not requested");
            None
        }
    })
}
