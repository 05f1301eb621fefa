//! One quote: what was asked, every offered version (the latest first, with what
//! changed), the history, and the forms the caller may use — accept, ask for
//! changes, decline, withdraw for the buyer; offer, decline, note for the vendor.
//! Each form works without the script.

use super::quote_name;
use crate::AppError;
use crate::api::quotes::{
    AcceptQuote, AcceptResult, OfferQuote, QuoteDetail, QuoteLineView, QuoteMessageView,
    StepResult, TakeQuoteStep, VersionView, get_quote, quote_offer_start,
};
use crate::components::{FieldMessage, PageTitle, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::Locale;
use kontor_domain::field::FormProblems;
use kontor_domain::quote::{DELIVERY_TERMS_MAX, LineChange, LineItem, MESSAGE_MAX};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

fn step_problems(value: Option<Result<StepResult, AppError>>) -> FormProblems {
    match value {
        Some(Ok(StepResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

/// The name of a line in the reader's language, "SKU · name" for catalog lines.
pub(crate) fn line_name(i18n: I18n, line: &QuoteLineView) -> String {
    let name = if i18n.locale.get() == Locale::De {
        &line.name_de
    } else {
        &line.name_en
    };
    match &line.sku {
        Some(sku) => format!("{sku} · {name}"),
        None => name.clone(),
    }
}

#[component]
pub fn QuotePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), reload.get()), |(id, _)| get_quote(id));
    view! {
        <p><A href="/quotes">{move || i18n.q().back}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <QuoteView d reload /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn QuoteView(d: QuoteDetail, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let number = d.number;
    let state = d.state;
    let on_table = d.versions.last().map_or(0, |v| v.version);
    let moves = d.moves.clone();
    let title = move || format!("{} · {}", quote_name(i18n, number), i18n.q().state(state));
    let versions: Vec<VersionView> = d.versions.iter().rev().cloned().collect();
    let has_versions = !versions.is_empty();
    let print_href = format!("/quotes/{}/print", d.id);
    view! {
        <PageTitle text=title />
        <h1>{title}</h1>
        <dl class="facts" data-state=state.as_str()>
            <dt>{move || i18n.q().col_customer}</dt><dd>{d.customer.clone()}</dd>
            <dt>{move || i18n.q().col_requester}</dt><dd>{d.requester.clone()}" · "{move || i18n.c().instant(d.created_at)}</dd>
            {d.wished_date.map(|day| view! {
                <dt>{move || i18n.q().wished}</dt><dd>{move || i18n.c().day(day)}</dd>
            })}
            {d.order.clone().map(|(order_id, order_number)| view! {
                <dt>{move || i18n.q().order_made}</dt>
                <dd><A href=format!("/orders/{order_id}") attr:data-order=order_number>{move || i18n.o().number(order_number)}</A></dd>
            })}
        </dl>
        {has_versions.then(|| view! { <p><A href=print_href.clone() attr:class="button">{move || i18n.q().print}</A></p> })}
        // Each part as its own view: one nested type for the whole page would exceed
        // the compiler's depth limit.
        {view! { <BuyerForms id=d.id.clone() version=on_table moves=moves.clone() valid=d.valid_now reload /> }.into_any()}
        {versions.into_iter().enumerate().map(|(i, v)| view! { <Version v current=i == 0 valid=d.valid_now /> }.into_any()).collect_view()}
        {view! {
            <section class="panel">
                <h2>{move || i18n.q().requested_lines}</h2>
                <Lines lines=d.requested.clone() priced=false />
            </section>
        }.into_any()}
        {moves.offer.then(|| view! { <OfferPanel id=d.id.clone() reload /> }.into_any())}
        {view! { <VendorForms id=d.id.clone() version=on_table moves=moves.clone() reload /> }.into_any()}
        {moves.attach.then(|| view! { <AttachForm id=d.id.clone() staff=moves.note max_mb=d.max_mb /> }.into_any())}
        {view! { <History messages=d.messages.clone() /> }.into_any()}
    }
}

/// A table of lines; `priced` adds unit price and line total.
#[component]
fn Lines(lines: Vec<QuoteLineView>, priced: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="quote-lines">
                <thead><tr>
                    <th scope="col">{move || i18n.q().item}</th>
                    <th scope="col" class="num">{move || i18n.q().quantity}</th>
                    {priced.then(|| view! {
                        <th scope="col" class="num">{move || i18n.q().unit_price}</th>
                        <th scope="col" class="num">{move || i18n.q().line_total}</th>
                    })}
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let words = l.sku.is_none();
                        let name = {
                            let l = l.clone();
                            move || line_name(i18n, &l)
                        };
                        view! {
                            <tr data-line=l.line_no>
                                <td data-label=move || i18n.q().item>
                                    {name}
                                    {words.then(|| view! { " "<small class="badge">{move || i18n.q().in_words}</small> })}
                                </td>
                                <td data-label=move || i18n.q().quantity class="num">{l.quantity}" "{l.unit.clone()}</td>
                                {priced.then(|| view! {
                                    <td data-label=move || i18n.q().unit_price class="num">{move || l.unit_price.map(|m| i18n.money(m)).unwrap_or_default()}</td>
                                    <td data-label=move || i18n.q().line_total class="num">{move || l.line_total.map(|m| i18n.money(m)).unwrap_or_default()}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One offered version; older ones folded away.
#[component]
fn Version(v: VersionView, current: bool, valid: bool) -> impl IntoView {
    let i18n = use_i18n();
    let number = v.version;
    let heading = move || format!("{} {number}", i18n.q().version);
    let expired = current && !valid;
    let body = view! {
        <Lines lines=v.lines.clone() priced=true />
        <dl class="facts totals">
            <dt>{move || i18n.q().goods}</dt><dd class="num">{move || i18n.money(v.goods)}</dd>
            <dt>{move || i18n.q().shipping}</dt><dd class="num">{move || i18n.money(v.shipping)}</dd>
            <dt>{move || i18n.q().total}</dt><dd class="num" data-total=v.total.cents()><strong>{move || i18n.money(v.total)}</strong></dd>
            <dt>{move || i18n.q().payment}</dt>
            <dd>{move || match v.payment_net_days {
                Some(days) => format!("{days} {}", i18n.q().payment_days),
                None => i18n.q().as_in_contract.to_string(),
            }}</dd>
            {v.delivery_terms.clone().map(|terms| view! { <dt>{move || i18n.q().delivery_terms}</dt><dd>{terms}</dd> })}
            <dt>{move || i18n.q().valid_until}</dt>
            <dd data-valid-until=v.valid_until.to_string()>{move || i18n.c().day(v.valid_until)}
                {expired.then(|| view! { " "<strong class="badge">{move || i18n.q().expired_note}</strong> })}
            </dd>
            <dt>{move || i18n.q().offered_by}</dt><dd>{v.offered_by.clone()}" · "{move || i18n.c().instant(v.offered_at)}</dd>
        </dl>
        {(!v.changes.is_empty()).then(|| view! { <Changes changes=v.changes.clone() /> })}
    };
    if current {
        view! {
            <section class="panel version" data-version=number>
                <h2>{heading}</h2>
                {body}
            </section>
        }
        .into_any()
    } else {
        view! {
            <details class="panel version" data-version=number>
                <summary>{heading}</summary>
                {body}
            </details>
        }
        .into_any()
    }
}

/// What changed from the version before: old → new per line.
#[component]
fn Changes(changes: Vec<LineChange>) -> impl IntoView {
    let i18n = use_i18n();
    let item = |item: &LineItem| match item {
        LineItem::Product { sku } => sku.clone(),
        LineItem::FreeText { description } => description.clone(),
    };
    view! {
        <h3>{move || i18n.q().changes}</h3>
        <ul class="changes">
            {changes.into_iter().map(|change| {
                let text = move || match &change {
                    LineChange::Added(l) => format!("{} ({}): {} × {}", item(&l.item), i18n.q().added, l.quantity, i18n.money(l.unit_price)),
                    LineChange::Removed(l) => format!("{} ({})", item(&l.item), i18n.q().removed),
                    LineChange::Changed { item: what, quantity, unit_price } => format!(
                        "{}: {} → {} × {} → {}",
                        item(what), quantity.0, quantity.1, i18n.money(unit_price.0), i18n.money(unit_price.1)
                    ),
                };
                view! { <li>{text}</li> }
            }).collect_view()}
        </ul>
    }
}

/// Bumps `reload` whenever a step succeeded, so the page shows the quote anew.
fn reload_on_done(value: Signal<Option<Result<StepResult, AppError>>>, reload: RwSignal<u32>) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(StepResult::Done(_)))) {
            reload.update(|r| *r += 1);
        }
    });
}

/// "Someone was quicker" or "try again" under a form.
fn step_message(i18n: I18n, value: Option<Result<StepResult, AppError>>) -> Option<AnyView> {
    match value {
        Some(Ok(StepResult::Stale(_))) => {
            Some(view! { <p class="form-error" role="alert">{i18n.q().stale}</p> }.into_any())
        }
        Some(Ok(StepResult::Invalid(_))) => {
            Some(view! { <p class="form-error" role="alert">{i18n.q().fix_fields}</p> }.into_any())
        }
        Some(Err(_)) => {
            Some(view! { <p class="form-error" role="alert">{i18n.q().failed}</p> }.into_any())
        }
        _ => None,
    }
}

/// A step with a comment (ask for changes, decline, withdraw, a note).
#[component]
fn StepForm(
    id: String,
    version: i64,
    step: &'static str,
    label: fn(I18n) -> &'static str,
    button: fn(I18n) -> &'static str,
    reload: RwSignal<u32>,
    #[prop(optional)] optional_comment: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<TakeQuoteStep>::new();
    crate::plain_form::restore_answer_where(action, move |q| {
        q.get("step").as_deref() == Some(step)
    });
    reload_on_done(Signal::derive(move || action.value().get()), reload);
    let problem = Signal::derive(move || step_problems(action.value().get()).get("comment"));
    let field_id = format!("comment-{step}");
    let error_id = format!("{field_id}-error");
    view! {
        <ActionForm action attr:class=format!("quote-step step-{step}") attr:novalidate=true>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="step" value=step />
            <label for=field_id.clone()>{move || label(i18n)}</label>
            <textarea id=field_id name="comment" rows="3" maxlength=MESSAGE_MAX required=!optional_comment
                aria-describedby=error_id.clone() aria-invalid=move || problem.get().is_some().to_string()></textarea>
            <FieldMessage problem id=error_id />
            <button type="submit" class="button" disabled=move || action.pending().get()>{move || button(i18n)}</button>
            {move || step_message(i18n, action.value().get())}
        </ActionForm>
    }
}

#[component]
fn BuyerForms(
    id: String,
    version: i64,
    moves: crate::api::quotes::QuoteMoves,
    valid: bool,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptQuote>::new();
    crate::plain_form::restore_answer(accept);
    let navigate = use_navigate();
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(AcceptResult::Placed { order_id, .. })) => {
            navigate(&format!("/orders/{order_id}"), Default::default())
        }
        Some(Ok(AcceptResult::Superseded(_))) => reload.update(|r| *r += 1),
        _ => {}
    });
    let accept_message = move || match accept.value().get() {
        Some(Ok(AcceptResult::Expired)) => Some(i18n.q().expired_refused.to_string()),
        Some(Ok(AcceptResult::Superseded(_))) => Some(i18n.q().stale.to_string()),
        Some(Ok(AcceptResult::Refused(r))) => Some(crate::pages::cart::refusal_text(i18n, &r)),
        Some(Err(_)) => Some(i18n.q().failed.to_string()),
        _ => None,
    };
    let any = moves.accept || moves.request_changes || moves.decline || moves.withdraw;
    let expired = moves.request_changes && !valid;
    any.then(|| view! {
        <section class="panel quote-answer">
            {expired.then(|| view! { <p class="note">{move || i18n.q().expired_refused}</p> })}
            {moves.accept.then({ let id = id.clone(); move || view! {
                <ActionForm action=accept attr:class="quote-accept">
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="version" value=version />
                    <p>{move || i18n.q().accept_lead}</p>
                    <button type="submit" class="button primary" disabled=move || accept.pending().get()>{move || i18n.q().accept}</button>
                    {move || accept_message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                </ActionForm>
            }})}
            {moves.request_changes.then({ let id = id.clone(); move || view! {
                <StepForm id=id.clone() version step="request_changes" label=|i| i.q().comment button=|i| i.q().request_changes reload />
            }})}
            {moves.decline.then({ let id = id.clone(); move || view! {
                <StepForm id=id.clone() version step="decline" label=|i| i.q().reason button=|i| i.q().decline reload />
            }})}
            {moves.withdraw.then({ let id = id.clone(); move || view! {
                <StepForm id=id.clone() version step="withdraw" label=|i| i.q().comment button=|i| i.q().withdraw reload optional_comment=true />
            }})}
        </section>
    })
}

#[component]
fn VendorForms(
    id: String,
    version: i64,
    moves: crate::api::quotes::QuoteMoves,
    reload: RwSignal<u32>,
) -> impl IntoView {
    (moves.vendor_decline || moves.note).then(|| view! {
        <section class="panel quote-vendor">
            {moves.vendor_decline.then({ let id = id.clone(); move || view! {
                <StepForm id=id.clone() version step="vendor_decline" label=|i| i.q().reason button=|i| i.q().vendor_decline reload />
            }})}
            {moves.note.then({ let id = id.clone(); move || view! {
                <StepForm id=id.clone() version step="note" label=|i| i.q().internal_note button=|i| i.q().add_note reload />
            }})}
        </section>
    })
}

/// The vendor's offer form: every line on the table with quantity and unit price
/// (catalog lines start at the contract price), lines to add, shipping, terms,
/// validity, a message and an internal note.
#[component]
fn OfferPanel(id: String, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let start = Resource::new(
        {
            let id = id.clone();
            move || (id.clone(), reload.get())
        },
        |(id, _)| quote_offer_start(id),
    );
    let offer = ServerAction::<OfferQuote>::new();
    reload_on_done(Signal::derive(move || offer.value().get()), reload);
    let problems = move || step_problems(offer.value().get());
    let field = move |name: String| Signal::derive(move || problems().get(&name));
    view! {
        <section class="panel offer">
            <h2>{move || i18n.q().offer_title}</h2>
            <p class="note">{move || i18n.q().offer_lead}</p>
            <Transition fallback=|| ()>
                {suspended(move || {
                    let id = id.clone();
                    Suspend::new(async move {
                    let Ok(start) = start.await else { return None };
                    let f = start.form.clone();
                    Some(view! {
                        <ActionForm action=offer attr:class="offer-form" attr:novalidate=true>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="based_on" value=start.based_on />
                            <div class="table-wrap" tabindex="0">
                                <table class="offer-lines">
                                    <thead><tr>
                                        <th scope="col">{move || i18n.q().item}</th>
                                        <th scope="col" class="num">{move || i18n.q().list_price}</th>
                                        <th scope="col">{move || i18n.q().quantity}</th>
                                        <th scope="col">{move || i18n.q().unit_price}</th>
                                    </tr></thead>
                                    <tbody>
                                        {start.lines.iter().map(|l| {
                                            let key = l.line_no.to_string();
                                            let quantity_name = format!("quantity[{key}]");
                                            let price_name = format!("unit_price[{key}]");
                                            let quantity_error = format!("quantity-{key}-error");
                                            let price_error = format!("unit-price-{key}-error");
                                            let name = {
                                                let l = l.clone();
                                                move || super::quote::line_name(i18n, &l)
                                            };
                                            let list = l.list_price;
                                            view! {
                                                <tr data-line=l.line_no>
                                                    <th scope="row">{name}</th>
                                                    <td class="num" data-label=move || i18n.q().list_price>{move || list.map(|m| i18n.money(m)).unwrap_or_default()}</td>
                                                    <td data-label=move || i18n.q().quantity>
                                                        <input name=quantity_name.clone() inputmode="numeric" size="6"
                                                            aria-label=move || i18n.q().quantity aria-describedby=quantity_error.clone()
                                                            value=f.quantity.get(&key).cloned().unwrap_or_default() />
                                                        <FieldMessage problem=field(quantity_name) id=quantity_error />
                                                    </td>
                                                    <td data-label=move || i18n.q().unit_price>
                                                        <input name=price_name.clone() inputmode="decimal" size="10"
                                                            aria-label=move || i18n.q().unit_price aria-describedby=price_error.clone()
                                                            value=f.unit_price.get(&key).cloned().unwrap_or_default() />
                                                        <FieldMessage problem=field(price_name) id=price_error />
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <TextField name="added_lines" label=Signal::derive(move || i18n.q().added_lines)
                                problem=field("added_lines".into()) max_chars=5000 multiline=true
                                hint=Signal::derive(move || i18n.q().added_hint) />
                            <div class="form-grid">
                                <div class="field"><TextField name="shipping" label=Signal::derive(move || i18n.q().shipping)
                                    problem=field("shipping".into()) max_chars=20 value=f.shipping.clone() /></div>
                                <div class="field"><TextField name="payment_net_days" label=Signal::derive(move || i18n.q().payment_net_days)
                                    problem=field("payment_net_days".into()) max_chars=3 input_type="number" value=f.payment_net_days.clone() /></div>
                                <div class="field"><TextField name="valid_until" label=Signal::derive(move || i18n.q().valid_until_field)
                                    problem=field("valid_until".into()) max_chars=10 input_type="date" required=true value=f.valid_until.clone() /></div>
                            </div>
                            <TextField name="delivery_terms" label=Signal::derive(move || i18n.q().delivery_terms_field)
                                problem=field("delivery_terms".into()) max_chars=DELIVERY_TERMS_MAX value=f.delivery_terms.clone() />
                            <TextField name="message" id="offer-message".to_string() label=Signal::derive(move || i18n.q().message_to_customer)
                                problem=field("message".into()) max_chars=MESSAGE_MAX multiline=true />
                            <TextField name="internal_note" label=Signal::derive(move || i18n.q().internal_note)
                                problem=field("internal_note".into()) max_chars=MESSAGE_MAX multiline=true />
                            <button type="submit" class="button primary" disabled=move || offer.pending().get()>{move || i18n.q().send_offer}</button>
                            {move || step_message(i18n, offer.value().get())}
                        </ActionForm>
                    })
                })})}
            </Transition>
        </section>
    }
}

/// A file for the quote (drawings, a specification; vendor staff may keep one
/// internal). A plain multipart post: the file streams up, the answer comes back.
#[component]
fn AttachForm(id: String, staff: bool, max_mb: u64) -> impl IntoView {
    let i18n = use_i18n();
    let answer = crate::plain_form::answer_signal::<crate::api::quotes::AttachToQuote>();
    let problem = Signal::derive(move || step_problems(answer.get()).get("file"));
    view! {
        <details class="panel upload">
            <summary><h2>{move || i18n.s().attach_title}</h2></summary>
            <form method="post" action="/api/attach_to_quote" enctype="multipart/form-data">
                <input type="hidden" name="quote_id" value=id />
                {staff.then(|| view! { <label class="check"><input type="checkbox" name="internal" value="1" />" "{move || i18n.s().as_internal}</label> })}
                <label for="file">{move || i18n.d().file}</label>
                <small class="hint">{move || i18n.s().attach_hint.replace("{max}", &max_mb.to_string())}</small>
                <input id="file" name="file" type="file" required=true aria-describedby="file-error"
                    aria-invalid=move || problem.get().is_some().to_string() />
                <FieldMessage problem id="file-error".to_string() />
                <button type="submit" class="button">{move || i18n.s().attach_submit}</button>
                {move || step_message(i18n, answer.get())}
            </form>
        </details>
    }
}

#[component]
fn History(messages: Vec<QuoteMessageView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{move || i18n.q().conversation}</h2>
            <ol class="timeline quote-history">
                {messages.into_iter().map(|m| {
                    let internal = m.internal;
                    let event = m.event.clone();
                    let version = m.version.filter(|v| *v > 0 && event == "offered");
                    view! {
                        <li class:internal=internal data-event=m.event.clone()>
                            <p>
                                <strong>{m.author.clone()}</strong>" "{move || i18n.q().event(&event)}
                                {version.map(|v| view! { " ("{move || i18n.q().version}" "{v}")" })}
                                " · "<small>{move || i18n.c().instant(m.at)}</small>
                                {internal.then(|| view! { " "<span class="badge">{move || i18n.q().internal}</span> })}
                            </p>
                            {(m.event != "attached").then(|| m.body.clone().map(|body| view! { <p class="message">{body}</p> }))}
                            {(!m.attachments.is_empty()).then(|| view! {
                                <ul class="attachments">
                                    {m.attachments.iter().map(|(id, name, size)| {
                                        let size = *size;
                                        view! {
                                            <li><a href=format!("/files/quotes/{id}") download="">{name.clone()}</a>
                                                " · "{move || i18n.d().size(size)}</li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
