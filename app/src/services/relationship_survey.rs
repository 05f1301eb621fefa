//! The quarterly relationship survey (NPS): the notice loop invites every customer
//! person not yet asked this quarter, and the link in the mail answers it without a
//! sign-in (its token is the key; only the SHA-256 is stored). The rules of when and
//! whom are `kontor_domain::relationship_survey`'s.

use crate::api::service::{RelationshipAnswer, RelationshipSurveyView};
use crate::server::ServerContext;
use crate::server::auth::{random_token, token_hash};
use crate::services::ServiceError;
use kontor_domain::field::FormProblems;
use kontor_domain::notifications::{MailKind, Notice};
use kontor_domain::relationship_survey::parse_score;
use kontor_domain::service::quarter_of;
use kontor_store::outbox::{NewMail, SECRET_MARK};
use kontor_store::relationship_survey::{NpsOutcome, SurveyCandidate};

/// How many people one round of the notice loop invites at most: a round stays
/// short, and a large customer base is asked over a few minutes.
const ROUND: i64 = 200;

/// Invites up to one round of people to this quarter's survey, if it is due; each
/// person once per quarter, also with several servers running this at once.
/// Returns how many invitations this call wrote.
pub async fn invite(ctx: &ServerContext) -> Result<usize, ServiceError> {
    let now = ctx.now();
    if !ctx.service.relationship_survey.is_due(now) {
        return Ok(0);
    }
    let quarter = quarter_of(now);
    let candidates = ctx.store.survey_candidates(&quarter, ROUND).await?;
    let mut written = 0;
    for candidate in candidates {
        if invite_one(ctx, &candidate, &quarter, now).await? {
            written += 1;
        }
    }
    if written > 0 {
        (ctx.mail_written)();
    }
    Ok(written)
}

async fn invite_one(
    ctx: &ServerContext,
    candidate: &SurveyCandidate,
    quarter: &str,
    now: i64,
) -> Result<bool, ServiceError> {
    let Some(person) = ctx.store.user_by_id(&candidate.user_id).await? else {
        return Ok(false);
    };
    let t = crate::i18n::service_texts(person.language());
    let token = random_token();
    let id = kontor_store::new_id();
    let mail = NewMail {
        dedupe_key: format!("relationship-survey/{quarter}/{}", candidate.user_id),
        organization_id: Some(candidate.organization_id.clone()),
        recipient: person.email.clone(),
        subject: t.mail_relationship_subject.into(),
        body_text: t
            .mail_relationship_body
            .replace("{name}", &person.display_name)
            .replace("{customer}", &candidate.customer_name)
            .replace(
                "{link}",
                &format!("{}/nps/{id}?t={SECRET_MARK}", ctx.public_url),
            ),
        secret: Some(token.clone()),
        kind: MailKind::Notice(Notice::Surveys),
    };
    Ok(ctx
        .store
        .invite_to_survey(&id, candidate, quarter, &token_hash(&token), &mail, now)
        .await?)
}

/// The survey behind a link (`NotFound` for a wrong token or id).
pub async fn survey(
    ctx: &ServerContext,
    id: &str,
    token: &str,
) -> Result<RelationshipSurveyView, ServiceError> {
    let found = ctx
        .store
        .survey_invitation(id.trim(), &token_hash(token.trim()))
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(RelationshipSurveyView {
        customer: found.customer_name,
        answered: found.answered.is_some(),
    })
}

/// Answers the survey behind a link: once per person and quarter.
pub async fn answer(
    ctx: &ServerContext,
    id: &str,
    token: &str,
    score: &str,
) -> Result<RelationshipAnswer, ServiceError> {
    let hash = token_hash(token.trim());
    // The link first: a wrong one is not found, whatever the score.
    if ctx
        .store
        .survey_invitation(id.trim(), &hash)
        .await?
        .is_none()
    {
        return Err(ServiceError::NotFound);
    }
    let score = match parse_score(score) {
        Ok(score) => score,
        Err(problem) => {
            let mut problems = FormProblems::default();
            problems.add("score", problem);
            return Ok(RelationshipAnswer::Invalid(problems));
        }
    };
    match ctx
        .store
        .answer_relationship_survey(id.trim(), &hash, score, ctx.now())
        .await?
    {
        NpsOutcome::Recorded => Ok(RelationshipAnswer::Thanks),
        NpsOutcome::AlreadyAnswered => Ok(RelationshipAnswer::AlreadyAnswered),
        NpsOutcome::NotFound => Err(ServiceError::NotFound),
    }
}
