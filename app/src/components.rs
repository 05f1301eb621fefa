//! Building blocks shared by the pages: header, navigation, language switch, errors.

use crate::api::auth::{SignOut, Viewer};
use crate::i18n::use_i18n;
use crate::sync_html::SyncHtml;
use kontor_domain::Locale;
use kontor_domain::prospect::FieldProblem;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteHeader() -> impl IntoView {
    use crate::session::use_session;
    let i18n = use_i18n();
    let session = use_session();
    let sign_out = ServerAction::<SignOut>::new();
    let catalog = move || view! { <li><A href="/catalog">{move || i18n.t().nav_catalog}</A></li> };
    view! {
        <a class="skip-link" href="#content">{move || i18n.t().skip_to_content}</a>
        <header class="site-header">
            <div class="brand">
                <A href="/" attr:class="brand-name">"Kontor"</A>
                <span class="brand-tagline">{move || i18n.t().brand_tagline}</span>
            </div>
            <MenuToggle label=i18n.t().menu.to_string() />
            <nav id="site-nav" class="site-nav">
                // One boundary for everything that depends on who is signed in: each
                // one is a future, a suspense context and a wait for the session on
                // every page request, and all of them wait for the same resource.
                <Transition fallback=move || view! { <ul>{catalog()}</ul> }>
                    {suspended(move || Suspend::new(async move {
                        let viewer = session.viewer.await;
                        // Nothing below waits: rendered in one pass (see `SyncHtml`).
                        SyncHtml(view! {
                            <ul>
                                {catalog()}
                                {viewer.as_ref().map(order_links)}
                                {area_links(viewer.as_ref())}
                            </ul>
                            {session_menu(viewer, sign_out)}
                        })
                    }))}
                </Transition>
                <LanguageSwitch />
            </nav>
        </header>
    }
}

/// The phone's menu button: shows and hides `#site-nav` (on a wide screen the
/// navigation is always shown and the button hidden). An island, the header's only
/// part that needs the browser.
#[island]
fn MenuToggle(label: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let live = island_mark();
    Effect::new(move |_| {
        let open = open.get();
        if let Some(nav) = document().get_element_by_id("site-nav") {
            _ = nav.class_list().toggle_with_force("open", open);
        }
    });
    view! {
        <button
            class="menu-toggle"
            type="button"
            aria-controls="site-nav"
            aria-expanded=move || open.get().to_string()
            data-hydrated=live
            on:click=move |_| open.update(|open| *open = !*open)
        >
            {label}
        </button>
    }
}

/// For an island's root element's `data-hydrated`: "false" as the server renders
/// it, "true" once the island runs in the browser (effects run only there). The
/// browser tests wait for every island's mark instead of sleeping.
pub fn island_mark() -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    move || if live.get() { "true" } else { "false" }
}

/// The body of a `<Transition>` or `<Suspense>` whose view waits for data: `body`
/// makes the [`Suspend`] that awaits it and builds the view.
///
/// In the browser this stays a closure, so that the boundary builds the view again when
/// what `body` reads changes (another page of results, another language). On the
/// server a boundary walks its children three times (once to start the loads, once more
/// when they are done to check that no load was missed, once to render), and a closure
/// makes a new `Suspend` on every walk: the whole view, built twice per request and
/// thrown away once. A `Suspend` made once keeps the view it resolved to. The markup is
/// the same either way (on the server a closure renders as what it returns), so the
/// browser hydrates either.
pub fn suspended<V>(body: impl Fn() -> Suspend<V> + Send + Sync + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    #[cfg(feature = "ssr")]
    return untrack(body);
    #[cfg(not(feature = "ssr"))]
    body
}

/// The areas: a signed-in person sees only their own side's (a customer never
/// "Vendor area" or "Request access"); a visitor sees them all, and the technical
/// downloads for engineers who are not customers yet.
fn area_links(viewer: Option<&Viewer>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let customer = viewer.is_none_or(|v| !v.vendor);
    let vendor = viewer.is_none_or(|v| v.vendor);
    let visitor = viewer.is_none();
    view! {
        {customer.then(|| view! { <li><A href="/customer">{move || i18n.t().nav_customer_area}</A></li> })}
        {vendor.then(|| view! { <li><A href="/vendor">{move || i18n.t().nav_vendor_area}</A></li> })}
        {visitor.then(|| view! {
            <li><A href="/downloads">{move || i18n.t().nav_downloads}</A></li>
            <li><A href="/request-access">{move || i18n.t().nav_request_access}</A></li>
        })}
    }
}

/// Cart, orders and approvals, for those who have them.
fn order_links(viewer: &Viewer) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let has = |role: &str| viewer.roles.iter().any(|r| r == role);
    let cart = !viewer.vendor && has("purchaser");
    let approvals = !viewer.vendor && (has("approver") || has("admin"));
    // Who asks for, approves or pays quotes; on the vendor's side, sales.
    let quotes = if viewer.vendor {
        has("vendor_admin") || has("account_manager")
    } else {
        ["purchaser", "admin", "approver", "finance"]
            .into_iter()
            .any(has)
    };
    view! {
        {cart.then(|| view! { <li><A href="/cart">{move || i18n.t().nav_cart}</A></li> })}
        <li><A href="/orders">{move || i18n.t().nav_orders}</A></li>
        <li><A href="/documents">{move || i18n.t().nav_documents}</A></li>
        <li><A href="/service">{move || i18n.t().nav_service}</A></li>
        {quotes.then(|| view! { <li><A href="/quotes">{move || i18n.t().nav_quotes}</A></li> })}
        {approvals.then(|| view! { <li><A href="/approvals">{move || i18n.t().nav_approvals}</A></li> })}
    }
}

/// "Sign in", or the signed-in person's name with their account and "sign out".
fn session_menu(viewer: Option<Viewer>, sign_out: ServerAction<SignOut>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let links = match viewer {
        Some(viewer) => view! {
            <A href="/notifications" attr:class="notifications-link" attr:data-unread=viewer.unread.to_string()>
                {move || i18n.t().nav_notifications}
                {(viewer.unread > 0).then(|| view! { " "<span class="badge">{viewer.unread}</span> })}
            </A>
            <A href="/account" attr:class="who" attr:data-signed-in=viewer.email.clone()>{viewer.display_name.clone()}</A>
            <ActionForm action=sign_out attr:class="inline">
                <button type="submit" class="link-button">{move || i18n.t().sign_out}</button>
            </ActionForm>
        }
        .into_any(),
        None => view! { <A href="/sign-in" attr:class="who">{move || i18n.t().sign_in}</A> }.into_any(),
    };
    view! { <div class="session-menu">{links}</div> }
}

/// Links to `/lang/{tag}`: the server sets the cookie and sends the browser back to
/// the page, now in that language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    view! {
        <div class="language-switch" role="group" aria-label=move || i18n.t().language>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    // Back to this very page, its query (a search, a page of results) kept.
                    let href = move || {
                        let search = location.search.get();
                        let search = search.trim_start_matches('?');
                        let here = match search {
                            "" => location.pathname.get(),
                            search => format!("{}?{search}", location.pathname.get()),
                        };
                        format!("/lang/{}?next={}", locale.tag(), crate::address::encode(&here))
                    };
                    view! {
                        <a
                            href=href
                            hreflang=locale.tag()
                            data-locale=locale.tag()
                            aria-current=move || (i18n.locale.get() == locale).then_some("true")
                        >
                            {locale.tag().to_uppercase()}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! { <footer class="site-footer">{move || i18n.t().footer}</footer> }
}

/// What a person sees when something failed: no internals, a way forward. Pages
/// show it for a failed load; the app's error boundary for anything else.
#[component]
pub fn ErrorPanel() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    view! {
        <section class="panel error-panel" role="alert">
            <h1>{move || i18n.t().error_title}</h1>
            <p>{move || i18n.t().error_body}</p>
            <a class="button" href="">{move || i18n.t().error_retry}</a>
        </section>
    }
}

/// The message under a form field.
#[component]
pub fn FieldMessage(
    #[prop(into)] problem: Signal<Option<FieldProblem>>,
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || problem.get().map(|problem| i18n.problem(problem));
    // Always there, empty while the field is fine: a live region is only read out when
    // its content changes, so it must exist before the error arrives.
    view! { <p class="field-error" id=id aria-live="polite">{text}</p> }
}

/// A labelled text input (or textarea) with its error message underneath. The input
/// is uncontrolled: the browser keeps what was typed when the server refuses it.
#[component]
pub fn TextField(
    /// The form field's name, also its id.
    name: &'static str,
    /// The label, in the current language.
    #[prop(into)]
    label: Signal<&'static str>,
    #[prop(into)] problem: Signal<Option<FieldProblem>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    max_chars: usize,
    #[prop(optional)] required: bool,
    /// Several lines (a textarea).
    #[prop(optional)]
    multiline: bool,
    /// The value shown at first (edit forms).
    #[prop(optional, into)]
    value: Option<String>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// The id of the input, when one page has two forms with this field name.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let input_id = id.unwrap_or_else(|| name.to_string());
    let error_id = format!("{input_id}-error");
    let hint_id = format!("{input_id}-hint");
    // The error (when there is one) and the hint are read out with the field.
    let described_by = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || problem.get().is_some().to_string();
    let control = if multiline {
        view! {
            <textarea id=input_id.clone() name=name rows="4" maxlength=max_chars required=required
                aria-invalid=invalid aria-describedby=described_by.clone()>{value.clone()}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=input_id.clone() name=name type=input_type maxlength=max_chars required=required
                autocomplete=autocomplete aria-invalid=invalid aria-describedby=described_by.clone()
                value=value.clone() />
        }
        .into_any()
    };
    view! {
        <label for=input_id>{move || label.get()}</label>
        {control}
        {hint.map(|hint| view! { <small class="hint" id=hint_id>{move || hint.get()}</small> })}
        <FieldMessage problem id=error_id />
    }
}

/// The page's `<title>`: every page sets it through this component, never through
/// `leptos_meta::Title` directly.
///
/// Why: on the server, `leptos_meta` reads the title's text once more *after* the page
/// has rendered, while it splices `<title>` into the first chunk — and that read runs
/// outside the request's reactive sandbox. A text that reads an arena-stored signal
/// (the locale, say) then looks it up in whichever request's arena last ran on that
/// worker thread, and under concurrent load panics with "already disposed". So on the
/// server the text is resolved here, while the page renders, and `leptos_meta` only
/// ever holds a plain string. In the browser it stays reactive (the language switch
/// retitles the page).
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = TextProp::from(text.get().to_string());
    view! { <leptos_meta::Title text /> }
}

/// A purchaser's per-order limit and, with a monthly budget, what the month has spent
/// and what is left: the rows of a `<dl class="facts">` (the cart and My profile).
#[component]
pub fn HeadroomFacts(headroom: kontor_domain::checkout::Headroom) -> impl IntoView {
    let i18n = use_i18n();
    let h = headroom;
    view! {
        <dt>{move || i18n.o().per_order_limit}</dt>
        <dd>{move || h.per_order_limit.map(|l| i18n.money(l)).unwrap_or_else(|| i18n.o().no_limit.to_string())}</dd>
        {h.monthly_budget.map(|b| view! {
            <dt>{move || i18n.o().monthly_budget}</dt><dd>{move || i18n.money(b)}</dd>
            <dt>{move || i18n.o().spent_this_month}</dt><dd>{move || i18n.money(h.spent_this_month)}</dd>
            <dt>{move || i18n.o().budget_left}</dt><dd>{move || h.budget_left.map(|l| i18n.money(l)).unwrap_or_default()}</dd>
        })}
    }
}
