//! "My profile": one's name and phone, the language of the portal and of one's
//! mails, how notifications reach one, and a purchaser's own ordering limits (per
//! order, per month, what is left, who approves above).

use crate::api::orders::StepNames;
use crate::api::profile::{
    DetailsOutcome, NotificationChoice, NotificationsOutcome, ProfileOutcome, ProfileView,
    SetDetails, SetLanguage, SetNotifications, my_profile,
};
use crate::components::{FieldMessage, HeadroomFacts, TextField, suspended};
use crate::i18n::{remember_locale, use_i18n};
use kontor_domain::Locale;
use kontor_domain::field::FormProblems;
use kontor_domain::notifications::{AS_ORGANIZATION, DIGEST_HOURS, Delivery, Notice};
use leptos::prelude::*;

/// The profile's panels, loaded with the caller's profile.
#[component]
pub fn ProfilePanels() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetLanguage>::new();
    crate::plain_form::restore_answer(save);
    let notify = ServerAction::<SetNotifications>::new();
    crate::plain_form::restore_answer(notify);
    let details = ServerAction::<SetDetails>::new();
    crate::plain_form::restore_answer(details);
    let profile = Resource::new(
        move || {
            (
                save.version().get(),
                notify.version().get(),
                details.version().get(),
            )
        },
        |_| my_profile(),
    );
    // Saved: the page switches language at once, as the language switch does.
    Effect::new(move |_| {
        if let Some(Ok(ProfileOutcome::Saved(locale))) = save.value().get() {
            remember_locale(locale);
            i18n.locale.set(locale);
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! {
                        <DetailsPanel profile=p.clone() details />
                        <LanguagePanel profile=p.clone() save />
                        <NotificationsPanel profile=p.clone() notify />
                        <SpendingPanel profile=p />
                    }.into_any(),
                    Err(_) => view! { <p class="problem" role="alert">{move || i18n.t().error_body}</p> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn DetailsPanel(profile: ProfileView, details: ServerAction<SetDetails>) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match details.value().get() {
        Some(Ok(DetailsOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    // A refused form keeps what was typed (also without the script).
    let typed =
        move |field: &'static str, stored: String| crate::plain_form::kept(field).unwrap_or(stored);
    view! {
        <h2 id="details-title">{move || i18n.a().profile_details_title}</h2>
        <Show when=move || matches!(details.value().get(), Some(Ok(DetailsOutcome::Saved)))>
            <p class="success" role="status">{move || i18n.a().profile_details_saved}</p>
        </Show>
        <ActionForm action=details attr:class="form" attr:aria-labelledby="details-title">
            <TextField
                name="display_name"
                label=Signal::derive(move || i18n.a().name)
                hint=Signal::derive(move || i18n.a().profile_name_hint)
                value=typed("display_name", profile.display_name.clone())
                autocomplete="name"
                max_chars=kontor_domain::team::NAME_MAX
                required=true
                problem=Signal::derive(move || problems().get("display_name"))
            />
            <TextField
                name="phone"
                label=Signal::derive(move || i18n.a().profile_phone)
                hint=Signal::derive(move || i18n.a().profile_phone_hint)
                value=typed("phone", profile.phone.clone().unwrap_or_default())
                input_type="tel"
                autocomplete="tel"
                max_chars=kontor_domain::profile::PHONE_MAX
                problem=Signal::derive(move || problems().get("phone"))
            />
            <button type="submit" class="button">{move || i18n.a().profile_details_save}</button>
        </ActionForm>
    }
}

#[component]
fn LanguagePanel(profile: ProfileView, save: ServerAction<SetLanguage>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = Signal::derive(move || match save.value().get() {
        Some(Ok(ProfileOutcome::Invalid(p))) => p.get("language"),
        _ => None,
    });
    // While none is stored, the one the portal shows now is the one offered.
    let current = profile
        .language
        .unwrap_or_else(move || i18n.locale.get_untracked());
    view! {
        <h2 id="language-title">{move || i18n.a().profile_language}</h2>
        <Show when=move || matches!(save.value().get(), Some(Ok(ProfileOutcome::Saved(_))))>
            <p class="success" role="status">{move || i18n.a().profile_language_saved}</p>
        </Show>
        <ActionForm action=save attr:class="form">
            <div class="field">
                <label for="language">{move || i18n.a().profile_language}</label>
                <select id="language" name="language" aria-describedby="language-hint language-error">
                    {Locale::ALL.into_iter().map(|l| view! {
                        <option value=l.tag() lang=l.tag() selected=l == current>{l.name()}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="language-hint">{move || i18n.a().profile_language_hint}</p>
                <FieldMessage problem id="language-error".to_string() />
            </div>
            <button type="submit" class="button">{move || i18n.a().profile_language_save}</button>
        </ActionForm>
    }
}

#[component]
fn SpendingPanel(profile: ProfileView) -> impl IntoView {
    let i18n = use_i18n();
    profile.spending.map(|s| {
        let h = s.headroom;
        let approver = move || match &s.approver {
            Some(StepNames::Person(name)) => name.clone(),
            Some(StepNames::Admins(names)) => {
                format!("{} ({})", i18n.o().an_admin, names.join(", "))
            }
            None => i18n.a().profile_nobody_approves.to_string(),
        };
        view! {
            <h2>{move || i18n.a().profile_spending_title}</h2>
            <dl class="facts" data-spending="">
                <HeadroomFacts headroom=h />
                <dt>{move || i18n.a().profile_approver}</dt>
                <dd data-approver="">{approver}</dd>
            </dl>
        }
    })
}

#[component]
fn NotificationsPanel(
    profile: ProfileView,
    notify: ServerAction<SetNotifications>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match notify.value().get() {
        Some(Ok(NotificationsOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let hour = profile.digest_hour;
    view! {
        <h2 id="notifications-title">{move || i18n.a().notifications_title}</h2>
        <p class="note">{move || i18n.a().notifications_lead}</p>
        <Show when=move || matches!(notify.value().get(), Some(Ok(NotificationsOutcome::Saved)))>
            <p class="success" role="status">{move || i18n.a().notifications_saved}</p>
        </Show>
        <ActionForm action=notify attr:class="form">
            {profile.notifications.into_iter().map(|choice| {
                let key = choice.notice.as_str();
                let problem = Signal::derive(move || problems().get(key));
                view! { <DeliveryField choice problem follows_organization=true /> }
            }).collect_view()}
            <div class="field">
                <label for="digest_hour">{move || i18n.a().digest_hour}</label>
                <select id="digest_hour" name="digest_hour" aria-describedby="digest_hour-error">
                    {DIGEST_HOURS.map(|h| view! { <option value=h.to_string() selected=h == hour>{format!("{h:02}:00")}</option> }).collect_view()}
                </select>
                <FieldMessage problem=Signal::derive(move || problems().get("digest_hour")) id="digest_hour-error".to_string() />
            </div>
            <button type="submit" class="button">{move || i18n.a().notifications_save}</button>
        </ActionForm>
    }
}

/// The choice of delivery for one kind of notification (`kinds[<kind>]`): on a
/// person's profile led by "as set for your organization"; on the organization's
/// defaults, only the deliveries.
#[component]
pub fn DeliveryField(
    choice: NotificationChoice,
    problem: Signal<Option<kontor_domain::field::FieldProblem>>,
    follows_organization: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = choice.notice.as_str();
    let id = format!("notify-{key}");
    let error_id = format!("{id}-error");
    let name = move |notice: Notice| {
        i18n.a()
            .notice_names
            .iter()
            .find(|(k, _)| *k == notice.as_str())
            .map_or("?", |(_, label)| label)
    };
    let delivery_name = move |d: Delivery| match d {
        Delivery::AtOnce => i18n.a().delivery_now,
        Delivery::Digest => i18n.a().delivery_digest,
        Delivery::Off => i18n.a().delivery_off,
    };
    let organization = choice.organization;
    let selected = if follows_organization {
        choice.own
    } else {
        Some(choice.own.unwrap_or(organization))
    };
    let approvals = choice.notice == Notice::ApprovalRequested;
    view! {
        <div class="field" data-notice=key>
            <label for=id.clone()>{move || name(choice.notice)}</label>
            <select id=id name=format!("kinds[{key}]") aria-describedby=error_id.clone()>
                {follows_organization.then(|| view! {
                    <option value=AS_ORGANIZATION selected=selected.is_none()>
                        {move || i18n.a().delivery_as_organization.replace("{delivery}", delivery_name(organization))}
                    </option>
                })}
                {choice.offered.iter().map(|d| {
                    let d = *d;
                    view! { <option value=d.as_str() selected=selected == Some(d)>{move || delivery_name(d)}</option> }
                }).collect_view()}
            </select>
            {approvals.then(|| view! { <p class="hint">{move || i18n.a().notifications_approvals_note}</p> })}
            <FieldMessage problem id=error_id />
        </div>
    }
}
