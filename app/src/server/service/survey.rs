//! The satisfaction survey behind the link of a resolution mail: no sign-in, the
//! link's token is the key (only its SHA-256 is stored); it opens its own request's
//! survey only and is answered once. The relationship NPS question comes with it
//! when the person has not answered it this quarter.

use crate::api::service::{SurveyResult, SurveyView};
use crate::server::auth::{not_found, store, token_hash};
use crate::server::internal_error;
use kontor_domain::service::{parse_survey, quarter_of};
use kontor_store::now_ms;
use kontor_store::service::SurveyOutcome;
use leptos::prelude::ServerFnError;

pub async fn survey(request_id: String, token: String) -> Result<SurveyView, ServerFnError> {
    let hash = token_hash(token.trim());
    let found = store()
        .survey(request_id.trim(), &hash)
        .await
        .map_err(|e| internal_error("survey", e))?
        .ok_or_else(not_found)?;
    let answered = found.answered_at.is_some();
    let ask_nps = !answered
        && !store()
            .nps_answered(&found.user_id, &quarter_of(now_ms()))
            .await
            .map_err(|e| internal_error("survey", e))?;
    Ok(SurveyView {
        number: found.number,
        subject: found.subject,
        answered,
        ask_nps,
    })
}

pub async fn answer_survey(
    request_id: String,
    token: String,
    score: String,
    comment: String,
    nps: String,
) -> Result<SurveyResult, ServerFnError> {
    // The link first: without a survey behind it there is nothing to answer.
    let hash = token_hash(token.trim());
    store()
        .survey(request_id.trim(), &hash)
        .await
        .map_err(|e| internal_error("answer_survey", e))?
        .ok_or_else(not_found)?;
    let answer = match parse_survey(&score, &comment, &nps) {
        Ok(answer) => answer,
        Err(problems) => return Ok(SurveyResult::Invalid(problems)),
    };
    let now = now_ms();
    let outcome = store()
        .answer_survey(request_id.trim(), &hash, &answer, &quarter_of(now), now)
        .await
        .map_err(|e| internal_error("answer_survey", e))?;
    match outcome {
        SurveyOutcome::Answered => Ok(SurveyResult::Thanks),
        SurveyOutcome::AlreadyAnswered => Ok(SurveyResult::AlreadyAnswered),
        SurveyOutcome::NotFound => Err(not_found()),
    }
}
