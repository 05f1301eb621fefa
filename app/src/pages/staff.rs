//! The vendor's staff page (vendor admins): who works in the portal, with which role.

use crate::AppError;
use crate::api::staff::{
    DeactivateStaff, InviteStaff, ResetStaffSecondFactor, UpdateStaff, list_staff,
};
use crate::api::team::{MemberView, TeamOutcome};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FieldProblem;
use kontor_domain::team::{MemberProblems, TeamRefusal};
use leptos::prelude::*;

const STAFF_ROLES: [&str; 3] = ["vendor_admin", "account_manager", "service_agent"];

fn problems_of(value: Option<Result<TeamOutcome, AppError>>) -> MemberProblems {
    match value {
        Some(Ok(TeamOutcome::Invalid(problems))) => problems,
        _ => MemberProblems::default(),
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteStaff>::new();
    let update = ServerAction::<UpdateStaff>::new();
    let deactivate = ServerAction::<DeactivateStaff>::new();
    let reset = ServerAction::<ResetStaffSecondFactor>::new();
    crate::plain_form::restore_answer(invite);
    crate::plain_form::restore_answer(update);
    crate::plain_form::restore_answer(deactivate);
    crate::plain_form::restore_answer(reset);
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        let done =
            |v: Option<Result<TeamOutcome, AppError>>| matches!(v, Some(Ok(TeamOutcome::Done)));
        if done(invite.value().get())
            || done(update.value().get())
            || done(deactivate.value().get())
            || done(reset.value().get())
        {
            changes.update(|c| *c += 1);
        }
    });
    let staff = Resource::new(move || changes.get(), |_| list_staff());
    let refusal = move || {
        [update.value().get(), deactivate.value().get()]
            .into_iter()
            .find_map(|v| match v {
                Some(Ok(TeamOutcome::Refused(TeamRefusal::OwnAccount))) => {
                    Some(i18n.a().refused_own_account)
                }
                Some(Ok(TeamOutcome::Refused(TeamRefusal::LastAdmin))) => {
                    Some(i18n.a().refused_last_admin)
                }
                Some(Ok(TeamOutcome::Invalid(_))) => Some(i18n.problem(FieldProblem::NoRole)),
                Some(Err(_)) => Some(i18n.t().error_body),
                _ => None,
            })
    };
    view! {
        <PageTitle text=move || i18n.a().staff_title />
        <h1>{move || i18n.a().staff_title}</h1>
        {move || refusal().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        <Show when=move || matches!(reset.value().get(), Some(Ok(TeamOutcome::Done)))>
            <p class="success" role="status">{move || i18n.a().second_factor_reset_done}</p>
        </Show>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let staff = match staff.await {
                    Ok(staff) => staff,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let my_id = staff.my_id.clone();
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table class="team">
                            <thead><tr>
                                <th scope="col">{move || i18n.a().name}</th>
                                <th scope="col">{move || i18n.a().roles}</th>
                                <th scope="col">{move || i18n.a().status}</th>
                                <th scope="col"></th>
                            </tr></thead>
                            <tbody>
                                {staff.members.into_iter().map(|m| {
                                    let editable = m.active && m.id != my_id;
                                    view! { <StaffRow member=m editable update deactivate reset /> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }))}
        </Transition>
        <InviteStaffForm invite />
        <crate::pages::notification_defaults::NotificationDefaults />
    }
}

/// The roles a refused plain post kept (`crate::plain_form`).
fn kept_roles() -> Vec<String> {
    STAFF_ROLES
        .into_iter()
        .filter(|role| crate::plain_form::kept(&format!("roles[{role}]")).is_some())
        .map(str::to_string)
        .collect()
}

#[component]
fn RoleBoxes(prefix: String, chosen: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {STAFF_ROLES.into_iter().map(|role| {
            let checked = chosen.iter().any(|r| r == role);
            let id = format!("{prefix}-{role}");
            let label_for = id.clone();
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=id name=format!("roles[{role}]") value="on" checked=checked />
                    {move || i18n.a().role(role)}
                </label>
            }
        }).collect_view()}
    }
}

#[component]
fn StaffRow(
    member: MemberView,
    editable: bool,
    update: ServerAction<UpdateStaff>,
    deactivate: ServerAction<DeactivateStaff>,
    reset: ServerAction<ResetStaffSecondFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let roles = member.roles.clone();
    let reset_id = member.id.clone();
    let status = move || i18n.a().member_status(member.active, member.invited);
    let id = member.id.clone();
    let deactivate_id = member.id.clone();
    // A refused plain post of this member's roles: open, with what was chosen.
    let refused_here = matches!(
        update.value().get_untracked(),
        Some(Ok(TeamOutcome::Invalid(_) | TeamOutcome::Refused(_)))
    ) && crate::plain_form::kept("member_id").as_deref()
        == Some(member.id.as_str());
    let chosen = if refused_here {
        kept_roles()
    } else {
        member.roles.clone()
    };
    view! {
        <tr data-member=member.email.clone()>
            <td data-label=move || i18n.a().name>
                <strong>{member.display_name.clone()}</strong><br /><small>{member.email.clone()}</small>
            </td>
            <td data-label=move || i18n.a().roles>
                {move || roles.iter().map(|r| i18n.a().role(r)).collect::<Vec<_>>().join(", ")}
            </td>
            <td data-label=move || i18n.a().status>{status}</td>
            <td>
                {editable.then(|| view! {
                    <details class="member-editor" open=refused_here>
                        <summary>{move || i18n.a().edit}</summary>
                        <ActionForm action=update attr:class="form">
                            <input type="hidden" name="member_id" value=id.clone() />
                            <fieldset class="roles"><RoleBoxes prefix=format!("s-{id}") chosen=chosen.clone() /></fieldset>
                            <button type="submit" class="button">{move || i18n.a().save}</button>
                        </ActionForm>
                        <ActionForm action=deactivate>
                            <input type="hidden" name="member_id" value=deactivate_id.clone() />
                            <button type="submit" class="button secondary">{move || i18n.a().deactivate}</button>
                        </ActionForm>
                        <ActionForm action=reset>
                            <input type="hidden" name="member_id" value=reset_id.clone() />
                            <button type="submit" class="button secondary">{move || i18n.a().reset_second_factor}</button>
                        </ActionForm>
                    </details>
                })}
            </td>
        </tr>
    }
}

#[component]
fn InviteStaffForm(invite: ServerAction<InviteStaff>) -> impl IntoView {
    let i18n = use_i18n();
    let problems = Signal::derive(move || problems_of(invite.value().get()));
    // What a refused plain post kept (`crate::plain_form`).
    let refused = matches!(
        invite.value().get_untracked(),
        Some(Ok(TeamOutcome::Invalid(_) | TeamOutcome::Refused(_)))
    );
    let kept = move |name| {
        refused
            .then(|| crate::plain_form::kept(name))
            .flatten()
            .unwrap_or_default()
    };
    let chosen = if refused { kept_roles() } else { Vec::new() };
    view! {
        <section class="panel form-panel invite">
            <h2>{move || i18n.a().invite_staff_title}</h2>
            <Show when=move || matches!(invite.value().get(), Some(Ok(TeamOutcome::Done)))>
                <p class="success" role="status">{move || i18n.a().invited_done}</p>
            </Show>
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <TextField name="display_name" label=Signal::derive(move || i18n.a().name)
                    problem=Signal::derive(move || problems.get().display_name) max_chars=120 required=true autocomplete="off"
                    value=kept("display_name") />
                <TextField name="email" label=Signal::derive(move || i18n.a().email)
                    problem=Signal::derive(move || problems.get().email) max_chars=254 required=true input_type="email" autocomplete="off"
                    value=kept("email") />
                <fieldset class="roles" aria-describedby="staff-roles-error">
                    <legend>{move || i18n.a().roles}</legend>
                    <RoleBoxes prefix="invite".to_string() chosen />
                    <FieldMessage problem=Signal::derive(move || problems.get().roles) id="staff-roles-error".to_string() />
                </fieldset>
                <button type="submit" class="button" disabled=move || invite.pending().get()>
                    {move || i18n.a().invite_submit}
                </button>
            </ActionForm>
        </section>
    }
}
