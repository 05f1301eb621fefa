//! Test fixtures shared by the domain's unit tests: Müller's people.

use crate::approval::Member;
use crate::money::Money;

/// A member with a per-order limit in whole euros.
pub fn member(id: &str, limit: Option<i64>, approver: Option<&str>, is_admin: bool) -> Member {
    Member {
        id: id.into(),
        active: true,
        is_admin,
        per_order_limit: limit.map(|euros| Money::from_cents(euros * 100)),
        monthly_budget: None,
        approver: approver.map(Into::into),
    }
}

/// Egon (5,000 €, approver Hannah), Hannah (50,000 €, approver Max),
/// Max (250,000 €), Carla (admin).
pub fn mueller() -> Vec<Member> {
    vec![
        member("egon", Some(5_000), Some("hannah"), false),
        member("hannah", Some(50_000), Some("max"), false),
        member("max", Some(250_000), None, false),
        member("carla", None, None, true),
    ]
}
