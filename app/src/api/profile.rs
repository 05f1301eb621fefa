//! The signed-in person's profile: their language, and for purchasers their own
//! spending rules.

use crate::api::orders::MySpending;
use kontor_domain::Locale;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    /// The language of their mails (`None` until first known).
    pub language: Option<Locale>,
    /// Limit, budget and approver, for a purchaser.
    pub spending: Option<MySpending>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileOutcome {
    Saved(Locale),
    Invalid(FormProblems),
}

/// The caller's profile. Authorization: anyone signed in, for themselves.
#[server(endpoint = "profile")]
pub async fn my_profile() -> Result<ProfileView, ServerFnError> {
    use crate::services::{ServiceError, orders};
    let (ctx, actor) = crate::server::caller().await?;
    let person = actor.person().map_err(crate::server::refusal)?;
    let language = person.record.locale.as_deref().and_then(Locale::parse);
    let spending = match orders::spending(&ctx, &actor).await {
        Ok(spending) => Some(spending),
        // Not a purchaser: nothing to show.
        Err(ServiceError::Forbidden) => None,
        Err(e) => return Err(crate::server::refusal(e)),
    };
    Ok(ProfileView { language, spending })
}

/// Sets the caller's language (mails and the portal): a tag the portal speaks.
/// Authorization: anyone signed in, for themselves.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<ProfileOutcome, ServerFnError> {
    // Before the first await (see `server::caller`).
    let response = use_context::<leptos_axum::ResponseOptions>();
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::profile::set_language(&ctx, &actor, &language)
        .await
        .map_err(crate::server::refusal)?;
    match &outcome {
        // The portal follows at once: the same cookie as the language switch.
        ProfileOutcome::Saved(locale) => {
            if let (Some(response), Ok(cookie)) = (
                response,
                http::HeaderValue::from_str(&crate::i18n::language_cookie(*locale)),
            ) {
                response.append_header(http::header::SET_COOKIE, cookie);
            }
        }
        ProfileOutcome::Invalid(_) => crate::server::answer_plain_form(
            <SetLanguage as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[],
        ),
    }
    Ok(outcome)
}
