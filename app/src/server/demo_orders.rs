//! The demo's order history (product brief, "Demo data"): a few past orders of
//! Müller through the real placing, deciding and vendor paths, and one order
//! waiting for Hannah.

use crate::server::ServerContext;
use crate::server::orders::{advance_as, decide_as, place_as};
use kontor_domain::checkout::OrderDetails;
use kontor_domain::order::OrderEvent;
use kontor_store::orders::PlaceOutcome;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

struct DemoOrder {
    purchaser: &'static str,
    days_ago: i64,
    items: &'static [(&'static str, i64)],
    po: &'static str,
    /// Who approves (with their comment) when it needs approval.
    approver: Option<(&'static str, &'static str)>,
    /// How far the vendor has taken it.
    vendor_steps: &'static [(OrderEvent, &'static str)],
}

const ORDERS: &[DemoOrder] = &[
    DemoOrder {
        purchaser: "egon@mueller.example",
        days_ago: 26,
        items: &[("NH-PMP-1020", 4), ("NH-SPR-3000", 10)],
        po: "PO-2026-0412",
        approver: None,
        vendor_steps: &[
            (OrderEvent::Confirm, "confirmed"),
            (OrderEvent::Ship, "shipped"),
            (OrderEvent::Deliver, "delivered"),
        ],
    },
    DemoOrder {
        purchaser: "egon@mueller.example",
        days_ago: 12,
        items: &[("NH-PMP-1000", 5)],
        po: "PO-2026-0467",
        approver: Some(("hannah@mueller.example", "Approved for the Stuttgart line.")),
        vendor_steps: &[
            (OrderEvent::Confirm, "confirmed"),
            (OrderEvent::Ship, "shipped"),
        ],
    },
    DemoOrder {
        purchaser: "hannah@mueller.example",
        days_ago: 4,
        items: &[("NH-PMP-1030", 20)],
        po: "PO-2026-0488",
        approver: None,
        vendor_steps: &[(OrderEvent::Confirm, "confirmed")],
    },
];

/// Seeds the orders once, right after the rest of the demo data. Their mails are
/// history: they are marked as delivered instead of being sent to the demo's
/// made-up addresses at start-up (the waiting order is in Hannah's inbox page).
pub async fn seed(ctx: &ServerContext, now: i64) -> kontor_store::Result<()> {
    let store = &ctx.store;
    let user = |email: &'static str| async move {
        store
            .user_by_email(email)
            .await
            .map(|u| u.expect("demo user"))
    };
    let vera = user("vera@nordhydraulik.example").await?;
    for (i, demo) in ORDERS.iter().enumerate() {
        let at = now - demo.days_ago * DAY;
        let purchaser = user(demo.purchaser).await?;
        let id = place(
            ctx,
            &purchaser,
            demo.items,
            demo.po,
            &format!("demo-{i}"),
            at,
        )
        .await?;
        let Some(id) = id else { continue };
        let mut order = store.order(&id, None).await?.expect("placed");
        if let Some((approver, comment)) = demo.approver {
            let approver = user(approver).await?;
            decide_as(
                ctx,
                &approver,
                &order,
                0,
                true,
                Some(comment.into()),
                at + 3 * HOUR,
            )
            .await?;
        }
        for (step, (event, kind)) in demo.vendor_steps.iter().enumerate() {
            order = store.order(&id, None).await?.expect("placed");
            let when = at + (step as i64 + 1) * DAY;
            advance_as(ctx, &vera, &order, *event, kind, None, when).await?;
        }
    }
    // Waiting for Hannah since two hours: her inbox has something in it.
    let egon = user("egon@mueller.example").await?;
    place(
        ctx,
        &egon,
        &[("NH-PMP-1000", 6)],
        "PO-2026-0501",
        "demo-waiting",
        now - 2 * HOUR,
    )
    .await?;
    store.mark_history_mail_sent("order/%", now).await?;
    Ok(())
}

async fn place(
    ctx: &ServerContext,
    purchaser: &kontor_store::accounts::UserRecord,
    items: &[(&str, i64)],
    po: &str,
    key: &str,
    at: i64,
) -> kontor_store::Result<Option<String>> {
    let items: Vec<(String, i64)> = items.iter().map(|(s, q)| (s.to_string(), *q)).collect();
    ctx.store
        .add_to_cart(&purchaser.organization_id, &purchaser.id, &items, at)
        .await?;
    let details = OrderDetails {
        po_number: Some(po.into()),
        cost_center: Some("4711".into()),
        delivery_address:
            "Maschinenbau Müller GmbH\nWareneingang\nIndustriestraße 5\n70565 Stuttgart".into(),
        requested_date: None,
        note: None,
    };
    Ok(match place_as(ctx, purchaser, key, details, at).await? {
        PlaceOutcome::Placed { order_id, .. } => Some(order_id),
        other => {
            tracing::warn!(?other, "a demo order was not placed");
            None
        }
    })
}
