//! Follow-ups of the vendor's staff: the server functions and what they return. The
//! operations are `services::follow_ups`.

use crate::AppError;
use kontor_domain::calendar::Day;
use kontor_domain::field::FormProblems;
use kontor_domain::follow_up::Standing;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpItem {
    pub id: String,
    pub customer_id: String,
    /// The customer's name, or the lead's company.
    pub customer_name: String,
    /// A lead's follow-up (then `customer_id` is the vendor's own organization).
    pub lead_id: Option<String>,
    pub owner_name: String,
    pub note: String,
    pub due: Day,
    /// `None` once done.
    pub standing: Option<Standing>,
    pub done_by: Option<String>,
}

/// A customer's follow-ups: open ones soonest first, then those done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFollowUps {
    pub customer_id: String,
    pub customer_name: String,
    /// Today in Berlin: the form's earliest day.
    pub today: Day,
    pub items: Vec<FollowUpItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddOutcome {
    Added,
    /// The form's problems, by field (`note`, `due`).
    Invalid(FormProblems),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DoneOutcome {
    Done,
    /// Someone (or a second click) closed it first.
    AlreadyDone,
}

/// The follow-ups on one customer. Authorization: the vendor's admins and the
/// customer's account manager; other account managers and customers get 404,
/// service agents 403.
#[server(endpoint = "follow_ups")]
pub async fn follow_ups(customer_id: String) -> Result<CustomerFollowUps, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::follow_ups::of_customer(&ctx, &actor, &customer_id)
        .await
        .map_err(crate::server::refusal)
}

/// The signed-in staff member's open follow-ups due today or earlier (the start
/// page). Everyone else gets an empty list.
#[server(endpoint = "my_follow_ups")]
pub async fn my_follow_ups() -> Result<Vec<FollowUpItem>, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::follow_ups::due_for(&ctx, &actor)
        .await
        .map_err(crate::server::refusal)
}

/// Adds a follow-up on a customer (`customer_id`) or a lead (`lead_id`) for the
/// caller. Authorization as [`follow_ups`]; for a lead, who may work it.
#[server(endpoint = "add_follow_up")]
pub async fn add_follow_up(
    #[server(default)] customer_id: String,
    #[server(default)] lead_id: String,
    note: String,
    due: String,
) -> Result<AddOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let input = crate::services::follow_ups::AddFollowUp {
        customer_id,
        lead_id,
        note: note.clone(),
        due: due.clone(),
    };
    let outcome = crate::services::follow_ups::add(&ctx, &actor, input)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script (an account manager on the road): back to the page with the
    // outcome; a refusal keeps the note and the day.
    let kept: &[(&str, &str)] = match outcome {
        AddOutcome::Added => &[],
        AddOutcome::Invalid(_) => &[("note", &note), ("due", &due)],
    };
    crate::server::answer_plain_form(
        <AddFollowUp as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Marks a follow-up done, once. Authorization as [`follow_ups`] for its customer.
#[server(endpoint = "complete_follow_up")]
pub async fn complete_follow_up(id: String) -> Result<DoneOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::follow_ups::complete(&ctx, &actor, &id)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <CompleteFollowUp as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}
