//! The domain core of Kontor: business types and rules, free of I/O.
//!
//! Everything here compiles for the server and for the browser (wasm), so the UI can
//! preview a rule with exactly the code the server enforces. Rules return outcome
//! enums rather than booleans so that callers must handle every case.

pub mod access;
pub mod amendment;
pub mod analytics;
pub mod approval;
pub mod business_hours;
pub mod calendar;
pub mod catalog;
pub mod checkout;
pub mod csv;
pub mod decision;
pub mod documents;
pub mod email;
pub mod field;
#[cfg(test)]
mod fixtures;
pub mod follow_up;
pub mod integration;
pub mod lead;
pub mod locale;
pub mod money;
pub mod notifications;
pub mod order;
pub mod password;
pub mod pricing;
pub mod profile;
pub mod prospect;
pub mod quote;
pub mod redirect;
pub mod relationship_survey;
pub mod retry;
pub mod service;
pub mod team;
pub mod terms;
pub mod text;
pub mod throttle;
pub mod timeline;
pub mod vendor_analytics;

pub use email::EmailAddress;
pub use locale::Locale;
pub use money::Money;
