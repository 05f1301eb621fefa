//! The page a decision link from an approval mail opens: the order and who decides,
//! then a confirmation (approve, or reject with a reason). Opening it changes
//! nothing; only the confirmation decides, once, without signing in.

use crate::api::orders::{
    DecideByLink, LinkDecision, LinkOrder, LinkRefusal, LinkView, approval_link,
};
use crate::components::{PageTitle, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::pages::orders::OrderLines;
use kontor_domain::field::FormProblems;
use kontor_domain::order::OrderState;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn refusal_text(i18n: I18n, refusal: LinkRefusal) -> &'static str {
    let o = i18n.o();
    match refusal {
        LinkRefusal::Unknown => o.link_unknown,
        LinkRefusal::Used => o.link_used,
        LinkRefusal::Expired => o.link_expired,
        LinkRefusal::Decided => o.link_decided,
        LinkRefusal::OrderExpired => o.link_order_expired,
        LinkRefusal::Changed => o.link_changed,
        LinkRefusal::Deactivated => o.link_deactivated,
        LinkRefusal::NotYours => o.link_not_yours,
    }
}

#[component]
pub fn DecideByLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let decide = ServerAction::<DecideByLink>::new();
    crate::plain_form::restore_answer(decide);
    let link = Resource::new(token, approval_link);
    view! {
        <PageTitle text=move || i18n.o().decide_title />
        {move || match decide.value().get() {
            Some(Ok(LinkDecision::Decided(state))) => view! {
                <section class="panel">
                    <h1>{move || i18n.o().decide_title}</h1>
                    <p class="success" role="status" data-link-outcome="decided">
                        {move || if state == OrderState::Rejected { i18n.o().link_rejected } else { i18n.o().link_approved }}
                    </p>
                </section>
            }.into_any(),
            Some(Ok(LinkDecision::Refused(refusal))) => view! { <Refused refusal /> }.into_any(),
            _ => view! {
                <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
                    {suspended(move || Suspend::new(async move {
                        match link.await {
                            Ok(LinkView::Open(order)) => view! { <Confirm order token=token() decide /> }.into_any(),
                            Ok(LinkView::Refused(refusal)) => view! { <Refused refusal /> }.into_any(),
                            Err(_) => view! { <Refused refusal=LinkRefusal::Unknown /> }.into_any(),
                        }
                    }))}
                </Transition>
            }.into_any(),
        }}
    }
}

#[component]
fn Refused(refusal: LinkRefusal) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h1>{move || i18n.o().decide_title}</h1>
            <p class="problem" role="alert" data-link-outcome="refused">{move || refusal_text(i18n, refusal)}</p>
            <p><a href="/approvals">{move || i18n.o().link_to_portal}</a></p>
        </section>
    }
}

#[component]
fn Confirm(order: LinkOrder, token: String, decide: ServerAction<DecideByLink>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let chose_reject = query.read_untracked().get("decision").as_deref() == Some("reject");
    let problems = move || match decide.value().get() {
        Some(Ok(LinkDecision::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let LinkOrder {
        number,
        company,
        purchaser,
        lines,
        goods,
        shipping,
        total,
        decider,
        expires_at,
    } = order;
    let lead = move || {
        i18n.o()
            .link_lead
            .replace("{purchaser}", &purchaser)
            .replace("{company}", &company)
            .replace("{name}", &decider)
            .replace("{until}", &i18n.c().instant(expires_at))
    };
    let summary = view! {
        <section class="panel">
            <h1>{move || i18n.o().link_title.replace("{number}", &i18n.o().number(number))}</h1>
            <p class="lead" data-decider="">{lead}</p>
            <OrderLines lines goods shipping total />
        </section>
    }
    .into_any();
    let form = view! {
        <section class="panel decide">
            <h2>{move || i18n.o().decide_title}</h2>
            {chose_reject.then(|| view! { <p class="note">{move || i18n.o().link_you_chose_reject}</p> })}
            <ActionForm action=decide>
                <input type="hidden" name="token" value=token />
                <TextField name="comment" label=Signal::derive(move || i18n.o().comment) problem=Signal::derive(move || problems().get("comment"))
                    max_chars=1000 multiline=true hint=Signal::derive(move || i18n.o().comment_hint)
                    value=crate::plain_form::kept("comment").unwrap_or_default() />
                <div class="button-row">
                    <button type="submit" name="decision" value="approve" class=if chose_reject { "button" } else { "button primary" } disabled=move || decide.pending().get()>{move || i18n.o().approve}</button>
                    <button type="submit" name="decision" value="reject" class="button danger" disabled=move || decide.pending().get()>{move || i18n.o().reject}</button>
                </div>
            </ActionForm>
        </section>
    }
    .into_any();
    view! { {summary} {form} }
}
