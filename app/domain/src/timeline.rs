//! A customer's timeline: everything that happened in the relationship, newest first,
//! read from the records that already exist (the audit trail, the mail outbox, the
//! download log and the service conversations) rather than from a copy of them.
//!
//! The rules here decide which recorded action belongs to which kind of event, who may
//! read it (some things are the vendor's internal business), and how pages of events
//! from several sources are cut so that paging never shows an event twice or skips
//! one.

use serde::{Deserialize, Serialize};

/// What a reader can filter the timeline by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// Orders and their decisions, changes and delivery steps.
    Orders,
    /// Quotation requests, offers and their answers.
    Quotes,
    /// Negotiated terms, prices and approval times.
    Terms,
    /// Service requests, their replies and their steps.
    Service,
    /// Documents published for the customer and downloads by its people.
    Documents,
    /// Mails the portal sent (or tries to send) about the customer.
    Mails,
    /// The customer's people: invitations, roles, sign-ins, deputies.
    People,
    /// The organization itself: unlocked, suspended, its settings.
    Account,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Orders,
        Kind::Quotes,
        Kind::Terms,
        Kind::Service,
        Kind::Documents,
        Kind::Mails,
        Kind::People,
        Kind::Account,
    ];

    /// The kind's name in an address (`?kind=orders`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Orders => "orders",
            Kind::Quotes => "quotes",
            Kind::Terms => "terms",
            Kind::Service => "service",
            Kind::Documents => "documents",
            Kind::Mails => "mails",
            Kind::People => "people",
            Kind::Account => "account",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The audit trail's action codes that belong to this kind (the codes are
    /// grouped by the part before the dot).
    pub fn action_prefixes(self) -> &'static [&'static str] {
        match self {
            Kind::Orders => &["order."],
            Kind::Quotes => &["quote."],
            Kind::Terms => &["terms.", "price.", "prices.", "organization.approval_times"],
            Kind::Service => &["service."],
            Kind::Documents => &["document."],
            Kind::Mails => &[],
            Kind::People => &["member.", "deputy."],
            Kind::Account => &[
                "customer.",
                "organization.created",
                "organization.unlocked",
                "organization.suspended",
                "organization.notification_defaults_changed",
            ],
        }
    }
}

/// The actions only the vendor's staff read: internal notes on a quote, and which
/// agent works a request (the vendor's own organisation of its work).
pub const VENDOR_ONLY_ACTIONS: [&str; 2] = ["quote.noted", "service.assigned"];

/// Who may read an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// The customer's admins as much as the vendor's staff.
    Everyone,
    /// The vendor's staff only: internal notes and the vendor's own organisation of
    /// its work.
    Vendor,
}

/// Whether `action` is one of the codes `prefix` stands for: a prefix ending in a dot
/// takes every code that starts with it, any other names one code.
pub fn matches(prefix: &str, action: &str) -> bool {
    if prefix.ends_with('.') {
        action.starts_with(prefix)
    } else {
        action == prefix
    }
}

/// The kind and audience of an audit action recorded in a customer's trail; `None`
/// for actions that are not about the relationship (they are not shown).
pub fn classify(action: &str) -> Option<(Kind, Audience)> {
    let audience = if VENDOR_ONLY_ACTIONS.contains(&action) {
        Audience::Vendor
    } else {
        Audience::Everyone
    };
    Kind::ALL
        .into_iter()
        .find(|kind| kind.action_prefixes().iter().any(|p| matches(p, action)))
        .map(|kind| (kind, audience))
}

/// What an audit entry was done to, as the trail records it: `order:<id> #12` is
/// the order with that id, shown as "#12".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// `order`, `quote`, `user`, `document`, `service_request`, `organization`.
    pub kind: &'a str,
    pub id: &'a str,
    /// What people call it (`#12`, an e-mail address), if the trail recorded it.
    pub label: &'a str,
}

impl<'a> Target<'a> {
    pub fn parse(target: &'a str) -> Target<'a> {
        let (head, label) = target.split_once(' ').unwrap_or((target, ""));
        let (kind, id) = head.split_once(':').unwrap_or((head, ""));
        Target {
            kind,
            id,
            label: label.trim(),
        }
    }

    /// The number in a label like `#12` or `SR 7`.
    pub fn number(&self) -> Option<i64> {
        self.label
            .rsplit([' ', '#'])
            .next()
            .and_then(|n| n.parse().ok())
    }
}

/// Where a page of the timeline starts: the events strictly older than this one.
/// Events are ordered by time, then by id, so two events at the same millisecond
/// still have a fixed order and a page boundary between them loses neither.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub at: i64,
    pub id: String,
}

impl Position {
    /// The position as it travels in an address: `<at>.<id>`.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    pub fn decode(text: &str) -> Option<Position> {
        let (at, id) = text.split_once('.')?;
        let valid_id = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        Some(Position {
            at: at.parse().ok()?,
            id: id.to_string(),
        })
        .filter(|_| valid_id)
    }
}

/// One page cut from several sources. Each source lists its events newest first, all
/// older than the page's start, and at least `limit + 1` of them unless it has no
/// more. The page takes the newest `limit` of all; `next` is where the following page
/// starts, `None` when nothing older is left.
pub fn cut_page<T>(
    sources: Vec<Vec<T>>,
    position: impl Fn(&T) -> Position,
    limit: usize,
) -> (Vec<T>, Option<Position>) {
    let mut all: Vec<T> = sources.into_iter().flatten().collect();
    all.sort_by_key(|event| std::cmp::Reverse(position(event)));
    let more = all.len() > limit;
    all.truncate(limit);
    let next = if more {
        all.last().map(&position)
    } else {
        None
    };
    (all, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn actions_fall_into_their_kinds() {
        assert_eq!(
            classify("order.approved"),
            Some((Kind::Orders, Audience::Everyone))
        );
        assert_eq!(
            classify("quote.noted"),
            Some((Kind::Quotes, Audience::Vendor))
        );
        assert_eq!(
            classify("service.assigned"),
            Some((Kind::Service, Audience::Vendor))
        );
        assert_eq!(
            classify("prices.changed"),
            Some((Kind::Terms, Audience::Everyone))
        );
        assert_eq!(
            classify("organization.approval_times"),
            Some((Kind::Terms, Audience::Everyone))
        );
        assert_eq!(
            classify("organization.unlocked"),
            Some((Kind::Account, Audience::Everyone))
        );
        assert_eq!(
            classify("member.signed_in"),
            Some((Kind::People, Audience::Everyone))
        );
        assert_eq!(
            classify("deputy.named"),
            Some((Kind::People, Audience::Everyone))
        );
        // The vendor's own housekeeping is not part of a customer relationship.
        assert_eq!(classify("api_client.created"), None);
        assert_eq!(classify("product.changed"), None);
        // Every kind's codes are its own.
        for kind in Kind::ALL {
            for prefix in kind.action_prefixes() {
                let code = format!("{prefix}{}", if prefix.ends_with('.') { "x" } else { "" });
                assert_eq!(classify(&code).map(|(k, _)| k), Some(kind), "{code}");
            }
        }
    }

    #[test]
    fn kinds_travel_by_their_slug() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(Kind::from_slug("everything"), None);
    }

    #[test]
    fn targets_name_what_was_done_to() {
        let order = Target::parse("order:0a1b #12");
        assert_eq!(
            (order.kind, order.id, order.label),
            ("order", "0a1b", "#12")
        );
        assert_eq!(order.number(), Some(12));
        assert_eq!(Target::parse("service_request:x SR 7").number(), Some(7));
        let user = Target::parse("user:u1");
        assert_eq!((user.kind, user.id, user.label), ("user", "u1", ""));
        assert_eq!(user.number(), None);
    }

    #[test]
    fn positions_refuse_what_they_did_not_write() {
        let p = Position {
            at: 1_700_000_000_000,
            id: "0f-ab".into(),
        };
        assert_eq!(Position::decode(&p.encode()), Some(p));
        assert_eq!(Position::decode("12"), None);
        assert_eq!(Position::decode("x.ab"), None);
        assert_eq!(Position::decode("12.a'b"), None);
        assert_eq!(Position::decode("12."), None);
    }

    proptest! {
        /// Paging through events spread over several sources, each source answering
        /// as the store does (older than the start, newest first, one more than the
        /// page), shows every event exactly once, newest first.
        #[test]
        fn pages_show_every_event_once(
            events in proptest::collection::vec((0i64..50, 0usize..3), 0..120),
            limit in 1usize..12,
        ) {
            let events: Vec<(Position, usize)> = events
                .into_iter()
                .enumerate()
                .map(|(i, (at, source))| (Position { at, id: format!("{i:04}") }, source))
                .collect();
            let mut shown = Vec::new();
            let mut start: Option<Position> = None;
            loop {
                let sources = (0..3)
                    .map(|s| {
                        let mut mine: Vec<Position> = events
                            .iter()
                            .filter(|(p, source)| {
                                *source == s && start.as_ref().is_none_or(|start| p < start)
                            })
                            .map(|(p, _)| p.clone())
                            .collect();
                        mine.sort_by(|a, b| b.cmp(a));
                        mine.truncate(limit + 1);
                        mine
                    })
                    .collect();
                let (page, next) = cut_page(sources, Clone::clone, limit);
                prop_assert!(page.len() <= limit);
                shown.extend(page);
                match next {
                    Some(next) => start = Some(next),
                    None => break,
                }
            }
            let mut expected: Vec<Position> = events.into_iter().map(|(p, _)| p).collect();
            expected.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(shown, expected);
        }
    }
}
