//! Signing in and out, invitations, password reset and change.

use crate::AppError;
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub display_name: String,
    pub email: String,
    pub organization_name: String,
    pub vendor: bool,
    pub roles: Vec<String>,
    /// Notifications not read yet (the header's count).
    pub unread: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOutcome {
    /// Signed in; go on to this path.
    SignedIn { next: String },
    /// Unknown address or wrong password: one answer for both.
    Invalid,
    /// Right password, but the organization is not unlocked yet.
    NotUnlocked,
    /// Right password, but the organization's access is suspended.
    Suspended,
    /// Vendor staff: right password; now the code from the authenticator app.
    SecondFactor,
    /// Vendor staff without a second factor yet: add this secret to an authenticator
    /// app, then enter its code.
    EnrollSecondFactor { secret: String, uri: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorOutcome {
    /// Signed in. After enrolling, the recovery codes, shown this once.
    SignedIn {
        next: String,
        recovery_codes: Vec<String>,
    },
    /// Not the code of this moment (nor an unused recovery code).
    Wrong,
    /// No password step in this session, or it is older than five minutes.
    Expired,
}

/// Between the password and the second factor: kept in the (not yet signed-in)
/// session.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Serialize, Deserialize)]
struct PendingSecondFactor {
    user_id: String,
    started_ms: i64,
    next: String,
    /// The secret being enrolled, when there is none yet.
    enroll_secret: Option<String>,
}

#[cfg(feature = "ssr")]
const PENDING_KEY: &str = "kontor.pending_second_factor";
#[cfg(feature = "ssr")]
const PENDING_VALID_MS: i64 = 5 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordOutcome {
    Done,
    Invalid {
        password: Option<FieldProblem>,
        repeat: Option<FieldProblem>,
        current: Option<FieldProblem>,
    },
    /// The link is unknown, used or expired.
    LinkInvalid,
}

/// Only paths of this site, never an open redirect (see
/// [`kontor_domain::redirect`]); empty when the target is refused.
pub fn safe_next(next: &str) -> String {
    kontor_domain::redirect::local_path(next)
        .unwrap_or_default()
        .to_string()
}

/// Who is signed in, if anyone. Authorization: anyone (answers about the caller only).
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<Viewer>, AppError> {
    use crate::server::auth::{side_of, viewer};
    // Before the first await (see `server::caller`).
    let store = crate::server::context().store.clone();
    let Some(user) = viewer().await? else {
        return Ok(None);
    };
    let r = user.record;
    // Read with the user on every signed-in request; otherwise read now. The count is
    // a nicety: a failure to read it shows none rather than no header.
    let unread = match user.unread_notifications {
        Some(unread) => unread,
        None => store.unread_notifications(&r.email).await.unwrap_or(0),
    };
    Ok(Some(Viewer {
        vendor: side_of(&r) == kontor_domain::access::Side::Vendor,
        roles: r.roles.split(',').map(str::to_string).collect(),
        display_name: r.display_name,
        email: r.email,
        organization_name: r.organization_name,
        unread,
    }))
}

/// Signs in with e-mail and password. Authorization: anyone. Each attempt is reserved
/// (per account and client, and per client) before any hash is computed; past the
/// limit the answer is 429 with `Retry-After`.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: String,
) -> Result<SignInOutcome, AppError> {
    use crate::server::auth::{
        Credentials, address_key, auth_session, client_address, forgive_attempt, reserve_attempt,
    };
    use crate::server::internal_error;
    use kontor_domain::throttle::{Forgive, SIGN_IN_PER_ACCOUNT_AND_CLIENT, SIGN_IN_PER_CLIENT};
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let locale = crate::i18n::initial_locale();
    let browser = crate::server::device::Browser::of_request();
    // Reserved before the hash: of many parallel guesses only the allowed few reach it.
    let client = client_address().await;
    let account_key = format!("sign_in:{}|{client}", address_key(&email));
    let client_key = format!("sign_in_client:{client}");
    reserve_attempt(&[
        (account_key.clone(), SIGN_IN_PER_ACCOUNT_AND_CLIENT),
        (client_key.clone(), SIGN_IN_PER_CLIENT),
    ])
    .await?;
    let mut session = auth_session().await?;
    let user = session
        .authenticate(Credentials {
            email: email.clone(),
            password,
        })
        .await
        .map_err(|e| internal_error("sign_in", e))?;
    let now = kontor_store::now_ms();
    // Without the script, a refusal returns to the form with the address kept.
    let refused = |outcome: SignInOutcome| {
        crate::server::answer_plain_form(
            <SignIn as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[("email", &email)],
        );
        Ok(outcome)
    };
    let Some(user) = user else {
        return refused(SignInOutcome::Invalid);
    };
    forgive_attempt(&[(account_key, Forgive::Reset), (client_key, Forgive::Refund)]).await?;
    match user.record.organization_status.as_str() {
        "active" => {}
        "pending" => return refused(SignInOutcome::NotUnlocked),
        _ => return refused(SignInOutcome::Suspended),
    }
    let next = safe_next(&next);
    if user.actor().is_vendor() {
        // Vendor staff: the password alone does not sign in.
        use crate::server::second_factor::{new_secret, otpauth_uri};
        let enroll_secret = (!user.record.has_totp).then(new_secret);
        let pending = PendingSecondFactor {
            user_id: user.record.id.clone(),
            started_ms: now,
            next,
            enroll_secret: enroll_secret.clone(),
        };
        session
            .session
            .insert(PENDING_KEY, pending)
            .await
            .map_err(|e| internal_error("sign_in", e))?;
        return Ok(match enroll_secret {
            // The secret never travels in a URL: enrolling needs the script.
            Some(secret) => SignInOutcome::EnrollSecondFactor {
                uri: otpauth_uri(&user.record.email, &secret),
                secret,
            },
            None => {
                crate::server::answer_plain_form(
                    <SignIn as leptos::server_fn::ServerFn>::PATH,
                    &SignInOutcome::SecondFactor,
                    &[],
                );
                SignInOutcome::SecondFactor
            }
        });
    }
    let next = complete_sign_in(&request, &mut session, &user, &next, (locale, &browser)).await?;
    crate::server::land_plain_form_on(&next);
    Ok(SignInOutcome::SignedIn { next })
}

/// Rotates the session id and signs `user` in; returns where to go. The language
/// they sign in with becomes theirs if none is known yet; a browser new to their
/// account is recorded (and, but for their first, mailed about).
#[cfg(feature = "ssr")]
async fn complete_sign_in(
    ctx: &crate::server::ServerContext,
    session: &mut crate::server::auth::AuthSession,
    user: &crate::server::auth::SessionUser,
    next: &str,
    (locale, browser): (kontor_domain::Locale, &crate::server::device::Browser),
) -> Result<String, AppError> {
    use crate::server::internal_error;
    let mut record = user.record.clone();
    if record.locale.is_none() {
        record.locale = Some(locale.tag().to_string());
        ctx.store
            .remember_locale(&user.record.id, locale.tag())
            .await
            .map_err(|e| internal_error("sign_in", e))?;
    }
    // A new session id at every sign-in, also when this browser was signed in before
    // (axum-login rotates only a session without a user): whoever knew the old id
    // learns nothing.
    session
        .session
        .cycle_id()
        .await
        .map_err(|e| internal_error("sign_in", e))?;
    session
        .login(user)
        .await
        .map_err(|e| internal_error("sign_in", e))?;
    let actor = crate::services::Actor::of_person(record, locale);
    let token = crate::services::profile::signed_in_from(
        ctx,
        &actor,
        browser.token.as_deref(),
        &browser.user_agent,
    )
    .await
    .map_err(crate::server::refusal)?;
    if let Some(token) = token {
        browser.keep_token(&token, ctx.public_url.starts_with("https://"));
    }
    Ok(match safe_next(next) {
        next if !next.is_empty() => next,
        _ if user.actor().is_vendor() => "/vendor".to_string(),
        _ => "/customer".to_string(),
    })
}

/// The second step of a vendor staff sign-in: a code from the authenticator app (or,
/// while enrolling, the first code of the new secret), or a recovery code.
/// Authorization: the session that passed the password step in the last five
/// minutes; failures count towards the same throttle as passwords.
#[server(endpoint = "second_factor")]
pub async fn second_factor(code: String) -> Result<SecondFactorOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let locale = crate::i18n::initial_locale();
    let browser = crate::server::device::Browser::of_request();
    use crate::server::auth::{
        SessionUser, auth_session, forgive_attempt, reserve_attempt, token_hash,
    };
    use crate::server::internal_error;
    use crate::server::second_factor::{matching_step, normalize_recovery_code, recovery_codes};
    use kontor_domain::throttle::{Forgive, SECOND_FACTOR_PER_ACCOUNT};
    let mut session = auth_session().await?;
    let pending: Option<PendingSecondFactor> = session
        .session
        .get(PENDING_KEY)
        .await
        .map_err(|e| internal_error("second_factor", e))?;
    let now = kontor_store::now_ms();
    let Some(pending) = pending.filter(|p| now - p.started_ms < PENDING_VALID_MS) else {
        return Ok(SecondFactorOutcome::Expired);
    };
    let store = request.store.clone();
    let Some(record) = store
        .user_by_id(&pending.user_id)
        .await
        .map_err(|e| internal_error("second_factor", e))?
        .filter(|u| u.active && u.organization_status == "active")
    else {
        return Ok(SecondFactorOutcome::Expired);
    };
    // Counted per account, whatever the client: the password was right, so only the
    // code is being guessed. A correct password does not reset this count.
    let attempts_key = format!("second_factor:{}", record.id);
    let last_attempt =
        match reserve_attempt(&[(attempts_key.clone(), SECOND_FACTOR_PER_ACCOUNT)]).await {
            Ok(last) => last,
            Err(throttled) => {
                let _ = session
                    .session
                    .remove::<PendingSecondFactor>(PENDING_KEY)
                    .await;
                return Err(throttled);
            }
        };
    let now_seconds = (now / 1000) as u64;
    let mut shown_codes = Vec::new();
    let accepted = match &pending.enroll_secret {
        Some(secret) => match matching_step(secret, &code, now_seconds) {
            Some(step) => {
                shown_codes = recovery_codes();
                let hashes: Vec<String> = shown_codes.iter().map(|c| token_hash(c)).collect();
                let sealed = request.secrets.seal(secret, &record.id);
                store
                    .enable_totp(&record, &sealed, step, &hashes, now)
                    .await
                    .map_err(|e| internal_error("second_factor", e))?
            }
            None => false,
        },
        None => {
            let secret = store
                .totp_secret(&record.id)
                .await
                .map_err(|e| internal_error("second_factor", e))?
                .and_then(|sealed| request.secrets.open(&sealed, &record.id))
                .unwrap_or_default();
            match matching_step(&secret, &code, now_seconds) {
                Some(step) => store.accept_totp_step(&record.id, step).await,
                None => {
                    let hash = token_hash(&normalize_recovery_code(&code));
                    store.use_recovery_code(&record.id, &hash, now).await
                }
            }
            .map_err(|e| internal_error("second_factor", e))?
        }
    };
    if !accepted {
        if last_attempt {
            // The attempts are used up: the half-finished sign-in ends here.
            let _ = session
                .session
                .remove::<PendingSecondFactor>(PENDING_KEY)
                .await;
            crate::server::answer_plain_form(
                <SecondFactor as leptos::server_fn::ServerFn>::PATH,
                &SecondFactorOutcome::Expired,
                &[],
            );
            return Ok(SecondFactorOutcome::Expired);
        }
        crate::server::answer_plain_form(
            <SecondFactor as leptos::server_fn::ServerFn>::PATH,
            &SecondFactorOutcome::Wrong,
            &[],
        );
        return Ok(SecondFactorOutcome::Wrong);
    }
    forgive_attempt(&[(attempts_key, Forgive::Reset)]).await?;
    let _ = session
        .session
        .remove::<PendingSecondFactor>(PENDING_KEY)
        .await;
    let user = SessionUser::of(record);
    let next = complete_sign_in(
        &request,
        &mut session,
        &user,
        &pending.next,
        (locale, &browser),
    )
    .await?;
    if shown_codes.is_empty() {
        crate::server::land_plain_form_on(&next);
    }
    Ok(SecondFactorOutcome::SignedIn {
        next,
        recovery_codes: shown_codes,
    })
}

/// Signs out of this session. Authorization: anyone.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth::auth_session;
    auth_session()
        .await?
        .logout()
        .await
        .map_err(|e| crate::server::internal_error("sign_out", e))?;
    // Without the script: home, as the script goes (not back to a page that now asks
    // for a sign-in).
    crate::server::land_plain_form_on("/");
    Ok(())
}

/// Ends every session of the caller, this one included. Authorization: signed in.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{auth_session, signed_in};
    use crate::server::internal_error;
    let user = signed_in().await?;
    request
        .store
        .sessions_end_for_user(&user.record.id, None)
        .await
        .map_err(|e| internal_error("sign_out_everywhere", e))?;
    auth_session()
        .await?
        .logout()
        .await
        .map_err(|e| internal_error("sign_out_everywhere", e))?;
    crate::server::land_plain_form_on("/");
    Ok(())
}

#[cfg(feature = "ssr")]
fn check_new_password(
    password: &str,
    repeat: &str,
    personal: &[&str],
) -> Result<(), PasswordOutcome> {
    let problem = kontor_domain::password::check(password, personal).err();
    let repeat_problem =
        (problem.is_none() && password != repeat).then_some(FieldProblem::PasswordMismatch);
    if problem.is_some() || repeat_problem.is_some() {
        return Err(PasswordOutcome::Invalid {
            password: problem,
            repeat: repeat_problem,
            current: None,
        });
    }
    Ok(())
}

/// Sets the first password from an invitation link, or a new one from a reset link.
/// Authorization: holding a valid, unused, unexpired token of that purpose.
#[server(endpoint = "set_password")]
pub async fn set_password_with_link(
    token: String,
    reset: bool,
    password: String,
    repeat: String,
) -> Result<PasswordOutcome, AppError> {
    let outcome = redeem_password_link(token, reset, password, repeat).await?;
    // Without the script (a phone opening the mail's link): back to the link's page
    // with the outcome, never what was typed. The token is in that page's address
    // already; the answer adds nothing secret to it.
    crate::server::answer_plain_form(
        <SetPasswordWithLink as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

#[cfg(feature = "ssr")]
async fn redeem_password_link(
    token: String,
    reset: bool,
    password: String,
    repeat: String,
) -> Result<PasswordOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let locale = crate::i18n::initial_locale();
    use crate::server::auth::{
        client_address, forgive_attempt, hash_password, reserve_attempt, token_hash,
    };
    use crate::server::internal_error;
    use kontor_domain::throttle::{Forgive, PASSWORD_LINK_PER_CLIENT};
    use kontor_store::accounts::{Redeemed, TokenPurpose};
    if let Err(outcome) = check_new_password(&password, &repeat, &[]) {
        return Ok(outcome);
    }
    let purpose = if reset {
        TokenPurpose::Reset
    } else {
        TokenPurpose::Invitation
    };
    let attempts_key = format!("password_link:{}", client_address().await);
    reserve_attempt(&[(attempts_key.clone(), PASSWORD_LINK_PER_CLIENT)]).await?;
    let token_hash = token_hash(token.trim());
    let store = request.store.clone();
    // The link first: a wrong or used link costs no password hash.
    if !store
        .token_is_redeemable(&token_hash, purpose, kontor_store::now_ms())
        .await
        .map_err(|e| internal_error("set_password", e))?
    {
        return Ok(PasswordOutcome::LinkInvalid);
    }
    let hash = hash_password(password).await?;
    match store
        .redeem_token(
            &token_hash,
            purpose,
            &hash,
            locale.tag(),
            kontor_store::now_ms(),
        )
        .await
        .map_err(|e| internal_error("set_password", e))?
    {
        Redeemed::Done { .. } => {
            forgive_attempt(&[(attempts_key, Forgive::Refund)]).await?;
            Ok(PasswordOutcome::Done)
        }
        Redeemed::Invalid => Ok(PasswordOutcome::LinkInvalid),
    }
}

/// Asks for a password-reset link. Authorization: anyone; the answer is the same
/// whether or not the address has an account, and at most one mail goes out per
/// account and quarter of an hour; requests are limited per client and per address
/// (429 with `Retry-After`).
#[server(endpoint = "request_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    send_reset_link(email).await?;
    // Without the script: back to the form, which says the link is on its way (the same
    // answer for every address).
    crate::server::answer_plain_form(
        <RequestPasswordReset as leptos::server_fn::ServerFn>::PATH,
        &(),
        &[],
    );
    Ok(())
}

#[cfg(feature = "ssr")]
async fn send_reset_link(email: String) -> Result<(), AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    let locale = crate::i18n::initial_locale();
    use crate::server::auth::reserve_anonymous_mail;
    use crate::server::internal_error;
    // Limited whether or not the address has an account (the answer must not tell).
    reserve_anonymous_mail(&email).await?;
    let store = request.store.clone();
    let Some(user) = store
        .user_by_email(&email)
        .await
        .map_err(|e| internal_error("request_reset", e))?
        .filter(|u| u.active)
    else {
        return Ok(());
    };
    crate::mail::send_reset_link(&request, &user, locale)
        .await
        .map_err(|e| internal_error("request_reset", e))?;
    Ok(())
}

/// Changes the caller's password; every other session of theirs ends.
/// Authorization: signed in, and knowing the current password.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    password: String,
    repeat: String,
) -> Result<PasswordOutcome, AppError> {
    let outcome = replace_password(current, password, repeat).await?;
    // Without the script: back to the profile with the outcome, never a password.
    crate::server::answer_plain_form(
        <ChangePassword as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

#[cfg(feature = "ssr")]
async fn replace_password(
    current: String,
    password: String,
    repeat: String,
) -> Result<PasswordOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{
        SessionUser, auth_session, forgive_attempt, hash_password, reserve_attempt, signed_in,
        verify_password,
    };
    use crate::server::internal_error;
    use kontor_domain::throttle::{CHANGE_PASSWORD_PER_ACCOUNT, Forgive};
    let user = signed_in().await?;
    let personal = [
        user.record.email.as_str(),
        user.record.display_name.as_str(),
    ];
    if let Err(outcome) = check_new_password(&password, &repeat, &personal) {
        return Ok(outcome);
    }
    let attempts_key = format!("change_password:{}", user.record.id);
    reserve_attempt(&[(attempts_key.clone(), CHANGE_PASSWORD_PER_ACCOUNT)]).await?;
    if !verify_password(current, Some(user.record.password_hash.clone())).await {
        return Ok(PasswordOutcome::Invalid {
            password: None,
            repeat: None,
            current: Some(FieldProblem::WrongCode),
        });
    }
    forgive_attempt(&[(attempts_key, Forgive::Reset)]).await?;
    let hash = hash_password(password).await?;
    let mut session = auth_session().await?;
    let session_key = session
        .session
        .id()
        .map(|id| crate::server::auth::session_key(&id.to_string()))
        .unwrap_or_default();
    request
        .store
        .change_password(&user.record, &hash, &session_key, kontor_store::now_ms())
        .await
        .map_err(|e| internal_error("change_password", e))?;
    // This session stays signed in with the new password's auth hash.
    let mut record = user.record;
    record.password_hash = hash;
    session
        .login(&SessionUser::of(record))
        .await
        .map_err(|e| internal_error("change_password", e))?;
    Ok(PasswordOutcome::Done)
}
