//! The customer's team page: members with roles, limits and approvers; inviting,
//! changing and deactivating (for admins).

use crate::AppError;
use crate::api::team::{
    DeactivateMember, InviteMember, MemberView, TeamOutcome, TeamView, UpdateMember, my_team,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FieldProblem;
use kontor_domain::team::{MemberProblems, TeamRefusal};
use leptos::prelude::*;

const CUSTOMER_ROLES: [&str; 5] = ["admin", "purchaser", "approver", "finance", "viewer"];

#[component]
pub fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    // Any successful change reloads the team. The invitation action lives outside the
    // reloading table so that its message survives the reload.
    let changes = RwSignal::new(0u32);
    let invite = ServerAction::<InviteMember>::new();
    crate::plain_form::restore_answer(invite);
    Effect::new(move |_| {
        if let Some(Ok(TeamOutcome::Done)) = invite.value().get() {
            changes.update(|c| *c += 1);
        }
    });
    let team = Resource::new(move || changes.get(), |_| my_team());
    view! {
        <PageTitle text=move || i18n.a().team_title />
        <h1>{move || i18n.a().team_title}</h1>
        <p class="lead">{move || i18n.a().team_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match team.await {
                    Ok(team) => {
                        // Admins also set how notifications reach the team by default.
                        let admin = team.can_manage;
                        view! {
                            <TeamTable team changes invite />
                            {admin.then(|| view! { <crate::pages::notification_defaults::NotificationDefaults /> })}
                        }.into_any()
                    }
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

pub fn money_or_none(i18n: crate::i18n::I18n, money: Option<kontor_domain::Money>) -> String {
    money.map_or(i18n.a().none.to_string(), |m| i18n.money(m))
}

#[component]
fn TeamTable(
    team: TeamView,
    changes: RwSignal<u32>,
    invite: ServerAction<InviteMember>,
) -> impl IntoView {
    let i18n = use_i18n();
    let approvers: Vec<(String, String)> = team
        .members
        .iter()
        .filter(|m| m.active && m.roles.iter().any(|r| r == "approver"))
        .map(|m| (m.id.clone(), m.display_name.clone()))
        .collect();
    let can_manage = team.can_manage;
    let my_id = team.my_id.clone();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="team">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.a().name}</th>
                        <th scope="col">{move || i18n.a().roles}</th>
                        <th scope="col" class="num">{move || i18n.a().per_order_limit}</th>
                        <th scope="col" class="num">{move || i18n.a().monthly_budget}</th>
                        <th scope="col">{move || i18n.a().approver}</th>
                        <th scope="col">{move || i18n.a().status}</th>
                    </tr>
                </thead>
                <tbody>
                    {team.members.into_iter().map(|member| {
                        let editable = can_manage && member.active && member.id != my_id;
                        let is_me = member.id == my_id;
                        view! {
                            <MemberRow member=member.clone() is_me />
                            {editable.then(|| view! {
                                <tr class="editor-row">
                                    <td colspan="6">
                                        <MemberEditor member approvers=approvers.clone() changes />
                                    </td>
                                </tr>
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {can_manage.then(|| view! { <InviteForm approvers invite /> })}
    }
}

#[component]
fn MemberRow(member: MemberView, is_me: bool) -> impl IntoView {
    let i18n = use_i18n();
    let roles = member.roles.clone();
    let status = move || i18n.a().member_status(member.active, member.invited);
    view! {
        <tr data-member=member.email.clone()>
            <td data-label=move || i18n.a().name>
                <strong>{member.display_name.clone()}</strong>
                {is_me.then(|| view! { " (" {move || i18n.a().you} ")" })}
                <br /><small>{member.email.clone()}</small>
            </td>
            <td data-label=move || i18n.a().roles>
                {move || roles.iter().map(|r| i18n.a().role(r)).collect::<Vec<_>>().join(", ")}
            </td>
            <td class="num" data-label=move || i18n.a().per_order_limit>{move || money_or_none(i18n, member.per_order_limit)}</td>
            <td class="num" data-label=move || i18n.a().monthly_budget>{move || money_or_none(i18n, member.monthly_budget)}</td>
            <td data-label=move || i18n.a().approver>
                {member.approver_name.clone().unwrap_or_else(|| "—".into())}
            </td>
            <td data-label=move || i18n.a().status>{status}</td>
        </tr>
    }
}

fn refusal_text(i18n: crate::i18n::I18n, refusal: TeamRefusal) -> &'static str {
    match refusal {
        TeamRefusal::OwnAccount => i18n.a().refused_own_account,
        TeamRefusal::LastAdmin => i18n.a().refused_last_admin,
        TeamRefusal::CustomerHasAdmin => i18n.a().refused_customer_has_admin,
        TeamRefusal::Approver(p) => i18n.problem(p.field_problem()),
    }
}

/// The problems of a team form's last submission, split by field.
fn problems_of(value: Option<Result<TeamOutcome, AppError>>) -> MemberProblems {
    match value {
        Some(Ok(TeamOutcome::Invalid(problems))) => problems,
        Some(Ok(TeamOutcome::Refused(TeamRefusal::Approver(p)))) => MemberProblems {
            approver: Some(p.field_problem()),
            ..Default::default()
        },
        _ => MemberProblems::default(),
    }
}

/// Role checkboxes, limit, budget and approver: shared by the invite and edit forms.
#[component]
fn SettingsFields(
    prefix: String,
    #[prop(optional)] member: Option<MemberView>,
    approvers: Vec<(String, String)>,
    problems: Signal<MemberProblems>,
    /// A refused plain post of this form came back: show what it kept
    /// (`crate::plain_form`), not the member's settings.
    #[prop(optional)]
    from_post: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let member_id = member.as_ref().map(|m| m.id.clone());
    let kept = crate::plain_form::kept;
    let has_role = {
        let member = member.clone();
        move |role: &str| {
            if from_post {
                return kept(&format!("roles[{role}]")).is_some();
            }
            member
                .as_ref()
                .is_some_and(|m| m.roles.iter().any(|r| r == role))
        }
    };
    let amount = |money: Option<kontor_domain::Money>| {
        money.map(|m| m.format(kontor_domain::Locale::En).replace(['€', ','], ""))
    };
    let (limit, budget, current_approver) = if from_post {
        (
            kept("per_order_limit"),
            kept("monthly_budget"),
            kept("approver"),
        )
    } else {
        (
            member.as_ref().and_then(|m| amount(m.per_order_limit)),
            member.as_ref().and_then(|m| amount(m.monthly_budget)),
            member.as_ref().and_then(|m| m.approver_id.clone()),
        )
    };
    let roles_error = format!("{prefix}-roles-error");
    let roles_error_ref = roles_error.clone();
    let approver_id = format!("{prefix}-approver");
    view! {
        <fieldset class="roles" aria-describedby=roles_error_ref>
            <legend>{move || i18n.a().roles}</legend>
            {CUSTOMER_ROLES.into_iter().map(|role| view! {
                <label class="check">
                    <input type="checkbox" name=format!("roles[{role}]") value="on" checked=has_role(role) />
                    {move || i18n.a().role(role)}
                </label>
            }).collect_view()}
            <FieldMessage problem=Signal::derive(move || problems.get().roles) id=roles_error />
        </fieldset>
        <TextField name="per_order_limit" id=format!("{prefix}-limit") label=Signal::derive(move || i18n.a().per_order_limit)
            hint=Signal::derive(move || i18n.a().amount_hint) value=limit.unwrap_or_default()
            problem=Signal::derive(move || problems.get().per_order_limit) max_chars=20 />
        <TextField name="monthly_budget" id=format!("{prefix}-budget") label=Signal::derive(move || i18n.a().monthly_budget)
            hint=Signal::derive(move || i18n.a().amount_hint) value=budget.unwrap_or_default()
            problem=Signal::derive(move || problems.get().monthly_budget) max_chars=20 />
        <label for=approver_id.clone()>{move || i18n.a().approver}</label>
        <select id=approver_id.clone() name="approver">
            <option value="">{move || i18n.a().no_approver}</option>
            {approvers.into_iter()
                .filter(|(id, _)| Some(id) != member_id.as_ref())
                .map(|(id, name)| {
                    let selected = current_approver.as_ref() == Some(&id);
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
        </select>
        <FieldMessage problem=Signal::derive(move || problems.get().approver) id=format!("{approver_id}-error") />
    }
}

#[component]
fn MemberEditor(
    member: MemberView,
    approvers: Vec<(String, String)>,
    changes: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateMember>::new();
    let deactivate = ServerAction::<DeactivateMember>::new();
    // A plain post's answer is this editor's when it names this member.
    let this_member = {
        let id = member.id.clone();
        move |q: &leptos_router::params::ParamsMap| {
            q.get("member_id").as_deref() == Some(id.as_str())
        }
    };
    crate::plain_form::restore_answer_where(update, this_member.clone());
    crate::plain_form::restore_answer_where(deactivate, this_member);
    // The settings as a refused plain post kept them; the editor open on either answer.
    let from_post = update.value().with_untracked(Option::is_some);
    let open = from_post || deactivate.value().with_untracked(Option::is_some);
    Effect::new(move |_| {
        let done =
            |v: Option<Result<TeamOutcome, AppError>>| matches!(v, Some(Ok(TeamOutcome::Done)));
        // Read both first: a short-circuiting `||` would stop tracking the second.
        let updated = done(update.value().get());
        let deactivated = done(deactivate.value().get());
        if updated || deactivated {
            changes.update(|c| *c += 1);
        }
    });
    let problems = Signal::derive(move || problems_of(update.value().get()));
    let refused = move || {
        [update.value().get(), deactivate.value().get()]
            .into_iter()
            .find_map(|v| match v {
                Some(Ok(TeamOutcome::Refused(
                    r @ (TeamRefusal::OwnAccount | TeamRefusal::LastAdmin),
                ))) => Some(refusal_text(i18n, r)),
                Some(Err(_)) => Some(i18n.t().error_body),
                _ => None,
            })
    };
    let prefix = format!("m-{}", member.id);
    let id = member.id.clone();
    let deactivate_id = member.id.clone();
    view! {
        <details class="member-editor" open=open>
            <summary>{move || i18n.a().edit}" — "{member.display_name.clone()}</summary>
            {move || refused().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="member_id" value=id.clone() />
                <SettingsFields prefix member=member.clone() approvers problems from_post />
                <button type="submit" class="button">{move || i18n.a().save}</button>
            </ActionForm>
            <ActionForm action=deactivate>
                <input type="hidden" name="member_id" value=deactivate_id />
                <button type="submit" class="button secondary">{move || i18n.a().deactivate}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn InviteForm(
    approvers: Vec<(String, String)>,
    invite: ServerAction<InviteMember>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = Signal::derive(move || problems_of(invite.value().get()));
    let field = move |pick: fn(&MemberProblems) -> Option<FieldProblem>| {
        Signal::derive(move || pick(&problems.get()))
    };
    // A refused plain post came back with what was typed (`crate::plain_form`).
    let from_post = matches!(
        invite.value().get_untracked(),
        Some(Ok(TeamOutcome::Invalid(_) | TeamOutcome::Refused(_)))
    );
    let kept = |name| crate::plain_form::kept(name).unwrap_or_default();
    view! {
        <section class="panel form-panel invite">
            <h2>{move || i18n.a().invite_title}</h2>
            <Show when=move || matches!(invite.value().get(), Some(Ok(TeamOutcome::Done)))>
                <p class="success" role="status">{move || i18n.a().invited_done}</p>
            </Show>
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <TextField name="display_name" label=Signal::derive(move || i18n.a().name)
                    problem=field(|p| p.display_name) max_chars=120 required=true autocomplete="off" value=kept("display_name") />
                <TextField name="email" label=Signal::derive(move || i18n.a().email)
                    problem=field(|p| p.email) max_chars=254 required=true input_type="email" autocomplete="off" value=kept("email") />
                <SettingsFields prefix="invite".to_string() approvers problems from_post />
                <button type="submit" class="button" disabled=move || invite.pending().get()>
                    {move || i18n.a().invite_submit}
                </button>
            </ActionForm>
        </section>
    }
}
