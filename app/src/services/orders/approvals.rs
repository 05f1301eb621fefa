//! The approvals inbox, team spend, deputies and approval times.

use super::*;

/// The approver's inbox, the team's spend this month, their deputy and the times.
pub async fn approvals(ctx: &ServerContext, actor: &Actor) -> Result<ApprovalsView, ServiceError> {
    let user = member_may(actor, |s| Action::ApproveOrders(s))?;
    let org = user.record.organization_id.clone();
    let now = ctx.now();
    let store = &ctx.store;
    let (waiting, team, deputies, times, spend) = tokio::try_join!(
        store.waiting_orders(&org),
        store.team(&org),
        store.deputies(&org),
        store.approval_times(&org),
        store.month_spend(&org, berlin_month(now)),
    )?;
    let me = &user.record.id;
    let members = members_of(&team);
    let authority = Authority {
        members: &members,
        deputies: &deputies,
        times,
    };
    let waiting = waiting
        .into_iter()
        .filter_map(|o| {
            let p = pending_of(&o);
            let MayDecide::Yes(capacity) = may_decide(&p, me, &authority, now) else {
                return None;
            };
            let (code, for_user) = capacity_code(&capacity);
            Some(WaitingOrder {
                id: o.id.clone(),
                number: o.number,
                purchaser: o.purchaser_name.clone(),
                total: o.total,
                placed_at: o.placed_at,
                step_since: o.step_since,
                capacity: (code != "own").then(|| code.to_string()),
                on_behalf_of: for_user.map(|id| name_of(&team, id)),
            })
        })
        .collect();
    let spend = team
        .iter()
        .filter(|u| u.active)
        .filter_map(|u| {
            let spent = spend.iter().find(|(id, _)| *id == u.id).map(|(_, m)| *m);
            let m = member_of(u);
            (m.per_order_limit.is_some() || m.monthly_budget.is_some() || spent.is_some()).then(
                || SpendRow {
                    name: u.display_name.clone(),
                    per_order_limit: m.per_order_limit,
                    monthly_budget: m.monthly_budget,
                    spent: spent.unwrap_or(Money::ZERO),
                },
            )
        })
        .collect();
    let deputy = deputies
        .iter()
        .find(|d| &d.for_user == me)
        .map(|d| DeputyView {
            deputy_id: d.deputy.clone(),
            name: name_of(&team, &d.deputy),
            from: d.from,
            to: d.to,
        });
    Ok(ApprovalsView {
        waiting,
        spend,
        deputy,
        candidates: eligible_deputies(&team, me)
            .into_iter()
            .map(|id| {
                let name = name_of(&team, &id);
                (id, name)
            })
            .collect(),
        times,
        can_set_times: actor.may(Action::ManageTeam(own_scope(user))) == Access::Allowed,
    })
}

/// Active approvers and admins other than `me`.
fn eligible_deputies(team: &[UserRecord], me: &str) -> Vec<String> {
    team.iter()
        .filter(|u| u.id != me && member_of(u).active)
        .filter(|u| {
            let roles = kontor_domain::access::Roles::from_stored(&u.roles);
            roles.contains(Role::Approver) || roles.contains(Role::Admin)
        })
        .map(|u| u.id.clone())
        .collect()
}

/// The approver's deputy for a period, as typed (all three empty: none).
#[derive(Clone)]
pub struct DeputyForm {
    pub deputy_id: String,
    pub from: String,
    pub to: String,
}

/// Names (or removes) the actor's deputy.
pub async fn set_deputy(
    ctx: &ServerContext,
    actor: &Actor,
    DeputyForm {
        deputy_id,
        from,
        to,
    }: DeputyForm,
) -> Result<SettingOutcome, ServiceError> {
    let user = member_may(actor, |s| Action::ApproveOrders(s))?;
    let org = user.record.organization_id.clone();
    let now = ctx.now();
    let store = &ctx.store;
    let clear = deputy_id.trim().is_empty() && from.trim().is_empty() && to.trim().is_empty();
    let deputy = if clear {
        None
    } else {
        let team = store.team(&org).await?;
        match Deputy::parse(
            &user.record.id,
            &deputy_id,
            &from,
            &to,
            berlin_day(now),
            &eligible_deputies(&team, &user.record.id),
        ) {
            Ok(d) => Some(d),
            Err(problems) => return Ok(SettingOutcome::Invalid(problems)),
        }
    };
    let entry = AuditEntry {
        organization_id: org.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: if clear {
            "deputy.removed"
        } else {
            "deputy.named"
        }
        .into(),
        target: format!("user:{}", user.record.id),
        before: None,
        after: deputy
            .as_ref()
            .map(|d| format!("{} {}..{}", d.deputy, d.from, d.to)),
    };
    store
        .set_deputy(&org, deputy.as_ref(), &user.record.id, &entry, now)
        .await?;
    Ok(SettingOutcome::Saved)
}

/// Hours until a waiting step is reminded and escalated, and days until a waiting
/// order expires (empty: never), as typed.
#[derive(Clone)]
pub struct ApprovalTimesForm {
    pub reminder_hours: String,
    pub escalation_hours: String,
    pub expiry_days: String,
}

/// Sets the organization's reminder, escalation and expiry times (admins).
pub async fn set_approval_times(
    ctx: &ServerContext,
    actor: &Actor,
    ApprovalTimesForm {
        reminder_hours: reminder,
        escalation_hours: escalation,
        expiry_days: expiry,
    }: ApprovalTimesForm,
) -> Result<SettingOutcome, ServiceError> {
    let user = member_may(actor, |s| Action::ManageTeam(s))?;
    let times = match ApprovalTimes::parse(&reminder, &escalation, &expiry) {
        Ok(t) => t,
        Err(problems) => return Ok(SettingOutcome::Invalid(problems)),
    };
    let entry = AuditEntry {
        organization_id: user.record.organization_id.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: "organization.approval_times".into(),
        target: format!("organization:{}", user.record.organization_id),
        before: None,
        after: Some(format!(
            "{} h / {} h / {}",
            times.reminder_hours,
            times.escalation_hours,
            times
                .expiry_days
                .map_or_else(|| "no expiry".to_string(), |d| format!("{d} d"))
        )),
    };
    ctx.store
        .set_approval_times(&user.record.organization_id, times, &entry, ctx.now())
        .await?;
    Ok(SettingOutcome::Saved)
}
