//! An organization's notification defaults, for its admins (on the team page): how
//! each kind reaches their colleagues unless a colleague chooses otherwise.

use crate::api::profile::{NotificationsOutcome, SetNotificationDefaults, notification_defaults};
use crate::components::suspended;
use crate::i18n::use_i18n;
use crate::pages::profile::DeliveryField;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;

#[component]
pub fn NotificationDefaults() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetNotificationDefaults>::new();
    crate::plain_form::restore_answer(save);
    let defaults = Resource::new(move || save.version().get(), |_| notification_defaults());
    let problems = move || match save.value().get() {
        Some(Ok(NotificationsOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    view! {
        <section aria-labelledby="defaults-title" class="notification-defaults">
            <h2 id="defaults-title">{move || i18n.a().notification_defaults_title}</h2>
            <p class="note">{move || i18n.a().notification_defaults_lead}</p>
            <Show when=move || matches!(save.value().get(), Some(Ok(NotificationsOutcome::Saved)))>
                <p class="success" role="status">{move || i18n.a().notification_defaults_saved}</p>
            </Show>
            <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
                {suspended(move || Suspend::new(async move {
                    defaults.await.ok().map(|choices| view! {
                        <ActionForm action=save attr:class="form">
                            {choices.into_iter().map(|choice| {
                                let key = choice.notice.as_str();
                                let problem = Signal::derive(move || problems().get(key));
                                view! { <DeliveryField choice problem follows_organization=false /> }
                            }).collect_view()}
                            <button type="submit" class="button">{move || i18n.a().notification_defaults_save}</button>
                        </ActionForm>
                    })
                }))}
            </Transition>
        </section>
    }
}
