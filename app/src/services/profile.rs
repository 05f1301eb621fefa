//! A person's own settings: the language they read the portal and their mails in,
//! their name and phone; and the browsers they sign in from.
//!
//! Who may: anyone signed in, for themselves only (an API client has no profile).

use crate::api::profile::{DetailsOutcome, ProfileOutcome};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::profile::{Details, device_label};
use kontor_store::profile::DeviceSeen;

/// Sets the actor's language from the form's tag (`language`); a tag the portal
/// does not speak is a problem at that field, and nothing is written.
pub async fn set_language(
    ctx: &ServerContext,
    actor: &Actor,
    tag: &str,
) -> Result<ProfileOutcome, ServiceError> {
    let person = actor.person()?;
    let Some(locale) = Locale::parse(tag).filter(|l| l.tag() == tag.trim()) else {
        let mut problems = FormProblems::default();
        problems.add("language", FieldProblem::Required);
        return Ok(ProfileOutcome::Invalid(problems));
    };
    ctx.store
        .change_locale(&person.record, locale.tag(), ctx.now())
        .await?;
    Ok(ProfileOutcome::Saved(locale))
}

/// The details form as typed.
pub struct DetailsForm {
    pub display_name: String,
    pub phone: String,
}

/// Sets the actor's name and phone; a problem is shown at its field and nothing is
/// written.
pub async fn set_details(
    ctx: &ServerContext,
    actor: &Actor,
    form: DetailsForm,
) -> Result<DetailsOutcome, ServiceError> {
    let person = actor.person()?;
    let details = match Details::parse(&form.display_name, &form.phone) {
        Ok(details) => details,
        Err(problems) => return Ok(DetailsOutcome::Invalid(problems)),
    };
    ctx.store
        .change_details(&person.record, &details, ctx.now())
        .await?;
    Ok(DetailsOutcome::Saved)
}

/// Notes the browser the actor has just signed in from (`token`: the device token it
/// presented, if any) and warns them by mail when it is new to their account (not
/// for the first browser an account is ever used from). Returns the token the
/// browser must keep from now on, when it needs a new one.
pub async fn signed_in_from(
    ctx: &ServerContext,
    actor: &Actor,
    token: Option<&str>,
    user_agent: &str,
) -> Result<Option<String>, ServiceError> {
    use crate::server::auth::{random_token, token_hash};
    let person = actor.person()?;
    let (token, fresh) = match token {
        Some(token) => (token.to_string(), false),
        None => (random_token(), true),
    };
    let label = device_label(user_agent);
    let now = ctx.now();
    let warning = crate::mail::new_browser_warning(ctx, &person.record, label.as_deref(), now);
    let seen = ctx
        .store
        .remember_device(
            &person.record,
            &token_hash(&token),
            label.as_deref().unwrap_or_default(),
            &warning,
            now,
        )
        .await?;
    if seen == DeviceSeen::New {
        (ctx.mail_written)();
    }
    Ok(fresh.then_some(token))
}
