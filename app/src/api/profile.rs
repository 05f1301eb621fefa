//! The signed-in person's profile: their language, how notifications reach them,
//! and for purchasers their own spending rules.

use crate::AppError;
use crate::api::orders::MySpending;
use kontor_domain::Locale;
use kontor_domain::field::FormProblems;
use kontor_domain::notifications::{Delivery, Notice};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub display_name: String,
    pub phone: Option<String>,
    /// The language of their mails (`None` until first known).
    pub language: Option<Locale>,
    /// Limit, budget and approver, for a purchaser.
    pub spending: Option<MySpending>,
    /// Per kind of notification how it reaches them, and their digest hour.
    pub notifications: Vec<NotificationChoice>,
    pub digest_hour: u32,
}

/// One kind of notification: the person's own choice (`None`: as their
/// organization), the organization's default (at once while it has none), and the
/// deliveries the kind offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationChoice {
    pub notice: Notice,
    pub own: Option<Delivery>,
    pub organization: Delivery,
    pub offered: Vec<Delivery>,
}

/// The caller's notification list, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub unread: i64,
    pub items: Vec<NotificationItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: String,
    pub subject: String,
    pub at: i64,
    /// The order or service request it is about.
    pub href: Option<String>,
    pub read: bool,
}

/// The caller's notifications (whatever reached or would have reached them by mail).
/// Authorization: anyone signed in, for themselves.
#[server(endpoint = "notifications")]
pub async fn notifications() -> Result<NotificationList, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::notifications::list(&ctx, &actor)
        .await
        .map_err(crate::server::refusal)
}

/// Marks one of the caller's notifications read (`id`), or all of them (`id`
/// empty); the number still unread. Authorization: anyone signed in, for their own.
#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(#[server(default)] id: String) -> Result<i64, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::notifications::mark_read(&ctx, &actor, &id)
        .await
        .map_err(crate::server::refusal)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationsOutcome {
    Saved,
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetailsOutcome {
    Saved,
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileOutcome {
    Saved(Locale),
    Invalid(FormProblems),
}

/// The caller's profile. Authorization: anyone signed in, for themselves.
#[server(endpoint = "profile")]
pub async fn my_profile() -> Result<ProfileView, AppError> {
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
    let (notifications, digest_hour) = crate::services::notifications::settings(&ctx, &actor)
        .await
        .map_err(crate::server::refusal)?;
    Ok(ProfileView {
        display_name: person.record.display_name.clone(),
        phone: person.record.phone.clone(),
        language,
        spending,
        notifications,
        digest_hour,
    })
}

/// Sets how each kind of notification reaches the caller (`kinds[<kind>]` =
/// `now` | `digest` | `off`) and the hour of their daily digest. Authorization:
/// anyone signed in, for themselves.
#[server(endpoint = "set_notifications")]
pub async fn set_notifications(
    #[server(default)] kinds: std::collections::BTreeMap<String, String>,
    #[server(default)] digest_hour: String,
) -> Result<NotificationsOutcome, AppError> {
    use crate::services::notifications::{self, NotificationsForm};
    let (ctx, actor) = crate::server::caller().await?;
    let form = NotificationsForm {
        kinds: kinds.into_iter().collect(),
        digest_hour,
    };
    let outcome = notifications::set_notifications(&ctx, &actor, form)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <SetNotifications as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Sets the caller's name and phone. Authorization: anyone signed in, for
/// themselves.
#[server(endpoint = "set_details")]
pub async fn set_details(
    display_name: String,
    #[server(default)] phone: String,
) -> Result<DetailsOutcome, AppError> {
    use crate::services::profile::{self, DetailsForm};
    let (ctx, actor) = crate::server::caller().await?;
    let form = DetailsForm {
        display_name: display_name.clone(),
        phone: phone.clone(),
    };
    let outcome = profile::set_details(&ctx, &actor, form)
        .await
        .map_err(crate::server::refusal)?;
    // Refused: the form comes back with what was typed; saved: what an earlier
    // refusal kept is cleared (the page shows what is stored now).
    let kept: &[(&str, &str)] = match outcome {
        DetailsOutcome::Saved => &[("display_name", ""), ("phone", "")],
        DetailsOutcome::Invalid(_) => &[("display_name", &display_name), ("phone", &phone)],
    };
    crate::server::answer_plain_form(
        <SetDetails as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// The caller's organization's notification defaults, per kind (`own` is the
/// default set, `organization` what applies without one). Authorization: customer
/// admins for their organization, vendor admins for the vendor's staff.
#[server(endpoint = "notification_defaults")]
pub async fn notification_defaults() -> Result<Vec<NotificationChoice>, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::notifications::organization_defaults(&ctx, &actor)
        .await
        .map_err(crate::server::refusal)
}

/// Sets the caller's organization's defaults (`kinds[<kind>]` = `now` | `digest` |
/// `off`). Authorization: as `notification_defaults`.
#[server(endpoint = "set_notification_defaults")]
pub async fn set_notification_defaults(
    #[server(default)] kinds: std::collections::BTreeMap<String, String>,
) -> Result<NotificationsOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let kinds = kinds.into_iter().collect();
    let outcome = crate::services::notifications::set_organization_defaults(&ctx, &actor, kinds)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <SetNotificationDefaults as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Sets the caller's language (mails and the portal): a tag the portal speaks.
/// Authorization: anyone signed in, for themselves.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<ProfileOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let response = use_context::<leptos_axum::ResponseOptions>();
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::profile::set_language(&ctx, &actor, &language)
        .await
        .map_err(crate::server::refusal)?;
    // The portal follows at once: the same cookie as the language switch.
    if let ProfileOutcome::Saved(locale) = &outcome
        && let (Some(response), Ok(cookie)) = (
            response,
            http::HeaderValue::from_str(&crate::i18n::language_cookie(*locale)),
        )
    {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    // Posted before the page's script took over: back to the page with the answer,
    // saved (in the new language, with its message) or refused.
    crate::server::answer_plain_form(
        <SetLanguage as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}
