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
use leptos_router::ChooseView;

/// The parts of the portal that are loaded separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Home, request access, sign-in, passwords, one's own account and notifications.
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
            | "account" | "notifications" => Area::Public,
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

/// A page of the portal: what one route shows. Every route's view is a `Page`, so the
/// router's code for matching, loading and hydrating a route is compiled once for this
/// type. With a type per page (`Lazy<HomeRoute>`, `Lazy<CatalogRoute>`, …) the router's
/// code was compiled once per page, and all of it lived in the main wasm that every
/// first visit downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    RequestAccess,
    SignIn,
    ForgotPassword,
    Welcome,
    Reset,
    Account,
    Notifications,
    Catalog,
    Product,
    Cart,
    Orders,
    Order,
    ChangeOrder,
    Approvals,
    DecideByLink,
    Documents,
    Document,
    ServiceList,
    NewServiceRequest,
    ServiceRequest,
    Survey,
    RelationshipSurvey,
    Satisfaction,
    Quotes,
    NewQuote,
    Quote,
    QuotePrint,
    CustomerArea,
    Team,
    CustomerAudit,
    MyTerms,
    Analytics,
    CustomerTimeline,
    VendorTimeline,
    FollowUps,
    Downloads,
    ConfirmDownloads,
    Leads,
    Lead,
    VendorArea,
    Staff,
    VendorAnalytics,
    Customer,
    VendorAudit,
    CustomerTerms,
    Products,
    ProductEdit,
    Integrations,
    WebhookDeliveries,
}

impl Page {
    /// The area whose code renders this page.
    pub fn area(self) -> Area {
        match self {
            Page::Home
            | Page::RequestAccess
            | Page::SignIn
            | Page::ForgotPassword
            | Page::Welcome
            | Page::Reset
            | Page::Account
            | Page::Notifications => Area::Public,
            Page::Catalog | Page::Product | Page::Cart => Area::Catalog,
            Page::Orders | Page::Order => Area::Orders,
            Page::ChangeOrder => Area::ChangeOrder,
            Page::Approvals | Page::DecideByLink => Area::Approvals,
            Page::Documents | Page::Document => Area::Documents,
            Page::ServiceList
            | Page::NewServiceRequest
            | Page::Survey
            | Page::RelationshipSurvey
            | Page::Satisfaction => Area::Service,
            Page::ServiceRequest => Area::ServiceRequest,
            Page::Quotes | Page::NewQuote => Area::Quotes,
            Page::Quote => Area::Quote,
            Page::QuotePrint => Area::QuotePrint,
            Page::CustomerArea | Page::Team | Page::CustomerAudit | Page::MyTerms => {
                Area::CustomerAdmin
            }
            Page::Analytics => Area::Analytics,
            Page::CustomerTimeline | Page::VendorTimeline => Area::Timeline,
            Page::FollowUps => Area::FollowUps,
            Page::Downloads | Page::ConfirmDownloads => Area::Downloads,
            Page::Leads | Page::Lead => Area::Leads,
            Page::VendorArea | Page::Customer | Page::VendorAudit | Page::CustomerTerms => {
                Area::Vendor
            }
            Page::Staff => Area::VendorStaff,
            Page::VendorAnalytics => Area::VendorAnalytics,
            Page::Products | Page::ProductEdit => Area::VendorProducts,
            Page::Integrations | Page::WebhookDeliveries => Area::VendorSettings,
        }
    }

    /// Renders the page from its area's code, loading the area first where needed.
    async fn view(self) -> AnyView {
        match self {
            Page::Home => public_area(PublicPage::Home).await,
            Page::RequestAccess => public_area(PublicPage::RequestAccess).await,
            Page::SignIn => public_area(PublicPage::SignIn).await,
            Page::ForgotPassword => public_area(PublicPage::ForgotPassword).await,
            Page::Welcome => public_area(PublicPage::Welcome).await,
            Page::Reset => public_area(PublicPage::Reset).await,
            Page::Account => public_area(PublicPage::Account).await,
            Page::Notifications => public_area(PublicPage::Notifications).await,
            Page::Catalog => catalog_area(CatalogPageKind::Catalog).await,
            Page::Product => catalog_area(CatalogPageKind::Product).await,
            Page::Cart => catalog_area(CatalogPageKind::Cart).await,
            Page::Orders => orders_area(OrdersPageKind::Orders).await,
            Page::Order => orders_area(OrdersPageKind::Order).await,
            Page::ChangeOrder => change_order_area().await,
            Page::Approvals => approvals_area(ApprovalsPageKind::Inbox).await,
            Page::DecideByLink => approvals_area(ApprovalsPageKind::ByLink).await,
            Page::Documents => documents_area(DocumentsPageKind::List).await,
            Page::Document => documents_area(DocumentsPageKind::One).await,
            Page::ServiceList => service_area(ServicePageKind::List).await,
            Page::NewServiceRequest => service_area(ServicePageKind::New).await,
            Page::ServiceRequest => service_request_area().await,
            Page::Survey => service_area(ServicePageKind::Survey).await,
            Page::RelationshipSurvey => service_area(ServicePageKind::RelationshipSurvey).await,
            Page::Satisfaction => service_area(ServicePageKind::Satisfaction).await,
            Page::Quotes => quotes_area(QuotesPageKind::List).await,
            Page::NewQuote => quotes_area(QuotesPageKind::New).await,
            Page::Quote => quote_area().await,
            Page::QuotePrint => quote_print_area().await,
            Page::CustomerArea => customer_admin_area(CustomerAdminPageKind::Start).await,
            Page::Team => customer_admin_area(CustomerAdminPageKind::Team).await,
            Page::CustomerAudit => customer_admin_area(CustomerAdminPageKind::Audit).await,
            Page::MyTerms => customer_admin_area(CustomerAdminPageKind::Terms).await,
            Page::Analytics => analytics_area().await,
            Page::CustomerTimeline | Page::VendorTimeline => timeline_area().await,
            Page::FollowUps => follow_ups_area().await,
            Page::Downloads => downloads_area(DownloadsPageKind::Register).await,
            Page::ConfirmDownloads => downloads_area(DownloadsPageKind::Confirm).await,
            Page::Leads => leads_area(LeadsPageKind::List).await,
            Page::Lead => leads_area(LeadsPageKind::One).await,
            Page::VendorArea => vendor_area(VendorPageKind::Start).await,
            Page::Staff => vendor_staff_area().await,
            Page::VendorAnalytics => vendor_analytics_area().await,
            Page::Customer => vendor_area(VendorPageKind::Customer).await,
            Page::VendorAudit => vendor_area(VendorPageKind::CustomerAudit).await,
            Page::CustomerTerms => vendor_area(VendorPageKind::CustomerTerms).await,
            Page::Products => vendor_products_area(VendorProductsPageKind::List).await,
            Page::ProductEdit => vendor_products_area(VendorProductsPageKind::One).await,
            Page::Integrations => vendor_settings_area(VendorSettingsPageKind::Integrations).await,
            Page::WebhookDeliveries => {
                vendor_settings_area(VendorSettingsPageKind::WebhookDeliveries).await
            }
        }
    }
}

impl ChooseView for Page {
    async fn choose(self) -> AnyView {
        self.view().await
    }

    async fn preload(&self) {
        self.area().preload().await
    }
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
    use super::{Area, Page};

    /// Every page, each once.
    const EVERY_PAGE: [Page; 50] = [
        Page::Home,
        Page::Catalog,
        Page::Product,
        Page::RequestAccess,
        Page::SignIn,
        Page::ForgotPassword,
        Page::Welcome,
        Page::Reset,
        Page::Account,
        Page::Notifications,
        Page::CustomerArea,
        Page::Team,
        Page::CustomerAudit,
        Page::CustomerTimeline,
        Page::MyTerms,
        Page::Cart,
        Page::Orders,
        Page::Order,
        Page::ChangeOrder,
        Page::Approvals,
        Page::Analytics,
        Page::DecideByLink,
        Page::Documents,
        Page::Document,
        Page::ServiceList,
        Page::NewServiceRequest,
        Page::ServiceRequest,
        Page::Survey,
        Page::RelationshipSurvey,
        Page::Downloads,
        Page::ConfirmDownloads,
        Page::Leads,
        Page::Lead,
        Page::Satisfaction,
        Page::Quotes,
        Page::NewQuote,
        Page::Quote,
        Page::QuotePrint,
        Page::VendorArea,
        Page::Staff,
        Page::VendorAnalytics,
        Page::Customer,
        Page::VendorAudit,
        Page::VendorTimeline,
        Page::FollowUps,
        Page::CustomerTerms,
        Page::Products,
        Page::ProductEdit,
        Page::Integrations,
        Page::WebhookDeliveries,
    ];

    /// An address of each page as a visitor opens it (a new page must be added here:
    /// the match is exhaustive).
    fn address_of(page: Page) -> &'static str {
        match page {
            Page::Home => "/",
            Page::Catalog => "/catalog",
            Page::Product => "/catalog/P-100",
            Page::RequestAccess => "/request-access",
            Page::SignIn => "/sign-in",
            Page::ForgotPassword => "/forgot-password",
            Page::Welcome => "/welcome/abc",
            Page::Reset => "/reset/abc",
            Page::Account => "/account",
            Page::Notifications => "/notifications",
            Page::CustomerArea => "/customer",
            Page::Team => "/customer/team",
            Page::CustomerAudit => "/customer/audit",
            Page::CustomerTimeline => "/customer/timeline",
            Page::MyTerms => "/customer/terms",
            Page::Cart => "/cart",
            Page::Orders => "/orders",
            Page::Order => "/orders/7",
            Page::ChangeOrder => "/orders/7/change",
            Page::Approvals => "/approvals",
            Page::Analytics => "/analytics",
            Page::DecideByLink => "/decide/abc",
            Page::Documents => "/documents",
            Page::Document => "/documents/7",
            Page::ServiceList => "/service",
            Page::NewServiceRequest => "/service/new",
            Page::ServiceRequest => "/service/7",
            Page::Survey => "/survey/7",
            Page::RelationshipSurvey => "/nps/7",
            Page::Downloads => "/downloads",
            Page::ConfirmDownloads => "/downloads/confirm",
            Page::Leads => "/vendor/leads",
            Page::Lead => "/vendor/leads/7",
            Page::Satisfaction => "/satisfaction",
            Page::Quotes => "/quotes",
            Page::NewQuote => "/quotes/new",
            Page::Quote => "/quotes/7",
            Page::QuotePrint => "/quotes/7/print",
            Page::VendorArea => "/vendor",
            Page::Staff => "/vendor/staff",
            Page::VendorAnalytics => "/vendor/analytics",
            Page::Customer => "/vendor/customers/7",
            Page::VendorAudit => "/vendor/customers/7/audit",
            Page::VendorTimeline => "/vendor/customers/7/timeline",
            Page::FollowUps => "/vendor/customers/7/follow-ups",
            Page::CustomerTerms => "/vendor/customers/7/terms",
            Page::Products => "/vendor/products",
            Page::ProductEdit => "/vendor/products/7",
            Page::Integrations => "/vendor/integrations",
            Page::WebhookDeliveries => "/vendor/integrations/webhooks/7",
        }
    }

    #[test]
    fn a_page_is_rendered_by_the_area_its_address_preloads() {
        // The browser prefetches a link's area by its address (`Area::of_path`); the
        // route renders by the page. Both must name the same area, or a link is
        // prefetched in vain and its page waits for its code after the click.
        for page in EVERY_PAGE {
            let address = address_of(page);
            assert_eq!(
                Area::of_path(address),
                Some(page.area()),
                "{page:?} at {address}"
            );
        }
    }

    #[test]
    fn every_page_path_belongs_to_its_area() {
        let cases = [
            ("/", Some(Area::Public)),
            ("/sign-in?next=%2Forders", Some(Area::Public)),
            ("/welcome/abc", Some(Area::Public)),
            ("/notifications", Some(Area::Public)),
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
