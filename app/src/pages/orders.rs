//! Order lists (newest first, by status, keyset pages) and one order with its
//! approval chain, timeline and what the caller may do next.

use crate::address::encode;
use crate::api::orders::{
    AdvanceOrder, DecideOrder, DecideResult, OrderDetail, QuickOrderOutcome, Reorder, StepNames,
    StepStatus, WithdrawOrder, get_order, list_orders,
};
use crate::components::TextField;
use crate::components::{PageTitle, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::pages::cart::{LinesHead, Totals};
use crate::pages::documents::{RelatedDocuments, related_documents};
use crate::session::{LoadProblem, LoadRefused};
use crate::sync_html::SyncHtml;
use kontor_domain::checkout::PricedLine;
use kontor_domain::field::FormProblems;
use kontor_domain::order::OrderState;
use kontor_domain::{Locale, Money};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn orders_href(state: &str, before: Option<&str>) -> String {
    let mut params = Vec::new();
    if !state.is_empty() {
        params.push(format!("state={}", encode(state)));
    }
    if let Some(before) = before {
        params.push(format!("before={}", encode(before)));
    }
    if params.is_empty() {
        "/orders".into()
    } else {
        format!("/orders?{}", params.join("&"))
    }
}

#[component]
pub fn StateBadge(state: OrderState) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="status" data-state=state.as_str()>{move || i18n.o().state(state)}</span> }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let state = move || query.read().get("state").unwrap_or_default();
    let before = move || query.read().get("before").unwrap_or_default();
    let page = Resource::new(move || (state(), before()), |(s, b)| list_orders(s, b));
    view! {
        <PageTitle text=move || i18n.o().orders_title />
        <h1>{move || i18n.o().orders_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let list = match page.await {
                    Ok(list) => list,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let selected = state();
                let vendor = list.scope == "vendor";
                let scope = list.scope.clone();
                let next = list.next.clone().map(|cursor| orders_href(&selected, Some(&cursor)));
                let first = (!before().is_empty()).then(|| orders_href(&selected, None));
                // Nothing below waits: rendered in one pass (see `SyncHtml`).
                SyncHtml(view! {
                    <p class="lead">{move || match scope.as_str() {
                        "own" => i18n.o().orders_lead_own,
                        "all" => i18n.o().orders_lead_all,
                        _ => i18n.o().orders_lead_vendor,
                    }}</p>
                    <form method="get" action="/orders" class="search-bar">
                        <label for="state">{move || i18n.o().status}</label>
                        <select id="state" name="state">
                            <option value="">{move || i18n.o().all_states}</option>
                            {OrderState::ALL.into_iter().filter(|s| *s != OrderState::Draft).map(|s| view! {
                                <option value=s.as_str() selected=s.as_str() == selected>{move || i18n.o().state(s)}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button">{move || i18n.o().show}</button>
                    </form>
                    <div class="table-wrap" tabindex="0">
                        <table class="orders">
                            <thead><tr>
                                <th scope="col">{move || i18n.o().order_no}</th>
                                <th scope="col">{move || i18n.o().placed}</th>
                                {vendor.then(|| view! { <th scope="col">{move || i18n.o().customer}</th> })}
                                <th scope="col">{move || i18n.o().purchaser}</th>
                                <th scope="col">{move || i18n.o().po}</th>
                                <th scope="col">{move || i18n.o().status}</th>
                                <th scope="col" class="num">{move || i18n.o().total}</th>
                            </tr></thead>
                            <tbody>
                                {list.rows.is_empty().then(|| view! { <tr><td colspan="7">{move || i18n.o().no_orders}</td></tr> })}
                                {list.rows.into_iter().map(|r| view! {
                                    <tr data-order=r.number>
                                        <td data-label=move || i18n.o().order_no><A href=format!("/orders/{}", r.id)>{move || i18n.o().number(r.number)}</A></td>
                                        <td data-label=move || i18n.o().placed>{move || i18n.c().instant(r.placed_at)}</td>
                                        {vendor.then(|| view! { <td data-label=move || i18n.o().customer>{r.customer.clone()}</td> })}
                                        <td data-label=move || i18n.o().purchaser>{r.purchaser.clone()}</td>
                                        <td data-label=move || i18n.o().po>{r.po_number.clone()}</td>
                                        <td data-label=move || i18n.o().status><StateBadge state=r.state /></td>
                                        <td class="num price" data-label=move || i18n.o().total>{move || i18n.money(r.total)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <nav class="pager">
                        {first.map(|href| view! { <A href=href>{move || i18n.o().newest}</A> })}
                        {next.map(|href| view! { <A href=href attr:rel="next">{move || i18n.o().older}</A> })}
                    </nav>
                }).into_any()
            }))}
        </Transition>
    }
}

/// An order's lines with goods, shipping and total (the order page and the page a
/// decision link opens).
#[component]
pub fn OrderLines(
    lines: Vec<PricedLine>,
    goods: Money,
    shipping: Money,
    total: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
    <div class="table-wrap" tabindex="0"><table class="cart">
        <LinesHead />
        <tbody>
            {lines.iter().map(|l| {
                let (en, de) = (l.name_en.clone(), l.name_de.clone());
                let (unit_price, line_total) = (l.unit_price, l.line_total);
                view! { <tr>
                    <td data-label=move || i18n.t().catalog_product><span class="sku">{l.sku.clone()}</span>" "{move || if i18n.locale.get() == Locale::De { de.clone() } else { en.clone() }}</td>
                    <td class="num" data-label=move || i18n.o().quantity>{l.quantity}</td>
                    <td class="num price" data-label=move || i18n.o().unit_price>{move || i18n.money(unit_price)}</td>
                    <td class="num price" data-label=move || i18n.o().line_total>{move || i18n.money(line_total)}</td>
                </tr> }
            }).collect_view()}
        </tbody>
        <Totals goods shipping total />
    </table></div>
    }
    .into_any()
}

fn step_text(i18n: I18n, who: &StepNames) -> String {
    crate::pages::cart::chain_text(i18n, std::slice::from_ref(who))
}

fn capacity_text(i18n: I18n, capacity: Option<&str>, on_behalf_of: Option<&str>) -> Option<String> {
    let o = i18n.o();
    let name = on_behalf_of.unwrap_or_default();
    match capacity? {
        "deputy" => Some(o.cap_deputy.replace("{name}", name)),
        "escalation" if on_behalf_of.is_some() => Some(o.cap_escalation.replace("{name}", name)),
        "escalation" => Some(o.cap_escalation_admins.to_string()),
        "admin" => Some(o.cap_admin.to_string()),
        _ => None,
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let decide = ServerAction::<DecideOrder>::new();
    crate::plain_form::restore_answer(decide);
    let withdraw = ServerAction::<WithdrawOrder>::new();
    let advance = ServerAction::<AdvanceOrder>::new();
    let reorder = ServerAction::<Reorder>::new();
    crate::plain_form::restore_answer(withdraw);
    crate::plain_form::restore_answer(advance);
    crate::plain_form::restore_answer(reorder);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        let outcomes = [
            decide.value().get(),
            withdraw.value().get(),
            advance.value().get(),
        ];
        // A decision, or news that someone else decided first: show the order as it is.
        if outcomes.iter().any(|o| {
            matches!(
                o,
                Some(Ok(DecideResult::Decided(_)
                    | DecideResult::AlreadyDecided
                    | DecideResult::Changed))
            )
        }) {
            version.update(|v| *v += 1);
        }
    });
    let order = Resource::new(move || (id(), version.get()), |(id, _)| get_order(id));
    let documents = related_documents(move || (String::new(), id()));
    view! {
        <p><A href="/orders">{move || i18n.o().orders_title}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match order.await {
                    Ok(o) => view! { <OrderView o decide withdraw advance reorder /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
        <RelatedDocuments documents for_order=true />
    }
}

#[component]
fn OrderView(
    o: OrderDetail,
    decide: ServerAction<DecideOrder>,
    withdraw: ServerAction<WithdrawOrder>,
    advance: ServerAction<AdvanceOrder>,
    reorder: ServerAction<Reorder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || format!("{} {}", i18n.o().order_no, i18n.o().number(o.number));
    let holders = o.holders.join(", ");
    let waiting = !o.holders.is_empty();
    let terms = o.terms.clone();
    let requested = o.requested_date;
    let (id_withdraw, id_reorder, id_vendor) = (o.id.clone(), o.id.clone(), o.id.clone());
    view! {
        <PageTitle text=title />
        <h1>{title}" "<StateBadge state=o.state /></h1>
        <p class="lead">{o.customer.clone()}" · "{o.purchaser.clone()}" · "{move || i18n.c().instant(o.placed_at)}</p>
        {waiting.then(|| view! { <p class="holders" data-holders=holders.clone()><strong>{move || i18n.o().waiting_for}": "</strong>{holders.clone()}</p> })}
        {(!o.chain.is_empty()).then(|| view! { <Chain chain=o.chain.clone() /> })}
        {o.decide_step.map(|step| view! { <DecideForm order_id=o.id.clone() step revision=o.revision decide /> })}
        <ActionFeedback decide withdraw advance />
        {view! { <section class="panel">
            <h2>{move || i18n.o().lines_title}</h2>
            <OrderLines lines=o.lines.clone() goods=o.goods shipping=o.shipping total=o.total />
        </section> }.into_any()}
        {view! { <div class="cards">
            <section class="panel">
                <h2>{move || i18n.o().details_title}</h2>
                <dl class="facts">
                    {o.quote.clone().map(|(id, number, version)| view! {
                        <dt>{move || i18n.q().from_quote}</dt>
                        <dd data-from-quote=number>
                            <A href=format!("/quotes/{id}")>{move || i18n.q().quote_number(number)}</A>
                            " · "{move || i18n.q().version}" "{version}
                        </dd>
                    })}
                    {o.po_number.clone().map(|po| view! { <dt>{move || i18n.o().po_number}</dt><dd>{po}</dd> })}
                    {o.cost_center.clone().map(|cc| view! { <dt>{move || i18n.o().cost_center}</dt><dd>{cc}</dd> })}
                    <dt>{move || i18n.o().delivery_address}</dt><dd class="address">{o.delivery_address.clone()}</dd>
                    {requested.map(|d| view! { <dt>{move || i18n.o().requested_on}</dt><dd>{move || i18n.c().day(d)}</dd> })}
                    {o.note.clone().map(|n| view! { <dt>{move || i18n.o().note}</dt><dd>{n}</dd> })}
                </dl>
            </section>
            <section class="panel">
                <h2>{move || i18n.o().order_terms}</h2>
                <p>{terms.payment_net_days}" "{move || i18n.c().days_net}</p>
                <p>{terms.incoterm.code()}" "{terms.incoterm_place.clone()}" (Incoterms 2020)"</p>
            </section>
        </div> }.into_any()}
        <Timeline entries=o.timeline.clone() />
        {view! { <div class="actions">
            {o.can_withdraw.then(|| view! {
                <p class="note">{move || i18n.o().withdraw_note}</p>
            })}
            {o.can_change.then(|| view! {
                <A href=format!("/orders/{}/change", o.id) attr:class="button">{move || i18n.o().change_order}</A>
            })}
            {o.can_withdraw.then(|| view! {
                <ActionForm action=withdraw attr:class="inline">
                    <input type="hidden" name="order_id" value=id_withdraw />
                    <button type="submit" class="button">{move || i18n.o().withdraw}</button>
                </ActionForm>
            })}
            {o.can_reorder.then(|| view! {
                <ActionForm action=reorder attr:class="inline">
                    <input type="hidden" name="order_id" value=id_reorder />
                    <button type="submit" class="button">{move || i18n.o().reorder}</button>
                </ActionForm>
                <ReorderFeedback result=Signal::derive(move || reorder.value().get().and_then(Result::ok)) />
            })}
            {(!o.vendor_steps.is_empty()).then(|| view! { <VendorSteps order_id=id_vendor steps=o.vendor_steps.clone() advance /> })}
            {matches!(o.state, OrderState::Shipped | OrderState::Delivered).then(|| view! { <ReportProblem number=o.number /> })}
        </div> }.into_any()}
    }
}

/// "Report a problem": a service request about this order, for its customer's people.
#[component]
fn ReportProblem(number: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    view! {
        <Transition fallback=|| ()>
            {suspended(move || Suspend::new(async move {
                let viewer = session.viewer.await?;
                (!viewer.vendor).then(|| view! {
                    <A href=format!("/service/new?kind=complaint&order={number}") attr:class="button">{move || i18n.s().report_problem}</A>
                })
            }))}
        </Transition>
    }
}

#[component]
fn Chain(chain: Vec<crate::api::orders::ChainStep>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{move || i18n.o().chain_title}</h2>
            <ol class="chain">
                {chain.into_iter().map(|s| {
                    let who = s.who.clone();
                    let (status, detail) = match &s.status {
                        StepStatus::Done { by, capacity, comment } => ("done", Some((by.clone(), capacity.clone(), comment.clone()))),
                        StepStatus::Rejected { by, comment } => ("rejected", Some((by.clone(), None, comment.clone()))),
                        StepStatus::Current => ("current", None),
                        StepStatus::Next => ("next", None),
                        StepStatus::Skipped => ("skipped", None),
                    };
                    view! {
                        <li data-status=status>
                            <strong>{move || step_text(i18n, &who)}</strong>" — "
                            {move || match status {
                                "done" => i18n.o().step_done.to_string(),
                                "rejected" => i18n.o().state(OrderState::Rejected).to_string(),
                                "current" => i18n.o().step_current.to_string(),
                                "next" => i18n.o().step_next.to_string(),
                                _ => String::new(),
                            }}
                            {detail.map(|(by, capacity, comment)| view! {
                                " ("{by}{capacity.map(|c| format!(", {c}"))}")"
                                {comment.map(|c| view! { <q class="comment">{c}</q> })}
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn DecideForm(
    order_id: String,
    step: i64,
    revision: i64,
    decide: ServerAction<DecideOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match decide.value().get() {
        Some(Ok(DecideResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    view! {
        <section class="panel decide">
            <h2>{move || i18n.o().decide_title}</h2>
            <ActionForm action=decide>
                <input type="hidden" name="order_id" value=order_id />
                <input type="hidden" name="step" value=step.to_string() />
                <input type="hidden" name="revision" value=revision.to_string() />
                <TextField name="comment" label=Signal::derive(move || i18n.o().comment) problem=Signal::derive(move || problems().get("comment"))
                    max_chars=1000 multiline=true hint=Signal::derive(move || i18n.o().comment_hint)
                    value=crate::plain_form::kept("comment").unwrap_or_default() />
                <div class="button-row">
                    <button type="submit" name="decision" value="approve" class="button primary" disabled=move || decide.pending().get()>{move || i18n.o().approve}</button>
                    <button type="submit" name="decision" value="reject" class="button danger" disabled=move || decide.pending().get()>{move || i18n.o().reject}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ActionFeedback(
    decide: ServerAction<DecideOrder>,
    withdraw: ServerAction<WithdrawOrder>,
    advance: ServerAction<AdvanceOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let outcomes = [
            decide.value().get(),
            withdraw.value().get(),
            advance.value().get(),
        ];
        outcomes.into_iter().flatten().find_map(|o| {
            let text = match o {
                Ok(DecideResult::AlreadyDecided) => i18n.o().decided_already,
                Ok(DecideResult::Changed) => i18n.o().changed_meanwhile,
                Ok(DecideResult::NotYours) => i18n.o().not_yours,
                Ok(DecideResult::OwnOrder) => i18n.o().own_order,
                _ => return None,
            };
            Some(view! { <p class="form-error" role="alert">{text}</p> })
        })
    }
}

#[component]
fn ReorderFeedback(#[prop(into)] result: Signal<Option<QuickOrderOutcome>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        result.get().map(|r| {
            let missing: Vec<String> = r.problems.iter().map(|p| p.text.clone()).collect();
            view! {
                <p role="status">{i18n.o().reorder_done}" "<A href="/cart">{i18n.t().nav_cart}</A></p>
                {(!missing.is_empty()).then(|| view! { <p class="form-error">{i18n.o().not_available}" "{missing.join(", ")}</p> })}
            }
        })
    }
}

#[component]
fn VendorSteps(
    order_id: String,
    steps: Vec<String>,
    advance: ServerAction<AdvanceOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match advance.value().get() {
        Some(Ok(DecideResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let cancel = steps.iter().any(|s| s == "cancel");
    view! {
        <section class="panel vendor-steps">
            <h2>{move || i18n.o().vendor_actions}</h2>
            {steps.into_iter().filter(|s| s != "cancel").map(|step| {
                let value = step.clone();
                let order_id = order_id.clone();
                let label = move || match step.as_str() {
                    "confirm" => i18n.o().confirm,
                    "ship" => i18n.o().ship,
                    _ => i18n.o().deliver,
                };
                view! {
                    <ActionForm action=advance attr:class="inline">
                        <input type="hidden" name="order_id" value=order_id />
                        <input type="hidden" name="step" value=value />
                        <button type="submit" class="button primary">{label}</button>
                    </ActionForm>
                }
            }).collect_view()}
            {cancel.then(move || view! {
                <ActionForm action=advance>
                    <input type="hidden" name="order_id" value=order_id />
                    <input type="hidden" name="step" value="cancel" />
                    <TextField name="reason" label=Signal::derive(move || i18n.o().cancel_reason) problem=Signal::derive(move || problems().get("reason")) max_chars=1000 id="cancel-reason".to_string()
                        value=crate::plain_form::kept("reason").unwrap_or_default() />
                    <button type="submit" class="button danger">{move || i18n.o().cancel}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Timeline(entries: Vec<crate::api::orders::TimelineEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{move || i18n.o().timeline_title}</h2>
            <ol class="timeline">
                {entries.into_iter().map(|e| {
                    let capacity = e.capacity.clone();
                    let behalf = e.on_behalf_of.clone();
                    let kind = e.kind.clone();
                    view! {
                        <li data-kind=e.kind.clone()>
                            <time>{move || i18n.c().instant(e.at)}</time>" "
                            <strong>{e.actor.clone()}</strong>" "{move || i18n.o().event(&kind)}
                            {move || capacity_text(i18n, capacity.as_deref(), behalf.as_deref()).map(|c| format!(" ({c})"))}
                            {e.comment.clone().map(|c| view! { <q class="comment">{c}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
