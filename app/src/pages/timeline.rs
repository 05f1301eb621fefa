//! A customer's timeline: one list of everything that happened, newest first, with
//! filters by kind and person. The filters and the paging are plain links and a GET
//! form, so the page works the same before the script has loaded.
//!
//! The same page serves the customer's admins (`/customer/timeline`) and the vendor's
//! staff (`/vendor/customers/{id}/timeline`); the server decides what each may read.

use crate::address::encode;
use crate::api::timeline::{TimelineItem, TimelineView, customer_timeline};
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::timeline::Kind;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TimelinePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let get = |key: &str| q.get(key).unwrap_or_default();
            (
                params.read().get("id").unwrap_or_default(),
                get("kind"),
                get("person"),
                get("before"),
            )
        },
        |(id, kind, person, before)| customer_timeline(id, kind, person, before),
    );
    view! {
        <PageTitle text=move || i18n.tl().title />
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Timeline view /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn Timeline(view: TimelineView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = query.read_untracked().get("kind").unwrap_or_default();
    let person = query.read_untracked().get("person").unwrap_or_default();
    let here = if view.vendor_reader {
        format!("/vendor/customers/{}/timeline", view.organization_id)
    } else {
        "/customer/timeline".to_string()
    };
    let older = view.next.as_ref().map(|next| {
        let mut href = format!("{here}?before={next}");
        for (key, value) in [("kind", &kind), ("person", &person)] {
            if !value.is_empty() {
                href.push_str(&format!("&{key}={}", encode(value)));
            }
        }
        href
    });
    let paged = query.read_untracked().get("before").is_some();
    let vendor = view.vendor_reader;
    let name = view.customer_name.clone();
    let count = view.items.len();
    view! {
        <h1>{move || i18n.tl().title}": "{name}</h1>
        <p class="lead">{move || if vendor { i18n.tl().lead_vendor } else { i18n.tl().lead_customer }}</p>
        <form method="get" action=here.clone() class="search-bar" role="search">
            <label for="kind">{move || i18n.tl().filter_kind}</label>
            <select id="kind" name="kind">
                <option value="">{move || i18n.tl().all_kinds}</option>
                {Kind::ALL.into_iter().map(|k| view! {
                    <option value=k.slug() selected=kind == k.slug()>{move || i18n.tl().kind(k)}</option>
                }).collect_view()}
            </select>
            <label for="person">{move || i18n.tl().filter_person}</label>
            <select id="person" name="person">
                <option value="">{move || i18n.tl().everyone}</option>
                {view.people.into_iter().map(|p| {
                    let selected = p.id == person;
                    view! { <option value=p.id selected=selected>{p.name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="button">{move || i18n.tl().apply}</button>
        </form>
        <ol class="timeline" data-items=count>
            {(count == 0).then(|| view! { <li data-empty="timeline">{move || i18n.tl().empty}</li> })}
            {view.items.into_iter().map(|item| view! { <Event item /> }).collect_view()}
        </ol>
        <p class="pager">
            {paged.then(|| view! { <A href=here.clone() attr:class="button secondary">{move || i18n.tl().newest}</A> })}
            {older.map(|href| view! { <A href=href attr:class="button secondary" attr:rel="next">{move || i18n.tl().older}</A> })}
        </p>
    }
}

#[component]
fn Event(item: TimelineItem) -> impl IntoView {
    let i18n = use_i18n();
    let kind = item.kind;
    let internal = item.internal;
    let sentence = item.sentence.clone();
    view! {
        <li data-kind=kind.slug() data-internal=internal.then_some("true")>
            <time data-ms=item.at_ms>{item.when.clone()}</time>
            <span class="kind">{move || i18n.tl().kind(kind)}</span>
            {internal.then(|| view! { <span class="badge">{move || i18n.tl().internal}</span> })}
            <span class="sentence">
                {match item.link {
                    Some(href) => view! { <A href=href>{sentence}</A> }.into_any(),
                    None => view! { {sentence} }.into_any(),
                }}
            </span>
        </li>
    }
}
