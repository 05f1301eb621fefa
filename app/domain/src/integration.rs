//! What an API client (the vendor's ERP, an integration platform) may do.
//!
//! A client is not a person: it has no roles and no organization of its own. It holds
//! *scopes* — one per kind of data and direction — and, optionally, a list of the
//! customers it may touch. The rules here translate the portal's [`Action`]s into
//! "which scope does this need": a client without the scope is `Denied` (it may know
//! the thing exists, its token is just not for this), and a customer outside its
//! list is `Hidden`, exactly as another organization is for a person.

use crate::access::{Access, Action, CustomerScope};
use serde::{Deserialize, Serialize};

/// One permission of an API client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read products, list prices and stock.
    CatalogRead,
    /// Create and change products, list prices and stock.
    CatalogWrite,
    /// Set a customer's negotiated prices and terms.
    PricesWrite,
    CustomersRead,
    CustomersWrite,
    /// Pull orders (and the change feed).
    OrdersRead,
    /// Confirm (with the ERP's order number), ship, deliver, cancel.
    OrdersWrite,
    /// Attach invoices, delivery notes and contracts.
    DocumentsWrite,
    ServiceRead,
    /// Register and change webhook endpoints.
    WebhooksWrite,
    /// Read customers' quote requests and offers.
    QuotesRead,
    /// Send offers (new versions) and decline requests, as the vendor.
    QuotesWrite,
}

impl Scope {
    pub const ALL: [Scope; 12] = [
        Scope::CatalogRead,
        Scope::CatalogWrite,
        Scope::PricesWrite,
        Scope::CustomersRead,
        Scope::CustomersWrite,
        Scope::OrdersRead,
        Scope::OrdersWrite,
        Scope::DocumentsWrite,
        Scope::ServiceRead,
        Scope::WebhooksWrite,
        Scope::QuotesRead,
        Scope::QuotesWrite,
    ];

    /// The name on the wire and in the database: `orders:read`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CatalogRead => "catalog:read",
            Scope::CatalogWrite => "catalog:write",
            Scope::PricesWrite => "prices:write",
            Scope::CustomersRead => "customers:read",
            Scope::CustomersWrite => "customers:write",
            Scope::OrdersRead => "orders:read",
            Scope::OrdersWrite => "orders:write",
            Scope::DocumentsWrite => "documents:write",
            Scope::ServiceRead => "service:read",
            Scope::WebhooksWrite => "webhooks:write",
            Scope::QuotesRead => "quotes:read",
            Scope::QuotesWrite => "quotes:write",
        }
    }

    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == name.trim())
    }

    /// A write scope implies reading the same data: a client that confirms orders
    /// must be able to read them.
    fn implied_by(self, held: Scope) -> bool {
        held == self
            || matches!(
                (self, held),
                (Scope::CatalogRead, Scope::CatalogWrite)
                    | (Scope::CustomersRead, Scope::CustomersWrite)
                    | (Scope::OrdersRead, Scope::OrdersWrite)
                    | (Scope::QuotesRead, Scope::QuotesWrite)
            )
    }
}

/// Why a list of scope names was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopesError {
    /// No scope at all: a client that may do nothing is a mistake.
    Empty,
    /// A name that is not a scope (the first one found).
    Unknown(String),
}

/// A set of scopes, sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Scopes {
        let mut scopes: Vec<Scope> = scopes.into_iter().collect();
        scopes.sort();
        scopes.dedup();
        Scopes(scopes)
    }

    /// Parses `"orders:read, orders:write"` (commas and/or white space).
    pub fn parse(text: &str) -> Result<Scopes, ScopesError> {
        let mut scopes = Vec::new();
        for name in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|n| !n.is_empty())
        {
            scopes.push(Scope::parse(name).ok_or_else(|| ScopesError::Unknown(name.to_string()))?);
        }
        if scopes.is_empty() {
            return Err(ScopesError::Empty);
        }
        Ok(Scopes::new(scopes))
    }

    /// Reads the stored form; unknown names grant nothing.
    pub fn from_stored(text: &str) -> Scopes {
        Scopes::new(text.split(',').filter_map(Scope::parse))
    }

    pub fn allows(&self, needed: Scope) -> bool {
        self.0.iter().any(|held| needed.implied_by(*held))
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl std::fmt::Display for Scopes {
    /// The stored form: `"orders:read,orders:write"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|s| s.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

/// What an API client holds: its scopes and, optionally, the only customers it may
/// touch (`None`: every customer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub scopes: Scopes,
    pub customers: Option<Vec<String>>,
}

impl Grant {
    /// Whether the client may touch this customer at all.
    pub fn reaches(&self, organization_id: &str) -> bool {
        self.customers
            .as_ref()
            .is_none_or(|list| list.iter().any(|id| id == organization_id))
    }

    /// A scope that is not about one customer (the catalog, webhooks).
    pub fn may_use(&self, scope: Scope) -> Access {
        if self.scopes.allows(scope) {
            Access::Allowed
        } else {
            Access::Denied
        }
    }

    /// The portal's permission rule for a client: the action's scope, and for an
    /// action on a customer, the customer in the client's list. Customers the client
    /// does not reach are `Hidden` whatever its scopes. What people do in the portal
    /// themselves (ordering, approving, managing a team) no client does.
    pub fn may(&self, action: Action<'_>) -> Access {
        let on = |scope: CustomerScope<'_>, needed: Scope| {
            if !self.reaches(scope.organization_id) {
                Access::Hidden
            } else {
                self.may_use(needed)
            }
        };
        match action {
            Action::ViewCustomer(c) => on(c, Scope::CustomersRead),
            Action::ManageCustomer(c) => on(c, Scope::CustomersWrite),
            Action::ViewTerms(c) => on(c, Scope::CustomersRead),
            Action::ManageTerms(c) => on(c, Scope::PricesWrite),
            Action::ViewOrders(c) | Action::SeeAllOrders(c) => on(c, Scope::OrdersRead),
            Action::ManageOrders(c) => on(c, Scope::OrdersWrite),
            Action::ManageDocuments(Some(c)) => on(c, Scope::DocumentsWrite),
            Action::ManageDocuments(None) => self.may_use(Scope::DocumentsWrite),
            Action::ViewServiceRequests(c) => on(c, Scope::ServiceRead),
            Action::ViewQuotes(c) | Action::SeeAllQuotes(c) => on(c, Scope::QuotesRead),
            Action::WorkQuotes(c) => on(c, Scope::QuotesWrite),
            Action::CreateCustomer => match self.customers {
                // A client limited to some customers cannot add others.
                Some(_) => Access::Denied,
                None => self.may_use(Scope::CustomersWrite),
            },
            Action::ManageCatalog => self.may_use(Scope::CatalogWrite),
            Action::ViewTeam(c)
            | Action::ManageTeam(c)
            | Action::ReadAudit(c)
            | Action::PlaceOrder(c)
            | Action::ApproveOrders(c)
            | Action::ViewSpendAnalytics(c)
            | Action::OpenServiceRequest(c)
            | Action::WorkServiceRequests(c) => {
                if self.reaches(c.organization_id) {
                    Access::Denied
                } else {
                    Access::Hidden
                }
            }
            // A token never mints tokens; the vendor's analytics and leads are its
            // people's.
            Action::ManageStaff
            | Action::ReadVendorAudit
            | Action::ManageIntegrations
            | Action::ViewVendorAnalytics
            | Action::ViewLeads
            | Action::WorkLead { .. }
            | Action::AssignLead { .. } => Access::Denied,
        }
    }
}

/// The visible start of every API token: secret scanners (and people) recognise a
/// leaked one by it.
pub const TOKEN_PREFIX: &str = "kontor_";

/// Whether a bearer token has the shape of ours: the prefix and 43 URL-safe base64
/// characters (32 random bytes). Anything else is refused without a database read.
pub fn is_token_shaped(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(id: &str) -> CustomerScope<'_> {
        CustomerScope {
            organization_id: id,
            account_manager_id: None,
        }
    }

    fn grant(scopes: &str, customers: Option<&[&str]>) -> Grant {
        Grant {
            scopes: Scopes::parse(scopes).unwrap(),
            customers: customers.map(|c| c.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn scope_names_round_trip() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        let parsed = Scopes::parse("orders:write, orders:read orders:read").unwrap();
        assert_eq!(parsed.to_string(), "orders:read,orders:write");
        assert_eq!(Scopes::from_stored(&parsed.to_string()), parsed);
    }

    #[test]
    fn unknown_and_empty_scope_lists_are_refused() {
        assert_eq!(Scopes::parse(" , "), Err(ScopesError::Empty));
        assert_eq!(
            Scopes::parse("orders:read,orders:delete"),
            Err(ScopesError::Unknown("orders:delete".into()))
        );
        // Stored lists are read leniently: a retired scope grants nothing.
        assert_eq!(
            Scopes::from_stored("orders:read,gone").to_string(),
            "orders:read"
        );
    }

    #[test]
    fn a_write_scope_implies_reading_the_same_data_only() {
        let g = grant("orders:write", None);
        assert_eq!(g.may(Action::ViewOrders(scope("c1"))), Access::Allowed);
        assert_eq!(g.may(Action::ManageOrders(scope("c1"))), Access::Allowed);
        assert_eq!(g.may(Action::ViewCustomer(scope("c1"))), Access::Denied);
        let r = grant("orders:read", None);
        assert_eq!(r.may(Action::ManageOrders(scope("c1"))), Access::Denied);
    }

    #[test]
    fn customers_outside_the_list_are_hidden_whatever_the_scopes() {
        let g = grant("orders:write,customers:write", Some(&["c1"]));
        assert_eq!(g.may(Action::ManageOrders(scope("c1"))), Access::Allowed);
        assert_eq!(g.may(Action::ManageOrders(scope("c2"))), Access::Hidden);
        assert_eq!(g.may(Action::ViewOrders(scope("c2"))), Access::Hidden);
        assert_eq!(g.may(Action::PlaceOrder(scope("c2"))), Access::Hidden);
        // A limited client adds no customers.
        assert_eq!(g.may(Action::CreateCustomer), Access::Denied);
        assert_eq!(
            grant("customers:write", None).may(Action::CreateCustomer),
            Access::Allowed
        );
    }

    #[test]
    fn clients_never_act_as_people() {
        let g = grant(&Scope::ALL.map(|s| s.as_str()).join(","), None);
        for action in [
            Action::PlaceOrder(scope("c1")),
            Action::ApproveOrders(scope("c1")),
            Action::ManageTeam(scope("c1")),
            Action::OpenServiceRequest(scope("c1")),
            Action::ManageStaff,
        ] {
            assert_eq!(g.may(action), Access::Denied, "{action:?}");
        }
    }

    #[test]
    fn token_shape() {
        let good = format!("{TOKEN_PREFIX}{}", "a".repeat(43));
        assert!(is_token_shaped(&good));
        assert!(!is_token_shaped(&good[1..]));
        assert!(!is_token_shaped(&format!("{good}a")));
        assert!(!is_token_shaped(&format!(
            "{TOKEN_PREFIX}{}",
            "a/".repeat(21) + "a"
        )));
    }
}

/// What a webhook announces. Thin events: the ids and the new state; the receiver
/// reads the rest through the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    OrderPlaced,
    OrderApproved,
    OrderRejected,
    OrderWithdrawn,
    /// Waited for approval longer than its organization allows.
    OrderExpired,
    /// Confirmed, shipped, delivered or cancelled by the vendor.
    OrderStatusChanged,
    CustomerActivated,
    CustomerSuspended,
    TermsChanged,
    ServiceRequestOpened,
    ServiceRequestResolved,
    QuoteRequested,
    /// The vendor sent a (new) version of the offer.
    QuoteOffered,
    /// The buyer accepted: the quote became an order (also announced as placed).
    QuoteAccepted,
    /// Declined by the buyer or by the vendor.
    QuoteDeclined,
    QuoteExpired,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::OrderPlaced,
        EventType::OrderApproved,
        EventType::OrderRejected,
        EventType::OrderWithdrawn,
        EventType::OrderExpired,
        EventType::OrderStatusChanged,
        EventType::CustomerActivated,
        EventType::CustomerSuspended,
        EventType::TermsChanged,
        EventType::ServiceRequestOpened,
        EventType::ServiceRequestResolved,
        EventType::QuoteRequested,
        EventType::QuoteOffered,
        EventType::QuoteAccepted,
        EventType::QuoteDeclined,
        EventType::QuoteExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::OrderPlaced => "order.placed",
            EventType::OrderApproved => "order.approved",
            EventType::OrderRejected => "order.rejected",
            EventType::OrderWithdrawn => "order.withdrawn",
            EventType::OrderExpired => "order.expired",
            EventType::OrderStatusChanged => "order.status_changed",
            EventType::CustomerActivated => "customer.activated",
            EventType::CustomerSuspended => "customer.suspended",
            EventType::TermsChanged => "terms.changed",
            EventType::ServiceRequestOpened => "service_request.opened",
            EventType::ServiceRequestResolved => "service_request.resolved",
            EventType::QuoteRequested => "quote.requested",
            EventType::QuoteOffered => "quote.offered",
            EventType::QuoteAccepted => "quote.accepted",
            EventType::QuoteDeclined => "quote.declined",
            EventType::QuoteExpired => "quote.expired",
        }
    }

    pub fn parse(name: &str) -> Option<EventType> {
        EventType::ALL
            .into_iter()
            .find(|e| e.as_str() == name.trim())
    }
}

/// Which events an endpoint receives: every type, or a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subscription {
    All,
    Only(Vec<EventType>),
}

impl Subscription {
    /// Parses `"*"` or `"order.placed, order.approved"`. `None`: empty, or a name that
    /// is not an event type.
    pub fn parse(text: &str) -> Option<Subscription> {
        let names: Vec<&str> = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|n| !n.is_empty())
            .collect();
        if names == ["*"] {
            return Some(Subscription::All);
        }
        let mut types = names
            .iter()
            .map(|n| EventType::parse(n))
            .collect::<Option<Vec<_>>>()?;
        if types.is_empty() {
            return None;
        }
        types.sort();
        types.dedup();
        Some(Subscription::Only(types))
    }

    /// The stored form: `*` or the names separated by commas.
    pub fn stored(&self) -> String {
        match self {
            Subscription::All => "*".into(),
            Subscription::Only(types) => types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// The events an order's change announces: `before` is `None` for a new order. An
/// order approved at placement (nobody needed to approve) announces both.
pub fn order_events(
    before: Option<crate::order::OrderState>,
    after: crate::order::OrderState,
) -> Vec<EventType> {
    use crate::order::OrderState as S;
    if before == Some(after) {
        return Vec::new();
    }
    let mut events = Vec::new();
    if before.is_none() {
        events.push(EventType::OrderPlaced);
    }
    match after {
        S::Approved => events.push(EventType::OrderApproved),
        S::Rejected => events.push(EventType::OrderRejected),
        S::Withdrawn => events.push(EventType::OrderWithdrawn),
        S::Expired => events.push(EventType::OrderExpired),
        S::Confirmed | S::Shipped | S::Delivered | S::Cancelled => {
            events.push(EventType::OrderStatusChanged)
        }
        S::Draft | S::PendingApproval => {}
    }
    events
}

/// Whether a webhook may be sent to this address: not loopback, private, link-local,
/// shared (carrier-grade NAT), documentation, multicast or unspecified — the
/// addresses that would let an endpoint's URL reach into the vendor's own network.
pub fn is_public_address(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_address(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Seconds to wait before the next try after `failures` failed attempts (≥ 1):
/// 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h — the Standard Webhooks schedule,
/// until the endpoint is disabled for failing too long.
pub fn webhook_backoff_seconds(failures: u32) -> i64 {
    match failures {
        0 | 1 => 5,
        2 => 300,
        3 => 1_800,
        4 => 7_200,
        5 => 18_000,
        _ => 36_000,
    }
}

/// Whether an answer is worth another try: server errors, "too many requests" and
/// "request timeout" are; other client errors mean the receiver refuses the message.
pub fn webhook_retries(status: u16) -> bool {
    status >= 500 || status == 429 || status == 408
}

#[cfg(test)]
mod webhook_tests {
    use super::*;
    use crate::order::OrderState as S;

    #[test]
    fn order_changes_announce_their_events() {
        assert_eq!(
            order_events(None, S::Approved),
            vec![EventType::OrderPlaced, EventType::OrderApproved]
        );
        assert_eq!(
            order_events(None, S::PendingApproval),
            vec![EventType::OrderPlaced]
        );
        assert_eq!(
            order_events(Some(S::PendingApproval), S::Rejected),
            vec![EventType::OrderRejected]
        );
        assert_eq!(
            order_events(Some(S::Confirmed), S::Shipped),
            vec![EventType::OrderStatusChanged]
        );
        // A reminder changes no state and announces nothing.
        assert!(order_events(Some(S::PendingApproval), S::PendingApproval).is_empty());
    }

    #[test]
    fn subscriptions_parse_and_store() {
        assert_eq!(Subscription::parse(" * "), Some(Subscription::All));
        let s = Subscription::parse("order.approved order.placed,order.approved").unwrap();
        assert_eq!(s.stored(), "order.placed,order.approved");
        assert_eq!(Subscription::parse("order.exploded"), None);
        assert_eq!(Subscription::parse(""), None);
        for e in EventType::ALL {
            assert_eq!(EventType::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn only_public_addresses_receive_webhooks() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "192.0.0.8",
            "240.0.0.1",
        ] {
            assert!(!is_public_address(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2a00:1450:4001:80b::200e", "100.128.0.1"] {
            assert!(is_public_address(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn retries_back_off_and_skip_refusals() {
        assert_eq!(webhook_backoff_seconds(1), 5);
        assert_eq!(webhook_backoff_seconds(2), 300);
        assert_eq!(webhook_backoff_seconds(40), 36_000);
        assert!(webhook_retries(500) && webhook_retries(429) && webhook_retries(503));
        assert!(!webhook_retries(400) && !webhook_retries(404) && !webhook_retries(410));
    }
}
