//! Black-box integration tests: each test starts the whole app on a random port
//! against a fresh database, on SQLite and on PostgreSQL (`sqlite::…`/`postgres::…`).

mod support;

mod accounts;
mod analytics;
mod api;
mod api_catalog_service;
mod authorization;
mod backup;
mod conditions;
mod customer_news;
mod demo_and_migrations;
mod documents;
mod follow_ups;
mod integration_pages;
mod leads;
mod mail_decisions;
mod mail_outbox;
mod notifications;
mod operations;
mod orders;
mod pages;
mod profile;
mod prospects;
mod quotes;
mod relationship_survey;
mod search_index;
mod security;
mod service;
mod team;
mod timeline;
mod waiting_orders;
mod webhooks;
