//! Teams: a customer admin's colleagues, the vendor's staff, and the first admin the
//! vendor invites into a customer. Each change is one decision: the rules checked on
//! the team as it is inside the write transaction, then the change, its audit entry
//! and its mails committed together.
//!
//! Who may: customer admins in their own organization (never vendor staff: their
//! staff page is the vendor admins'), vendor admins for the vendor's staff, and
//! vendor staff who manage a customer for that customer's admin invitation.

// `|s| Action::ManageCustomer(s)` is not redundant: the variant itself is not
// general enough for the `for<'a> fn(CustomerScope<'a>) -> Action<'a>` it is passed as.
#![allow(clippy::redundant_closure)]

use crate::api::team::{TeamOutcome, team_members};
use crate::server::ServerContext;
use crate::server::auth::{random_token, token_hash};
use crate::services::{Actor, Person, ServiceError};
use kontor_domain::Money;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::team::{
    Invitation, MemberSettings, TeamRefusal, VendorAdminInvitation, check_approver,
    check_deactivation, check_update, check_vendor_admin_invitation,
};
use kontor_store::accounts::TeamOutcome as StoreOutcome;
use kontor_store::accounts::{NewToken, NewUser, TeamChange, TeamWrite, TokenPurpose, UserRecord};
use kontor_store::audit::AuditEntry;
use kontor_store::new_id;

/// How long an invitation link works.
pub const INVITATION_VALID_MS: i64 = 7 * 24 * 3600 * 1000;

fn money(cents: Option<i64>) -> String {
    cents.map_or("—".into(), |c| {
        Money::from_cents(c).format(kontor_domain::Locale::En)
    })
}

/// A member's settings as the audit trail shows them.
fn describe(
    roles: &str,
    limit: Option<i64>,
    budget: Option<i64>,
    approver: Option<&str>,
    team: &[UserRecord],
) -> String {
    let approver = approver
        .and_then(|id| team.iter().find(|m| m.id == id))
        .map_or("—".to_string(), |m| m.display_name.clone());
    format!(
        "roles={roles}; limit={}; budget={}; approver={approver}",
        money(limit),
        money(budget)
    )
}

fn audit(
    actor: &Person,
    organization_id: &str,
    action: &str,
    target: &UserRecordRef,
    before: Option<String>,
    after: Option<String>,
) -> AuditEntry {
    AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: Some(actor.record.id.clone()),
        actor_name: actor.record.display_name.clone(),
        action: action.to_string(),
        target: format!("user:{} {}", target.id, target.email),
        before,
        after,
    }
}

struct UserRecordRef<'a> {
    id: &'a str,
    email: &'a str,
}

/// Why `decide` wrote nothing.
enum Refused {
    Rule(TeamRefusal),
    /// The member is not in the caller's organization: a 404, as for any foreign id.
    NoSuchMember,
}

fn map_outcome(outcome: StoreOutcome<Refused>) -> Result<TeamOutcome, ServiceError> {
    match outcome {
        StoreOutcome::Done => Ok(TeamOutcome::Done),
        StoreOutcome::Refused(Refused::Rule(refusal)) => Ok(TeamOutcome::Refused(refusal)),
        StoreOutcome::Refused(Refused::NoSuchMember) => Err(ServiceError::NotFound),
        StoreOutcome::EmailTaken => Ok(TeamOutcome::Invalid(kontor_domain::team::MemberProblems {
            email: Some(kontor_domain::field::FieldProblem::EmailTaken),
            ..Default::default()
        })),
        StoreOutcome::NoSuchMember => Err(ServiceError::NotFound),
    }
}

/// Which team an invitation is into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Team<'a> {
    /// The actor's own: a customer admin's colleagues, or a vendor admin's staff.
    Own,
    /// A customer's, by vendor staff who manage it: its admin.
    Customer(&'a str),
}

/// Who invites, which decides the rules that apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inviter {
    /// A customer admin into their own team: approver rules apply.
    CustomerAdmin,
    /// A vendor admin into the vendor's staff.
    VendorAdmin,
    /// Vendor staff inviting a customer's admin: only while it has no active admin.
    VendorForCustomer,
}

/// The person, if they may manage their own organization's team (and with it its
/// settings for everyone, such as notification defaults).
pub(crate) fn own_team_admin(actor: &Actor) -> Result<&Person, ServiceError> {
    own_team(actor).map(|(person, _)| person)
}

/// The person and the rules for a change in their own team, if they may make it.
fn own_team(actor: &Actor) -> Result<(&Person, Inviter), ServiceError> {
    let person = actor.person()?;
    if actor.is_vendor() {
        ServiceError::require(actor.may(Action::ManageStaff))?;
        return Ok((person, Inviter::VendorAdmin));
    }
    ServiceError::require(actor.may(Action::ManageTeam(CustomerScope {
        organization_id: &person.record.organization_id,
        account_manager_id: None,
    })))?;
    Ok((person, Inviter::CustomerAdmin))
}

/// Invites `invitation` into `team` and mails the link.
pub async fn invite(
    ctx: &ServerContext,
    actor: &Actor,
    team: Team<'_>,
    invitation: Invitation,
) -> Result<TeamOutcome, ServiceError> {
    let (actor, organization_id, inviter) = match team {
        Team::Own => {
            let (person, inviter) = own_team(actor)?;
            (person, person.record.organization_id.clone(), inviter)
        }
        Team::Customer(id) => {
            let customer = crate::services::customers::customer_for(ctx, actor, id, |s| {
                Action::ManageCustomer(s)
            })
            .await?;
            (actor.person()?, customer.id, Inviter::VendorForCustomer)
        }
    };
    let organization_id = organization_id.as_str();
    let user_id = new_id();
    let token = random_token();
    let now = ctx.now();
    let settings = invitation.settings.clone();
    let outcome = ctx
        .store
        .change_team(organization_id, now, |team| {
            let mut recovery = false;
            match inviter {
                Inviter::CustomerAdmin => {
                    check_approver(&team_members(team), &user_id, settings.approver.as_deref())
                        .map_err(|p| Refused::Rule(TeamRefusal::Approver(p)))?
                }
                Inviter::VendorForCustomer => {
                    recovery = check_vendor_admin_invitation(&team_members(team))
                        .map_err(Refused::Rule)?
                        == VendorAdminInvitation::Recovery;
                }
                Inviter::VendorAdmin => {}
            }
            let user = NewUser {
                id: user_id.clone(),
                organization_id: organization_id.to_string(),
                email: invitation.email.to_string(),
                display_name: invitation.display_name.clone(),
                roles: settings.roles.to_string(),
                per_order_limit_cents: settings.per_order_limit.map(Money::cents),
                monthly_budget_cents: settings.monthly_budget.map(Money::cents),
                approver_id: settings.approver.clone(),
            };
            let after = describe(
                &user.roles,
                user.per_order_limit_cents,
                user.monthly_budget_cents,
                user.approver_id.as_deref(),
                team,
            );
            let target = UserRecordRef {
                id: &user.id,
                email: &user.email,
            };
            let entry = audit(
                actor,
                organization_id,
                if recovery {
                    "member.invited.admin_restored"
                } else {
                    "member.invited"
                },
                &target,
                None,
                Some(after),
            );
            let organization_name = team
                .first()
                .map(|m| m.organization_name.clone())
                .unwrap_or_default();
            // The invited person's language is not known until they accept: the
            // mail is in the language of whoever invites them.
            let mail = crate::mail::invitation(
                ctx,
                &user,
                &organization_name,
                (&actor.record.display_name, actor.locale),
                &token,
            );
            let mut mails = vec![mail];
            if recovery {
                // Everyone still there hears that the vendor restored an admin.
                mails.extend(team.iter().filter(|m| m.active).map(|member| {
                    crate::mail::admin_restored(
                        ctx,
                        member,
                        &user.display_name,
                        &actor.record.display_name,
                    )
                }));
            }
            Ok(TeamWrite {
                change: TeamChange::Invite(
                    user,
                    NewToken {
                        token_hash: token_hash(&token),
                        purpose: TokenPurpose::Invitation,
                        expires_at: now + INVITATION_VALID_MS,
                    },
                ),
                audit: entry,
                mails,
            })
        })
        .await?;
    if matches!(outcome, StoreOutcome::Done) {
        (ctx.mail_written)();
    }
    map_outcome(outcome)
}

/// Changes a member's roles, limit, budget and approver (never one's own).
pub async fn update(
    ctx: &ServerContext,
    actor: &Actor,
    member_id: &str,
    settings: MemberSettings,
) -> Result<TeamOutcome, ServiceError> {
    let (actor, _) = own_team(actor)?;
    let organization_id = actor.record.organization_id.clone();
    let outcome = ctx
        .store
        .change_team(&organization_id, ctx.now(), |team| {
            let Some(member) = team.iter().find(|m| m.id == member_id) else {
                return Err(Refused::NoSuchMember);
            };
            check_update(&team_members(team), &actor.record.id, member_id, &settings)
                .map_err(Refused::Rule)?;
            let roles = settings.roles.to_string();
            let limit = settings.per_order_limit.map(Money::cents);
            let budget = settings.monthly_budget.map(Money::cents);
            let before = describe(
                &member.roles,
                member.per_order_limit_cents,
                member.monthly_budget_cents,
                member.approver_id.as_deref(),
                team,
            );
            let after = describe(&roles, limit, budget, settings.approver.as_deref(), team);
            let target = UserRecordRef {
                id: &member.id,
                email: &member.email,
            };
            Ok(TeamWrite {
                audit: audit(
                    actor,
                    &organization_id,
                    "member.updated",
                    &target,
                    Some(before),
                    Some(after),
                ),
                change: TeamChange::Update {
                    user_id: member.id.clone(),
                    roles,
                    per_order_limit_cents: limit,
                    monthly_budget_cents: budget,
                    approver_id: settings.approver.clone(),
                },
                mails: Vec::new(),
            })
        })
        .await?;
    map_outcome(outcome)
}

/// Deactivates a member (never oneself): their sessions end, their history stays.
pub async fn deactivate(
    ctx: &ServerContext,
    actor: &Actor,
    member_id: &str,
) -> Result<TeamOutcome, ServiceError> {
    let (actor, _) = own_team(actor)?;
    let organization_id = actor.record.organization_id.clone();
    let outcome = ctx
        .store
        .change_team(&organization_id, ctx.now(), |team| {
            let Some(member) = team.iter().find(|m| m.id == member_id) else {
                return Err(Refused::NoSuchMember);
            };
            check_deactivation(&team_members(team), &actor.record.id, member_id)
                .map_err(Refused::Rule)?;
            let target = UserRecordRef {
                id: &member.id,
                email: &member.email,
            };
            Ok(TeamWrite {
                audit: audit(
                    actor,
                    &organization_id,
                    "member.deactivated",
                    &target,
                    Some("active".into()),
                    Some("inactive".into()),
                ),
                change: TeamChange::Deactivate {
                    user_id: member.id.clone(),
                },
                mails: Vec::new(),
            })
        })
        .await?;
    map_outcome(outcome)
}
