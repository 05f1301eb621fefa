//! Signing in and out, invitations, password reset and change.

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

#[cfg(feature = "ssr")]
fn throttled(seconds: i64) -> ServerFnError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
        if let Ok(value) = http::HeaderValue::from_str(&seconds.to_string()) {
            response.insert_header(http::header::RETRY_AFTER, value);
        }
    }
    ServerFnError::new(format!(
        "{}:{seconds}",
        crate::server::auth::codes::THROTTLED
    ))
}

#[cfg(feature = "ssr")]
async fn client_ip() -> Option<std::net::IpAddr> {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|info| info.0.ip())
}

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

/// Only paths of this site, never an open redirect.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        String::new()
    }
}

/// Who is signed in, if anyone. Authorization: anyone (answers about the caller only).
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<Viewer>, ServerFnError> {
    use crate::server::auth::{side_of, viewer};
    Ok(viewer().await?.map(|user| {
        let r = user.record;
        Viewer {
            vendor: side_of(&r) == kontor_domain::access::Side::Vendor,
            roles: r.roles.split(',').map(str::to_string).collect(),
            display_name: r.display_name,
            email: r.email,
            organization_name: r.organization_name,
        }
    }))
}

/// Signs in with e-mail and password. Authorization: anyone. Repeated failures for
/// an address or from a client are answered 429 before any hash is computed.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: String,
) -> Result<SignInOutcome, ServerFnError> {
    use crate::server::auth::{
        Credentials, auth_session, codes, store, throttle_keys, throttled_for,
    };
    use crate::server::internal_error;
    let client = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|info| info.0.ip());
    let store = store();
    let keys = throttle_keys(&email, client);
    if let Some(seconds) = throttled_for(&store, &keys)
        .await
        .map_err(|e| internal_error("sign_in", e))?
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
            if let Ok(value) = http::HeaderValue::from_str(&seconds.to_string()) {
                response.insert_header(http::header::RETRY_AFTER, value);
            }
        }
        return Err(ServerFnError::new(format!(
            "{}:{seconds}",
            codes::THROTTLED
        )));
    }
    let mut session = auth_session().await?;
    let user = session
        .authenticate(Credentials {
            email: email.clone(),
            password,
        })
        .await
        .map_err(|e| internal_error("sign_in", e))?;
    let now = kontor_store::now_ms();
    let Some(user) = user else {
        for (key, _) in &keys {
            store
                .record_sign_in_failure(key, now, now - crate::server::auth::THROTTLE_WINDOW_MS)
                .await
                .map_err(|e| internal_error("sign_in", e))?;
        }
        return Ok(SignInOutcome::Invalid);
    };
    store
        .clear_sign_in_failures(&keys[0].0)
        .await
        .map_err(|e| internal_error("sign_in", e))?;
    match user.record.organization_status.as_str() {
        "active" => {}
        "pending" => return Ok(SignInOutcome::NotUnlocked),
        _ => return Ok(SignInOutcome::Suspended),
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
            Some(secret) => SignInOutcome::EnrollSecondFactor {
                uri: otpauth_uri(&user.record.email, &secret),
                secret,
            },
            None => SignInOutcome::SecondFactor,
        });
    }
    complete_sign_in(&mut session, &user, &next)
        .await
        .map(|next| SignInOutcome::SignedIn { next })
}

/// Rotates the session id and signs `user` in; returns where to go.
#[cfg(feature = "ssr")]
async fn complete_sign_in(
    session: &mut crate::server::auth::AuthSession,
    user: &crate::server::auth::SessionUser,
    next: &str,
) -> Result<String, ServerFnError> {
    use crate::server::internal_error;
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
pub async fn second_factor(code: String) -> Result<SecondFactorOutcome, ServerFnError> {
    use crate::server::auth::{
        SessionUser, auth_session, store, throttle_keys, throttled_for, token_hash,
    };
    use crate::server::internal_error;
    use crate::server::second_factor::{matching_step, normalize_recovery_code, recovery_codes};
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
    let store = store();
    let Some(record) = store
        .user_by_id(&pending.user_id)
        .await
        .map_err(|e| internal_error("second_factor", e))?
        .filter(|u| u.active && u.organization_status == "active")
    else {
        return Ok(SecondFactorOutcome::Expired);
    };
    let keys = throttle_keys(&record.email, client_ip().await);
    if let Some(seconds) = throttled_for(&store, &keys)
        .await
        .map_err(|e| internal_error("second_factor", e))?
    {
        return Err(throttled(seconds));
    }
    let now_seconds = (now / 1000) as u64;
    let mut shown_codes = Vec::new();
    let accepted = match &pending.enroll_secret {
        Some(secret) => match matching_step(secret, &code, now_seconds) {
            Some(step) => {
                shown_codes = recovery_codes();
                let hashes: Vec<String> = shown_codes.iter().map(|c| token_hash(c)).collect();
                store
                    .enable_totp(&record, secret, step, &hashes, now)
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
        for (key, _) in &keys {
            store
                .record_sign_in_failure(key, now, now - crate::server::auth::THROTTLE_WINDOW_MS)
                .await
                .map_err(|e| internal_error("second_factor", e))?;
        }
        return Ok(SecondFactorOutcome::Wrong);
    }
    let _ = session
        .session
        .remove::<PendingSecondFactor>(PENDING_KEY)
        .await;
    let user = SessionUser { record };
    let next = complete_sign_in(&mut session, &user, &pending.next).await?;
    Ok(SecondFactorOutcome::SignedIn {
        next,
        recovery_codes: shown_codes,
    })
}

/// Signs out of this session. Authorization: anyone.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    use crate::server::auth::auth_session;
    auth_session()
        .await?
        .logout()
        .await
        .map_err(|e| crate::server::internal_error("sign_out", e))?;
    Ok(())
}

/// Ends every session of the caller, this one included. Authorization: signed in.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), ServerFnError> {
    use crate::server::auth::{auth_session, signed_in, store};
    use crate::server::internal_error;
    let user = signed_in().await?;
    store()
        .sessions_end_for_user(&user.record.id, None)
        .await
        .map_err(|e| internal_error("sign_out_everywhere", e))?;
    auth_session()
        .await?
        .logout()
        .await
        .map_err(|e| internal_error("sign_out_everywhere", e))?;
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
) -> Result<PasswordOutcome, ServerFnError> {
    use crate::server::auth::{hash_password, store, token_hash};
    use crate::server::internal_error;
    use kontor_store::accounts::{Redeemed, TokenPurpose};
    if let Err(outcome) = check_new_password(&password, &repeat, &[]) {
        return Ok(outcome);
    }
    let purpose = if reset {
        TokenPurpose::Reset
    } else {
        TokenPurpose::Invitation
    };
    let hash = hash_password(password).await?;
    match store()
        .redeem_token(
            &token_hash(token.trim()),
            purpose,
            &hash,
            kontor_store::now_ms(),
        )
        .await
        .map_err(|e| internal_error("set_password", e))?
    {
        Redeemed::Done { .. } => Ok(PasswordOutcome::Done),
        Redeemed::Invalid => Ok(PasswordOutcome::LinkInvalid),
    }
}

/// Asks for a password-reset link. Authorization: anyone; the answer is the same
/// whether or not the address has an account, and at most one mail goes out per
/// account and quarter of an hour.
#[server(endpoint = "request_reset")]
pub async fn request_password_reset(email: String) -> Result<(), ServerFnError> {
    use crate::server::auth::store;
    use crate::server::internal_error;
    let store = store();
    let Some(user) = store
        .user_by_email(&email)
        .await
        .map_err(|e| internal_error("request_reset", e))?
        .filter(|u| u.active)
    else {
        return Ok(());
    };
    crate::mail::send_reset_link(&crate::server::context(), &user)
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
) -> Result<PasswordOutcome, ServerFnError> {
    use crate::server::auth::{
        SessionUser, auth_session, hash_password, signed_in, store, verify_password,
    };
    use crate::server::internal_error;
    let user = signed_in().await?;
    let personal = [
        user.record.email.as_str(),
        user.record.display_name.as_str(),
    ];
    if let Err(outcome) = check_new_password(&password, &repeat, &personal) {
        return Ok(outcome);
    }
    if !verify_password(current, Some(user.record.password_hash.clone())).await {
        return Ok(PasswordOutcome::Invalid {
            password: None,
            repeat: None,
            current: Some(FieldProblem::WrongCode),
        });
    }
    let hash = hash_password(password).await?;
    let mut session = auth_session().await?;
    let session_key = session
        .session
        .id()
        .map(|id| crate::server::auth::session_key(&id.to_string()))
        .unwrap_or_default();
    store()
        .change_password(&user.record, &hash, &session_key, kontor_store::now_ms())
        .await
        .map_err(|e| internal_error("change_password", e))?;
    // This session stays signed in with the new password's auth hash.
    let mut record = user.record;
    record.password_hash = hash;
    session
        .login(&SessionUser { record })
        .await
        .map_err(|e| internal_error("change_password", e))?;
    Ok(PasswordOutcome::Done)
}
