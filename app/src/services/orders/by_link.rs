//! Deciding from the mail: the approval mails carry a single-use link per approver
//! and step. Opening it shows the order and changes nothing (mail scanners open
//! links); confirming decides as that approver under the portal's rules, once.

use super::*;
use crate::api::orders::{LinkDecision, LinkOrder, LinkRefusal, LinkView};
use kontor_store::orders::{ApprovalLinkRecord, LinkChange};

/// Why a stored link decides nothing now, judged on the order as it is.
fn refusal_for(
    link: &ApprovalLinkRecord,
    sit: &OrderSituation,
    lines: &[PricedLine],
    now: i64,
) -> Option<LinkRefusal> {
    let o = &sit.order;
    if o.state == OrderState::Expired {
        return Some(LinkRefusal::OrderExpired);
    }
    // A changed order first: its step may have moved too, but "changed" is the news.
    if mail::content_hash(lines, o.total, o.revision) != link.content_hash {
        return Some(LinkRefusal::Changed);
    }
    if o.state != OrderState::PendingApproval || o.current_step != link.step {
        return Some(LinkRefusal::Decided);
    }
    let Some(decider) = sit.team.iter().find(|u| u.id == link.user_id) else {
        return Some(LinkRefusal::Deactivated);
    };
    if !decider.active {
        return Some(LinkRefusal::Deactivated);
    }
    let scope = CustomerScope {
        organization_id: &o.organization_id,
        account_manager_id: None,
    };
    if !access_of(decider)
        .may(Action::ApproveOrders(scope))
        .is_allowed()
    {
        return Some(LinkRefusal::NotYours);
    }
    let members = members_of(&sit.team);
    let authority = Authority {
        members: &members,
        deputies: &sit.deputies,
        times: sit.times,
    };
    match may_decide(&pending_of(o), &decider.id, &authority, now) {
        MayDecide::Yes(_) => None,
        _ => Some(LinkRefusal::NotYours),
    }
}

/// A link that is not there or not usable any more, as its holder is told.
fn gone(link: Option<&ApprovalLinkRecord>, now: i64) -> LinkRefusal {
    match link {
        None => LinkRefusal::Unknown,
        Some(l) if l.used_at.is_some() => LinkRefusal::Used,
        Some(l) if l.expires_at <= now => LinkRefusal::Expired,
        Some(_) => LinkRefusal::Decided,
    }
}

/// The order behind a link, for its confirmation page. Reads only.
pub async fn link_view(ctx: &ServerContext, token: &str) -> Result<LinkView, ServiceError> {
    let now = ctx.now();
    let stored = ctx.store.approval_link(&token_hash(token)).await?;
    let Some(link) = stored
        .clone()
        .filter(|l| l.used_at.is_none() && l.expires_at > now)
    else {
        return Ok(LinkView::Refused(gone(stored.as_ref(), now)));
    };
    let org = &link.organization_id;
    let (order, customer, team, deputies, times, lines) = tokio::try_join!(
        ctx.store.order(&link.order_id, Some(org)),
        ctx.store.customer(org),
        ctx.store.team(org),
        ctx.store.deputies(org),
        ctx.store.approval_times(org),
        ctx.store.order_lines(&link.order_id),
    )?;
    let (Some(order), Some(customer)) = (order, customer) else {
        return Ok(LinkView::Refused(LinkRefusal::Unknown));
    };
    let sit = OrderSituation {
        order,
        customer,
        team,
        deputies,
        times,
    };
    if let Some(refusal) = refusal_for(&link, &sit, &lines, now) {
        return Ok(LinkView::Refused(refusal));
    }
    let o = &sit.order;
    Ok(LinkView::Open(LinkOrder {
        number: o.number,
        company: sit.customer.name.clone(),
        purchaser: o.purchaser_name.clone(),
        goods: o.goods,
        shipping: o.shipping,
        total: o.total,
        decider: name_of(&sit.team, &link.user_id),
        expires_at: link.expires_at,
        lines,
    }))
}

/// Decides the link's step as its approver: approve, or reject with a comment. The
/// link is used up in the same transaction as the decision; of parallel
/// confirmations exactly one decides.
pub async fn decide_by_link(
    ctx: &ServerContext,
    token: &str,
    verdict: Option<Verdict>,
    comment: &str,
) -> Result<LinkDecision, ServiceError> {
    let hash = token_hash(token);
    let now = ctx.now();
    let Some(link) = ctx.store.approval_link(&hash).await? else {
        return Ok(LinkDecision::Refused(LinkRefusal::Unknown));
    };
    let mut problems = FormProblems::default();
    let approve = match verdict {
        Some(verdict) => verdict == Verdict::Approve,
        None => {
            problems.add("decision", FieldProblem::Required);
            false
        }
    };
    let event = if approve {
        OrderEvent::FinalApproval
    } else {
        OrderEvent::Reject
    };
    let comment = comment_of(comment, "comment", event, &mut problems);
    if !problems.is_empty() {
        return Ok(LinkDecision::Invalid(problems));
    }
    let lines = ctx.store.order_lines(&link.order_id).await?;
    let outcome = ctx
        .store
        .change_order_by_link(&hash, now, |link, sit| {
            if let Some(refusal) = refusal_for(link, sit, &lines, now) {
                return Err(refusal);
            }
            let decider = sit
                .team
                .iter()
                .find(|u| u.id == link.user_id)
                .ok_or(LinkRefusal::Deactivated)?;
            let decision = Decision {
                decider,
                step: link.step,
                // The link's content hash holds the revision.
                revision: None,
                approve,
                comment,
                now,
            };
            decide_rule(ctx, sit, &lines, decision).map_err(|result| match result {
                DecideResult::AlreadyDecided => LinkRefusal::Decided,
                DecideResult::Changed => LinkRefusal::Changed,
                _ => LinkRefusal::NotYours,
            })
        })
        .await?;
    Ok(match outcome {
        LinkChange::Changed(state) => {
            (ctx.mail_written)();
            LinkDecision::Decided(state)
        }
        LinkChange::Refused(refusal) => LinkDecision::Refused(refusal),
        LinkChange::Gone => {
            let stored = ctx.store.approval_link(&hash).await?;
            LinkDecision::Refused(gone(stored.as_ref(), now))
        }
    })
}
