//! Server functions: the browser's only way into the server besides page loads.
//!
//! Each one is a few lines: who is calling → parse input into domain types → one
//! store call → map errors to messages that are safe to show. Authorization is
//! decided here, on the server, for every function.

pub mod analytics;
pub mod auth;
pub mod catalog;
pub mod customers;
pub mod documents;
pub mod follow_ups;
pub mod integrations;
pub mod leads;
pub mod orders;
pub mod profile;
pub mod quotes;
pub mod service;
pub mod staff;
pub mod team;
pub mod terms;
pub mod timeline;

use crate::AppError;
use kontor_domain::prospect::AccessRequestProblems;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessRequestOutcome {
    Recorded,
    Invalid(AccessRequestProblems),
}

/// A prospect asks for a customer account; the vendor and the prospect are mailed.
///
/// Authorization: anyone (this is how a new customer first reaches the vendor); limited
/// per client and per address (429 with `Retry-After`).
#[server(endpoint = "request_access")]
pub async fn request_access(
    company: String,
    contact_name: String,
    email: String,
    message: String,
) -> Result<AccessRequestOutcome, AppError> {
    let outcome = record_access_request(&company, &contact_name, &email, &message).await?;
    // Without the script: back to the form with the outcome; a refusal keeps what was
    // typed (the visitor's own details, in their own browser's history only).
    let kept: &[(&str, &str)] = match outcome {
        AccessRequestOutcome::Invalid(_) => &[
            ("company", &company),
            ("contact_name", &contact_name),
            ("email", &email),
            ("message", &message),
        ],
        AccessRequestOutcome::Recorded => &[],
    };
    crate::server::answer_plain_form(
        <RequestAccess as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

#[cfg(feature = "ssr")]
async fn record_access_request(
    company: &str,
    contact_name: &str,
    email: &str,
    message: &str,
) -> Result<AccessRequestOutcome, AppError> {
    use crate::server::internal_error;
    use kontor_domain::prospect::AccessRequest;
    // Before the first await (see `server::caller`).
    let ctx = crate::server::context();
    let locale = crate::i18n::initial_locale();
    let request = match AccessRequest::parse(company, contact_name, email, message) {
        Ok(request) => request,
        Err(problems) => return Ok(AccessRequestOutcome::Invalid(problems)),
    };
    // Anyone can send this form: mail to an address nobody confirmed is limited per
    // client and per recipient before anything is written.
    crate::server::auth::reserve_anonymous_mail(request.email.as_str()).await?;
    crate::mail::record_access_request(&ctx, &request, locale)
        .await
        .map_err(|e| internal_error("request_access", e))?;
    Ok(AccessRequestOutcome::Recorded)
}
