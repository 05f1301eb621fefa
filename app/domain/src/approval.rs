//! Spending limits, monthly budgets and who must approve an order
//! (`docs/domain-rules.md`, "Spending limits, budgets and who approves").
//!
//! Decisions taken here where the rules are silent:
//! - A member without a per-order limit covers no order: a purchaser without a limit
//!   needs approval for everything; an approver without one can never end the chain.
//! - A chain that comes back to someone already in it (a reports-to cycle, which the
//!   accounts rules forbid but old data could hold) stops there and goes to the admins.

use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A user of the customer organization, as far as approvals are concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub active: bool,
    pub is_admin: bool,
    pub per_order_limit: Option<Money>,
    pub monthly_budget: Option<Money>,
    /// Who approves this member's orders.
    pub approver: Option<String>,
}

/// What the spending rules say about one order of one purchaser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Spending {
    /// Covered by the per-order limit and, if there is one, the monthly budget.
    Covered,
    NeedsApproval {
        over_limit: bool,
        over_budget: bool,
    },
}

/// Checks an order total against the purchaser's limit (covered when total ≤ limit)
/// and monthly budget (covered when the month's other orders, pending ones included,
/// plus this total ≤ budget). `spent_this_month` must already exclude rejected,
/// withdrawn and cancelled orders.
pub fn check_spending(purchaser: &Member, total: Money, spent_this_month: Money) -> Spending {
    let over_limit = !covers(purchaser.per_order_limit, total);
    let over_budget = match purchaser.monthly_budget {
        None => false,
        Some(budget) => spent_this_month
            .checked_add(total)
            .is_none_or(|sum| sum > budget),
    };
    if over_limit || over_budget {
        Spending::NeedsApproval {
            over_limit,
            over_budget,
        }
    } else {
        Spending::Covered
    }
}

fn covers(limit: Option<Money>, total: Money) -> bool {
    limit.is_some_and(|limit| total <= limit)
}

/// One step of an approval chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// This approver decides.
    Approver(String),
    /// Any one of these admins decides (the chain had no one with enough authority).
    AnyAdmin(Vec<String>),
}

/// Where an order goes when it is placed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Routing {
    ApprovedAtOnce,
    /// Every step must approve, in order.
    Approval(Vec<Step>),
    /// "Nobody in your organization can approve this amount — ask your administrator."
    NobodyCanApprove,
}

/// Routes an order of `purchaser_id` for `total` through the organization's members.
pub fn route(members: &[Member], purchaser_id: &str, total: Money, spending: &Spending) -> Routing {
    if *spending == Spending::Covered {
        return Routing::ApprovedAtOnce;
    }
    let find = |id: &str| members.iter().find(|m| m.id == id);
    let mut steps = Vec::new();
    let mut seen: HashSet<&str> = HashSet::from([purchaser_id]);
    let mut next = find(purchaser_id).and_then(|p| p.approver.as_deref());
    while let Some(id) = next {
        if !seen.insert(id) {
            break;
        }
        let Some(member) = find(id) else { break };
        next = member.approver.as_deref();
        // A deactivated approver is skipped: their own approver takes their place.
        if !member.active {
            continue;
        }
        steps.push(Step::Approver(member.id.clone()));
        if covers(member.per_order_limit, total) {
            return Routing::Approval(steps);
        }
    }
    let admins: Vec<String> = members
        .iter()
        .filter(|m| m.is_admin && m.active && m.id != purchaser_id)
        .map(|m| m.id.clone())
        .collect();
    if admins.is_empty() {
        return Routing::NobodyCanApprove;
    }
    steps.push(Step::AnyAdmin(admins));
    Routing::Approval(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{member, mueller};
    use proptest::prelude::*;

    fn route_for(members: &[Member], purchaser: &str, euros: i64) -> Routing {
        let total = Money::from_cents(euros * 100);
        let p = members.iter().find(|m| m.id == purchaser).unwrap();
        route(
            members,
            purchaser,
            total,
            &check_spending(p, total, Money::ZERO),
        )
    }

    fn chain(ids: &[&str]) -> Routing {
        Routing::Approval(
            ids.iter()
                .map(|id| Step::Approver(id.to_string()))
                .collect(),
        )
    }

    #[test]
    fn the_worked_examples() {
        let m = mueller();
        assert_eq!(route_for(&m, "egon", 4_200), Routing::ApprovedAtOnce);
        assert_eq!(
            route_for(&m, "egon", 5_000),
            Routing::ApprovedAtOnce,
            "exactly the limit is covered"
        );
        assert_eq!(route_for(&m, "egon", 5_750), chain(&["hannah"]));
        assert_eq!(route_for(&m, "egon", 60_000), chain(&["hannah", "max"]));
        assert_eq!(route_for(&m, "hannah", 60_000), chain(&["max"]));
    }

    #[test]
    fn beyond_everyone_the_admins_decide_and_without_them_nobody_can() {
        let m = mueller();
        assert_eq!(
            route_for(&m, "egon", 300_000),
            Routing::Approval(vec![
                Step::Approver("hannah".into()),
                Step::Approver("max".into()),
                Step::AnyAdmin(vec!["carla".into()]),
            ])
        );
        let without_admin: Vec<Member> = m.into_iter().filter(|x| x.id != "carla").collect();
        assert_eq!(
            route_for(&without_admin, "egon", 300_000),
            Routing::NobodyCanApprove
        );
    }

    #[test]
    fn a_deactivated_approver_is_skipped() {
        let mut m = mueller();
        m[1].active = false; // Hannah left.
        assert_eq!(route_for(&m, "egon", 5_750), chain(&["max"]));
    }

    #[test]
    fn an_admin_never_approves_their_own_order() {
        let m = vec![
            member("bob", Some(10_000), None, true),
            member("anna", None, None, true),
        ];
        assert_eq!(
            route_for(&m, "bob", 12_000),
            Routing::Approval(vec![Step::AnyAdmin(vec!["anna".into()])])
        );
        assert_eq!(route_for(&m[..1], "bob", 12_000), Routing::NobodyCanApprove);
    }

    #[test]
    fn the_monthly_budget_counts_pending_orders_too() {
        let mut egon = mueller()[0].clone();
        egon.monthly_budget = Some(Money::from_cents(800_000));
        let total = Money::from_cents(300_000);
        assert_eq!(
            check_spending(&egon, total, Money::from_cents(500_000)),
            Spending::Covered,
            "exactly the budget"
        );
        assert_eq!(
            check_spending(&egon, total, Money::from_cents(500_001)),
            Spending::NeedsApproval {
                over_limit: false,
                over_budget: true
            }
        );
    }

    #[test]
    fn a_purchaser_without_a_limit_needs_approval_for_everything() {
        let m = vec![
            member("ida", None, Some("max"), false),
            member("max", Some(1_000), None, false),
        ];
        assert_eq!(route_for(&m, "ida", 1), chain(&["max"]));
    }

    fn org() -> impl Strategy<Value = Vec<Member>> {
        // Up to 8 members with arbitrary approvers (cycles included), limits and flags.
        (1usize..8).prop_flat_map(|n| {
            proptest::collection::vec(
                (
                    any::<bool>(),
                    any::<bool>(),
                    proptest::option::of(0i64..100_000),
                    proptest::option::of(0..n),
                ),
                n,
            )
            .prop_map(move |rows| {
                rows.into_iter()
                    .enumerate()
                    .map(|(i, (active, is_admin, limit, approver))| Member {
                        id: format!("u{i}"),
                        active,
                        is_admin,
                        per_order_limit: limit.map(Money::from_cents),
                        monthly_budget: None,
                        approver: approver.map(|a| format!("u{a}")),
                    })
                    .collect()
            })
        })
    }

    proptest! {
        #[test]
        fn routing_always_ends_well(members in org(), total in 0i64..120_000, who in 0usize..8) {
            let purchaser = &members[who % members.len()];
            let total = Money::from_cents(total);
            let spending = check_spending(purchaser, total, Money::ZERO);
            match route(&members, &purchaser.id, total, &spending) {
                Routing::ApprovedAtOnce => prop_assert_eq!(spending, Spending::Covered),
                Routing::NobodyCanApprove => {
                    prop_assert!(!members.iter().any(|m| m.is_admin && m.active && m.id != purchaser.id));
                }
                Routing::Approval(steps) => {
                    prop_assert!(!steps.is_empty());
                    let mut seen = HashSet::new();
                    for (i, step) in steps.iter().enumerate() {
                        match step {
                            Step::Approver(id) => {
                                prop_assert_ne!(id, &purchaser.id, "never the purchaser");
                                prop_assert!(seen.insert(id.clone()), "nobody twice");
                                let m = members.iter().find(|m| &m.id == id).unwrap();
                                prop_assert!(m.active);
                                // Only the last approver may cover the total.
                                let covering = m.per_order_limit.is_some_and(|l| total <= l);
                                prop_assert_eq!(covering, i == steps.len() - 1);
                            }
                            Step::AnyAdmin(admins) => {
                                prop_assert_eq!(i, steps.len() - 1, "admins only as the last step");
                                prop_assert!(!admins.is_empty() && !admins.contains(&purchaser.id));
                            }
                        }
                    }
                }
            }
        }

        #[test]
        fn budget_arithmetic_is_exact(spent in 0i64..10_000_000, total in 0i64..10_000_000, budget in 0i64..20_000_000) {
            let mut m = Member { id: "p".into(), active: true, is_admin: false,
                per_order_limit: Some(Money::from_cents(i64::MAX / 4)), monthly_budget: Some(Money::from_cents(budget)), approver: None };
            let outcome = check_spending(&m, Money::from_cents(total), Money::from_cents(spent));
            prop_assert_eq!(outcome == Spending::Covered, spent + total <= budget);
            m.monthly_budget = None;
            prop_assert_eq!(check_spending(&m, Money::from_cents(total), Money::from_cents(spent)), Spending::Covered);
        }
    }
}
