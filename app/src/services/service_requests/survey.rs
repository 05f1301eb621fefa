//! The satisfaction survey behind the link of a resolution mail: no sign-in, the
//! link's token is the key (only its SHA-256 is stored); it opens its own request's
//! survey only and is answered once. The relationship NPS question comes with it
//! when the person has not answered it this quarter.

use crate::api::service::{SurveyResult, SurveyView};
use crate::server::ServerContext;
use crate::server::auth::token_hash;
use crate::services::ServiceError;
use kontor_domain::service::{parse_survey, quarter_of};
use kontor_store::service::{SurveyOutcome, SurveyRecord};

/// The survey's fields as the form sends them.
#[derive(Clone, Debug, Default)]
pub struct SurveyForm {
    pub score: String,
    pub comment: String,
    pub nps: String,
}

async fn behind_link(
    ctx: &ServerContext,
    request_id: &str,
    token: &str,
) -> Result<(SurveyRecord, String), ServiceError> {
    let hash = token_hash(token.trim());
    let found = ctx
        .store
        .survey(request_id.trim(), &hash)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((found, hash))
}

/// The survey the link opens (`NotFound` for a wrong token or another request).
pub async fn survey(
    ctx: &ServerContext,
    request_id: &str,
    token: &str,
) -> Result<SurveyView, ServiceError> {
    let (found, _) = behind_link(ctx, request_id, token).await?;
    let answered = found.answered_at.is_some();
    let ask_nps = !answered
        && !ctx
            .store
            .nps_answered(&found.user_id, &quarter_of(ctx.now()))
            .await?;
    Ok(SurveyView {
        number: found.number,
        subject: found.subject,
        answered,
        ask_nps,
    })
}

/// Answers the survey the link opens — once; a second answer (also a concurrent
/// one) is `AlreadyAnswered`.
pub async fn answer_survey(
    ctx: &ServerContext,
    request_id: &str,
    token: &str,
    form: SurveyForm,
) -> Result<SurveyResult, ServiceError> {
    // The link first: without a survey behind it there is nothing to answer.
    let (_, hash) = behind_link(ctx, request_id, token).await?;
    let answer = match parse_survey(&form.score, &form.comment, &form.nps) {
        Ok(answer) => answer,
        Err(problems) => return Ok(SurveyResult::Invalid(problems)),
    };
    let now = ctx.now();
    let outcome = ctx
        .store
        .answer_survey(request_id.trim(), &hash, &answer, &quarter_of(now), now)
        .await?;
    match outcome {
        SurveyOutcome::Answered => Ok(SurveyResult::Thanks),
        SurveyOutcome::AlreadyAnswered => Ok(SurveyResult::AlreadyAnswered),
        SurveyOutcome::NotFound => Err(ServiceError::NotFound),
    }
}
