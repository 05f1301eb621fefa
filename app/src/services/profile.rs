//! A person's own settings: the language they read the portal and their mails in.
//!
//! Who may: anyone signed in, for themselves only (an API client has no profile).

use crate::api::profile::ProfileOutcome;
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::field::{FieldProblem, FormProblems};

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
