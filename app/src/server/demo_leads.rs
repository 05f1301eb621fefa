//! The demo's lead: the vendor admin offers the catalog's data sheets and CAD models
//! after registration, and Jonas Richter of Richter Anlagenbau — not a customer —
//! registered three days ago and downloaded the AP-45's CAD model. Made through the
//! same operations people use (the download as the download route records it).

use crate::server::ServerContext;
use crate::services::leads::{RegistrationForm, confirm, offer_to_prospects, register_with_token};
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::documents::DocumentKind;
use kontor_store::documents::{DocumentQuery, Reader};

const DAY: i64 = 86_400_000;

pub async fn seed(ctx: &ServerContext, now: i64) -> Result<(), ServiceError> {
    let admin = ctx
        .store
        .user_by_email("admin@nordhydraulik.example")
        .await?
        .expect("demo vendor admin");
    let admin = Actor::of_person(admin, Locale::default());
    let query = DocumentQuery {
        limit: 200,
        ..DocumentQuery::default()
    };
    let documents = ctx
        .store
        .documents_page(Reader::AllCustomers, &query)
        .await?;
    for d in documents.iter().filter(|d| {
        d.customer_id.is_none()
            && matches!(d.kind, DocumentKind::DataSheet | DocumentKind::CadModel)
    }) {
        offer_to_prospects(ctx, &admin, &d.id, true).await?;
    }
    let registered = now - 3 * DAY;
    let token = crate::server::auth::random_token();
    let form = RegistrationForm {
        name: "Jonas Richter".into(),
        company: "Richter Anlagenbau GmbH".into(),
        email: "jonas.richter@richter-anlagenbau.example".into(),
    };
    register_with_token(&ctx.at(registered), form, Locale::De, token.clone()).await?;
    let (_, session) = confirm(&ctx.at(registered + 10 * 60_000), &token).await?;
    let prospect = crate::services::leads::prospect_of(ctx, session.as_deref())
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(cad) = documents
        .iter()
        .find(|d| {
            d.kind == DocumentKind::CadModel && d.product_sku.as_deref() == Some("NH-PMP-1000")
        })
        .or_else(|| documents.iter().find(|d| d.kind == DocumentKind::CadModel))
    {
        ctx.store
            .record_prospect_download(&prospect.id, &cad.current, registered + 12 * 60_000)
            .await?;
    }
    // The confirmation mail belongs to the past.
    ctx.store
        .mark_history_mail_sent("prospect-link/%", now)
        .await?;
    Ok(())
}
