//! The cart and checkout: lines at the customer's own prices, quick order, the
//! limits and who will have to approve, computed on the server by the same domain
//! code that places the order.

use crate::api::orders::{
    AddToCart, CartChange, CartView, PlaceOrder, PlaceResult, Preview, QuickOrder, StepNames,
    UpdateCartLine, cart,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, HeadroomFacts, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::checkout::{PricedLine, Refusal};
use kontor_domain::field::FormProblems;
use kontor_domain::{Locale, Money};
use leptos::prelude::*;
use leptos_router::components::A;

fn line_name(i18n: I18n, line: &PricedLine) -> String {
    match i18n.locale.get() {
        Locale::De => line.name_de.clone(),
        Locale::En => line.name_en.clone(),
    }
}

/// "Hannah Becker, then Max Müller".
pub fn chain_text(i18n: I18n, steps: &[StepNames]) -> String {
    let o = i18n.o();
    steps
        .iter()
        .map(|s| match s {
            StepNames::Person(name) => name.clone(),
            StepNames::Admins(names) => format!("{} ({})", o.an_admin, names.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(&format!(", {} ", o.then))
}

pub fn refusal_text(i18n: I18n, refusal: &Refusal) -> String {
    let o = i18n.o();
    match refusal {
        Refusal::EmptyCart => o.refused_empty.into(),
        Refusal::BelowMinimum { minimum, goods } => o
            .refused_minimum
            .replace("{minimum}", &i18n.money(*minimum))
            .replace("{goods}", &i18n.money(*goods)),
        Refusal::Unavailable { sku } => o.refused_unavailable.replace("{sku}", sku),
        Refusal::NobodyCanApprove => o.refused_nobody.into(),
        Refusal::TooLarge => o.refused_too_large.into(),
    }
}

/// The column heads of a table of lines (cart and order).
#[component]
pub fn LinesHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead><tr>
            <th scope="col">{move || i18n.t().catalog_product}</th>
            <th scope="col" class="num">{move || i18n.o().quantity}</th>
            <th scope="col" class="num">{move || i18n.o().unit_price}</th>
            <th scope="col" class="num">{move || i18n.o().line_total}</th>
        </tr></thead>
    }
}

/// Goods, shipping and the total under a table of lines (cart and order).
#[component]
pub fn Totals(goods: Money, shipping: Money, total: Money) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tfoot>
            <tr><th scope="row" colspan="3">{move || i18n.o().goods}</th><td class="num price">{move || i18n.money(goods)}</td></tr>
            <tr><th scope="row" colspan="3">{move || i18n.o().shipping}</th>
                <td class="num price">{move || if shipping.cents() == 0 { i18n.o().free.to_string() } else { i18n.money(shipping) }}</td></tr>
            <tr class="grand-total"><th scope="row" colspan="3">{move || i18n.o().total}</th><td class="num price" data-total>{move || i18n.money(total)}</td></tr>
        </tfoot>
    }
}

/// What a plain post of "add to cart" brought back to a page (the catalog, a
/// product): for which product, the quantity typed and the answer. Read once per page
/// on the server; each product's form takes what is its own.
#[derive(Clone, Copy)]
pub struct CartAdder {
    kept: StoredValue<Option<(String, String, Option<CartChange>)>>,
}

impl CartAdder {
    /// Call once while the page is built.
    pub fn for_page() -> CartAdder {
        let answer = crate::plain_form::answer::<AddToCart>();
        let kept = crate::plain_form::kept("sku").map(|sku| {
            (
                sku,
                crate::plain_form::kept("quantity").unwrap_or_default(),
                answer,
            )
        });
        CartAdder {
            kept: StoredValue::new(kept),
        }
    }

    /// The quantity to show in `sku`'s field (what a plain post kept for it, else 1)
    /// and the answer that post brought back, if it was `sku`'s.
    fn for_product(self, sku: &str) -> (String, Option<CartChange>) {
        self.kept
            .with_value(|kept| {
                kept.as_ref().filter(|(kept_sku, ..)| kept_sku == sku).map(
                    |(_, quantity, answer)| {
                        let quantity = if quantity.is_empty() {
                            "1".to_string()
                        } else {
                            quantity.clone()
                        };
                        (quantity, answer.clone())
                    },
                )
            })
            .unwrap_or_else(|| ("1".to_string(), None))
    }
}

/// "Add to cart" with a quantity, for the catalog and product pages.
#[component]
pub fn AddToCartForm(sku: String, adder: CartAdder) -> impl IntoView {
    let (quantity, answer) = adder.for_product(&sku);
    view! { <AddToCart sku quantity answer /> }
}

/// One product's "add to cart". An island: adding keeps the visitor where they are
/// in a long list, and each product added from the page says so. Without the script
/// it is a plain form whose answer comes back in the props.
#[island(lazy)]
fn AddToCart(sku: String, quantity: String, answer: Option<CartChange>) -> impl IntoView {
    let i18n = crate::i18n::island_i18n();
    let live = crate::components::island_mark();
    let action = ServerAction::<AddToCart>::new();
    if let Some(answer) = answer {
        action.value().set(Some(Ok(answer)));
    }
    let id = format!("qty-{sku}");
    let error_id = format!("{id}-error");
    let problem = Signal::derive(move || match action.value().get() {
        Some(Ok(CartChange::Invalid(problem))) => Some(problem),
        _ => None,
    });
    let added = move || matches!(action.value().get(), Some(Ok(CartChange::Changed)));
    view! {
        <ActionForm action=action attr:class="add-to-cart" attr:data-hydrated=live>
            <input type="hidden" name="sku" value=sku />
            <label class="visually-hidden" for=id.clone()>{move || i18n.o().quantity}</label>
            <input id=id.clone() name="quantity" type="number" min="1" max="100000" value=quantity inputmode="numeric"
                aria-describedby=error_id.clone() />
            <button type="submit" class="button small" disabled=move || action.pending().get()>{move || i18n.o().add_to_cart}</button>
            {move || added().then(|| view! {
                <span class="added" role="status">{move || i18n.o().added}" "<a href="/cart">{move || i18n.t().nav_cart}</a></span>
            })}
            <FieldMessage problem id=error_id.clone() />
        </ActionForm>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateCartLine>::new();
    let quick = ServerAction::<QuickOrder>::new();
    let place = ServerAction::<PlaceOrder>::new();
    crate::plain_form::restore_answer(place);
    crate::plain_form::restore_answer(quick);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        // Read every action first: a short-circuiting `||` would stop tracking the rest.
        let updated = matches!(update.value().get(), Some(Ok(CartChange::Changed)));
        let added = matches!(quick.value().get(), Some(Ok(ref q)) if !q.added.is_empty());
        if updated || added {
            version.update(|v| *v += 1);
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(PlaceResult::Placed { order_id, .. })) = place.value().get() {
            navigate(&format!("/orders/{order_id}"), Default::default());
        }
    });
    let view_cart = Resource::new(move || version.get(), |_| cart());
    view! {
        <PageTitle text=move || i18n.o().cart_title />
        <h1>{move || i18n.o().cart_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match view_cart.await {
                    Ok(c) => view! {
                        <CartLines cart=c.clone() update />
                        <QuickOrderPanel quick />
                        {(!c.lines.is_empty()).then(|| view! { <Checkout cart=c place /> })}
                    }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn CartLines(cart: CartView, update: ServerAction<UpdateCartLine>) -> impl IntoView {
    let i18n = use_i18n();
    if cart.lines.is_empty() {
        return view! {
            <section class="panel">
                <p>{move || i18n.o().cart_empty}</p>
                <A href="/catalog" attr:class="button">{move || i18n.o().to_catalog}</A>
            </section>
        }
        .into_any();
    }
    let (goods, shipping, total) = (cart.goods, cart.shipping, cart.total);
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="cart">
                <LinesHead />
                <tbody>
                    {cart.lines.into_iter().map(|line| {
                        let label = { let line = line.clone(); move || line_name(i18n, &line) };
                        let sku = line.sku.clone();
                        let qty_id = format!("cart-qty-{sku}");
                        let (sku_update, sku_remove) = (sku.clone(), sku.clone());
                        view! {
                            <tr data-sku=sku.clone()>
                                <td data-label=move || i18n.t().catalog_product>
                                    <span class="sku">{sku.clone()}</span>" "{label}
                                </td>
                                <td class="num" data-label=move || i18n.o().quantity>
                                    <div class="cart-line-actions">
                                        <ActionForm action=update attr:class="inline qty-form">
                                            <input type="hidden" name="sku" value=sku_update />
                                            <label class="visually-hidden" for=qty_id.clone()>{move || i18n.o().quantity}</label>
                                            <input id=qty_id.clone() name="quantity" type="number" min="0" max="100000" value=line.quantity.to_string() inputmode="numeric" />
                                            <button type="submit" class="button small secondary">{move || i18n.o().update}</button>
                                        </ActionForm>
                                        <ActionForm action=update attr:class="inline">
                                            <input type="hidden" name="sku" value=sku_remove />
                                            <input type="hidden" name="quantity" value="0" />
                                            <button type="submit" class="button small secondary">{move || i18n.o().remove}</button>
                                        </ActionForm>
                                    </div>
                                </td>
                                <td class="num price" data-label=move || i18n.o().unit_price>{move || i18n.money(line.unit_price)}</td>
                                <td class="num price" data-label=move || i18n.o().line_total>{move || i18n.money(line.line_total)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <Totals goods shipping total />
            </table>
        </div>
        <p class="note">{move || i18n.o().vat_note}</p>
    }
    .into_any()
}

#[component]
fn QuickOrderPanel(quick: ServerAction<QuickOrder>) -> impl IntoView {
    let i18n = use_i18n();
    let result = move || quick.value().get().and_then(Result::ok);
    // After adding, the field keeps only the lines that were refused. Before any answer
    // the field is left alone (`None`): hydration sets a `Some` value, and lines typed
    // while the page's script was still on its way would be wiped.
    let remaining = move || {
        result().map(|r| {
            r.problems
                .iter()
                .map(|p| p.text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    // A plain post's refused lines, in the field as the page is first rendered: the
    // server renders no `prop:value`, and a text child would be hydrated (a missing
    // text node when empty). Hydration leaves `inner_html` as the server wrote it.
    let refused_lines =
        html_escape::encode_text(&untrack(remaining).unwrap_or_default()).into_owned();
    view! {
        <section class="panel quick-order">
            <h2>{move || i18n.o().quick_title}</h2>
            <ActionForm action=quick>
                <label for="quick-lines">{move || i18n.o().quick_lines}</label>
                <small class="hint">{move || i18n.o().quick_hint}</small>
                <textarea id="quick-lines" name="lines" rows="4" maxlength="20000" prop:value=remaining inner_html=refused_lines></textarea>
                <button type="submit" class="button">{move || i18n.o().add_to_cart}</button>
            </ActionForm>
            {move || result().map(|r| view! {
                {(!r.added.is_empty()).then(|| view! {
                    <p role="status">{move || i18n.o().quick_added}" "{r.added.join(", ")}</p>
                })}
                {(!r.problems.is_empty()).then(|| view! {
                    <div class="form-error" role="alert">
                        <p>{move || i18n.o().quick_problems}</p>
                        <ul class="quick-problems">
                            {r.problems.iter().map(|p| {
                                let problem = p.problem;
                                view! {
                                    <li>{move || i18n.o().line}" "{p.line}": "<code>{p.text.clone()}</code>" — "
                                        <FieldMessage problem=Signal::derive(move || Some(problem)) id=format!("quick-{}", p.line) />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })}
            })}
        </section>
    }
}

#[component]
fn Checkout(cart: CartView, place: ServerAction<PlaceOrder>) -> impl IntoView {
    // What was typed before a refused plain (script-less) post.
    let kept = |name: &str| crate::plain_form::kept(name).unwrap_or_default();
    let i18n = use_i18n();
    let problems = move || match place.value().get() {
        Some(Ok(PlaceResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let refused = move || match place.value().get() {
        Some(Ok(PlaceResult::Refused(r))) => Some(r),
        _ => None,
    };
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    let h = cart.headroom;
    let preview = cart.preview.clone();
    let blocked = matches!(preview, Preview::Refused(_));
    let needs_approval = matches!(preview, Preview::NeedsApproval { .. });
    let preview_view = {
        let preview = preview.clone();
        move || {
            match &preview {
            Preview::ApprovedAtOnce => view! { <p class="preview ok" data-preview="at-once">{i18n.o().approved_at_once}</p> }.into_any(),
            Preview::NeedsApproval { steps, over_limit, over_budget } => {
                let mut why = Vec::new();
                if *over_limit { why.push(i18n.o().over_limit) }
                if *over_budget { why.push(i18n.o().over_budget) }
                view! {
                    <p class="preview approval" data-preview="approval">
                        <strong>{format!("{} {}", i18n.o().needs_approval_by, chain_text(i18n, steps))}</strong>
                        " ("{why.join(", ")}")"
                    </p>
                }.into_any()
            }
            Preview::Refused(r) => view! { <p class="preview refused" role="alert" data-preview="refused">{refusal_text(i18n, r)}</p> }.into_any(),
        }
        }
    };
    let d = cart.details.clone();
    view! {
        <section class="panel limits">
            <h2>{move || i18n.o().limits_title}</h2>
            <dl class="facts">
                <HeadroomFacts headroom=h />
            </dl>
            {preview_view}
            <p><a href="/quotes/new?from=cart" class="quote-instead">{move || i18n.q().from_cart}</a></p>
        </section>
        <section class="panel checkout">
            <h2>{move || i18n.o().details_title}</h2>
            <ActionForm action=place>
                <input type="hidden" name="idempotency_key" value=cart.idempotency_key.clone() />
                <div class="form-grid">
                    <div class="field"><TextField name="po_number" label=Signal::derive(move || i18n.o().po_number) problem=field("po_number") max_chars=35 value=kept("po_number") /></div>
                    <div class="field"><TextField name="cost_center" label=Signal::derive(move || i18n.o().cost_center) problem=field("cost_center") max_chars=35 value=kept("cost_center") /></div>
                    <div class="field wide"><TextField name="delivery_address" label=Signal::derive(move || i18n.o().delivery_address) problem=field("delivery_address") max_chars=500 multiline=true required=true value=crate::plain_form::kept("delivery_address").unwrap_or(d.delivery_address.clone()) /></div>
                    <div class="field"><TextField name="requested_date" label=Signal::derive(move || i18n.o().requested_date) problem=field("requested_date") max_chars=20 hint=Signal::derive(move || i18n.o().requested_hint) value=kept("requested_date") /></div>
                    <div class="field wide"><TextField name="note" label=Signal::derive(move || i18n.o().note) problem=field("note") max_chars=1000 multiline=true value=kept("note") /></div>
                </div>
                {move || (!problems().is_empty()).then(|| view! { <p class="form-error" role="alert">{i18n.o().fix_fields}</p> })}
                {move || refused().map(|r| view! { <p class="form-error" role="alert">{refusal_text(i18n, &r)}</p> })}
                <button type="submit" class="button primary" disabled=move || blocked || place.pending().get()>
                    {move || if needs_approval { i18n.o().place_for_approval } else { i18n.o().place }}
                </button>
            </ActionForm>
        </section>
    }
}
