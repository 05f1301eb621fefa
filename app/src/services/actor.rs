//! Who calls an operation.

use super::ServiceError;
use kontor_domain::Locale;
use kontor_domain::access::{Access, Action, Roles};
use kontor_domain::integration::Grant;
use kontor_store::accounts::UserRecord;
use kontor_store::integration::ApiClientRecord;

/// The caller of a business operation: a signed-in person, an API client (the
/// vendor's ERP) with its scopes, or the operator at the server's command line.
// One actor per request, passed by reference, never kept in bulk: boxing the person
// would buy nothing but an allocation per call.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum Actor {
    Person(Person),
    Client(Client),
    /// Whoever runs `kontor …` on the server: they own the database already, so the
    /// rules allow them everything; the audit trail names them as the command line.
    Operator,
}

/// An API client acting with its token. It acts for the vendor: mails it causes are
/// written in the vendor's language ([`Locale::default`]).
#[derive(Clone, Debug)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub grant: Grant,
}

impl Client {
    pub fn of(record: &ApiClientRecord) -> Client {
        Client {
            id: record.id.clone(),
            name: record.name.clone(),
            grant: Grant {
                scopes: kontor_domain::integration::Scopes::from_stored(&record.scopes),
                customers: record.customer_ids(),
            },
        }
    }

    /// How the client appears in histories and audit trails.
    pub fn display_name(&self) -> String {
        format!("{} (API)", self.name)
    }
}

/// A signed-in person (customer member or vendor staff).
#[derive(Clone)]
pub struct Person {
    pub record: UserRecord,
    /// The language the person works in: texts written on their behalf (the mails an
    /// order sends) are in it.
    pub locale: Locale,
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password hash, not even in debug logs.
        f.debug_struct("Person")
            .field("id", &self.record.id)
            .finish()
    }
}

/// The permission rules' view of a person.
pub fn access_of(record: &UserRecord) -> kontor_domain::access::Actor {
    kontor_domain::access::Actor {
        user_id: record.id.clone(),
        organization_id: record.organization_id.clone(),
        side: crate::server::auth::side_of(record),
        roles: Roles::from_stored(&record.roles),
    }
}

impl Actor {
    pub fn of_person(record: UserRecord, locale: Locale) -> Actor {
        Actor::Person(Person { record, locale })
    }

    pub fn may(&self, action: Action<'_>) -> Access {
        match self {
            Actor::Person(p) => access_of(&p.record).may(action),
            Actor::Client(c) => c.grant.may(action),
            Actor::Operator => Access::Allowed,
        }
    }

    /// On the vendor's side: its staff and its API clients.
    pub fn is_vendor(&self) -> bool {
        match self {
            Actor::Person(p) => access_of(&p.record).is_vendor(),
            Actor::Client(_) | Actor::Operator => true,
        }
    }

    pub fn locale(&self) -> Locale {
        match self {
            Actor::Person(p) => p.locale,
            Actor::Client(_) | Actor::Operator => Locale::default(),
        }
    }

    /// The person behind the call; an operation only people do refuses a client.
    pub fn person(&self) -> Result<&Person, ServiceError> {
        match self {
            Actor::Person(p) => Ok(p),
            Actor::Client(_) | Actor::Operator => Err(ServiceError::Forbidden),
        }
    }

    /// Who did it, as histories and the audit trail record it: an id and a name.
    pub fn recorded_as(&self) -> (String, String) {
        match self {
            Actor::Person(p) => (p.record.id.clone(), p.record.display_name.clone()),
            Actor::Client(c) => (c.id.clone(), c.display_name()),
            Actor::Operator => ("operator".into(), "Command line".into()),
        }
    }
}
