//! A customer's timeline: the server function and what it returns. The sentences are
//! made on the server in the reader's language (`services::timeline`), so the browser
//! gets finished text and none of the rules that make it.

use crate::AppError;
use kontor_domain::timeline::Kind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One page of a customer's timeline, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineView {
    /// The customer's id, for the page's addresses.
    pub organization_id: String,
    pub customer_name: String,
    /// The vendor's staff read internal items too (and see them marked).
    pub vendor_reader: bool,
    pub items: Vec<TimelineItem>,
    /// Where the next (older) page starts; `None` on the last page.
    pub next: Option<String>,
    /// The customer's people, for the filter by person.
    pub people: Vec<PersonChoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub id: String,
    pub at_ms: i64,
    /// The moment in Berlin time, written for the reader's language.
    pub when: String,
    pub kind: Kind,
    pub sentence: String,
    /// The page of what it is about (the order, the request, the document).
    pub link: Option<String>,
    /// Only the vendor's staff see it.
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: String,
    pub name: String,
}

/// A page of the timeline of `organization_id` (empty: the caller's own). `kind` is a
/// kind's slug and `person` one of the customer's people (empty: all); `before` is
/// where the page starts (empty: the newest). Authorization: the customer's admins
/// for their own organization; the vendor's admins and the customer's account
/// manager. Everyone else gets 404 (another customer) or 403.
#[server(endpoint = "customer_timeline")]
pub async fn customer_timeline(
    organization_id: String,
    kind: String,
    person: String,
    before: String,
) -> Result<TimelineView, AppError> {
    use crate::services::timeline::{Request, page};
    use kontor_domain::timeline::Position;
    let (ctx, actor) = crate::server::caller().await?;
    let request = Request {
        organization_id: (!organization_id.is_empty()).then_some(organization_id.as_str()),
        kind: Kind::from_slug(&kind),
        person: (!person.is_empty()).then_some(person.as_str()),
        before: Position::decode(&before),
    };
    page(&ctx, &actor, request)
        .await
        .map_err(crate::server::refusal)
}
