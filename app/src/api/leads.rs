//! Leads from technical downloads: the prospect's registration, confirmation and
//! downloads list (no account: a confirmed address and a cookie), and the vendor's
//! leads list and work on a lead.

use crate::AppError;
use crate::api::customers::StaffOption;
use kontor_domain::documents::DocumentKind;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::lead::{LeadRefusal, LeadStatus};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterOutcome {
    /// A mail went out (a link, or a note that the address has an account).
    Sent,
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfirmOutcome {
    Confirmed,
    /// Unknown, used or expired.
    LinkInvalid,
}

/// A document a prospect may download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProspectDocument {
    pub id: String,
    pub kind: DocumentKind,
    pub title: String,
    pub product: Option<String>,
    pub file_name: String,
    pub size_bytes: i64,
}

/// What `/downloads` shows: the registration form, or a confirmed prospect's files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DownloadsAccess {
    /// Not registered on this browser (or its session ended).
    Register,
    /// Signed in as a customer or vendor: their documents are on `/documents`.
    HasAccount,
    Prospect {
        name: String,
        company: String,
        documents: Vec<ProspectDocument>,
    },
}

/// One lead in the vendor's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadRow {
    pub id: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub status: LeadStatus,
    pub confirmed: bool,
    pub assigned_to: Option<String>,
    pub assigned_name: Option<String>,
    pub created_at: i64,
    /// The products whose files the lead downloaded, most recent first.
    pub products: Vec<String>,
    pub downloads: i64,
    pub last_download_at: Option<i64>,
    pub organization_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadDownloadRow {
    pub title: String,
    pub product: Option<String>,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadNoteRow {
    pub author: String,
    pub text: String,
    pub at: i64,
}

/// One lead with everything the account manager works with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadView {
    pub lead: LeadRow,
    pub downloads: Vec<LeadDownloadRow>,
    pub notes: Vec<LeadNoteRow>,
    /// Account managers to hand the lead to (admins), or just the caller.
    pub account_managers: Vec<StaffOption>,
    /// The caller may note, convert and close it.
    pub may_work: bool,
    /// The caller may assign it (to themselves at least).
    pub may_assign: bool,
    pub follow_ups: Vec<crate::api::follow_ups::FollowUpItem>,
    /// Today in Berlin: the follow-up form's earliest day.
    pub today: kontor_domain::calendar::Day,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadProblems {
    pub note: Option<FieldProblem>,
    pub account_manager: Option<FieldProblem>,
    /// The lead's address has an account already: it cannot be invited.
    pub email: Option<FieldProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadOutcome {
    Done,
    Converted {
        organization_id: String,
        /// The lead was invited as the new customer's admin.
        invited: bool,
    },
    Refused(LeadRefusal),
    Invalid(LeadProblems),
}

/// Registers for the technical downloads. Authorization: anyone; mail to the address
/// is limited per client and per address (429 with `Retry-After`).
#[server(endpoint = "register_for_downloads")]
pub async fn register_for_downloads(
    #[server(default)] name: String,
    #[server(default)] company: String,
    #[server(default)] email: String,
) -> Result<RegisterOutcome, AppError> {
    use crate::services::leads::{RegistrationForm, register};
    // Before the first await (see `server::caller`).
    let ctx = crate::server::context();
    let locale = crate::i18n::initial_locale();
    if let Ok(address) = kontor_domain::EmailAddress::parse(&email) {
        crate::server::auth::reserve_anonymous_mail(address.as_str()).await?;
    }
    let form = RegistrationForm {
        name: name.clone(),
        company: company.clone(),
        email: email.clone(),
    };
    let outcome = register(&ctx, form, locale)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the form, which tells what happened (the fields
    // kept where something was wrong).
    let kept = [
        ("name", name.as_str()),
        ("company", &company),
        ("email", &email),
    ];
    let kept: &[(&str, &str)] = match outcome {
        RegisterOutcome::Invalid(_) => &kept,
        RegisterOutcome::Sent => &[],
    };
    crate::server::answer_plain_form(
        <RegisterForDownloads as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Uses the confirmation link of the mail: the browser gets the downloads.
/// Authorization: the link's token.
#[server(endpoint = "confirm_downloads")]
pub async fn confirm_downloads(token: String) -> Result<ConfirmOutcome, AppError> {
    let ctx = crate::server::context();
    let (outcome, session) = crate::services::leads::confirm(&ctx, &token)
        .await
        .map_err(crate::server::refusal)?;
    if let Some(session) = session {
        crate::server::prospect::keep(&session, ctx.public_url.starts_with("https://"));
        // Without the script: on to the files, as the script goes.
        crate::server::land_plain_form_on("/downloads");
    } else {
        crate::server::answer_plain_form(
            <ConfirmDownloads as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[],
        );
    }
    Ok(outcome)
}

/// What `/downloads` shows this browser. Authorization: anyone; the files only to a
/// confirmed prospect's browser.
#[server(endpoint = "downloads_page")]
pub async fn downloads_page() -> Result<DownloadsAccess, AppError> {
    use crate::services::leads::{documents_for, prospect_of};
    let ctx = crate::server::context();
    let token = crate::server::prospect::token_of_request();
    let locale = crate::i18n::initial_locale();
    if crate::server::auth::auth_session().await?.user.is_some() {
        return Ok(DownloadsAccess::HasAccount);
    }
    let Some(prospect) = prospect_of(&ctx, token.as_deref())
        .await
        .map_err(crate::server::refusal)?
    else {
        return Ok(DownloadsAccess::Register);
    };
    let documents = documents_for(&ctx, locale)
        .await
        .map_err(crate::server::refusal)?;
    Ok(DownloadsAccess::Prospect {
        name: prospect.name,
        company: prospect.company,
        documents,
    })
}

/// The leads, newest first. Authorization: vendor admins and account managers.
#[server(endpoint = "leads")]
pub async fn leads() -> Result<Vec<LeadRow>, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::server::leads::list(&ctx, &actor)
        .await
        .map_err(crate::server::refusal)
}

/// One lead. Authorization: vendor admins and account managers.
#[server(endpoint = "lead")]
pub async fn lead(id: String) -> Result<LeadView, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::server::leads::one(&ctx, &actor, &id)
        .await
        .map_err(crate::server::refusal)
}

/// Hands a lead to an account manager. Authorization: vendor admins; an account
/// manager takes an unassigned lead.
#[server(endpoint = "assign_lead")]
pub async fn assign_lead(
    id: String,
    #[server(default)] account_manager: String,
) -> Result<LeadOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::leads::assign(&ctx, &actor, &id, &account_manager)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <AssignLead as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Notes a call on a lead. Authorization: vendor admins; the lead's account manager
/// (any account manager while it is unassigned).
#[server(endpoint = "note_lead")]
pub async fn note_lead(
    id: String,
    #[server(default)] note: String,
) -> Result<LeadOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::leads::note(&ctx, &actor, &id, &note)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the lead; a refused note is kept for correcting.
    let kept: &[(&str, &str)] = match outcome {
        LeadOutcome::Done => &[],
        _ => &[("note", &note)],
    };
    crate::server::answer_plain_form(
        <NoteLead as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Converts a lead into a customer organization and invites the lead as its admin.
/// Authorization: as [`note_lead`].
#[server(endpoint = "convert_lead")]
pub async fn convert_lead(
    id: String,
    #[server(default)] account_manager: String,
) -> Result<LeadOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::leads::convert(&ctx, &actor, &id, &account_manager)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <ConvertLead as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Closes a lead. Authorization: as [`note_lead`].
#[server(endpoint = "close_lead")]
pub async fn close_lead(id: String) -> Result<LeadOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = crate::services::leads::close(&ctx, &actor, &id)
        .await
        .map_err(crate::server::refusal)?;
    crate::server::answer_plain_form(
        <CloseLead as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Offers a document to registered prospects too (`offered` = `1`), or stops;
/// answers whether it is offered now. Authorization: vendor admins.
#[server(endpoint = "offer_to_prospects")]
pub async fn offer_to_prospects(
    document_id: String,
    #[server(default)] offered: String,
) -> Result<bool, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    // Without the script the page shows the switch as it now stands (one per
    // document: an answer in the address would not say whose it is).
    crate::services::leads::offer_to_prospects(&ctx, &actor, &document_id, offered == "1")
        .await
        .map_err(crate::server::refusal)
}
