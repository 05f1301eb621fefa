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
}

impl Scope {
    pub const ALL: [Scope; 10] = [
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
            | Action::OpenServiceRequest(c)
            | Action::WorkServiceRequests(c) => {
                if self.reaches(c.organization_id) {
                    Access::Denied
                } else {
                    Access::Hidden
                }
            }
            // A token never mints tokens.
            Action::ManageStaff | Action::ReadVendorAudit | Action::ManageIntegrations => {
                Access::Denied
            }
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
