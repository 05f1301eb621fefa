//! The vendor's own staff: vendor admins, account managers, service agents.

use crate::AppError;
use crate::api::team::{MemberView, TeamOutcome};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub members: Vec<MemberView>,
    pub my_id: String,
}

/// The staff form's role checkboxes (present = chosen).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRoleChoice {
    #[serde(default)]
    pub vendor_admin: Option<String>,
    #[serde(default)]
    pub account_manager: Option<String>,
    #[serde(default)]
    pub service_agent: Option<String>,
}

impl StaffRoleChoice {
    /// The chosen roles as the form sent them, to keep after a refused plain post.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.names()
            .into_iter()
            .map(|role| (format!("roles[{role}]"), "on".to_string()))
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        [
            ("vendor_admin", &self.vendor_admin),
            ("account_manager", &self.account_manager),
            ("service_agent", &self.service_agent),
        ]
        .into_iter()
        .filter(|(_, chosen)| chosen.is_some())
        .map(|(name, _)| name.to_string())
        .collect()
    }
}

#[cfg(feature = "ssr")]
async fn staff_admin() -> Result<crate::server::auth::SessionUser, AppError> {
    use crate::server::auth::{require, signed_in};
    let user = signed_in().await?;
    require(user.actor().may(kontor_domain::access::Action::ManageStaff))?;
    Ok(user)
}

/// The context and the caller, if they are a vendor admin (the staff pages' team
/// operations are the vendor's own team only).
#[cfg(feature = "ssr")]
async fn staff_caller() -> Result<crate::server::Caller, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::ServiceError::require(actor.may(kontor_domain::access::Action::ManageStaff))
        .map_err(crate::server::refusal)?;
    Ok((ctx, actor))
}

/// Everyone on the vendor's staff. Authorization: vendor admins.
#[server(endpoint = "staff")]
pub async fn list_staff() -> Result<StaffView, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::api::team::member_view;
    let user = staff_admin().await?;
    let staff = request
        .store
        .team(&user.record.organization_id)
        .await
        .map_err(|e| crate::server::internal_error("staff", e))?;
    Ok(StaffView {
        members: staff.iter().map(|m| member_view(m, &staff)).collect(),
        my_id: user.record.id.clone(),
    })
}

/// Invites a staff member by e-mail. Authorization: vendor admins; the new member
/// joins the vendor organization, whatever the form says.
#[server(endpoint = "staff_invite")]
pub async fn invite_staff(
    display_name: String,
    email: String,
    #[server(default)] roles: StaffRoleChoice,
) -> Result<TeamOutcome, AppError> {
    use crate::services::team::{Team, invite};
    use kontor_domain::team::{Invitation, MemberSettings};
    let (ctx, actor) = staff_caller().await?;
    let outcome =
        match Invitation::parse(&display_name, &email, MemberSettings::staff(&roles.names())) {
            Ok(invitation) => invite(&ctx, &actor, Team::Own, invitation)
                .await
                .map_err(crate::server::refusal)?,
            Err(problems) => TeamOutcome::Invalid(problems),
        };
    let mut typed = vec![
        ("display_name".to_string(), display_name),
        ("email".to_string(), email),
    ];
    typed.extend(roles.fields());
    crate::api::team::answer_team_form(
        <InviteStaff as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &typed,
    );
    Ok(outcome)
}

/// Changes a staff member's roles. Authorization: vendor admins, never for themselves.
#[server(endpoint = "staff_update")]
pub async fn update_staff(
    member_id: String,
    #[server(default)] roles: StaffRoleChoice,
) -> Result<TeamOutcome, AppError> {
    let (ctx, actor) = staff_caller().await?;
    let outcome = match kontor_domain::team::MemberSettings::staff(&roles.names()) {
        Ok(settings) => crate::services::team::update(&ctx, &actor, &member_id, settings)
            .await
            .map_err(crate::server::refusal)?,
        Err(problems) => TeamOutcome::Invalid(problems),
    };
    let mut typed = vec![("member_id".to_string(), member_id)];
    typed.extend(roles.fields());
    crate::api::team::answer_team_form(
        <UpdateStaff as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &typed,
    );
    Ok(outcome)
}

/// Deactivates a staff member; their sessions end. Authorization: vendor admins,
/// never for themselves.
#[server(endpoint = "staff_deactivate")]
pub async fn deactivate_staff(member_id: String) -> Result<TeamOutcome, AppError> {
    let (ctx, actor) = staff_caller().await?;
    let outcome = crate::services::team::deactivate(&ctx, &actor, &member_id)
        .await
        .map_err(crate::server::refusal)?;
    crate::api::team::answer_team_form(
        <DeactivateStaff as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Removes a staff member's second factor (a lost phone): their sessions end and
/// they enrol again at the next sign-in; audited. Authorization: vendor admins,
/// never for themselves (their own sign-in proves they still have it).
#[server(endpoint = "staff_reset_second_factor")]
pub async fn reset_staff_second_factor(member_id: String) -> Result<TeamOutcome, AppError> {
    let outcome = reset_second_factor_of(member_id).await?;
    crate::api::team::answer_team_form(
        <ResetStaffSecondFactor as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

#[cfg(feature = "ssr")]
async fn reset_second_factor_of(member_id: String) -> Result<TeamOutcome, AppError> {
    // Before the first await (see `server::caller`).
    let request = crate::server::context();
    use crate::server::auth::not_found;
    use crate::server::internal_error;
    let user = staff_admin().await?;
    if member_id == user.record.id {
        return Ok(TeamOutcome::Refused(
            kontor_domain::team::TeamRefusal::OwnAccount,
        ));
    }
    let store = request.store.clone();
    let member = store
        .user_by_id(&member_id)
        .await
        .map_err(|e| internal_error("staff_reset_second_factor", e))?
        .filter(|m| m.organization_id == user.record.organization_id)
        .ok_or_else(not_found)?;
    let audit = kontor_store::audit::AuditEntry {
        organization_id: user.record.organization_id.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: "member.second_factor_reset".into(),
        target: format!("user:{} {}", member.id, member.email),
        before: Some(if member.has_totp { "enrolled" } else { "none" }.into()),
        after: Some("none".into()),
    };
    let reset = store
        .reset_second_factor(
            &user.record.organization_id,
            &member.id,
            &audit,
            kontor_store::now_ms(),
        )
        .await
        .map_err(|e| internal_error("staff_reset_second_factor", e))?;
    if reset {
        Ok(TeamOutcome::Done)
    } else {
        Err(not_found())
    }
}
