//! The demo's order history (product brief, "Demo data"): a few past orders of
//! Müller through the real placing, deciding and vendor paths, and one order
//! waiting for Hannah.

use crate::api::orders::PlaceResult;
use crate::server::ServerContext;
use crate::services::orders::{
    self, AdvanceOrder, CartLine, DecideOrder, PlaceOrder, VendorStep, Verdict,
};
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::checkout::DetailsForm;

const DAY: i64 = 86_400_000;

/// The purchase order number of the delivered order with four ZP-16 pumps, which the
/// demo's service request is about.
pub const PUMP_ORDER_PO: &str = "PO-2026-0412";
const HOUR: i64 = 3_600_000;

struct DemoOrder {
    purchaser: &'static str,
    days_ago: i64,
    items: &'static [(&'static str, i64)],
    po: &'static str,
    /// Who approves (with their comment) when it needs approval.
    approver: Option<(&'static str, &'static str)>,
    /// How far the vendor has taken it.
    vendor_steps: &'static [VendorStep],
}

const ORDERS: &[DemoOrder] = &[
    DemoOrder {
        purchaser: "egon@mueller.example",
        days_ago: 26,
        items: &[("NH-PMP-1020", 4), ("NH-SPR-3000", 10)],
        po: PUMP_ORDER_PO,
        approver: None,
        vendor_steps: &[VendorStep::Confirm, VendorStep::Ship, VendorStep::Deliver],
    },
    DemoOrder {
        purchaser: "egon@mueller.example",
        days_ago: 12,
        items: &[("NH-PMP-1000", 5)],
        po: "PO-2026-0467",
        approver: Some(("hannah@mueller.example", "Approved for the Stuttgart line.")),
        vendor_steps: &[VendorStep::Confirm, VendorStep::Ship],
    },
    DemoOrder {
        purchaser: "hannah@mueller.example",
        days_ago: 4,
        items: &[("NH-PMP-1030", 20)],
        po: "PO-2026-0488",
        approver: None,
        vendor_steps: &[VendorStep::Confirm],
    },
];

/// Seeds the orders once, right after the rest of the demo data, through the same
/// operations people use (each at its moment in the past). Their mails are history:
/// they are marked as delivered instead of being sent to the demo's made-up addresses
/// at start-up (the waiting order is in Hannah's inbox page).
pub async fn seed(ctx: &ServerContext, now: i64) -> Result<(), ServiceError> {
    let store = &ctx.store;
    let person = |email: &'static str| async move {
        let record = store.user_by_email(email).await?.expect("demo user");
        Ok::<_, ServiceError>(Actor::of_person(record, Locale::default()))
    };
    let vera = person("vera@nordhydraulik.example").await?;
    for (i, demo) in ORDERS.iter().enumerate() {
        let at = now - demo.days_ago * DAY;
        let purchaser = person(demo.purchaser).await?;
        let key = format!("demo-{i}");
        let Some(order_id) = place(&ctx.at(at), &purchaser, demo.items, demo.po, &key).await?
        else {
            continue;
        };
        if let Some((approver, comment)) = demo.approver {
            let decision = DecideOrder {
                order_id: order_id.clone(),
                step: 0,
                revision: None,
                verdict: Some(Verdict::Approve),
                comment: comment.into(),
            };
            let approver = person(approver).await?;
            orders::decide(&ctx.at(at + 3 * HOUR), &approver, decision).await?;
        }
        for (n, step) in demo.vendor_steps.iter().enumerate() {
            let when = at + (n as i64 + 1) * DAY;
            let advance = AdvanceOrder {
                order_id: order_id.clone(),
                step: Some(*step),
                ..AdvanceOrder::default()
            };
            orders::advance(&ctx.at(when), &vera, advance).await?;
        }
    }
    // Waiting for Hannah since two hours: her inbox has something in it.
    let egon = person("egon@mueller.example").await?;
    let items = &[("NH-PMP-1000", 6)];
    place(
        &ctx.at(now - 2 * HOUR),
        &egon,
        items,
        "PO-2026-0501",
        "demo-waiting",
    )
    .await?;
    store.mark_history_mail_sent("order/%", now).await?;
    Ok(())
}

/// Puts `items` into the purchaser's cart and places it; the new order's id.
async fn place(
    ctx: &ServerContext,
    purchaser: &Actor,
    items: &[(&str, i64)],
    po: &str,
    key: &str,
) -> Result<Option<String>, ServiceError> {
    for (sku, quantity) in items {
        let line = CartLine {
            sku: sku.to_string(),
            quantity: quantity.to_string(),
        };
        orders::add_to_cart(ctx, purchaser, line).await?;
    }
    let details = DetailsForm {
        po_number: po.into(),
        cost_center: "4711".into(),
        delivery_address:
            "Maschinenbau Müller GmbH\nWareneingang\nIndustriestraße 5\n70565 Stuttgart".into(),
        ..DetailsForm::default()
    };
    let order = PlaceOrder {
        idempotency_key: key.into(),
        details,
    };
    Ok(match orders::place(ctx, purchaser, order).await? {
        PlaceResult::Placed { order_id, .. } => Some(order_id),
        other => {
            tracing::warn!(?other, "a demo order was not placed");
            None
        }
    })
}

/// The number of Egon's delivered demo order with the four ZP-16 pumps (#1 unless the
/// demo's order history came first): the demo's invoice, delivery note and service
/// requests name it.
pub async fn pump_order_number(store: &kontor_store::Store) -> Result<i64, ServiceError> {
    let egon = store
        .user_by_email("egon@mueller.example")
        .await?
        .expect("demo user");
    let query = kontor_store::orders::OrderQuery {
        organization_id: Some(&egon.organization_id),
        purchaser_id: Some(&egon.id),
        limit: 20,
        ..Default::default()
    };
    let number = store
        .orders_page(&query)
        .await?
        .into_iter()
        .find(|o| o.po_number.as_deref() == Some(PUMP_ORDER_PO))
        .map(|o| o.number);
    number.ok_or(ServiceError::NotFound)
}
