//! A customer's timeline as its readers see it: who may read it, which events they
//! see, and each event told as a sentence in the reader's language and Berlin time.
//! The events are the store's (`kontor_store::timeline`), the rules of kinds,
//! audiences and paging the domain's (`kontor_domain::timeline`).

use crate::api::timeline::{PersonChoice, TimelineItem, TimelineView};
use crate::i18n::{TimelineTexts, timeline_texts};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::calendar::{Day, berlin_offset_ms};
use kontor_domain::timeline::{Audience, Kind, Position, Target, classify};
use kontor_domain::{Locale, Money};
use kontor_store::timeline::{EventRecord, OrderFacts, Source, TimelineQuery};
use std::collections::HashMap;

/// Events per page.
pub const PAGE: usize = 50;

/// What the reader asked for.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    /// `None`: the reader's own organization.
    pub organization_id: Option<&'a str>,
    pub kind: Option<Kind>,
    /// One of the customer's people, by id.
    pub person: Option<&'a str>,
    pub before: Option<Position>,
}

/// A page of the timeline of the customer the request names.
pub async fn page(
    ctx: &ServerContext,
    actor: &Actor,
    request: Request<'_>,
) -> Result<TimelineView, ServiceError> {
    let reader = actor.person()?;
    let organization_id = request
        .organization_id
        .unwrap_or(&reader.record.organization_id);
    // Only customers have a timeline; the vendor's own trail is its audit page.
    let customer = ctx
        .store
        .customer(organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(Action::ReadAudit(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    let vendor_reader = actor.is_vendor();
    let people = ctx.store.timeline_people(&customer.id).await?;
    let person = match request.person {
        // Someone who is not one of the customer's people reveals nothing.
        Some(id) => Some(
            people
                .iter()
                .find(|p| p.id == id)
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let query = TimelineQuery {
        kind: request.kind,
        person,
        vendor_reader,
        before: request.before.as_ref(),
        limit: PAGE,
    };
    let (events, next) = ctx.store.timeline_page(&customer.id, &query).await?;
    let order_ids: Vec<&str> = events
        .iter()
        .filter(|e| e.code.starts_with("order."))
        .map(|e| Target::parse(&e.target).id)
        .collect();
    let facts = ctx.store.order_facts(&order_ids).await?;
    let locale = actor.locale();
    let texts = timeline_texts(locale);
    Ok(TimelineView {
        organization_id: customer.id.clone(),
        customer_name: customer.name.clone(),
        vendor_reader,
        items: events
            .iter()
            .map(|e| item(e, texts, locale, &facts))
            .collect(),
        next: next.map(|p| p.encode()),
        people: people
            .into_iter()
            .map(|p| PersonChoice {
                id: p.id,
                name: p.display_name,
            })
            .collect(),
    })
}

/// One event as the reader sees it.
fn item(
    event: &EventRecord,
    texts: &TimelineTexts,
    locale: Locale,
    facts: &HashMap<String, OrderFacts>,
) -> TimelineItem {
    let target = Target::parse(&event.target);
    let (kind, audience) = match event.source() {
        Source::Mail => (Kind::Mails, Audience::Everyone),
        _ => classify(&event.code).unwrap_or((Kind::Account, Audience::Everyone)),
    };
    let internal = audience == Audience::Vendor || event.code == "service.noted";
    let who = if event.actor_name.is_empty() {
        texts.system
    } else {
        &event.actor_name
    };
    let (what, detail) = match event.source() {
        Source::Mail => (
            event.target.clone(),
            event.detail.clone().unwrap_or_default(),
        ),
        Source::Download => {
            let title = match locale {
                Locale::De => event.extra.as_deref(),
                Locale::En => event.detail.as_deref(),
            };
            (String::new(), title.unwrap_or_default().to_string())
        }
        Source::Message => (target.label.to_string(), first_line(event)),
        Source::Audit => (target.label.to_string(), audit_detail(event)),
    };
    let order = (target.kind == "order")
        .then(|| facts.get(target.id))
        .flatten();
    let amount = order
        .map(|o| Money::from_cents(o.total_cents).format(locale))
        .unwrap_or_default();
    let mut sentence = texts
        .sentence(&event.code)
        .replace("{who}", who)
        .replace("{what}", &what)
        .replace("{amount}", &amount)
        .replace("{detail}", &detail);
    if let Some(comment) = order.and_then(|o| decision_step(event).and_then(|s| o.comments.get(&s)))
    {
        sentence.push_str(&texts.comment.replace("{comment}", comment));
    }
    TimelineItem {
        id: event.id.clone(),
        at_ms: event.at,
        when: berlin_time(event.at, locale),
        kind,
        sentence,
        link: link(&target),
        internal,
    }
}

/// What an audit entry adds to its sentence: a document's file name, a request's
/// subject, a quote note, a new browser's name.
fn audit_detail(event: &EventRecord) -> String {
    let after = event.detail.as_deref().unwrap_or_default();
    match event.code.as_str() {
        // "v2 AP-45.pdf (1234 bytes, sha256 …)"
        "document.uploaded" | "document.replaced" => after
            .split_once(' ')
            .map(|(_, rest)| rest.rsplit_once(" (").map_or(rest, |(name, _)| name))
            .unwrap_or(after)
            .to_string(),
        // "Subject (priority)"
        "service.opened" => after
            .rsplit_once(" (")
            .map_or(after, |(subject, _)| subject)
            .to_string(),
        _ => after.to_string(),
    }
}

/// A reply's first line, cut to a glance; the request's subject if it has none.
fn first_line(event: &EventRecord) -> String {
    let text = event
        .extra
        .as_deref()
        .or(event.detail.as_deref())
        .unwrap_or_default();
    let line = text.lines().next().unwrap_or_default();
    let mut cut: String = line.chars().take(120).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    cut
}

/// The approval step an order's decision recorded (`step 2 own approved`).
fn decision_step(event: &EventRecord) -> Option<i64> {
    if !matches!(event.code.as_str(), "order.approved" | "order.rejected") {
        return None;
    }
    event
        .detail
        .as_deref()?
        .strip_prefix("step ")?
        .split(' ')
        .next()?
        .parse()
        .ok()
}

fn link(target: &Target<'_>) -> Option<String> {
    let page = match target.kind {
        "order" => "orders",
        "quote" => "quotes",
        "service_request" => "service",
        "document" => "documents",
        _ => return None,
    };
    // Ids are the store's; anything else is not linked.
    let id_ok = !target.id.is_empty()
        && target
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    id_ok.then(|| format!("/{page}/{}", target.id))
}

/// "2026-11-24 14:05" (English) or "24.11.2026 14:05" (German), in Berlin time.
pub fn berlin_time(utc_ms: i64, locale: Locale) -> String {
    let local = utc_ms + berlin_offset_ms(utc_ms);
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    let (y, m, d) = Day(local.div_euclid(86_400_000)).ymd();
    let (hour, minute) = (minutes / 60, minutes % 60);
    match locale {
        Locale::En => format!("{y:04}-{m:02}-{d:02} {hour:02}:{minute:02}"),
        Locale::De => format!("{d:02}.{m:02}.{y:04} {hour:02}:{minute:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_time_follows_summer_time() {
        // 2026-07-01 12:00 UTC is 14:00 in Berlin; 2026-12-01 12:00 UTC is 13:00.
        assert_eq!(
            berlin_time(1_782_907_200_000, Locale::En),
            "2026-07-01 14:00"
        );
        assert_eq!(
            berlin_time(1_796_126_400_000, Locale::De),
            "01.12.2026 13:00"
        );
    }
}
