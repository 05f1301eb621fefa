use crate::components::PageTitle;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// Unknown paths, and (later) everything a person may not see: the same 404, which
/// reveals nothing about what exists.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || i18n.t().not_found_title />
        <section class="panel not-found">
            <p class="status-code">"404"</p>
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <A href="/" attr:class="button">{move || i18n.t().back_home}</A>
        </section>
    }
}
