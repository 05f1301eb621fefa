//! Who is calling: sign-in with argon2id, throttling, the session user, and the
//! helpers every server function starts with.
//!
//! Sessions are `tower-sessions` records in our database; `axum-login` keeps the user
//! in the session, rotates the session id at sign-in and ends a session whose user's
//! password changed (the password hash is the session's auth hash).

use crate::AppError;
use crate::server::context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum_login::{AuthUser, AuthnBackend};
use kontor_domain::access::{Access, Actor, Side};
use kontor_domain::throttle::{Forgive, Limit, Verdict};
use kontor_store::accounts::UserRecord;
use kontor_store::{Store, StoreError, now_ms};
use leptos::prelude::*;
use std::sync::{Arc, LazyLock, Mutex, mpsc};

/// The signed-in user as kept per request.
#[derive(Clone)]
pub struct SessionUser {
    pub record: UserRecord,
    /// How many of their notifications were unread when the request read the user;
    /// `None` where the user was read otherwise (at sign-in).
    pub unread_notifications: Option<i64>,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password hash, not even in debug logs.
        f.debug_struct("SessionUser")
            .field("id", &self.record.id)
            .finish()
    }
}

impl SessionUser {
    /// A user read without the notification count.
    pub fn of(record: UserRecord) -> SessionUser {
        SessionUser {
            record,
            unread_notifications: None,
        }
    }

    pub fn actor(&self) -> Actor {
        crate::services::access_of(&self.record)
    }
}

pub fn side_of(record: &UserRecord) -> Side {
    if record.organization_kind == "vendor" {
        Side::Vendor
    } else {
        Side::Customer
    }
}

impl AuthUser for SessionUser {
    type Id = String;

    fn id(&self) -> String {
        self.record.id.clone()
    }

    /// A new password ends every session that was signed in with the old one.
    fn session_auth_hash(&self) -> &[u8] {
        self.record.password_hash.as_bytes()
    }
}

/// Who may use a session: an active user with a password, of an active organization.
fn may_use_session(record: &UserRecord) -> bool {
    record.active && !record.password_hash.is_empty() && record.organization_status == "active"
}

#[derive(Clone, Debug)]
pub struct Backend {
    pub store: Store,
}

#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = StoreError;

    /// Verifies a password. An unknown address costs the same hash as a wrong password,
    /// and both answer `None`.
    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, StoreError> {
        let record = self.store.user_by_email(&creds.email).await?;
        let stored = record
            .as_ref()
            .map(|r| r.password_hash.clone())
            .filter(|h| !h.is_empty());
        let matches = verify_password(creds.password, stored).await;
        Ok(record.filter(|r| matches && r.active).map(SessionUser::of))
    }

    async fn get_user(&self, id: &String) -> Result<Option<SessionUser>, StoreError> {
        let read = match session_user_read::take(id) {
            Some(read) => Some(read),
            None => self.store.session_user(id).await?,
        };
        Ok(read
            .filter(|(record, _)| may_use_session(record))
            .map(|(record, unread)| SessionUser {
                record,
                unread_notifications: Some(unread),
            }))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The user a request's session load read along with the session, kept until the
/// session layer asks for that user ([`Backend::get_user`]), so that a signed-in request
/// reads its session and its user in one statement instead of two.
///
/// The slot lives for one request ([`scope`]), is filled by the session store and is
/// emptied by the first lookup of the same user id; any other lookup (another id, no
/// slot, a second lookup) reads the database as before. Outside a request, nothing is
/// kept.
pub mod session_user_read {
    use kontor_store::accounts::UserRecord;
    use std::cell::RefCell;

    /// A user and how many of their notifications are unread.
    type Read = (UserRecord, i64);

    tokio::task_local! {
        static READ: RefCell<Option<Read>>;
    }

    /// Runs `request` with an empty slot of its own.
    pub async fn scope<F: Future>(request: F) -> F::Output {
        READ.scope(RefCell::new(None), request).await
    }

    /// Keeps the user the session load read (outside [`scope`]: nothing is kept).
    pub fn keep(user: Read) {
        let _ = READ.try_with(|read| *read.borrow_mut() = Some(user));
    }

    /// The kept user if it is `user_id`, once; `None` otherwise.
    pub fn take(user_id: &str) -> Option<Read> {
        READ.try_with(|read| {
            let mut read = read.borrow_mut();
            if read.as_ref().is_some_and(|(user, _)| user.id == user_id) {
                read.take()
            } else {
                None
            }
        })
        .ok()
        .flatten()
    }
}

// --- Password hashing ---------------------------------------------------------------

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None).expect("valid argon2 parameters"),
    )
}

/// Password hashing runs on two threads of its own (one per core): argon2 takes 19 MiB
/// a hash, and on the runtime's blocking pool every thread that ever hashed kept that
/// much in its own allocator arena — 466 MB resident after 100 sign-ins, measured with
/// the load harness; two fixed threads keep two. A burst of sign-ins queues here.
static HASHERS: LazyLock<Mutex<mpsc::Sender<HashJob>>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<HashJob>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..2 {
        let receiver = receiver.clone();
        std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                loop {
                    // The lock is released before the job runs: both threads work.
                    let job = receiver.lock().map(|r| r.recv());
                    match job {
                        Ok(Ok(job)) => job(),
                        _ => break,
                    }
                }
            })
            .expect("starting a hashing thread");
    }
    Mutex::new(sender)
});

type HashJob = Box<dyn FnOnce() + Send>;

/// Runs `work` on a hashing thread; `None` only if those threads are gone.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        let _ = done.send(work());
    });
    HASHERS.lock().ok()?.send(job).ok()?;
    answer.await.ok()
}

/// A hash of a random password, verified against when the address is unknown so that
/// the answer takes as long as for a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(random_token().as_bytes(), &salt)
        .expect("hashing a random password")
        .to_string()
});

/// Hashes off the async runtime.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or_else(|| super::internal_error("hash_password", "the hashing threads are gone"))?
    .map_err(|e| super::internal_error("hash_password", e))
}

/// Verifies off the async runtime; `stored` `None` verifies against the dummy hash.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    on_hashing_thread(move || {
        let real = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

/// Computes the dummy hash now rather than in the first sign-in of an unknown address
/// (which would otherwise be measurably slower than the others).
pub async fn warm_up() {
    on_hashing_thread(|| {
        LazyLock::force(&DUMMY_HASH);
    })
    .await;
}

// --- Tokens -------------------------------------------------------------------------

/// 256 random bits, URL-safe (hex).
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What the database keeps of a session id (the cookie's value).
pub fn session_key(session_id: &str) -> String {
    token_hash(session_id)
}

// --- Limits on attempts ------------------------------------------------------------

/// The client's address: the connection's peer, or — when the peer is a trusted
/// proxy — the right-most address in `X-Forwarded-For` that is not one. Put into
/// each request by the server (see its `client_address` middleware).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The calling client's address; "unknown" only for a request that did not come
/// through the server's router (never in practice).
pub async fn client_address() -> String {
    match leptos_axum::extract::<axum::Extension<ClientAddress>>().await {
        Ok(axum::Extension(ClientAddress(ip))) => ip.to_string(),
        Err(_) => "unknown".into(),
    }
}

/// An e-mail address as a limit's key: trimmed, lower case.
pub fn address_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// 429 with `Retry-After`; the pages tell the minutes to wait.
pub fn too_many_attempts(seconds: i64) -> AppError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
        if let Ok(value) = http::HeaderValue::from_str(&seconds.to_string()) {
            response.insert_header(http::header::RETRY_AFTER, value);
        }
    }
    AppError::Throttled {
        retry_after_seconds: seconds,
    }
}

/// Reserves one attempt on every key before the work they limit; 429 when any must
/// wait. `Ok(true)` when this attempt used up a window.
pub async fn reserve_attempt(keys: &[(String, Limit)]) -> Result<bool, AppError> {
    match store()
        .reserve_attempt(keys, now_ms())
        .await
        .map_err(|e| super::internal_error("reserve_attempt", e))?
    {
        verdict @ Verdict::Wait { .. } => Err(too_many_attempts(
            verdict.retry_after_seconds().unwrap_or(1),
        )),
        Verdict::Allowed { last } => Ok(last),
    }
}

/// Mail that anyone can trigger (access requests, reset links): reserved per client
/// and per recipient address; 429 past either limit.
pub async fn reserve_anonymous_mail(recipient: &str) -> Result<(), AppError> {
    use kontor_domain::throttle::{ANONYMOUS_MAIL_PER_CLIENT, ANONYMOUS_MAIL_PER_RECIPIENT};
    let client = client_address().await;
    reserve_attempt(&[
        (format!("mail_client:{client}"), ANONYMOUS_MAIL_PER_CLIENT),
        (
            format!("mail_to:{}", address_key(recipient)),
            ANONYMOUS_MAIL_PER_RECIPIENT,
        ),
    ])
    .await
    .map(|_| ())
}

/// After a success: the keys reset or their attempt given back.
pub async fn forgive_attempt(keys: &[(String, Forgive)]) -> Result<(), AppError> {
    store()
        .forgive_attempt(keys)
        .await
        .map_err(|e| super::internal_error("forgive_attempt", e))
}

// --- The caller ---------------------------------------------------------------------

fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// 400: a request no form of ours sends (e.g. a broken upload).
pub fn bad_request() -> AppError {
    set_status(http::StatusCode::BAD_REQUEST);
    AppError::BadRequest
}

/// 401: the function needs a signed-in user.
pub fn sign_in_required() -> AppError {
    set_status(http::StatusCode::UNAUTHORIZED);
    AppError::SignIn
}

/// 403: signed in, but not allowed.
pub fn forbidden() -> AppError {
    set_status(http::StatusCode::FORBIDDEN);
    AppError::Forbidden
}

/// 404: not there, or not the caller's business — the same answer for both.
pub fn not_found() -> AppError {
    set_status(http::StatusCode::NOT_FOUND);
    AppError::NotFound
}

/// Maps a permission outcome to the function's result.
pub fn require(access: Access) -> Result<(), AppError> {
    match access {
        Access::Allowed => Ok(()),
        Access::Denied => Err(forbidden()),
        Access::Hidden => Err(not_found()),
    }
}

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| super::internal_error("auth_session", e))
}

/// The signed-in user, or 401.
pub async fn signed_in() -> Result<SessionUser, AppError> {
    auth_session().await?.user.ok_or_else(sign_in_required)
}

/// The signed-in user if there is one.
pub async fn viewer() -> Result<Option<SessionUser>, AppError> {
    Ok(auth_session().await?.user)
}

pub fn store() -> Store {
    context().store.clone()
}

#[cfg(test)]
mod tests {
    use super::{random_token, session_user_read, token_hash};
    use kontor_store::accounts::UserRecord;

    fn user(id: &str) -> UserRecord {
        UserRecord {
            id: id.into(),
            organization_id: "org".into(),
            organization_kind: "customer".into(),
            organization_status: "active".into(),
            organization_name: "Müller".into(),
            email: format!("{id}@mueller.example"),
            display_name: id.into(),
            password_hash: "hash".into(),
            roles: "purchaser".into(),
            active: true,
            per_order_limit_cents: None,
            monthly_budget_cents: None,
            approver_id: None,
            has_totp: false,
            locale: None,
            phone: None,
        }
    }

    #[test]
    fn stored_hashes_stay_lower_case_hex_sha256() {
        // Databases hold these for sessions and every emailed token: the form must
        // never change, or every stored session and link stops matching.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let token = random_token();
        assert_eq!(token.len(), 64);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_ne!(token, random_token());
    }

    #[tokio::test]
    async fn the_user_read_with_the_session_serves_one_lookup_of_that_user() {
        session_user_read::scope(async {
            session_user_read::keep((user("egon"), 3));
            assert!(session_user_read::take("hannah").is_none(), "another id");
            let (record, unread) = session_user_read::take("egon").expect("kept");
            assert_eq!((record.id.as_str(), unread), ("egon", 3));
            assert!(session_user_read::take("egon").is_none(), "only once");
        })
        .await;
    }

    #[tokio::test]
    async fn each_request_has_a_slot_of_its_own_and_none_outside_one() {
        session_user_read::keep((user("egon"), 1));
        assert!(
            session_user_read::take("egon").is_none(),
            "outside a request"
        );
        session_user_read::scope(async { session_user_read::keep((user("egon"), 1)) }).await;
        session_user_read::scope(async {
            assert!(
                session_user_read::take("egon").is_none(),
                "another request's"
            );
        })
        .await;
    }
}
