//! One module per page; pages compose components and call server functions.

mod areas;
mod catalog;
mod home;
mod not_found;
mod request_access;

pub use areas::{CustomerAreaPage, VendorAreaPage};
pub use catalog::CatalogPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use request_access::RequestAccessPage;
