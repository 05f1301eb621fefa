//! A customer organization's team: who has which roles, limits and approver, and the
//! rules for changing that.
//!
//! Decisions taken here where the issue is silent:
//! - Nobody changes their own roles, limits or approver, nor deactivates themselves,
//!   not even an admin: another admin (or vendor staff for the first admin) does it.
//!   That is the simplest rule that makes self-escalation impossible.
//! - An approver must be an active member of the same organization with the approver
//!   role. Choosing an inactive one is refused; one deactivated later is skipped by
//!   the approval routing.
//! - The last active admin of an organization can neither lose the role nor be
//!   deactivated: somebody must be able to run the team.

use crate::access::{Role, Roles, RolesError, Side};
use crate::email::EmailAddress;
use crate::field::FieldProblem;
use crate::money::Money;
use crate::text::required_line;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const NAME_MAX: usize = 120;

/// A member of the team as the rules need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamMember {
    pub id: String,
    pub active: bool,
    pub roles: Roles,
    pub approver: Option<String>,
}

/// A member's settings as typed in the team form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSettings {
    pub roles: Roles,
    pub per_order_limit: Option<Money>,
    pub monthly_budget: Option<Money>,
    pub approver: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberProblems {
    pub display_name: Option<FieldProblem>,
    pub email: Option<FieldProblem>,
    pub roles: Option<FieldProblem>,
    pub per_order_limit: Option<FieldProblem>,
    pub monthly_budget: Option<FieldProblem>,
    pub approver: Option<FieldProblem>,
}

impl MemberProblems {
    pub fn is_empty(&self) -> bool {
        *self == MemberProblems::default()
    }
}

/// A new colleague to invite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub display_name: String,
    pub email: EmailAddress,
    pub settings: MemberSettings,
}

fn optional_amount(input: &str) -> Result<Option<Money>, FieldProblem> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    Money::parse_price(input)
        .map(Some)
        .map_err(FieldProblem::from)
}

fn roles_for(side: Side, names: &[String]) -> Result<Roles, FieldProblem> {
    Roles::parse_for(side, names).map_err(|e| match e {
        RolesError::Empty => FieldProblem::NoRole,
        RolesError::Unknown => FieldProblem::UnknownRole,
    })
}

impl MemberSettings {
    /// Parses the form fields of a customer member's settings. An empty limit or
    /// budget means none; an empty approver means none.
    pub fn parse(
        roles: &[String],
        per_order_limit: &str,
        monthly_budget: &str,
        approver: &str,
    ) -> Result<MemberSettings, MemberProblems> {
        let roles = roles_for(Side::Customer, roles);
        let limit = optional_amount(per_order_limit);
        let budget = optional_amount(monthly_budget);
        let approver = approver.trim();
        match (roles, limit, budget) {
            (Ok(roles), Ok(per_order_limit), Ok(monthly_budget)) => Ok(MemberSettings {
                roles,
                per_order_limit,
                monthly_budget,
                approver: (!approver.is_empty()).then(|| approver.to_string()),
            }),
            (roles, limit, budget) => Err(MemberProblems {
                roles: roles.err(),
                per_order_limit: limit.err(),
                monthly_budget: budget.err(),
                ..MemberProblems::default()
            }),
        }
    }
}

impl MemberSettings {
    /// Settings of a vendor staff member: vendor roles only, no limits, no approver.
    pub fn staff(roles: &[String]) -> Result<MemberSettings, MemberProblems> {
        match roles_for(Side::Vendor, roles) {
            Ok(roles) => Ok(MemberSettings {
                roles,
                per_order_limit: None,
                monthly_budget: None,
                approver: None,
            }),
            Err(problem) => Err(MemberProblems {
                roles: Some(problem),
                ..MemberProblems::default()
            }),
        }
    }
}

impl Invitation {
    pub fn parse(
        display_name: &str,
        email: &str,
        settings: Result<MemberSettings, MemberProblems>,
    ) -> Result<Invitation, MemberProblems> {
        let name = required_line(display_name, NAME_MAX).map_err(FieldProblem::from);
        let email = EmailAddress::parse(email).map_err(FieldProblem::from);
        match (name, email, settings) {
            (Ok(display_name), Ok(email), Ok(settings)) => Ok(Invitation {
                display_name,
                email,
                settings,
            }),
            (name, email, settings) => Err(MemberProblems {
                display_name: name.err(),
                email: email.err(),
                ..settings.err().unwrap_or_default()
            }),
        }
    }
}

/// Why a change to the team is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamRefusal {
    /// The actor tried to change their own roles, limits or approver, or deactivate
    /// themselves.
    OwnAccount,
    /// The change would leave the organization without an active admin.
    LastAdmin,
    /// The chosen approver is not possible (shown at the approver field).
    Approver(ApproverProblem),
    /// Vendor staff may not add an admin to a customer that has one: the customer's
    /// own admins run their team.
    CustomerHasAdmin,
}

/// The approver problem of a refused change (kept small: the UI shows it at the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApproverProblem {
    ApproverNotEligible,
    ApproverCycle,
}

impl ApproverProblem {
    pub fn field_problem(self) -> FieldProblem {
        match self {
            ApproverProblem::ApproverNotEligible => FieldProblem::ApproverNotEligible,
            ApproverProblem::ApproverCycle => FieldProblem::ApproverCycle,
        }
    }
}

/// Checks `approver` as the approver of `member_id` (who may be a new member not yet in
/// `team`): an active approver of the team, not the member, and no cycle.
pub fn check_approver(
    team: &[TeamMember],
    member_id: &str,
    approver: Option<&str>,
) -> Result<(), ApproverProblem> {
    let Some(approver) = approver else {
        return Ok(());
    };
    let eligible = team
        .iter()
        .any(|m| m.id == approver && m.active && m.roles.contains(Role::Approver));
    if !eligible || approver == member_id {
        return Err(if approver == member_id {
            ApproverProblem::ApproverCycle
        } else {
            ApproverProblem::ApproverNotEligible
        });
    }
    // Follow the chain upwards from the new approver: reaching the member closes a
    // circle. The visited set ends the walk on cycles already in old data.
    let mut seen = HashSet::new();
    let mut current = Some(approver.to_string());
    while let Some(id) = current {
        if id == member_id {
            return Err(ApproverProblem::ApproverCycle);
        }
        if !seen.insert(id.clone()) {
            break;
        }
        current = team
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| m.approver.clone());
    }
    Ok(())
}

/// The team's admin role: customer admin, or vendor admin for the vendor's staff.
fn is_admin(roles: &Roles) -> bool {
    roles.contains(Role::Admin) || roles.contains(Role::VendorAdmin)
}

fn active_admins_except(team: &[TeamMember], member_id: &str) -> usize {
    team.iter()
        .filter(|m| m.id != member_id && m.active && is_admin(&m.roles))
        .count()
}

/// May `actor_id` give `member_id` these settings?
pub fn check_update(
    team: &[TeamMember],
    actor_id: &str,
    member_id: &str,
    settings: &MemberSettings,
) -> Result<(), TeamRefusal> {
    if actor_id == member_id {
        return Err(TeamRefusal::OwnAccount);
    }
    let is_admin_now = team
        .iter()
        .any(|m| m.id == member_id && m.active && is_admin(&m.roles));
    if is_admin_now && !is_admin(&settings.roles) && active_admins_except(team, member_id) == 0 {
        return Err(TeamRefusal::LastAdmin);
    }
    check_approver(team, member_id, settings.approver.as_deref()).map_err(TeamRefusal::Approver)
}

/// Why vendor staff may invite an admin into a customer organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VendorAdminInvitation {
    /// The organization has nobody yet: its first admin.
    FirstAdmin,
    /// It has members but no active admin (they have all left): the vendor restores
    /// an admin. Audited as such and announced to the active members.
    Recovery,
}

/// May vendor staff invite an admin into this team? Only while it has no active
/// admin. An admin can approve any order and read every contract of the customer, so
/// once a customer has an admin, who else becomes one is the customer's decision —
/// an account manager adding one would be a quiet takeover.
pub fn check_vendor_admin_invitation(
    team: &[TeamMember],
) -> Result<VendorAdminInvitation, TeamRefusal> {
    if team
        .iter()
        .any(|m| m.active && m.roles.contains(Role::Admin))
    {
        Err(TeamRefusal::CustomerHasAdmin)
    } else if team.iter().any(|m| m.active) {
        Ok(VendorAdminInvitation::Recovery)
    } else {
        Ok(VendorAdminInvitation::FirstAdmin)
    }
}

/// May `actor_id` deactivate `member_id`?
pub fn check_deactivation(
    team: &[TeamMember],
    actor_id: &str,
    member_id: &str,
) -> Result<(), TeamRefusal> {
    if actor_id == member_id {
        return Err(TeamRefusal::OwnAccount);
    }
    let is_admin = team
        .iter()
        .any(|m| m.id == member_id && m.active && is_admin(&m.roles));
    if is_admin && active_admins_except(team, member_id) == 0 {
        return Err(TeamRefusal::LastAdmin);
    }
    Ok(())
}

#[cfg(test)]
mod vendor_invitation_tests {
    use super::*;
    use crate::access::Roles;

    fn member(id: &str, active: bool, roles: &[Role]) -> TeamMember {
        TeamMember {
            id: id.into(),
            active,
            roles: Roles::new(roles.iter().copied()),
            approver: None,
        }
    }

    #[test]
    fn vendor_staff_add_admins_only_to_a_team_without_one() {
        assert_eq!(
            check_vendor_admin_invitation(&[]),
            Ok(VendorAdminInvitation::FirstAdmin)
        );
        let left = [
            member("carla", false, &[Role::Admin]),
            member("egon", true, &[Role::Purchaser]),
        ];
        assert_eq!(
            check_vendor_admin_invitation(&left),
            Ok(VendorAdminInvitation::Recovery)
        );
        let only_leavers = [member("carla", false, &[Role::Admin])];
        assert_eq!(
            check_vendor_admin_invitation(&only_leavers),
            Ok(VendorAdminInvitation::FirstAdmin)
        );
        let with_admin = [
            member("carla", true, &[Role::Admin]),
            member("egon", true, &[Role::Purchaser]),
        ];
        assert_eq!(
            check_vendor_admin_invitation(&with_admin),
            Err(TeamRefusal::CustomerHasAdmin)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn member(id: &str, roles: &[Role], approver: Option<&str>) -> TeamMember {
        TeamMember {
            id: id.into(),
            active: true,
            roles: Roles::new(roles.iter().copied()),
            approver: approver.map(str::to_string),
        }
    }

    fn mueller() -> Vec<TeamMember> {
        vec![
            member("carla", &[Role::Admin], None),
            member("max", &[Role::Approver], None),
            member("hannah", &[Role::Purchaser, Role::Approver], Some("max")),
            member("egon", &[Role::Purchaser], Some("hannah")),
        ]
    }

    fn settings(roles: &[Role], approver: Option<&str>) -> MemberSettings {
        MemberSettings {
            roles: Roles::new(roles.iter().copied()),
            per_order_limit: None,
            monthly_budget: None,
            approver: approver.map(str::to_string),
        }
    }

    #[test]
    fn approver_cycles_are_refused() {
        let team = mueller();
        // Max reporting to Egon: Egon → Hannah → Max → Egon.
        assert_eq!(
            check_approver(&team, "max", Some("hannah")),
            Err(ApproverProblem::ApproverCycle)
        );
        assert_eq!(
            check_approver(&team, "hannah", Some("hannah")),
            Err(ApproverProblem::ApproverCycle)
        );
        assert_eq!(check_approver(&team, "egon", Some("max")), Ok(()));
    }

    #[test]
    fn approvers_must_be_active_approvers_of_the_team() {
        let mut team = mueller();
        assert_eq!(
            check_approver(&team, "egon", Some("carla")),
            Err(ApproverProblem::ApproverNotEligible)
        );
        assert_eq!(
            check_approver(&team, "egon", Some("someone-at-becker")),
            Err(ApproverProblem::ApproverNotEligible)
        );
        team[1].active = false;
        assert_eq!(
            check_approver(&team, "hannah", Some("max")),
            Err(ApproverProblem::ApproverNotEligible)
        );
    }

    #[test]
    fn nobody_changes_their_own_settings() {
        let team = mueller();
        assert_eq!(
            check_update(&team, "carla", "carla", &settings(&[Role::Admin], None)),
            Err(TeamRefusal::OwnAccount)
        );
        assert_eq!(
            check_deactivation(&team, "carla", "carla"),
            Err(TeamRefusal::OwnAccount)
        );
        assert_eq!(
            check_update(
                &team,
                "carla",
                "egon",
                &settings(&[Role::Purchaser], Some("max"))
            ),
            Ok(())
        );
    }

    #[test]
    fn the_last_admin_stays() {
        let mut team = mueller();
        team.push(member("carl", &[Role::Admin], None));
        // Carl may take Carla's admin role while he is an admin himself…
        assert_eq!(
            check_update(&team, "carl", "carla", &settings(&[Role::Viewer], None)),
            Ok(())
        );
        // …but once he is the only one, nobody may take his.
        team[0].roles = Roles::new([Role::Viewer]);
        assert_eq!(
            check_update(
                &team,
                "vendor-staff",
                "carl",
                &settings(&[Role::Viewer], None)
            ),
            Err(TeamRefusal::LastAdmin)
        );
        assert_eq!(
            check_deactivation(&team, "vendor-staff", "carl"),
            Err(TeamRefusal::LastAdmin)
        );
    }

    #[test]
    fn the_last_vendor_admin_stays_too() {
        let staff = vec![
            member("nora", &[Role::VendorAdmin], None),
            member("vera", &[Role::AccountManager], None),
        ];
        assert_eq!(
            check_deactivation(&staff, "vera", "nora"),
            Err(TeamRefusal::LastAdmin)
        );
        let demote = MemberSettings::staff(&["account_manager".into()]).unwrap();
        assert_eq!(
            check_update(&staff, "vera", "nora", &demote),
            Err(TeamRefusal::LastAdmin)
        );
        assert_eq!(
            MemberSettings::staff(&["admin".into()]).unwrap_err().roles,
            Some(FieldProblem::UnknownRole),
            "customer roles are not staff roles"
        );
    }

    #[test]
    fn the_form_reports_every_bad_field() {
        let problems = Invitation::parse(
            "",
            "no-at-sign",
            MemberSettings::parse(&["vendor_admin".into()], "12,345", "-5", ""),
        )
        .unwrap_err();
        assert_eq!(problems.display_name, Some(FieldProblem::Required));
        assert_eq!(problems.email, Some(FieldProblem::InvalidEmail));
        assert_eq!(problems.roles, Some(FieldProblem::UnknownRole));
        assert_eq!(problems.per_order_limit, None);
        assert_eq!(problems.monthly_budget, Some(FieldProblem::InvalidAmount));
        let ok = MemberSettings::parse(&["purchaser".into()], "5.000,00", "", "hannah").unwrap();
        assert_eq!(ok.per_order_limit, Some(Money::from_cents(500_000)));
        assert_eq!(ok.approver.as_deref(), Some("hannah"));
    }

    proptest! {
        /// Whatever approvers are chosen one after the other, every accepted choice
        /// leaves a team in which every reports-to chain ends.
        #[test]
        fn accepted_choices_never_form_a_cycle(choices in proptest::collection::vec((0usize..6, 0usize..7), 0..40)) {
            let ids: Vec<String> = (0..6).map(|i| format!("m{i}")).collect();
            let mut team: Vec<TeamMember> = ids
                .iter()
                .map(|id| member(id, &[Role::Approver], None))
                .collect();
            for (who, approver) in choices {
                let approver = ids.get(approver).map(String::as_str);
                if check_approver(&team, &ids[who], approver).is_ok() {
                    team[who].approver = approver.map(str::to_string);
                }
            }
            for start in &team {
                let mut steps = 0;
                let mut current = start.approver.clone();
                while let Some(id) = current {
                    steps += 1;
                    prop_assert!(steps <= team.len(), "cycle through {}", start.id);
                    current = team.iter().find(|m| m.id == id).and_then(|m| m.approver.clone());
                }
            }
        }
    }
}
