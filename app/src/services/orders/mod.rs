//! Cart, placing, deciding and following orders: the operations behind
//! `api::orders`, the demo's order history and the notice loop. The rules are the
//! domain's (`checkout`, `approval`, `decision`, `order`); this module checks that the
//! actor may, reads what the rules need, runs them inside the store's transaction and
//! turns their outcomes into mails, history and answers.

// `|s| Action::PlaceOrder(s)` is not redundant: the variant itself is not general
// enough for the `for<'a> fn(CustomerScope<'a>) -> Action<'a>` the checks take.
#![allow(clippy::redundant_closure)]

use crate::api::orders::{
    ApprovalsView, CartChange, CartView, ChainStep, DecideResult, DeputyView, MySpending,
    OrderDetail, OrderList, OrderRow, PlaceResult, Preview, QuickOrderOutcome, QuickProblem,
    SettingOutcome, SpendRow, StepNames, StepStatus, TimelineEntry, WaitingOrder,
};
use crate::i18n::OrderTexts;
use crate::mail::{Letter, To, account_manager};
use crate::server::ServerContext;
use crate::server::auth::token_hash;
use crate::services::{Actor, Person, ServiceError, access_of};
use kontor_domain::Money;
use kontor_domain::access::{Access, Action, CustomerScope, Role};
use kontor_domain::approval::{Member, Step};
use kontor_domain::calendar::{berlin_day, berlin_month};
use kontor_domain::checkout::{
    DetailsForm, Headroom, OrderDetails, Placement, PricedLine, QuickLine, Refusal, assess,
    parse_quantity, parse_quick_order, quote,
};
use kontor_domain::decision::{
    AfterApproval, ApprovalTimes, Authority, Capacity, Deputy, MayDecide, Pending, after_approval,
    holders, may_decide,
};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::order::{OrderEvent, OrderState, parse_comment, parse_external_text};
use kontor_domain::terms::Terms;
use kontor_store::accounts::UserRecord;
use kontor_store::audit::AuditEntry;
use kontor_store::orders::{
    ChangeOrder, NewApprovalLink, NewEvent, NewOrder, OrderQuery, OrderRecord, OrderSituation,
    OrderUpdate, PlaceOutcome, PlacementContext, member_of,
};
use kontor_store::outbox::NewMail;
use mail::{MailOrder, Mailer};

mod amend;
mod approvals;
mod by_link;
mod cart;
mod decide;
mod feed;
mod mail;
mod notices;
mod place;
mod read;

pub use amend::{AmendOrder, amend};
pub use approvals::{ApprovalTimesForm, DeputyForm, approvals, set_approval_times, set_deputy};
pub use by_link::{decide_by_link, link_view};
pub use cart::{
    CartLine, add_to_cart, cart_view, quick_order, reorder, spending, update_cart_line,
};
use decide::mailer_for;
pub use decide::{AdvanceOrder, DecideOrder, VendorStep, Verdict, advance, decide, withdraw};
use decide::{Decision, comment_of, decide_rule, purchaser_of};
pub use feed::{FEED_PAGE_MAX, FeedQuery, changes, order_with_lines};
pub use notices::send_notices;
pub(crate) use place::{FromQuote, Routed, new_order, route_agreed};
pub use place::{PlaceOrder, place};
use place::{price_and_route, requests};
pub use read::{OrderListQuery, detail, list};
use read::{capacity_code, visible_to_member, visible_to_staff};

const PAGE: i64 = 25;

/// Whose orders a customer member sees: the whole organization's (`None`), or — a
/// purchaser without a wider role — only their own (`Some(their id)`). The order
/// list, an order's page and the service request form all ask this.
pub(crate) fn only_own_orders(user: &UserRecord) -> Option<&str> {
    let all = access_of(user)
        .may(Action::SeeAllOrders(CustomerScope {
            organization_id: &user.organization_id,
            account_manager_id: None,
        }))
        .is_allowed();
    (!all).then_some(user.id.as_str())
}

fn own_scope(user: &Person) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &user.record.organization_id,
        account_manager_id: None,
    }
}

/// The actor if they are a customer member who may do `action` in their own
/// organization.
fn member_may(
    actor: &Actor,
    action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
) -> Result<&Person, ServiceError> {
    let user = actor.person()?;
    if actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    ServiceError::require(actor.may(action(own_scope(user))))?;
    Ok(user)
}

/// The order's current step as the decision rules see it.
fn pending_of(o: &OrderRecord) -> Pending<'_> {
    Pending {
        purchaser_id: &o.purchaser_id,
        steps: &o.chain,
        current: o.current_step as usize,
        step_since: o.step_since,
    }
}

fn members_of(team: &[UserRecord]) -> Vec<Member> {
    team.iter().map(member_of).collect()
}

fn name_of(team: &[UserRecord], id: &str) -> String {
    team.iter()
        .find(|u| u.id == id)
        .map_or_else(|| "?".to_string(), |u| u.display_name.clone())
}

fn step_names(team: &[UserRecord], step: &Step) -> StepNames {
    match step {
        Step::Approver(id) => StepNames::Person(name_of(team, id)),
        Step::AnyAdmin(ids) => StepNames::Admins(ids.iter().map(|id| name_of(team, id)).collect()),
    }
}

fn system_event(kind: &'static str, step: Option<i64>) -> NewEvent {
    NewEvent {
        kind,
        step,
        actor_id: None,
        actor_name: "Kontor".into(),
        capacity: None,
        on_behalf_of: None,
        comment: None,
    }
}

fn user_event(kind: &'static str, step: Option<i64>, user: &UserRecord) -> NewEvent {
    NewEvent {
        actor_id: Some(user.id.clone()),
        actor_name: user.display_name.clone(),
        ..system_event(kind, step)
    }
}

fn order_audit(
    order_id: &str,
    number: i64,
    organization_id: &str,
    user: &UserRecord,
    action: &str,
    after: String,
) -> AuditEntry {
    AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: Some(user.id.clone()),
        actor_name: user.display_name.clone(),
        action: action.to_string(),
        target: format!("order:{order_id} #{number}"),
        before: None,
        after: Some(after),
    }
}
