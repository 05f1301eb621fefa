//! The pages, grouped into areas that the browser loads when first needed.
//!
//! Each [`Area`] is one `#[lazy]` function: built with `cargo leptos build --split` and
//! the `split` feature, its code (and whatever only it uses) leaves the main wasm for a
//! file of its own, fetched when a page of the area is first opened — or earlier, when
//! a link into the area is hovered, focused, touched or visible (see [`prefetch`]).
//! Without them the same code runs from the main wasm (`#[lazy]` needs the split step:
//! unsplit, its import of the loader would never resolve, so the browser build applies
//! it only with `split`); the pages behave the same either way. The server always
//! applies it: there it only records which area a page needs, for the preload hints.
//!
//! The server renders a lazy page like any other and names the area's files in the
//! page's `<head>` (`modulepreload`), so a first visit fetches the shell and the page's
//! area in parallel, and hydration waits for both (`hydrate_lazy`).

use crate::pages::{
    AccountPage, AnalyticsPage, ApprovalsPage, AuditPage, CartPage, CatalogPage, ChangeOrderPage,
    ConfirmDownloadsPage, CustomerAreaPage, CustomerPage, CustomerTermsPage, DecideByLinkPage,
    DocumentPage, DocumentsPage, FollowUpsPage, ForgotPasswordPage, HomePage, IntegrationsPage,
    LeadPage, LeadsPage, MyTermsPage, NewQuotePage, NewServiceRequestPage, NotificationsPage,
    OrderPage, OrdersPage, ProductEditPage, ProductPage, ProductsPage, ProspectDownloadsPage,
    QuotePage, QuotePrintPage, QuotesPage, RelationshipSurveyPage, RequestAccessPage,
    SatisfactionPage, ServiceListPage, ServiceRequestPage, SetPasswordPage, SignInPage, StaffPage,
    SurveyPage, TeamPage, TimelinePage, VendorAnalyticsPage, VendorAreaPage, WebhookDeliveriesPage,
};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// The parts of the portal that are loaded separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Home, request access, sign-in, passwords, one's own account.
    Public,
    /// Catalog, product pages and the cart.
    Catalog,
    /// The order list and one order.
    Orders,
    /// Changing an order that waits for approval.
    ChangeOrder,
    /// The approvals inbox and deciding by a mailed link.
    Approvals,
    /// Data sheets, CAD models, contracts.
    Documents,
    /// The service request list, a new request, surveys, satisfaction.
    Service,
    /// One service request with its conversation.
    ServiceRequest,
    /// The quote list and a new quote request.
    Quotes,
    /// One quote with its offer forms.
    Quote,
    /// The printable offer.
    QuotePrint,
    /// A customer admin's pages: team, terms, audit.
    CustomerAdmin,
    /// The buyers' spend analytics (its charts are drawn on the server; the area
    /// holds the page's tables and texts).
    Analytics,
    /// A customer's timeline, for its admins and for the vendor's staff.
    Timeline,
    /// The vendor staff's follow-ups on one customer.
    FollowUps,
    /// The technical downloads for registered prospects (no account).
    Downloads,
    /// The vendor's leads from the technical downloads.
    Leads,
    /// The vendor's start page and its pages about one customer.
    Vendor,
    /// The vendor's product maintenance.
    VendorProducts,
    /// The vendor's staff.
    VendorStaff,
    /// The vendor's integrations: API clients, webhooks and their deliveries.
    VendorSettings,
    /// The vendor's customer analytics (kept out of the vendor's start area, which
    /// would outgrow its budget with them).
    VendorAnalytics,
}

impl Area {
    /// The area a path of this portal belongs to; `None` for other sites, files and
    /// unknown pages (which need nothing beyond the shell).
    pub fn of_path(path: &str) -> Option<Area> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut segments = path.trim_start_matches('/').split('/');
        let first = segments.next()?;
        let second = segments.next().unwrap_or_default();
        let third = segments.next().unwrap_or_default();
        let fourth = segments.next().unwrap_or_default();
        Some(match first {
            "" | "request-access" | "sign-in" | "forgot-password" | "welcome" | "reset"
            | "account" => Area::Public,
            "catalog" | "cart" => Area::Catalog,
            "downloads" => Area::Downloads,
            "orders" if third == "change" => Area::ChangeOrder,
            "orders" => Area::Orders,
            "approvals" | "decide" => Area::Approvals,
            "documents" => Area::Documents,
            "service" if !matches!(second, "" | "new") => Area::ServiceRequest,
            "service" | "survey" | "nps" | "satisfaction" => Area::Service,
            "quotes" if third == "print" => Area::QuotePrint,
            "quotes" if !matches!(second, "" | "new") => Area::Quote,
            "quotes" => Area::Quotes,
            "customer" if second == "timeline" => Area::Timeline,
            "customer" => Area::CustomerAdmin,
            // The CSV downloads are files, not pages.
            "analytics" if second == "csv" => return None,
            "analytics" => Area::Analytics,
            "vendor" if second == "analytics" && third == "csv" => return None,
            "vendor" if second == "customers" && fourth == "timeline" => Area::Timeline,
            "vendor" if second == "customers" && fourth == "follow-ups" => Area::FollowUps,
            "vendor" => match second {
                "analytics" => Area::VendorAnalytics,
                "leads" => Area::Leads,
                "products" => Area::VendorProducts,
                "staff" => Area::VendorStaff,
                "integrations" => Area::VendorSettings,
                _ => Area::Vendor,
            },
            _ => return None,
        })
    }

    /// Fetches the area's code unless it is already there (browser only; a no-op in
    /// a build without the split, where everything is in the main wasm already).
    pub async fn preload(self) {
        #[cfg(all(feature = "hydrate", feature = "split"))]
        match self {
            Area::Public => __preload_public_area().await,
            Area::Catalog => __preload_catalog_area().await,
            Area::Orders => __preload_orders_area().await,
            Area::ChangeOrder => __preload_change_order_area().await,
            Area::Approvals => __preload_approvals_area().await,
            Area::Documents => __preload_documents_area().await,
            Area::Service => __preload_service_area().await,
            Area::ServiceRequest => __preload_service_request_area().await,
            Area::Quotes => __preload_quotes_area().await,
            Area::Quote => __preload_quote_area().await,
            Area::QuotePrint => __preload_quote_print_area().await,
            Area::CustomerAdmin => __preload_customer_admin_area().await,
            Area::Analytics => __preload_analytics_area().await,
            Area::Timeline => __preload_timeline_area().await,
            Area::FollowUps => __preload_follow_ups_area().await,
            Area::Downloads => __preload_downloads_area().await,
            Area::Leads => __preload_leads_area().await,
            Area::Vendor => __preload_vendor_area().await,
            Area::VendorProducts => __preload_vendor_products_area().await,
            Area::VendorStaff => __preload_vendor_staff_area().await,
            Area::VendorSettings => __preload_vendor_settings_area().await,
            Area::VendorAnalytics => __preload_vendor_analytics_area().await,
        }
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum PublicPage {
    Home,
    RequestAccess,
    SignIn,
    ForgotPassword,
    Welcome,
    Reset,
    Account,
    Notifications,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn public_area(page: PublicPage) -> AnyView {
    match page {
        PublicPage::Home => view! { <HomePage /> }.into_any(),
        PublicPage::RequestAccess => view! { <RequestAccessPage /> }.into_any(),
        PublicPage::SignIn => view! { <SignInPage /> }.into_any(),
        PublicPage::ForgotPassword => view! { <ForgotPasswordPage /> }.into_any(),
        PublicPage::Welcome => view! { <SetPasswordPage reset=false /> }.into_any(),
        PublicPage::Reset => view! { <SetPasswordPage reset=true /> }.into_any(),
        PublicPage::Account => view! { <AccountPage /> }.into_any(),
        PublicPage::Notifications => view! { <NotificationsPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum CatalogPageKind {
    Catalog,
    Product,
    Cart,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn catalog_area(page: CatalogPageKind) -> AnyView {
    match page {
        CatalogPageKind::Catalog => view! { <CatalogPage /> }.into_any(),
        CatalogPageKind::Product => view! { <ProductPage /> }.into_any(),
        CatalogPageKind::Cart => view! { <CartPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum OrdersPageKind {
    Orders,
    Order,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn orders_area(page: OrdersPageKind) -> AnyView {
    match page {
        OrdersPageKind::Orders => view! { <OrdersPage /> }.into_any(),
        OrdersPageKind::Order => view! { <OrderPage /> }.into_any(),
    }
}

// The change form (the cart's line editing, again) is opened rarely and only from an
// order: the order page's area stays lighter without it.
#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn change_order_area() -> AnyView {
    view! { <ChangeOrderPage /> }.into_any()
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum ApprovalsPageKind {
    Inbox,
    ByLink,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn approvals_area(page: ApprovalsPageKind) -> AnyView {
    match page {
        ApprovalsPageKind::Inbox => view! { <ApprovalsPage /> }.into_any(),
        ApprovalsPageKind::ByLink => view! { <DecideByLinkPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum DocumentsPageKind {
    List,
    One,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn documents_area(page: DocumentsPageKind) -> AnyView {
    match page {
        DocumentsPageKind::List => view! { <DocumentsPage /> }.into_any(),
        DocumentsPageKind::One => view! { <DocumentPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum ServicePageKind {
    List,
    New,
    Survey,
    RelationshipSurvey,
    Satisfaction,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn service_area(page: ServicePageKind) -> AnyView {
    match page {
        ServicePageKind::List => view! { <ServiceListPage /> }.into_any(),
        ServicePageKind::New => view! { <NewServiceRequestPage /> }.into_any(),
        ServicePageKind::Survey => view! { <SurveyPage /> }.into_any(),
        ServicePageKind::RelationshipSurvey => view! { <RelationshipSurveyPage /> }.into_any(),
        ServicePageKind::Satisfaction => view! { <SatisfactionPage /> }.into_any(),
    }
}

// One page, an area of its own: the conversation, files and staff actions are the
// heaviest of the service pages.
#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn service_request_area() -> AnyView {
    view! { <ServiceRequestPage /> }.into_any()
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum QuotesPageKind {
    List,
    New,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn quotes_area(page: QuotesPageKind) -> AnyView {
    match page {
        QuotesPageKind::List => view! { <QuotesPage /> }.into_any(),
        QuotesPageKind::New => view! { <NewQuotePage /> }.into_any(),
    }
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn quote_area() -> AnyView {
    view! { <QuotePage /> }.into_any()
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn quote_print_area() -> AnyView {
    view! { <QuotePrintPage /> }.into_any()
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum CustomerAdminPageKind {
    Start,
    Team,
    Audit,
    Terms,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn customer_admin_area(page: CustomerAdminPageKind) -> AnyView {
    match page {
        CustomerAdminPageKind::Start => view! { <CustomerAreaPage /> }.into_any(),
        CustomerAdminPageKind::Team => view! { <TeamPage /> }.into_any(),
        CustomerAdminPageKind::Audit => view! { <AuditPage /> }.into_any(),
        CustomerAdminPageKind::Terms => view! { <MyTermsPage /> }.into_any(),
    }
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn analytics_area() -> AnyView {
    view! { <AnalyticsPage /> }.into_any()
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn timeline_area() -> AnyView {
    view! { <TimelinePage /> }.into_any()
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn follow_ups_area() -> AnyView {
    view! { <FollowUpsPage /> }.into_any()
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum DownloadsPageKind {
    Register,
    Confirm,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn downloads_area(page: DownloadsPageKind) -> AnyView {
    match page {
        DownloadsPageKind::Register => view! { <ProspectDownloadsPage /> }.into_any(),
        DownloadsPageKind::Confirm => view! { <ConfirmDownloadsPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum LeadsPageKind {
    List,
    One,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn leads_area(page: LeadsPageKind) -> AnyView {
    match page {
        LeadsPageKind::List => view! { <LeadsPage /> }.into_any(),
        LeadsPageKind::One => view! { <LeadPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum VendorPageKind {
    Start,
    Customer,
    CustomerAudit,
    CustomerTerms,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn vendor_area(page: VendorPageKind) -> AnyView {
    match page {
        VendorPageKind::Start => view! { <VendorAreaPage /> }.into_any(),
        VendorPageKind::Customer => view! { <CustomerPage /> }.into_any(),
        VendorPageKind::CustomerAudit => view! { <AuditPage /> }.into_any(),
        VendorPageKind::CustomerTerms => view! { <CustomerTermsPage /> }.into_any(),
    }
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum VendorProductsPageKind {
    List,
    One,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn vendor_products_area(page: VendorProductsPageKind) -> AnyView {
    match page {
        VendorProductsPageKind::List => view! { <ProductsPage /> }.into_any(),
        VendorProductsPageKind::One => view! { <ProductEditPage /> }.into_any(),
    }
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn vendor_analytics_area() -> AnyView {
    view! { <VendorAnalyticsPage /> }.into_any()
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn vendor_staff_area() -> AnyView {
    view! { <StaffPage /> }.into_any()
}

// Crosses into the split-off code as a plain byte (the call uses the C ABI).
#[derive(Clone, Copy)]
#[repr(u8)]
enum VendorSettingsPageKind {
    Integrations,
    WebhookDeliveries,
}

#[cfg_attr(any(feature = "ssr", feature = "split"), lazy)]
async fn vendor_settings_area(page: VendorSettingsPageKind) -> AnyView {
    match page {
        VendorSettingsPageKind::Integrations => view! { <IntegrationsPage /> }.into_any(),
        VendorSettingsPageKind::WebhookDeliveries => view! { <WebhookDeliveriesPage /> }.into_any(),
    }
}

/// One route type per page (the router needs a type per lazy route); each renders
/// its page from the area's lazily loaded code.
macro_rules! page_routes {
    ($($route:ident => $area:ident($($page:expr)?) in $kind:ident;)*) => {$(
        #[doc = concat!("The route of `", stringify!($area), "(", $(stringify!($page),)? ")`.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_route: Self) -> AnyView {
                $area($($page)?).await
            }

            async fn preload() {
                Area::$kind.preload().await
            }
        }
    )*};
}

page_routes! {
    HomeRoute => public_area(PublicPage::Home) in Public;
    RequestAccessRoute => public_area(PublicPage::RequestAccess) in Public;
    SignInRoute => public_area(PublicPage::SignIn) in Public;
    ForgotPasswordRoute => public_area(PublicPage::ForgotPassword) in Public;
    WelcomeRoute => public_area(PublicPage::Welcome) in Public;
    ResetRoute => public_area(PublicPage::Reset) in Public;
    AccountRoute => public_area(PublicPage::Account) in Public;
    NotificationsRoute => public_area(PublicPage::Notifications) in Public;
    CatalogRoute => catalog_area(CatalogPageKind::Catalog) in Catalog;
    ProductRoute => catalog_area(CatalogPageKind::Product) in Catalog;
    CartRoute => catalog_area(CatalogPageKind::Cart) in Catalog;
    OrdersRoute => orders_area(OrdersPageKind::Orders) in Orders;
    OrderRoute => orders_area(OrdersPageKind::Order) in Orders;
    ChangeOrderRoute => change_order_area() in ChangeOrder;
    ApprovalsRoute => approvals_area(ApprovalsPageKind::Inbox) in Approvals;
    DecideByLinkRoute => approvals_area(ApprovalsPageKind::ByLink) in Approvals;
    DocumentsRoute => documents_area(DocumentsPageKind::List) in Documents;
    DocumentRoute => documents_area(DocumentsPageKind::One) in Documents;
    ServiceListRoute => service_area(ServicePageKind::List) in Service;
    NewServiceRequestRoute => service_area(ServicePageKind::New) in Service;
    ServiceRequestRoute => service_request_area() in ServiceRequest;
    SurveyRoute => service_area(ServicePageKind::Survey) in Service;
    RelationshipSurveyRoute => service_area(ServicePageKind::RelationshipSurvey) in Service;
    SatisfactionRoute => service_area(ServicePageKind::Satisfaction) in Service;
    QuotesRoute => quotes_area(QuotesPageKind::List) in Quotes;
    NewQuoteRoute => quotes_area(QuotesPageKind::New) in Quotes;
    QuoteRoute => quote_area() in Quote;
    QuotePrintRoute => quote_print_area() in QuotePrint;
    CustomerAreaRoute => customer_admin_area(CustomerAdminPageKind::Start) in CustomerAdmin;
    TeamRoute => customer_admin_area(CustomerAdminPageKind::Team) in CustomerAdmin;
    CustomerAuditRoute => customer_admin_area(CustomerAdminPageKind::Audit) in CustomerAdmin;
    MyTermsRoute => customer_admin_area(CustomerAdminPageKind::Terms) in CustomerAdmin;
    AnalyticsRoute => analytics_area() in Analytics;
    CustomerTimelineRoute => timeline_area() in Timeline;
    VendorTimelineRoute => timeline_area() in Timeline;
    FollowUpsRoute => follow_ups_area() in FollowUps;
    DownloadsRoute => downloads_area(DownloadsPageKind::Register) in Downloads;
    ConfirmDownloadsRoute => downloads_area(DownloadsPageKind::Confirm) in Downloads;
    LeadsRoute => leads_area(LeadsPageKind::List) in Leads;
    LeadRoute => leads_area(LeadsPageKind::One) in Leads;
    VendorAreaRoute => vendor_area(VendorPageKind::Start) in Vendor;
    StaffRoute => vendor_staff_area() in VendorStaff;
    VendorAnalyticsRoute => vendor_analytics_area() in VendorAnalytics;
    CustomerRoute => vendor_area(VendorPageKind::Customer) in Vendor;
    VendorAuditRoute => vendor_area(VendorPageKind::CustomerAudit) in Vendor;
    CustomerTermsRoute => vendor_area(VendorPageKind::CustomerTerms) in Vendor;
    ProductsRoute => vendor_products_area(VendorProductsPageKind::List) in VendorProducts;
    ProductEditRoute => vendor_products_area(VendorProductsPageKind::One) in VendorProducts;
    IntegrationsRoute => vendor_settings_area(VendorSettingsPageKind::Integrations) in VendorSettings;
    WebhookDeliveriesRoute => vendor_settings_area(VendorSettingsPageKind::WebhookDeliveries) in VendorSettings;
}

/// Fetches areas before they are opened: at once for a link that is hovered, focused
/// or touched, and, shortly after each navigation, for the links that are on screen.
/// One listener on the document covers every link, including those a page adds
/// later. Also moves the focus to a new page's heading. Browser only.
#[cfg(feature = "hydrate")]
pub mod prefetch {
    use super::Area;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    /// How long after a navigation the visible links are looked at: late enough not
    /// to compete with the page's own data, early enough to win a tap.
    const VISIBLE_LINKS_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

    fn preload_link(element: &web_sys::Element) {
        let Some(href) = element.get_attribute("href") else {
            return;
        };
        // Only this site's pages: an absolute or protocol-relative link is not ours.
        if !href.starts_with('/') || href.starts_with("//") {
            return;
        }
        if let Some(area) = Area::of_path(&href) {
            leptos::task::spawn_local(area.preload());
        }
    }

    fn link_of(event: &web_sys::Event) -> Option<web_sys::Element> {
        let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
        target.closest("a[href]").ok().flatten()
    }

    /// Installs the document listeners and the after-navigation look at visible links.
    pub fn install() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_intent = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            if let Some(link) = link_of(&event) {
                preload_link(&link);
            }
        });
        for kind in ["pointerover", "focusin", "touchstart"] {
            let _ =
                document.add_event_listener_with_callback(kind, on_intent.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        on_intent.forget();

        let location = leptos_router::hooks::use_location();
        Effect::new(move |previous: Option<String>| {
            let path = location.pathname.get();
            set_timeout(preload_visible_links, VISIBLE_LINKS_AFTER);
            if previous.is_some_and(|p| p != path) {
                focus_new_heading(main_heading(), active_element(), 0);
            }
            path
        });
    }

    fn main_heading() -> Option<web_sys::Element> {
        web_sys::window()?
            .document()?
            .query_selector("main h1")
            .ok()
            .flatten()
    }

    /// After a navigation in the page, a screen reader or keyboard starts from the new
    /// page's main heading, as after a full load — once the new page has rendered (its
    /// area may still be arriving), and not if the person has moved focus meanwhile.
    fn active_element() -> Option<web_sys::Element> {
        web_sys::window()?.document()?.active_element()
    }

    fn focus_new_heading(
        old: Option<web_sys::Element>,
        focused: Option<web_sys::Element>,
        attempt: u32,
    ) {
        const EVERY: std::time::Duration = std::time::Duration::from_millis(50);
        set_timeout(
            move || {
                let still = active_element();
                let moved_on = still.is_some()
                    && still != focused
                    && still.as_ref().is_some_and(|e| e.tag_name() != "BODY");
                if moved_on {
                    return;
                }
                let heading = main_heading().filter(|h| Some(h) != old.as_ref());
                match heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
                    Some(heading) => {
                        let _ = heading.set_attribute("tabindex", "-1");
                        let _ = heading.focus();
                    }
                    None if attempt < 60 => focus_new_heading(old, focused, attempt + 1),
                    None => {}
                }
            },
            EVERY,
        );
    }

    fn preload_visible_links() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        let height = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let Ok(links) = document.query_selector_all("a[href]") else {
            return;
        };
        let mut seen = Vec::new();
        for index in 0..links.length() {
            let Some(link) = links
                .item(index)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let rect = link.get_bounding_client_rect();
            let on_screen = rect.width() > 0.0 && rect.bottom() > 0.0 && rect.top() < height;
            let area = link.get_attribute("href").and_then(|h| Area::of_path(&h));
            if let Some(area) = area.filter(|a| on_screen && !seen.contains(a)) {
                seen.push(area);
                preload_link(&link);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Area;

    #[test]
    fn every_page_path_belongs_to_its_area() {
        let cases = [
            ("/", Some(Area::Public)),
            ("/sign-in?next=%2Forders", Some(Area::Public)),
            ("/welcome/abc", Some(Area::Public)),
            ("/catalog/P-100#specs", Some(Area::Catalog)),
            ("/cart", Some(Area::Catalog)),
            ("/orders/42", Some(Area::Orders)),
            ("/orders/42/change", Some(Area::ChangeOrder)),
            ("/approvals", Some(Area::Approvals)),
            ("/decide/abc", Some(Area::Approvals)),
            ("/documents/7", Some(Area::Documents)),
            ("/service", Some(Area::Service)),
            ("/service/new?product=P-1", Some(Area::Service)),
            ("/service/12", Some(Area::ServiceRequest)),
            ("/survey/9", Some(Area::Service)),
            ("/nps/9?t=abc", Some(Area::Service)),
            ("/quotes?state=offered", Some(Area::Quotes)),
            ("/quotes/new", Some(Area::Quotes)),
            ("/quotes/5", Some(Area::Quote)),
            ("/quotes/5/print", Some(Area::QuotePrint)),
            ("/customer/team", Some(Area::CustomerAdmin)),
            ("/analytics", Some(Area::Analytics)),
            ("/customer/timeline", Some(Area::Timeline)),
            (
                "/vendor/customers/c1/timeline?kind=orders",
                Some(Area::Timeline),
            ),
            ("/vendor/customers/c1/audit", Some(Area::Vendor)),
            ("/vendor/customers/c1/follow-ups", Some(Area::FollowUps)),
            ("/downloads", Some(Area::Downloads)),
            ("/downloads/confirm?t=abc", Some(Area::Downloads)),
            ("/vendor/leads", Some(Area::Leads)),
            ("/vendor/leads/l1", Some(Area::Leads)),
            ("/analytics/csv/months", None),
            ("/vendor", Some(Area::Vendor)),
            ("/vendor/customers/3/audit", Some(Area::Vendor)),
            ("/vendor/products/3", Some(Area::VendorProducts)),
            ("/vendor/staff", Some(Area::VendorStaff)),
            ("/vendor/analytics", Some(Area::VendorAnalytics)),
            ("/vendor/analytics/csv/revenue", None),
            ("/vendor/integrations", Some(Area::VendorSettings)),
            (
                "/vendor/integrations/webhooks/7",
                Some(Area::VendorSettings),
            ),
            ("/files/datasheet.pdf", None),
            ("/pkg/kontor.wasm", None),
        ];
        for (path, area) in cases {
            assert_eq!(Area::of_path(path), area, "{path}");
        }
    }
}
