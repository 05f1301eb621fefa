//! Placing an order: the placement rule, run inside the store's transaction.

use super::*;

/// The cart's checkout: the order's details as typed, and the key that makes a
/// repeated submit (a second click, a retry after a lost answer) place it once.
pub struct PlaceOrder {
    pub idempotency_key: String,
    pub details: DetailsForm,
}

/// Places the actor's cart: approved at once, or waiting for the approval chain the
/// domain works out, or refused (with the reason).
pub async fn place(
    ctx: &ServerContext,
    actor: &Actor,
    PlaceOrder {
        idempotency_key,
        details: form,
    }: PlaceOrder,
) -> Result<PlaceResult, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let now = ctx.now();
    let key = idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        let mut problems = FormProblems::default();
        problems.add("idempotency_key", FieldProblem::Required);
        return Ok(PlaceResult::Invalid(problems));
    }
    let details = match form.parse(now) {
        Ok(d) => d,
        Err(problems) => return Ok(PlaceResult::Invalid(problems)),
    };
    let outcome = place_cart(ctx, &user.record, key, details, now).await?;
    match outcome {
        PlaceOutcome::Placed {
            order_id, state, ..
        }
        | PlaceOutcome::AlreadyPlaced {
            order_id, state, ..
        } => Ok(PlaceResult::Placed { order_id, state }),
        PlaceOutcome::Refused(r) => Ok(PlaceResult::Refused(r)),
        PlaceOutcome::NotFound => Err(ServiceError::NotFound),
    }
}

/// Places `user`'s cart at `now`: the rule run inside the store's transaction.
async fn place_cart(
    ctx: &ServerContext,
    user: &UserRecord,
    key: &str,
    details: OrderDetails,
    now: i64,
) -> kontor_store::Result<PlaceOutcome<Refusal>> {
    let day = berlin_day(now);
    let outcome = ctx
        .store
        .place_order(
            &user.organization_id,
            &user.id,
            key,
            day.0,
            berlin_month(now),
            now,
            |c: &PlacementContext| {
                let routed = price_and_route(
                    &c.team,
                    &user.id,
                    &c.cart,
                    c.terms.as_ref(),
                    day,
                    c.spent_this_month,
                )?;
                Ok(new_order(ctx, user, c, routed, details, now, None))
            },
        )
        .await?;
    if matches!(outcome, PlaceOutcome::Placed { .. }) {
        (ctx.mail_written)();
    }
    Ok(outcome)
}

/// Where an order comes from when it is not a cart: the accepted quote's id, number
/// and version.
pub(crate) struct FromQuote<'a> {
    pub id: &'a str,
    pub number: i64,
    pub version: i64,
}

/// The order placement writes for `user`: its events, the mails (confirmation and
/// the account manager's notice when approved at once, the approval requests with
/// their decision links otherwise) and the audit entry. For a cart and an accepted
/// quote alike.
pub(crate) fn new_order(
    ctx: &ServerContext,
    user: &UserRecord,
    c: &PlacementContext,
    Routed {
        quote: q,
        terms,
        state,
        chain,
    }: Routed,
    details: OrderDetails,
    now: i64,
    from_quote: Option<FromQuote<'_>>,
) -> NewOrder {
    let mailer = Mailer {
        ctx,
        order: MailOrder {
            id: &c.order_id,
            organization_id: &c.customer.id,
            number: c.number,
            company: &c.customer.name,
            purchaser_name: &user.display_name,
            lines: &q.lines,
            revision: 0,
            goods: q.goods,
            shipping: q.shipping,
            total: q.total,
            terms: &terms,
            from_quote: from_quote.as_ref().map(|f| (f.number, f.version)),
        },
    };
    let mut events = vec![user_event("placed", None, user)];
    let mut mails = Vec::new();
    let mut links = Vec::new();
    if state == OrderState::Approved {
        events.push(system_event("auto_approved", None));
        mails.push(mailer.confirmation(user, &[]));
        mails.extend(mailer.new_order(account_manager(&c.customer)));
    } else {
        let pending = Pending {
            purchaser_id: &user.id,
            steps: &chain,
            current: 0,
            step_since: now,
        };
        (mails, links) = requests(&mailer, &pending, &c.team, &c.deputies, c.times, now);
    }
    NewOrder {
        state,
        purchaser_name: user.display_name.clone(),
        details,
        audit: order_audit(
            &c.order_id,
            c.number,
            &c.customer.id,
            user,
            "order.placed",
            format!("{} {}", q.total.cents(), state.as_str()),
        ),
        quote: q,
        chain,
        terms_version_id: c.terms.as_ref().map(|v| v.id.clone()),
        terms,
        events,
        mails,
        links,
        from_quote: from_quote.map(|f| (f.id.to_string(), f.version)),
    }
}

/// An order priced and routed as if placed on `day`: its quote under the terms in
/// force, and approved at once or waiting for its chain.
pub(crate) struct Routed {
    pub(crate) quote: kontor_domain::checkout::Quote,
    pub(crate) terms: Terms,
    pub(crate) state: OrderState,
    pub(crate) chain: Vec<Step>,
}

/// Prices `lines` for `day` and works out who must approve, for placing a cart and
/// for changing a waiting order alike (the rules are the domain's `quote` and
/// `assess`); `spent` is the purchaser's month without this order.
pub(super) fn price_and_route(
    team: &[UserRecord],
    purchaser_id: &str,
    lines: &[kontor_domain::checkout::CartLine],
    terms: Option<&kontor_store::conditions::TermsVersion>,
    day: kontor_domain::calendar::Day,
    spent: Money,
) -> Result<Routed, Refusal> {
    let members: Vec<Member> = team.iter().map(member_of).collect();
    let purchaser = members
        .iter()
        .find(|m| m.id == purchaser_id)
        .ok_or(Refusal::NobodyCanApprove)?;
    let terms = terms.map_or_else(Terms::standard, |v| v.terms.clone());
    let quote = quote(lines, &terms, day).ok_or(Refusal::TooLarge)?;
    let (state, chain) = match assess(purchaser, &members, lines, &quote, &terms, spent) {
        Placement::ApprovedAtOnce => (OrderState::Approved, Vec::new()),
        Placement::NeedsApproval { steps, .. } => (OrderState::PendingApproval, steps),
        Placement::Refused(r) => return Err(r),
    };
    Ok(Routed {
        quote,
        terms,
        state,
        chain,
    })
}

/// Routes an order whose lines and prices were agreed in a quote: only the spending
/// rules apply (limit, budget, approval chain), see `checkout::assess_total`.
pub(crate) fn route_agreed(
    team: &[UserRecord],
    purchaser_id: &str,
    quote: kontor_domain::checkout::Quote,
    terms: Terms,
    spent: Money,
) -> Result<Routed, Refusal> {
    let members: Vec<Member> = team.iter().map(member_of).collect();
    let purchaser = members
        .iter()
        .find(|m| m.id == purchaser_id)
        .ok_or(Refusal::NobodyCanApprove)?;
    let (state, chain) =
        match kontor_domain::checkout::assess_total(purchaser, &members, quote.total, spent) {
            Placement::ApprovedAtOnce => (OrderState::Approved, Vec::new()),
            Placement::NeedsApproval { steps, .. } => (OrderState::PendingApproval, steps),
            Placement::Refused(r) => return Err(r),
        };
    Ok(Routed {
        quote,
        terms,
        state,
        chain,
    })
}

/// "Please approve" to everyone who may decide the step now: its approver (or the
/// admins) and their deputies for today.
pub(super) fn requests(
    mailer: &Mailer<'_>,
    pending: &Pending<'_>,
    team: &[UserRecord],
    deputies: &[Deputy],
    times: ApprovalTimes,
    now: i64,
) -> (Vec<NewMail>, Vec<NewApprovalLink>) {
    let members = members_of(team);
    let a = Authority {
        members: &members,
        deputies,
        times,
    };
    holders(pending, &a, now)
        .iter()
        .filter_map(|id| team.iter().find(|u| &u.id == id))
        .map(|to| {
            let deputy_for = match may_decide(pending, &to.id, &a, now) {
                MayDecide::Yes(Capacity::Deputy { for_user }) => Some(name_of(team, &for_user)),
                _ => None,
            };
            mailer.approval_request(pending.current as i64, to, deputy_for.as_deref(), now)
        })
        .unzip()
}
