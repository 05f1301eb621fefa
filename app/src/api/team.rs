//! A customer organization's team: members, roles, limits and approvers.

use crate::AppError;
use kontor_domain::Money;
use kontor_domain::team::{MemberProblems, TeamRefusal};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub per_order_limit: Option<Money>,
    pub monthly_budget: Option<Money>,
    pub approver_id: Option<String>,
    pub approver_name: Option<String>,
    pub active: bool,
    /// Invited, no password set yet.
    pub invited: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub organization_id: String,
    pub organization_name: String,
    pub members: Vec<MemberView>,
    /// The caller may invite, change and deactivate.
    pub can_manage: bool,
    pub my_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamOutcome {
    Done,
    Invalid(MemberProblems),
    Refused(TeamRefusal),
}

/// The form's role checkboxes: each present (any value) means chosen. Separate
/// fields keep plain HTML forms and the server's decoding simple.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChoice {
    #[serde(default)]
    pub admin: Option<String>,
    #[serde(default)]
    pub purchaser: Option<String>,
    #[serde(default)]
    pub approver: Option<String>,
    #[serde(default)]
    pub finance: Option<String>,
    #[serde(default)]
    pub viewer: Option<String>,
}

impl RoleChoice {
    /// The chosen roles as the form sent them (`roles[admin]` → `on`), to keep in the
    /// address after a refused plain post.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.names()
            .into_iter()
            .map(|role| (format!("roles[{role}]"), "on".to_string()))
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        [
            ("admin", &self.admin),
            ("purchaser", &self.purchaser),
            ("approver", &self.approver),
            ("finance", &self.finance),
            ("viewer", &self.viewer),
        ]
        .into_iter()
        .filter(|(_, chosen)| chosen.is_some())
        .map(|(name, _)| name.to_string())
        .collect()
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn member_view(
    record: &kontor_store::accounts::UserRecord,
    team: &[kontor_store::accounts::UserRecord],
) -> MemberView {
    MemberView {
        id: record.id.clone(),
        display_name: record.display_name.clone(),
        email: record.email.clone(),
        roles: record
            .roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        per_order_limit: record.per_order_limit_cents.map(Money::from_cents),
        monthly_budget: record.monthly_budget_cents.map(Money::from_cents),
        approver_name: record
            .approver_id
            .as_ref()
            .and_then(|id| team.iter().find(|m| &m.id == id))
            .map(|m| m.display_name.clone()),
        approver_id: record.approver_id.clone(),
        active: record.active,
        invited: record.password_hash.is_empty(),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn team_members(
    records: &[kontor_store::accounts::UserRecord],
) -> Vec<kontor_domain::team::TeamMember> {
    records
        .iter()
        .map(|m| kontor_domain::team::TeamMember {
            id: m.id.clone(),
            active: m.active,
            roles: kontor_domain::access::Roles::from_stored(&m.roles),
            approver: m.approver_id.clone(),
        })
        .collect()
}

/// The caller's own team. Authorization: customer admins and approvers of the
/// organization (approvers see whose orders reach them and with which limits).
#[server(endpoint = "team")]
pub async fn my_team() -> Result<TeamView, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::{require, signed_in};
    use kontor_domain::access::{Action, CustomerScope};
    let user = signed_in().await?;
    let actor = user.actor();
    // Teams are customer organizations'; vendor staff are not managed here.
    if actor.is_vendor() {
        return Err(crate::server::auth::forbidden());
    }
    let scope = CustomerScope {
        organization_id: &actor.organization_id,
        account_manager_id: None,
    };
    require(actor.may(Action::ViewTeam(scope)))?;
    let team = request
        .store
        .team(&actor.organization_id)
        .await
        .map_err(|e| crate::server::internal_error("team", e))?;
    Ok(TeamView {
        organization_id: actor.organization_id.clone(),
        organization_name: user.record.organization_name.clone(),
        members: team.iter().map(|m| member_view(m, &team)).collect(),
        can_manage: actor.may(Action::ManageTeam(scope)).is_allowed(),
        my_id: actor.user_id.clone(),
    })
}

/// The context and the signed-in customer admin who may manage their own team,
/// checked before the form is read; 403 for everyone else (vendor staff included:
/// their staff is managed on the staff page).
#[cfg(feature = "ssr")]
async fn team_caller() -> Result<crate::server::Caller, AppError> {
    use kontor_domain::access::{Action, CustomerScope};
    let (ctx, actor) = crate::server::caller().await?;
    let person = actor.person().map_err(crate::server::refusal)?;
    if actor.is_vendor() {
        return Err(crate::server::auth::forbidden());
    }
    crate::services::ServiceError::require(actor.may(Action::ManageTeam(CustomerScope {
        organization_id: &person.record.organization_id,
        account_manager_id: None,
    })))
    .map_err(crate::server::refusal)?;
    Ok((ctx, actor))
}

/// Invites a colleague by e-mail. Authorization: customer admins, into their own
/// organization only (the organization is never taken from the form).
#[server(endpoint = "team_invite")]
pub async fn invite_member(
    display_name: String,
    email: String,
    #[server(default)] roles: RoleChoice,
    per_order_limit: String,
    monthly_budget: String,
    approver: String,
) -> Result<TeamOutcome, AppError> {
    use crate::services::team::{Team, invite};
    use kontor_domain::team::{Invitation, MemberSettings};
    let (ctx, actor) = team_caller().await?;
    let settings =
        MemberSettings::parse(&roles.names(), &per_order_limit, &monthly_budget, &approver);
    let outcome = match Invitation::parse(&display_name, &email, settings) {
        Ok(invitation) => invite(&ctx, &actor, Team::Own, invitation)
            .await
            .map_err(crate::server::refusal)?,
        Err(problems) => TeamOutcome::Invalid(problems),
    };
    // Without the script: back to the team page with the outcome; a refusal keeps
    // everything typed and chosen.
    let mut typed = vec![
        ("display_name".to_string(), display_name),
        ("email".to_string(), email),
    ];
    typed.extend(settings_typed(
        &roles,
        per_order_limit,
        monthly_budget,
        approver,
    ));
    answer_team_form(
        <InviteMember as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &typed,
    );
    Ok(outcome)
}

/// A member's settings as typed, by their fields' names.
#[cfg(feature = "ssr")]
fn settings_typed(
    roles: &RoleChoice,
    per_order_limit: String,
    monthly_budget: String,
    approver: String,
) -> Vec<(String, String)> {
    let mut typed = roles.fields();
    typed.push(("per_order_limit".into(), per_order_limit));
    typed.push(("monthly_budget".into(), monthly_budget));
    typed.push(("approver".into(), approver));
    typed
}

/// After a plain post of a team or staff form: the outcome back to the page, and what
/// was typed with a refusal (nothing with a success: the page then shows the team as
/// it is).
#[cfg(feature = "ssr")]
pub(crate) fn answer_team_form(path: &str, outcome: &TeamOutcome, typed: &[(String, String)]) {
    let kept: Vec<(&str, &str)> = match outcome {
        TeamOutcome::Done => Vec::new(),
        _ => typed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
    };
    crate::server::answer_plain_form(path, outcome, &kept);
}

/// Changes a member's roles, limit, budget and approver. Authorization: customer
/// admins of the member's organization, never for themselves.
#[server(endpoint = "team_update")]
pub async fn update_member(
    member_id: String,
    #[server(default)] roles: RoleChoice,
    per_order_limit: String,
    monthly_budget: String,
    approver: String,
) -> Result<TeamOutcome, AppError> {
    use kontor_domain::team::MemberSettings;
    let (ctx, actor) = team_caller().await?;
    let outcome =
        match MemberSettings::parse(&roles.names(), &per_order_limit, &monthly_budget, &approver) {
            Ok(settings) => crate::services::team::update(&ctx, &actor, &member_id, settings)
                .await
                .map_err(crate::server::refusal)?,
            Err(problems) => TeamOutcome::Invalid(problems),
        };
    // Without the script: back to the team page; a refusal names the member (one
    // editor per member) and keeps what was chosen and typed.
    let mut typed = vec![("member_id".to_string(), member_id)];
    typed.extend(settings_typed(
        &roles,
        per_order_limit,
        monthly_budget,
        approver,
    ));
    answer_team_form(
        <UpdateMember as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &typed,
    );
    Ok(outcome)
}

/// Deactivates a member: their sessions end, their history stays. Authorization:
/// customer admins of the member's organization, never for themselves.
#[server(endpoint = "team_deactivate")]
pub async fn deactivate_member(member_id: String) -> Result<TeamOutcome, AppError> {
    let (ctx, actor) = team_caller().await?;
    let outcome = crate::services::team::deactivate(&ctx, &actor, &member_id)
        .await
        .map_err(crate::server::refusal)?;
    let typed = [("member_id".to_string(), member_id)];
    answer_team_form(
        <DeactivateMember as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &typed,
    );
    Ok(outcome)
}
