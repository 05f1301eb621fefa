//! The notification list: what concerned the signed-in person, newest first, with a
//! link to its order or service request; marking one or all read works without
//! JavaScript too (the form posts and the page comes back).

use crate::api::profile::{MarkNotificationsRead, NotificationList, notifications};
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused, use_session};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark.version().get(), |_| notifications());
    // The header's count follows.
    Effect::new(move |_| {
        if let Some(Ok(_)) = mark.value().get() {
            session.changed();
        }
    });
    view! {
        <PageTitle text=move || i18n.a().notifications_title.to_string() />
        <h1>{move || i18n.a().notifications_title}</h1>
        <p class="lead">{move || i18n.a().notifications_list_lead}" "
            <A href="/account">{move || i18n.a().notifications_settings_link}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <List list=l mark /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn List(list: NotificationList, mark: ServerAction<MarkNotificationsRead>) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        return view! { <p class="note">{move || i18n.a().notifications_none}</p> }.into_any();
    }
    view! {
        {(list.unread > 0).then(|| view! {
            <ActionForm action=mark attr:class="inline">
                <input type="hidden" name="id" value="" />
                <button type="submit" class="button secondary">{move || i18n.a().mark_all_read}</button>
            </ActionForm>
        })}
        <ul class="notifications">
            {list.items.into_iter().map(|n| {
                let subject = n.subject.clone();
                let id = n.id.clone();
                view! {
                    <li class:unread=!n.read data-notification=n.id.clone()>
                        {(!n.read).then(|| view! { <span class="badge">{move || i18n.a().notifications_new}</span>" " })}
                        {match n.href.clone() {
                            Some(href) => view! { <A href=href>{subject}</A> }.into_any(),
                            None => view! { <span>{subject}</span> }.into_any(),
                        }}
                        " "<span class="when">{move || i18n.c().instant(n.at)}</span>
                        {(!n.read).then(|| view! {
                            <ActionForm action=mark attr:class="inline">
                                <input type="hidden" name="id" value=id.clone() />
                                <button type="submit" class="link-button">{move || i18n.a().mark_read}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
