//! The quarterly relationship survey: who is still to be asked this quarter, the
//! invitation written once per person and quarter together with its mail, and the
//! answer recorded once.
//!
//! Answers are not audited on purpose: the audit trail is the customer admin's to
//! read (the timeline), and a colleague's NPS score is not the admin's business.

use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, new_id};

/// A customer person who may be asked this quarter.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SurveyCandidate {
    pub user_id: String,
    pub organization_id: String,
    pub customer_name: String,
}

/// An invitation behind a link, with its answer if there is one.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRecord {
    pub id: String,
    pub organization_id: String,
    pub customer_name: String,
    pub user_id: String,
    pub quarter: String,
    /// The score given this quarter (through this link or a service survey).
    pub answered: Option<i64>,
}

/// What became of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NpsOutcome {
    Recorded,
    /// The person had answered for that quarter already; the first answer stands.
    AlreadyAnswered,
    NotFound,
}

/// Records a person's NPS answer for a quarter inside the caller's transaction —
/// unless they gave one for it already (`false`: the first answer stands). The one
/// place an answer is written, from the relationship survey and from a service
/// request's satisfaction survey alike.
pub(crate) async fn record_nps_answer(
    tx: &mut crate::Tx,
    (organization_id, user_id, quarter): (&str, &str, &str),
    score: i64,
    now: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO nps_answers (id, organization_id, user_id, quarter, score, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, quarter) DO NOTHING",
    )
    .bind(new_id())
    .bind(organization_id)
    .bind(user_id)
    .bind(quarter)
    .bind(score)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

const INVITATION_SELECT: &str = "
    SELECT i.id, i.organization_id, o.name AS customer_name, i.user_id, i.quarter,
           (SELECT a.score FROM nps_answers a
             WHERE a.user_id = i.user_id AND a.quarter = i.quarter) AS answered
      FROM nps_invitations i JOIN organizations o ON o.id = i.organization_id";

impl Store {
    /// Up to `limit` active people of active customers who have neither been asked
    /// nor answered in `quarter`.
    pub async fn survey_candidates(
        &self,
        quarter: &str,
        limit: i64,
    ) -> Result<Vec<SurveyCandidate>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.organization_id, o.name AS customer_name
               FROM users u JOIN organizations o ON o.id = u.organization_id
              WHERE o.kind = 'customer' AND o.status = 'active' AND u.active
                AND NOT EXISTS (SELECT 1 FROM nps_invitations i
                                 WHERE i.user_id = u.id AND i.quarter = $1)
                AND NOT EXISTS (SELECT 1 FROM nps_answers a
                                 WHERE a.user_id = u.id AND a.quarter = $1)
              ORDER BY u.id
              LIMIT $2",
        )
        .bind(quarter)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Writes the invitation of `candidate` for `quarter` and its mail in one
    /// transaction — unless another server did first (`false`: nothing written).
    pub async fn invite_to_survey(
        &self,
        id: &str,
        candidate: &SurveyCandidate,
        quarter: &str,
        token_hash: &str,
        mail: &NewMail,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let invited = sqlx::query(
            "INSERT INTO nps_invitations (id, organization_id, user_id, quarter, token_hash, sent_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (user_id, quarter) DO NOTHING",
        )
        .bind(id)
        .bind(&candidate.organization_id)
        .bind(&candidate.user_id)
        .bind(quarter)
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if invited {
            enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(invited)
    }

    /// The invitation `id` if `token_hash` is its link's.
    pub async fn survey_invitation(
        &self,
        id: &str,
        token_hash: &str,
    ) -> Result<Option<InvitationRecord>> {
        Ok(sqlx::query_as(&format!(
            "{INVITATION_SELECT} WHERE i.id = $1 AND i.token_hash = $2"
        ))
        .bind(id)
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records `score` for the invitation's person and quarter — once.
    pub async fn answer_relationship_survey(
        &self,
        id: &str,
        token_hash: &str,
        score: i64,
        now: i64,
    ) -> Result<NpsOutcome> {
        let mut tx = self.begin_write().await?;
        let invitation: Option<(String, String, String)> = sqlx::query_as(
            "SELECT organization_id, user_id, quarter FROM nps_invitations
              WHERE id = $1 AND token_hash = $2",
        )
        .bind(id)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((organization_id, user_id, quarter)) = invitation else {
            return Ok(NpsOutcome::NotFound);
        };
        let recorded =
            record_nps_answer(&mut tx, (&organization_id, &user_id, &quarter), score, now).await?;
        tx.commit().await?;
        Ok(if recorded {
            NpsOutcome::Recorded
        } else {
            NpsOutcome::AlreadyAnswered
        })
    }
}
