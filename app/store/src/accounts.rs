//! People: sign-in lookups, a customer's team and its changes, single-use tokens.

use crate::audit::{self, AuditEntry};
use crate::outbox::{NewMail, enqueue};
use crate::sessions::end_sessions_of_user;
use crate::{Result, Store, Tx};

/// A user with what sign-in and permission checks need to know of their organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: String,
    pub organization_id: String,
    pub organization_kind: String,
    pub organization_status: String,
    pub organization_name: String,
    pub email: String,
    pub display_name: String,
    /// Empty while an invitation has not been accepted.
    pub password_hash: String,
    pub roles: String,
    pub active: bool,
    pub per_order_limit_cents: Option<i64>,
    pub monthly_budget_cents: Option<i64>,
    pub approver_id: Option<String>,
    /// A second factor is enrolled.
    pub has_totp: bool,
    /// The language tag the person reads (`None` until first known).
    pub locale: Option<String>,
    /// How to reach them by phone, as they typed it.
    pub phone: Option<String>,
}

impl UserRecord {
    /// The language of mails to this person: theirs, or the portal's default while
    /// it is not known yet.
    pub fn language(&self) -> kontor_domain::Locale {
        self.locale
            .as_deref()
            .and_then(kontor_domain::Locale::parse)
            .unwrap_or_default()
    }
}

// `active` as an integer: sqlx's Any driver cannot decode SQLite's BOOLEAN.
/// The columns of a [`UserRecord`].
macro_rules! user_columns {
    () => {
        "SELECT u.id, u.organization_id, o.kind AS organization_kind,
        o.status AS organization_status, o.name AS organization_name, u.email,
        u.display_name, u.password_hash, u.roles,
        CAST(CASE WHEN u.active THEN 1 ELSE 0 END AS BIGINT) AS active, u.per_order_limit_cents,
        u.monthly_budget_cents, u.approver_id,
        CAST(CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_totp, u.locale,
        u.phone"
    };
}

macro_rules! user_tables {
    () => {
        "\n   FROM users u JOIN organizations o ON o.id = u.organization_id"
    };
}

pub(crate) const USER_SELECT: &str = concat!(user_columns!(), user_tables!());

/// The count of a user's unread notifications (the header shows it on every page), as
/// a column beside the user's.
macro_rules! unread_notifications_column {
    () => {
        concat!(
            ",
        (SELECT COUNT(*) FROM outbox n WHERE n.recipient = u.email AND ",
            crate::notifications::unread_notification!("n."),
            ") AS unread_notifications"
        )
    };
}

/// A user with the count of their unread notifications, so that a signed-in request
/// reads both in one statement.
const SESSION_USER_SELECT: &str = concat!(
    user_columns!(),
    unread_notifications_column!(),
    user_tables!()
);

/// A live session with its user (when it has one) and that user's unread count: what
/// every signed-in request needs before anything else, in one statement instead of two.
/// The user's tables are joined outside, so that a session without a user (or whose user
/// is gone) still comes back, with empty user columns.
/// A macro rather than a constant, so that the caller's condition joins it at compile
/// time: the statement runs on every request with a session cookie.
macro_rules! session_with_user_select {
    () => {
        concat!(
            $crate::accounts::user_columns!(),
            $crate::accounts::unread_notifications_column!(),
            ",
        s.data AS session_data, s.expires_at AS session_expires_at
   FROM sessions s
   LEFT JOIN users u ON u.id = s.user_id
   LEFT JOIN organizations o ON o.id = u.organization_id"
        )
    };
}
pub(crate) use {session_with_user_select, unread_notifications_column, user_columns};

/// A session user's row: the user and how many of their notifications are unread.
pub(crate) fn session_user_of(row: &sqlx::any::AnyRow) -> sqlx::Result<(UserRecord, i64)> {
    use sqlx::{FromRow, Row};
    Ok((
        UserRecord::from_row(row)?,
        row.try_get("unread_notifications")?,
    ))
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for UserRecord {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(UserRecord {
            id: row.try_get("id")?,
            organization_id: row.try_get("organization_id")?,
            organization_kind: row.try_get("organization_kind")?,
            organization_status: row.try_get("organization_status")?,
            organization_name: row.try_get("organization_name")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            password_hash: row.try_get("password_hash")?,
            roles: row.try_get("roles")?,
            active: row.try_get::<i64, _>("active")? != 0,
            per_order_limit_cents: row.try_get("per_order_limit_cents")?,
            monthly_budget_cents: row.try_get("monthly_budget_cents")?,
            approver_id: row.try_get("approver_id")?,
            has_totp: row.try_get::<i64, _>("has_totp")? != 0,
            locale: row.try_get("locale")?,
            phone: row.try_get("phone")?,
        })
    }
}

/// A user to create (invited: no password yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub id: String,
    pub organization_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: String,
    pub per_order_limit_cents: Option<i64>,
    pub monthly_budget_cents: Option<i64>,
    pub approver_id: Option<String>,
}

/// A single-use token to store; only its SHA-256 is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
    pub token_hash: String,
    pub purpose: TokenPurpose,
    pub expires_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    Invitation,
    Reset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::Reset => "reset",
        }
    }
}

/// One change to a team, decided by the caller from the team as it is inside the
/// transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamChange {
    Invite(NewUser, NewToken),
    Update {
        user_id: String,
        roles: String,
        per_order_limit_cents: Option<i64>,
        monthly_budget_cents: Option<i64>,
        approver_id: Option<String>,
    },
    /// Deactivates and ends every session of the user; history stays.
    Deactivate {
        user_id: String,
    },
}

/// What to write for one team decision: the change, its audit entry, its mails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamWrite {
    pub change: TeamChange,
    pub audit: AuditEntry,
    pub mails: Vec<NewMail>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamOutcome<R> {
    Done,
    /// The caller's rules refused the change; nothing was written.
    Refused(R),
    /// An invitation to an address that has an account already; nothing was written.
    EmailTaken,
    /// The named member is not in this organization; nothing was written.
    NoSuchMember,
}

/// Outcome of redeeming a single-use token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redeemed {
    Done {
        user_id: String,
    },
    /// Unknown, used, expired or of another purpose: one answer for all.
    Invalid,
}

/// Serialises changes to one organization's team (and status): on PostgreSQL the
/// row lock makes concurrent admins queue, so rules like "no approver cycle" hold
/// for the combined result; SQLite's write lock does the same already.
pub(crate) async fn lock_organization(tx: &mut Tx, organization_id: &str) -> Result<bool> {
    crate::backend::lock_row(tx, "organizations", "id = $1", &[organization_id]).await
}

pub(crate) async fn team_in(tx: &mut Tx, organization_id: &str) -> Result<Vec<UserRecord>> {
    Ok(sqlx::query_as::<_, UserRecord>(&format!(
        "{USER_SELECT} WHERE u.organization_id = $1 ORDER BY u.display_name, u.id"
    ))
    .bind(organization_id)
    .fetch_all(&mut **tx)
    .await?)
}

impl Store {
    /// The user signing in with this address (compared case-insensitively).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>> {
        Ok(sqlx::query_as::<_, UserRecord>(&format!(
            "{USER_SELECT} WHERE LOWER(u.email) = LOWER($1)"
        ))
        .bind(email.trim())
        .fetch_optional(self.pool())
        .await?)
    }

    /// The user of a session and how many of their notifications are unread.
    pub async fn session_user(&self, id: &str) -> Result<Option<(UserRecord, i64)>> {
        let row = sqlx::query(&format!("{SESSION_USER_SELECT} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(session_user_of).transpose()?)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRecord>> {
        Ok(
            sqlx::query_as::<_, UserRecord>(&format!("{USER_SELECT} WHERE u.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Everyone in an organization (active or not), by name.
    pub async fn team(&self, organization_id: &str) -> Result<Vec<UserRecord>> {
        Ok(sqlx::query_as::<_, UserRecord>(&format!(
            "{USER_SELECT} WHERE u.organization_id = $1 ORDER BY u.display_name, u.id"
        ))
        .bind(organization_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Takes one decision about a team: `decide` sees the team as it is inside the
    /// write transaction (after concurrent changes have committed) and either refuses
    /// or says what to write; the change, its audit entry and its mails are then
    /// committed together.
    pub async fn change_team<R>(
        &self,
        organization_id: &str,
        now: i64,
        decide: impl FnOnce(&[UserRecord]) -> std::result::Result<TeamWrite, R>,
    ) -> Result<TeamOutcome<R>> {
        let mut tx = self.begin_write().await?;
        if !lock_organization(&mut tx, organization_id).await? {
            return Ok(TeamOutcome::NoSuchMember);
        }
        let team = team_in(&mut tx, organization_id).await?;
        let write = match decide(&team) {
            Ok(write) => write,
            Err(refusal) => return Ok(TeamOutcome::Refused(refusal)),
        };
        let member_known = |id: &str| team.iter().any(|m| m.id == id);
        match &write.change {
            TeamChange::Invite(user, token) => {
                if user.organization_id != organization_id {
                    return Ok(TeamOutcome::NoSuchMember);
                }
                let inserted = sqlx::query(
                    "INSERT INTO users (id, organization_id, email, display_name, password_hash,
                                        roles, per_order_limit_cents, monthly_budget_cents,
                                        approver_id, active, created_at)
                     SELECT $1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10
                      WHERE NOT EXISTS (SELECT 1 FROM users WHERE LOWER(email) = LOWER($3))",
                )
                .bind(&user.id)
                .bind(&user.organization_id)
                .bind(&user.email)
                .bind(&user.display_name)
                .bind(&user.roles)
                .bind(user.per_order_limit_cents)
                .bind(user.monthly_budget_cents)
                .bind(&user.approver_id)
                .bind(true)
                .bind(now)
                .execute(&mut *tx)
                .await;
                match inserted {
                    Ok(done) if done.rows_affected() == 1 => {}
                    // Lost a race on the unique index, or the address exists.
                    Ok(_) => return Ok(TeamOutcome::EmailTaken),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Ok(TeamOutcome::EmailTaken);
                    }
                    Err(e) => return Err(e.into()),
                }
                insert_token(&mut tx, &user.id, organization_id, token, now).await?;
            }
            TeamChange::Update {
                user_id,
                roles,
                per_order_limit_cents,
                monthly_budget_cents,
                approver_id,
            } => {
                if !member_known(user_id) {
                    return Ok(TeamOutcome::NoSuchMember);
                }
                sqlx::query(
                    "UPDATE users SET roles = $1, per_order_limit_cents = $2,
                            monthly_budget_cents = $3, approver_id = $4
                      WHERE id = $5 AND organization_id = $6",
                )
                .bind(roles)
                .bind(per_order_limit_cents)
                .bind(monthly_budget_cents)
                .bind(approver_id)
                .bind(user_id)
                .bind(organization_id)
                .execute(&mut *tx)
                .await?;
            }
            TeamChange::Deactivate { user_id } => {
                if !member_known(user_id) {
                    return Ok(TeamOutcome::NoSuchMember);
                }
                sqlx::query("UPDATE users SET active = $1 WHERE id = $2 AND organization_id = $3")
                    .bind(false)
                    .bind(user_id)
                    .bind(organization_id)
                    .execute(&mut *tx)
                    .await?;
                end_sessions_of_user(&mut tx, user_id, None).await?;
            }
        }
        audit::append(&mut tx, &write.audit, now).await?;
        for mail in &write.mails {
            enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(TeamOutcome::Done)
    }

    /// Redeems a single-use token: sets the password, ends every other session of the
    /// user and voids their other open tokens of the purpose, audited — or changes
    /// nothing when the token is unknown, used or expired.
    /// Whether a link token could be redeemed now (unused, unexpired, its person
    /// active): checked before the new password is hashed, so a wrong link costs no
    /// hash. [`Store::redeem_token`] checks again, atomically.
    pub async fn token_is_redeemable(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(1 AS BIGINT) FROM user_tokens t JOIN users u ON u.id = t.user_id
              WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL
                AND t.expires_at > $3 AND u.active",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// `locale`: the language of the browser the link was opened in, which becomes
    /// the person's language unless they have one already.
    pub async fn redeem_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        password_hash: &str,
        locale: &str,
        now: i64,
    ) -> Result<Redeemed> {
        let mut tx = self.begin_write().await?;
        let claimed: Option<(String, String)> = sqlx::query_as(
            "UPDATE user_tokens SET used_at = $1
              WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
             RETURNING user_id, organization_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(purpose.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((user_id, organization_id)) = claimed else {
            return Ok(Redeemed::Invalid);
        };
        let (display_name, active): (String, i64) = sqlx::query_as(
            "SELECT display_name, CAST(CASE WHEN active THEN 1 ELSE 0 END AS BIGINT) FROM users WHERE id = $1",
        )
                .bind(&user_id)
                .fetch_one(&mut *tx)
                .await?;
        if active == 0 {
            return Ok(Redeemed::Invalid);
        }
        sqlx::query(
            "UPDATE users SET password_hash = $1, password_changed_at = $2,
                    locale = COALESCE(locale, $4)
              WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now)
        .bind(&user_id)
        .bind(locale)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE user_tokens SET used_at = $1
              WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(&user_id)
        .bind(purpose.as_str())
        .execute(&mut *tx)
        .await?;
        end_sessions_of_user(&mut tx, &user_id, None).await?;
        let action = match purpose {
            TokenPurpose::Invitation => "member.invitation_accepted",
            TokenPurpose::Reset => "member.password_reset",
        };
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id,
                actor_id: Some(user_id.clone()),
                actor_name: display_name,
                action: action.into(),
                target: format!("user:{user_id}"),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Redeemed::Done { user_id })
    }

    /// Stores a password-reset token with its mail (only for an existing, active user:
    /// the caller answers the same either way).
    pub async fn issue_reset_token(
        &self,
        user_id: &str,
        organization_id: &str,
        token: &NewToken,
        mail: &NewMail,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_token(&mut tx, user_id, organization_id, token, now).await?;
        enqueue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the language a person signs in with, if none is known for them yet
    /// (a later sign-in from another browser does not change it).
    pub async fn remember_locale(&self, user_id: &str, locale: &str) -> Result<()> {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2 AND locale IS NULL")
            .bind(locale)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A person changes their own language, audited with the old and the new one.
    /// Returns whether anything changed (choosing the language one has is no change).
    pub async fn change_locale(&self, user: &UserRecord, locale: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
            .bind(&user.id)
            .fetch_one(&mut *tx)
            .await?;
        if before.as_deref() == Some(locale) {
            return Ok(false);
        }
        // Only over the value read: of two changes at once, the later one finds it
        // changed and leaves the earlier one (and its audit entry) standing.
        let changed = sqlx::query(
            "UPDATE users SET locale = $1 WHERE id = $2 AND locale IS NOT DISTINCT FROM $3",
        )
        .bind(locale)
        .bind(&user.id)
        .bind(&before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: user.organization_id.clone(),
                actor_id: Some(user.id.clone()),
                actor_name: user.display_name.clone(),
                action: "member.language_changed".into(),
                target: format!("user:{}", user.id),
                before,
                after: Some(locale.to_string()),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Changes a signed-in user's password, ends their other sessions, audited.
    pub async fn change_password(
        &self,
        user: &UserRecord,
        password_hash: &str,
        keep_session: &str,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(now)
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        end_sessions_of_user(&mut tx, &user.id, Some(keep_session)).await?;
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: user.organization_id.clone(),
                actor_id: Some(user.id.clone()),
                actor_name: user.display_name.clone(),
                action: "member.password_changed".into(),
                target: format!("user:{}", user.id),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// The user's TOTP secret, once enrolled.
    /// Every stored second-factor key, by user (for sealing old ones at start).
    pub async fn totp_secrets(&self) -> Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Replaces a stored second-factor key if it is still `old`.
    pub async fn replace_totp_secret(&self, user_id: &str, old: &str, new: &str) -> Result<()> {
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
            .bind(new)
            .bind(user_id)
            .bind(old)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn totp_secret(&self, user_id: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT totp_secret FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?
                .flatten(),
        )
    }

    /// Enrolls the second factor with its recovery codes (hashes), audited — unless
    /// one is enrolled already (a second tab): then nothing changes and `false`.
    pub async fn enable_totp(
        &self,
        user: &UserRecord,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[String],
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let enabled = sqlx::query(
            "UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3 AND totp_secret IS NULL",
        )
        .bind(secret)
        .bind(step)
        .bind(&user.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if enabled != 1 {
            return Ok(false);
        }
        for hash in recovery_code_hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (code_hash, user_id, created_at) VALUES ($1, $2, $3)",
            )
            .bind(hash)
            .bind(&user.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: user.organization_id.clone(),
                actor_id: Some(user.id.clone()),
                actor_name: user.display_name.clone(),
                action: "member.second_factor_enabled".into(),
                target: format!("user:{} {}", user.id, user.email),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes a member's second factor (key and recovery codes) and ends all their
    /// sessions; at the next sign-in they enrol again. `false` when the member is not
    /// in `organization_id` (nothing written).
    pub async fn reset_second_factor(
        &self,
        organization_id: &str,
        member_id: &str,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_last_step = NULL
              WHERE id = $1 AND organization_id = $2",
        )
        .bind(member_id)
        .bind(organization_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        end_sessions_of_user(&mut tx, member_id, None).await?;
        audit::append(&mut tx, audit_entry, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Accepts a TOTP time step once per user: `false` for a step already used (a
    /// replayed code, or the same code sent twice).
    pub async fn accept_totp_step(&self, user_id: &str, step: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE users SET totp_last_step = $1
              WHERE id = $2 AND totp_secret IS NOT NULL
                AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(user_id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Uses a recovery code once.
    pub async fn use_recovery_code(
        &self,
        user_id: &str,
        code_hash: &str,
        now: i64,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE recovery_codes SET used_at = $1
              WHERE code_hash = $2 AND user_id = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(code_hash)
        .bind(user_id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }
}

async fn insert_token(
    tx: &mut Tx,
    user_id: &str,
    organization_id: &str,
    token: &NewToken,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_tokens (token_hash, user_id, organization_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token.token_hash)
    .bind(user_id)
    .bind(organization_id)
    .bind(token.purpose.as_str())
    .bind(now)
    .bind(token.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
