//! One module per page; pages compose components and call server functions.

pub mod analytics;
mod approvals;
mod areas;
pub mod cart;
pub mod catalog;
mod change_order;
mod customers;
mod decide_link;
pub mod documents;
mod downloads;
mod follow_ups;
mod home;
mod integrations;
mod leads;
mod not_found;
mod notification_defaults;
mod notifications;
pub mod orders;
mod products;
mod profile;
mod quotes;
mod request_access;
mod service;
mod sign_in;
mod staff;
pub mod team;
pub mod terms;
mod timeline;
mod vendor_analytics;

pub use analytics::AnalyticsPage;
pub use approvals::ApprovalsPage;
pub use areas::{CustomerAreaPage, VendorAreaPage};
pub use cart::CartPage;
pub use catalog::{CatalogPage, ProductPage};
pub use change_order::ChangeOrderPage;
pub use customers::{AuditPage, CustomerPage, CustomersPage};
pub use decide_link::DecideByLinkPage;
pub use documents::{DocumentPage, DocumentsPage};
pub use downloads::{ConfirmDownloadsPage, ProspectDownloadsPage};
pub use follow_ups::{DueFollowUps, FollowUpsPage};
pub use home::HomePage;
pub use integrations::{IntegrationsPage, WebhookDeliveriesPage};
pub use leads::{LeadPage, LeadsPage};
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPage;
pub use orders::{OrderPage, OrdersPage};
pub use products::{ProductEditPage, ProductsPage};
pub use quotes::{NewQuotePage, QuotePage, QuotePrintPage, QuotesPage};
pub use request_access::RequestAccessPage;
pub use service::{
    NewServiceRequestPage, RelationshipSurveyPage, SatisfactionPage, ServiceListPage,
    ServiceRequestPage, SurveyPage,
};
pub use sign_in::{AccountPage, ForgotPasswordPage, SetPasswordPage, SignInPage};
pub use staff::StaffPage;
pub use team::TeamPage;
pub use terms::{CustomerTermsPage, MyTermsPage};
pub use timeline::TimelinePage;
pub use vendor_analytics::VendorAnalyticsPage;
