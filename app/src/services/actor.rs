//! Who calls an operation.

use kontor_domain::Locale;
use kontor_domain::access::{Access, Action, Roles};
use kontor_store::accounts::UserRecord;

/// The caller of a business operation. Today only people act; the ERP's API clients
/// join as a second kind of actor with their own scopes.
#[derive(Clone)]
pub enum Actor {
    Person(Person),
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

    /// The permission rules' view of the actor.
    pub fn access(&self) -> kontor_domain::access::Actor {
        match self {
            Actor::Person(p) => access_of(&p.record),
        }
    }

    pub fn may(&self, action: Action<'_>) -> Access {
        self.access().may(action)
    }

    pub fn is_vendor(&self) -> bool {
        self.access().is_vendor()
    }

    pub fn locale(&self) -> Locale {
        match self {
            Actor::Person(p) => p.locale,
        }
    }

    /// The person behind the call.
    pub fn as_person(&self) -> &Person {
        match self {
            Actor::Person(p) => p,
        }
    }
}
