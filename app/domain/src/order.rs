//! The order state machine (`docs/domain-rules.md`, "Order states").
//!
//! draft → pending approval → approved → confirmed → shipped → delivered;
//! pending approval → rejected; pending approval or approved → withdrawn (by the
//! purchaser, before the vendor confirms); confirmed → cancelled (by vendor staff, with
//! a reason). Placing an order that needs no approval goes from draft straight to
//! approved. Pending approval → expired when the organization set a longest waiting
//! time and the order waited longer (nobody decided in time). No other transition
//! exists.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderState {
    Draft,
    PendingApproval,
    Approved,
    Confirmed,
    Shipped,
    Delivered,
    Rejected,
    Withdrawn,
    Cancelled,
    /// Waited for approval longer than the organization allows.
    Expired,
}

/// Something that happens to an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderEvent {
    PlaceWithinLimits,
    PlaceNeedingApproval,
    /// The last required approval arrived.
    FinalApproval,
    Reject,
    Withdraw,
    Confirm,
    Ship,
    Deliver,
    Cancel,
    /// The organization's longest waiting time passed without a final decision.
    Expire,
}

impl OrderEvent {
    /// Rejecting and cancelling need a reason the other side can read.
    pub fn needs_reason(self) -> bool {
        matches!(self, OrderEvent::Reject | OrderEvent::Cancel)
    }
}

/// The longest comment or reason a decision keeps.
pub const COMMENT_MAX: usize = 1000;

/// The comment of a decision (`event`): optional, at most [`COMMENT_MAX`] characters,
/// required where the event needs a reason.
pub fn parse_comment(
    text: &str,
    event: OrderEvent,
) -> Result<Option<String>, crate::field::FieldProblem> {
    let comment = crate::text::optional_text(text, COMMENT_MAX)?;
    if comment.is_none() && event.needs_reason() {
        return Err(crate::field::FieldProblem::CommentRequired);
    }
    Ok(comment)
}

/// The longest order number, carrier name or tracking number another system gives us.
pub const EXTERNAL_TEXT_MAX: usize = 64;

/// An identifier from another system (the ERP's order number, a carrier's tracking
/// number): optional, one line, at most [`EXTERNAL_TEXT_MAX`] characters.
pub fn parse_external_text(text: &str) -> Result<Option<String>, crate::field::FieldProblem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(crate::text::required_line(text, EXTERNAL_TEXT_MAX)?))
}

/// Why an event does not apply to the order as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAllowed {
    pub state: OrderState,
    pub event: OrderEvent,
}

impl OrderState {
    pub const ALL: [OrderState; 10] = [
        OrderState::Draft,
        OrderState::PendingApproval,
        OrderState::Approved,
        OrderState::Confirmed,
        OrderState::Shipped,
        OrderState::Delivered,
        OrderState::Rejected,
        OrderState::Withdrawn,
        OrderState::Cancelled,
        OrderState::Expired,
    ];

    /// The state after `event`, or why it cannot happen now.
    pub fn apply(self, event: OrderEvent) -> Result<OrderState, NotAllowed> {
        use OrderEvent as E;
        use OrderState as S;
        match (self, event) {
            (S::Draft, E::PlaceWithinLimits) => Ok(S::Approved),
            (S::Draft, E::PlaceNeedingApproval) => Ok(S::PendingApproval),
            (S::PendingApproval, E::FinalApproval) => Ok(S::Approved),
            (S::PendingApproval, E::Reject) => Ok(S::Rejected),
            (S::PendingApproval, E::Expire) => Ok(S::Expired),
            (S::PendingApproval | S::Approved, E::Withdraw) => Ok(S::Withdrawn),
            (S::Approved, E::Confirm) => Ok(S::Confirmed),
            (S::Confirmed, E::Ship) => Ok(S::Shipped),
            (S::Shipped, E::Deliver) => Ok(S::Delivered),
            (S::Confirmed, E::Cancel) => Ok(S::Cancelled),
            (state, event) => Err(NotAllowed { state, event }),
        }
    }

    /// Lines and total may change only while the order is a cart.
    pub fn lines_editable(self) -> bool {
        self == OrderState::Draft
    }

    /// Counts against the monthly budget (pending orders included; an expired one
    /// leaves it, like a rejected one).
    pub fn counts_against_budget(self) -> bool {
        !matches!(
            self,
            OrderState::Draft
                | OrderState::Rejected
                | OrderState::Withdrawn
                | OrderState::Cancelled
                | OrderState::Expired
        )
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderState::Delivered
                | OrderState::Rejected
                | OrderState::Withdrawn
                | OrderState::Cancelled
                | OrderState::Expired
        )
    }

    /// Stable name for the database and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Draft => "draft",
            OrderState::PendingApproval => "pending_approval",
            OrderState::Approved => "approved",
            OrderState::Confirmed => "confirmed",
            OrderState::Shipped => "shipped",
            OrderState::Delivered => "delivered",
            OrderState::Rejected => "rejected",
            OrderState::Withdrawn => "withdrawn",
            OrderState::Cancelled => "cancelled",
            OrderState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderEvent as E;
    use OrderState as S;

    const EVENTS: [OrderEvent; 10] = [
        E::PlaceWithinLimits,
        E::PlaceNeedingApproval,
        E::FinalApproval,
        E::Reject,
        E::Withdraw,
        E::Confirm,
        E::Ship,
        E::Deliver,
        E::Cancel,
        E::Expire,
    ];

    #[test]
    fn exactly_the_documented_transitions_exist() {
        let allowed: Vec<(OrderState, OrderEvent, OrderState)> = S::ALL
            .into_iter()
            .flat_map(|s| {
                EVENTS
                    .into_iter()
                    .filter_map(move |e| s.apply(e).ok().map(|t| (s, e, t)))
            })
            .collect();
        assert_eq!(
            allowed,
            vec![
                (S::Draft, E::PlaceWithinLimits, S::Approved),
                (S::Draft, E::PlaceNeedingApproval, S::PendingApproval),
                (S::PendingApproval, E::FinalApproval, S::Approved),
                (S::PendingApproval, E::Reject, S::Rejected),
                (S::PendingApproval, E::Withdraw, S::Withdrawn),
                (S::PendingApproval, E::Expire, S::Expired),
                (S::Approved, E::Withdraw, S::Withdrawn),
                (S::Approved, E::Confirm, S::Confirmed),
                (S::Confirmed, E::Ship, S::Shipped),
                (S::Confirmed, E::Cancel, S::Cancelled),
                (S::Shipped, E::Deliver, S::Delivered),
            ]
        );
    }

    #[test]
    fn rejecting_and_cancelling_need_a_reason() {
        use crate::field::FieldProblem;
        assert_eq!(
            parse_comment("  ", E::Reject),
            Err(FieldProblem::CommentRequired)
        );
        assert_eq!(
            parse_comment("", E::Cancel),
            Err(FieldProblem::CommentRequired)
        );
        assert_eq!(parse_comment("", E::FinalApproval), Ok(None));
        assert_eq!(parse_comment(" fine ", E::Reject), Ok(Some("fine".into())));
        assert_eq!(
            parse_comment(&"x".repeat(COMMENT_MAX + 1), E::FinalApproval),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn final_states_stay_final_and_names_round_trip() {
        for state in S::ALL {
            if state.is_final() {
                assert!(EVENTS.iter().all(|e| state.apply(*e).is_err()), "{state:?}");
            }
            assert_eq!(S::parse(state.as_str()), Some(state));
        }
        assert!(!S::PendingApproval.lines_editable());
        assert!(
            S::PendingApproval.counts_against_budget() && !S::Withdrawn.counts_against_budget()
        );
        assert!(!S::Expired.counts_against_budget());
    }
}
