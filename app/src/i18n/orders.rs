//! Texts of the cart, orders, approvals and their mails. Generated field lists are
//! kept in one struct per language so that a text missing in one does not compile.

use super::label;
use kontor_domain::Locale;
use kontor_domain::order::OrderState;

pub struct OrderTexts {
    pub locale: Locale,
    pub cart_title: &'static str,
    pub cart_empty: &'static str,
    pub to_catalog: &'static str,
    pub quantity: &'static str,
    pub update: &'static str,
    pub remove: &'static str,
    pub unit_price: &'static str,
    pub line_total: &'static str,
    pub goods: &'static str,
    pub shipping: &'static str,
    pub free: &'static str,
    pub total: &'static str,
    pub vat_note: &'static str,
    pub add_to_cart: &'static str,
    pub added: &'static str,
    pub quick_title: &'static str,
    pub quick_hint: &'static str,
    pub quick_lines: &'static str,
    pub quick_added: &'static str,
    pub quick_problems: &'static str,
    pub line: &'static str,
    pub limits_title: &'static str,
    pub per_order_limit: &'static str,
    pub no_limit: &'static str,
    pub monthly_budget: &'static str,
    pub spent_this_month: &'static str,
    pub budget_left: &'static str,
    pub approved_at_once: &'static str,
    pub needs_approval_by: &'static str,
    pub then: &'static str,
    pub an_admin: &'static str,
    pub over_limit: &'static str,
    pub over_budget: &'static str,
    pub refused_empty: &'static str,
    pub refused_minimum: &'static str,
    pub refused_unavailable: &'static str,
    pub refused_nobody: &'static str,
    pub refused_too_large: &'static str,
    pub details_title: &'static str,
    pub po_number: &'static str,
    pub cost_center: &'static str,
    pub delivery_address: &'static str,
    pub requested_date: &'static str,
    pub requested_hint: &'static str,
    pub note: &'static str,
    pub place: &'static str,
    pub place_for_approval: &'static str,
    pub fix_fields: &'static str,
    pub orders_title: &'static str,
    pub orders_lead_own: &'static str,
    pub orders_lead_all: &'static str,
    pub orders_lead_vendor: &'static str,
    pub all_states: &'static str,
    pub status: &'static str,
    pub show: &'static str,
    pub order_no: &'static str,
    pub placed: &'static str,
    pub purchaser: &'static str,
    pub customer: &'static str,
    pub po: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub no_orders: &'static str,
    pub waiting_for: &'static str,
    pub chain_title: &'static str,
    pub step_done: &'static str,
    pub step_current: &'static str,
    pub step_next: &'static str,
    pub lines_title: &'static str,
    pub timeline_title: &'static str,
    pub order_terms: &'static str,
    pub decide_title: &'static str,
    pub comment: &'static str,
    pub comment_hint: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub decided_already: &'static str,
    pub link_title: &'static str,
    pub link_lead: &'static str,
    pub link_you_chose_reject: &'static str,
    pub link_approved: &'static str,
    pub link_rejected: &'static str,
    pub link_unknown: &'static str,
    pub link_used: &'static str,
    pub link_expired: &'static str,
    pub link_decided: &'static str,
    pub link_order_expired: &'static str,
    pub link_changed: &'static str,
    pub link_deactivated: &'static str,
    pub link_not_yours: &'static str,
    pub link_to_portal: &'static str,
    pub not_yours: &'static str,
    pub own_order: &'static str,
    pub withdraw: &'static str,
    pub withdraw_note: &'static str,
    pub change_order: &'static str,
    pub changed_meanwhile: &'static str,
    pub back_to_order: &'static str,
    /// `{number}`.
    pub change_title: &'static str,
    pub change_lead: &'static str,
    pub add_sku: &'static str,
    pub add_quantity: &'static str,
    pub save_change: &'static str,
    pub change_unchanged: &'static str,
    pub change_not_waiting: &'static str,
    pub reorder: &'static str,
    pub reorder_done: &'static str,
    pub not_available: &'static str,
    pub confirm: &'static str,
    pub ship: &'static str,
    pub deliver: &'static str,
    pub cancel: &'static str,
    pub cancel_reason: &'static str,
    pub vendor_actions: &'static str,
    pub approvals_title: &'static str,
    pub approvals_lead: &'static str,
    pub approvals_empty: &'static str,
    pub waiting_since: &'static str,
    pub spend_title: &'static str,
    pub member: &'static str,
    pub deputy_title: &'static str,
    pub deputy_lead: &'static str,
    pub deputy: &'static str,
    pub choose: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub deputy_none: &'static str,
    pub deputy_current: &'static str,
    pub save: &'static str,
    pub deputy_clear: &'static str,
    pub times_title: &'static str,
    pub times_lead: &'static str,
    pub reminder_hours: &'static str,
    pub escalation_hours: &'static str,
    pub expiry_days: &'static str,
    pub expiry_hint: &'static str,
    pub saved: &'static str,
    pub you: &'static str,
    pub admins: &'static str,
    pub requested_on: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_request_subject: &'static str,
    /// The "decide from the mail" section: `{approve}`, `{reject}`, `{until}`.
    pub mail_decide_links: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_request_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_as_deputy: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_reminder_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_reminder_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_escalated_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_escalated_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_rejected_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_rejected_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_step_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_step_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_confirmation_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_confirmation_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_approved_by: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_new_order_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_new_order_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_status_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_status_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_withdrawn_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_withdrawn_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_expired_subject: &'static str,
    /// To the purchaser: `{days}` the organization's limit.
    #[cfg(feature = "ssr")]
    pub mail_expired_body: &'static str,
    /// To whoever could have decided.
    #[cfg(feature = "ssr")]
    pub mail_expired_approver_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_amended_subject: &'static str,
    /// `{change}` what changed, `{next}` what happens now.
    #[cfg(feature = "ssr")]
    pub mail_amended_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_amended_now_waiting: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_amended_now_approved: &'static str,
    /// Added to an approval request after a change: `{purchaser}`, `{change}`.
    #[cfg(feature = "ssr")]
    pub mail_amended_section: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_payment: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_discount: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_delivery: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_shipping: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_goods: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_total: &'static str,
    /// "From quote {quote}, version {version}, at the prices offered there."
    #[cfg(feature = "ssr")]
    pub mail_from_quote: &'static str,
    pub cap_deputy: &'static str,
    pub cap_escalation: &'static str,
    pub cap_escalation_admins: &'static str,
    pub cap_admin: &'static str,
    pub states: [(&'static str, &'static str); 10],
    pub events: [(&'static str, &'static str); 13],
}

pub const EN: OrderTexts = OrderTexts {
    locale: Locale::En,
    cart_title: "Cart",
    cart_empty: "Your cart is empty.",
    to_catalog: "Go to the catalog",
    quantity: "Quantity",
    update: "Update",
    remove: "Remove",
    unit_price: "Unit price",
    line_total: "Total",
    goods: "Goods",
    shipping: "Shipping",
    free: "free",
    total: "Total (net)",
    vat_note: "Net prices, plus VAT.",
    add_to_cart: "Add to cart",
    added: "In your cart.",
    quick_title: "Quick order",
    quick_hint: "One product per line: SKU and quantity, e.g. “NH-PMP-1000 5”. Copied spreadsheet columns work too.",
    quick_lines: "SKU and quantity",
    quick_added: "Lines added to the cart:",
    quick_problems: "These lines were not added — correct them and add them again:",
    line: "Line",
    limits_title: "Your limits",
    per_order_limit: "Limit per order",
    no_limit: "none — every order needs approval",
    monthly_budget: "Monthly budget",
    spent_this_month: "Ordered this month",
    budget_left: "Left this month",
    approved_at_once: "Within your limits: the order is approved at once.",
    needs_approval_by: "Needs approval by",
    then: "then",
    an_admin: "an administrator",
    over_limit: "above your limit per order",
    over_budget: "above your monthly budget",
    refused_empty: "Your cart is empty.",
    refused_minimum: "The minimum order value is {minimum}; the goods in your cart come to {goods}.",
    refused_unavailable: "{sku} is no longer available — please remove it from the cart.",
    refused_nobody: "Nobody in your organization can approve this amount — ask your administrator.",
    refused_too_large: "This order is too large for one order.",
    details_title: "Order details",
    po_number: "Your order number (PO)",
    cost_center: "Cost center",
    delivery_address: "Delivery address",
    requested_date: "Requested delivery date",
    requested_hint: "Optional, e.g. 2026-12-24 or 24.12.2026",
    note: "Note",
    place: "Place order",
    place_for_approval: "Submit for approval",
    fix_fields: "Please correct the marked fields.",
    orders_title: "Orders",
    orders_lead_own: "Your orders, newest first.",
    orders_lead_all: "Your organization's orders, newest first.",
    orders_lead_vendor: "Your customers' orders, newest first.",
    all_states: "All",
    status: "Status",
    show: "Show",
    order_no: "Order",
    placed: "Placed",
    purchaser: "Purchaser",
    customer: "Customer",
    po: "PO",
    older: "Older orders",
    newest: "Newest orders",
    no_orders: "No orders.",
    waiting_for: "Waiting for",
    chain_title: "Approval",
    step_done: "approved",
    step_current: "to decide",
    step_next: "next",
    lines_title: "Items",
    timeline_title: "History",
    order_terms: "Terms of this order",
    decide_title: "Your decision",
    comment: "Comment",
    comment_hint: "Required when you reject.",
    approve: "Approve",
    reject: "Reject",
    decided_already: "This order was decided already — the page now shows its current state.",
    link_title: "Your decision on order {number}",
    link_lead: "{purchaser} of {company} ordered. You decide as {name}, without signing in: this link decides this one order, once, until {until}.",
    link_you_chose_reject: "You chose “Reject” in the mail: please say why, then confirm.",
    link_approved: "Approved. Thank you — the purchaser has been told.",
    link_rejected: "Rejected. The purchaser has been told, with your reason.",
    link_unknown: "This link is not valid. Please use the link from the mail as it is, or decide in the portal.",
    link_used: "This link was used already: each link decides once. The order's page in the portal shows where it stands.",
    link_expired: "This link has expired. The next reminder brings a new one; you can also decide in the portal.",
    link_decided: "This step of the order was decided already, or the order was withdrawn. Nothing is left to decide here.",
    link_order_expired: "The order waited longer than your organization allows and expired before anyone decided. Nothing is left to decide here.",
    link_changed: "The order was changed after this mail was sent, so this link no longer decides it. Please look at the order in the portal.",
    link_deactivated: "The account this link was sent to is deactivated, so the link no longer decides anything.",
    link_not_yours: "This order is no longer waiting for your decision.",
    link_to_portal: "Open the order in the portal",
    not_yours: "This order is not waiting for your decision.",
    own_order: "Nobody decides on their own order.",
    withdraw: "Withdraw order",
    withdraw_note: "While it waits for approval you can change it (approvals given so far then no longer count) or withdraw it.",
    change_order: "Change order",
    changed_meanwhile: "The purchaser changed this order after you opened it. Nothing was decided: here it is as it is now.",
    back_to_order: "Back to the order",
    change_title: "Change order {number}",
    change_lead: "Change quantities (0 removes a line), add a product or change the details. The order is priced at today's prices and goes through approval again from the first step; approvals given so far no longer count, and the approvers are told what changed.",
    add_sku: "Add a product (SKU)",
    add_quantity: "Quantity to add",
    save_change: "Save changes",
    change_unchanged: "Nothing differs from the order as it is: nothing was changed.",
    change_not_waiting: "This order cannot be changed here: only its purchaser can change it, and only while it waits for approval.",
    reorder: "Order again",
    reorder_done: "The items are in your cart.",
    not_available: "No longer available:",
    confirm: "Confirm order",
    ship: "Mark as shipped",
    deliver: "Mark as delivered",
    cancel: "Cancel order",
    cancel_reason: "Reason for cancelling",
    vendor_actions: "Next step",
    approvals_title: "Approvals",
    approvals_lead: "Orders waiting for your decision.",
    approvals_empty: "Nothing waits for your decision.",
    waiting_since: "Waiting since",
    spend_title: "Team spend this month",
    member: "Member",
    deputy_title: "Out of office",
    deputy_lead: "While you are away, your deputy decides in your place. Every such decision is recorded as the deputy's.",
    deputy: "Deputy",
    choose: "Choose…",
    from: "From",
    to: "Until",
    deputy_none: "No deputy named.",
    deputy_current: "decides for you",
    save: "Save",
    deputy_clear: "Remove deputy",
    times_title: "Approval times",
    times_lead: "An approver who has not decided gets a reminder; past the escalation time the next one up may decide in their place.",
    reminder_hours: "Reminder after (hours)",
    escalation_hours: "Escalation after (hours)",
    expiry_days: "Waiting orders expire after (days)",
    expiry_hint: "Empty: they never expire. An expired order no longer counts against the budget; the purchaser and the approvers are told.",
    saved: "Saved.",
    you: "you",
    admins: "administrators",
    requested_on: "Requested delivery",
    #[cfg(feature = "ssr")]
    mail_request_subject: "Approval requested: order {number} of {purchaser}, {total}",
    mail_decide_links: "Decide right from this mail (you confirm on the page the link opens; each link works once, until {until}):\nApprove: {approve}\nReject: {reject}",
    #[cfg(feature = "ssr")]
    mail_request_body: "Hello {name},\n\n{purchaser} has placed order {number} for {total} (net). It needs your approval{capacity}.\n\n{summary}\n\nApprove or reject it here:\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_as_deputy: " (as deputy for {name})",
    #[cfg(feature = "ssr")]
    mail_reminder_subject: "Reminder: order {number} is waiting for your approval",
    #[cfg(feature = "ssr")]
    mail_reminder_body: "Hello {name},\n\norder {number} of {purchaser} for {total} (net) has been waiting for your decision since {since}.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_escalated_subject: "Order {number} is overdue: you may now decide",
    #[cfg(feature = "ssr")]
    mail_escalated_body: "Hello {name},\n\norder {number} of {purchaser} for {total} (net) has been waiting for {waiting} since {since}. You may now decide in their place.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_rejected_subject: "Order {number} was rejected",
    #[cfg(feature = "ssr")]
    mail_rejected_body: "Hello {name},\n\n{by} has rejected your order {number} ({total}).\n\nComment: {comment}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_step_subject: "Order {number} approved by {by}, now with {next}",
    #[cfg(feature = "ssr")]
    mail_step_body: "Hello {name},\n\n{by} has approved your order {number} ({total}). It now waits for {next}.\n\nComment: {comment}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_confirmation_subject: "Order confirmation {number}",
    #[cfg(feature = "ssr")]
    mail_confirmation_body: "Hello {name},\n\nyour order {number} is approved and on its way to Nordhydraulik.\n{approvals}\n{summary}\n\nTerms that apply:\n{terms}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_approved_by: "Approved by {by}: {comment}",
    #[cfg(feature = "ssr")]
    mail_new_order_subject: "New order {number} from {company}, {total}",
    #[cfg(feature = "ssr")]
    mail_new_order_body: "Hello {name},\n\n{company} has a new approved order {number} for {total} (net), placed by {purchaser}.\n\n{summary}\n\n{link}\n\nKontor",
    #[cfg(feature = "ssr")]
    mail_status_subject: "Order {number}: {state}",
    #[cfg(feature = "ssr")]
    mail_status_body: "Hello {name},\n\nyour order {number} ({total}) is now: {state}.\n{comment}\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_withdrawn_subject: "Order {number} of {company} was withdrawn",
    #[cfg(feature = "ssr")]
    mail_withdrawn_body: "Hello {name},\n\n{purchaser} has withdrawn order {number} ({total}). Nothing more to do for it.\n\n{link}\n\nKontor",
    #[cfg(feature = "ssr")]
    mail_amended_subject: "Order {number} of {purchaser} was changed",
    #[cfg(feature = "ssr")]
    mail_amended_body: "Hello {name},\n\n{purchaser} changed order {number} while it was waiting for approval:\n\n{change}\n\nApprovals given before the change no longer count. {next}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_amended_now_waiting: "It goes through approval again from the first step.",
    #[cfg(feature = "ssr")]
    mail_amended_now_approved: "It is within the limits now and was approved without further approval.",
    #[cfg(feature = "ssr")]
    mail_amended_section: "Changed by {purchaser} while it was waiting (approvals given before no longer count):\n{change}",
    #[cfg(feature = "ssr")]
    mail_expired_subject: "Order {number} expired without a decision",
    #[cfg(feature = "ssr")]
    mail_expired_body: "Hello {name},\n\nyour order {number} for {total} (net), placed on {since}, waited longer than your organization allows ({days} days) and has expired. It will not be delivered and no longer counts against your budget. If you still need the goods, please order again.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_expired_approver_body: "Hello {name},\n\norder {number} of {purchaser} for {total} (net), placed on {since}, waited longer than your organization allows ({days} days) and has expired. There is nothing more to decide.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_payment: "Payment: {days} days net",
    #[cfg(feature = "ssr")]
    mail_discount: "{percent} discount within {days} days",
    #[cfg(feature = "ssr")]
    mail_delivery: "Delivery",
    #[cfg(feature = "ssr")]
    mail_shipping: "Shipping",
    #[cfg(feature = "ssr")]
    mail_goods: "Goods",
    #[cfg(feature = "ssr")]
    mail_total: "Total (net)",
    #[cfg(feature = "ssr")]
    mail_from_quote: "From quote {quote}, version {version}, at the prices offered there.",
    cap_deputy: "as deputy for {name}",
    cap_escalation: "in place of {name} (escalated)",
    cap_escalation_admins: "in place of the administrators (escalated)",
    cap_admin: "as administrator",
    states: [
        ("draft", "Cart"),
        ("pending_approval", "Waiting for approval"),
        ("approved", "Approved"),
        ("confirmed", "Confirmed"),
        ("shipped", "Shipped"),
        ("delivered", "Delivered"),
        ("rejected", "Rejected"),
        ("withdrawn", "Withdrawn"),
        ("cancelled", "Cancelled"),
        ("expired", "Expired"),
    ],
    events: [
        ("placed", "placed the order"),
        ("auto_approved", "within the limits: approved at once"),
        ("approved", "approved"),
        ("rejected", "rejected"),
        ("withdrawn", "withdrew the order"),
        ("confirmed", "confirmed the order"),
        ("shipped", "shipped the order"),
        ("delivered", "reported the delivery"),
        ("cancelled", "cancelled the order"),
        ("reminded", "reminder sent"),
        ("escalated", "escalated: the next one up may decide"),
        ("expired", "expired: nobody decided in time"),
        ("amended", "changed the order"),
    ],
};

pub const DE: OrderTexts = OrderTexts {
    locale: Locale::De,
    cart_title: "Warenkorb",
    cart_empty: "Ihr Warenkorb ist leer.",
    to_catalog: "Zum Katalog",
    quantity: "Menge",
    update: "Ändern",
    remove: "Entfernen",
    unit_price: "Einzelpreis",
    line_total: "Gesamt",
    goods: "Warenwert",
    shipping: "Versand",
    free: "frei",
    total: "Gesamtsumme (netto)",
    vat_note: "Nettopreise, zzgl. MwSt.",
    add_to_cart: "In den Warenkorb",
    added: "Im Warenkorb.",
    quick_title: "Schnellbestellung",
    quick_hint: "Ein Produkt pro Zeile: Artikelnummer und Menge, z. B. „NH-PMP-1000 5“. Aus einer Tabelle kopierte Spalten gehen auch.",
    quick_lines: "Artikelnummer und Menge",
    quick_added: "In den Warenkorb gelegte Zeilen:",
    quick_problems: "Diese Zeilen wurden nicht übernommen — bitte korrigieren und erneut hinzufügen:",
    line: "Zeile",
    limits_title: "Ihre Limits",
    per_order_limit: "Limit pro Bestellung",
    no_limit: "keines — jede Bestellung braucht eine Freigabe",
    monthly_budget: "Monatsbudget",
    spent_this_month: "Diesen Monat bestellt",
    budget_left: "Diesen Monat noch frei",
    approved_at_once: "Im Rahmen Ihrer Limits: Die Bestellung ist sofort freigegeben.",
    needs_approval_by: "Braucht die Freigabe von",
    then: "dann",
    an_admin: "einer Administratorin oder einem Administrator",
    over_limit: "über Ihrem Limit pro Bestellung",
    over_budget: "über Ihrem Monatsbudget",
    refused_empty: "Ihr Warenkorb ist leer.",
    refused_minimum: "Der Mindestbestellwert beträgt {minimum}; die Waren in Ihrem Warenkorb ergeben {goods}.",
    refused_unavailable: "{sku} ist nicht mehr lieferbar — bitte aus dem Warenkorb entfernen.",
    refused_nobody: "Niemand in Ihrer Organisation kann diesen Betrag freigeben — wenden Sie sich an Ihre Administration.",
    refused_too_large: "Diese Bestellung ist für einen Auftrag zu groß.",
    details_title: "Bestelldaten",
    po_number: "Ihre Bestellnummer",
    cost_center: "Kostenstelle",
    delivery_address: "Lieferadresse",
    requested_date: "Gewünschter Liefertermin",
    requested_hint: "Optional, z. B. 24.12.2026",
    note: "Bemerkung",
    place: "Bestellung absenden",
    place_for_approval: "Zur Freigabe einreichen",
    fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    orders_title: "Bestellungen",
    orders_lead_own: "Ihre Bestellungen, neueste zuerst.",
    orders_lead_all: "Die Bestellungen Ihrer Organisation, neueste zuerst.",
    orders_lead_vendor: "Die Bestellungen Ihrer Kunden, neueste zuerst.",
    all_states: "Alle",
    status: "Status",
    show: "Anzeigen",
    order_no: "Bestellung",
    placed: "Bestellt",
    purchaser: "Besteller",
    customer: "Kunde",
    po: "Bestellnr.",
    older: "Ältere Bestellungen",
    newest: "Neueste Bestellungen",
    no_orders: "Keine Bestellungen.",
    waiting_for: "Wartet auf",
    chain_title: "Freigabe",
    step_done: "freigegeben",
    step_current: "entscheidet",
    step_next: "danach",
    lines_title: "Positionen",
    timeline_title: "Verlauf",
    order_terms: "Konditionen dieser Bestellung",
    decide_title: "Ihre Entscheidung",
    comment: "Kommentar",
    comment_hint: "Pflicht bei Ablehnung.",
    approve: "Freigeben",
    reject: "Ablehnen",
    decided_already: "Über diese Bestellung wurde schon entschieden — die Seite zeigt jetzt den aktuellen Stand.",
    link_title: "Ihre Entscheidung zu Bestellung {number}",
    link_lead: "{purchaser} von {company} hat bestellt. Sie entscheiden als {name}, ohne Anmeldung: Dieser Link entscheidet nur diese eine Bestellung, einmal, bis {until}.",
    link_you_chose_reject: "Sie haben in der Mail „Ablehnen“ gewählt: Bitte begründen Sie es und bestätigen Sie dann.",
    link_approved: "Freigegeben. Danke – die Einkäuferin bzw. der Einkäufer ist informiert.",
    link_rejected: "Abgelehnt. Die Einkäuferin bzw. der Einkäufer ist mit Ihrer Begründung informiert.",
    link_unknown: "Dieser Link ist ungültig. Bitte verwenden Sie den Link aus der Mail unverändert oder entscheiden Sie im Portal.",
    link_used: "Dieser Link wurde schon verwendet: Jeder Link entscheidet einmal. Die Seite der Bestellung im Portal zeigt den Stand.",
    link_expired: "Dieser Link ist abgelaufen. Die nächste Erinnerung bringt einen neuen; Sie können auch im Portal entscheiden.",
    link_decided: "Über diesen Schritt der Bestellung wurde schon entschieden, oder die Bestellung wurde zurückgezogen. Hier ist nichts mehr zu entscheiden.",
    link_order_expired: "Die Bestellung hat länger gewartet, als Ihre Organisation erlaubt, und ist verfallen, bevor jemand entschieden hat. Hier ist nichts mehr zu entscheiden.",
    link_changed: "Die Bestellung wurde nach dieser Mail geändert, daher entscheidet dieser Link sie nicht mehr. Bitte sehen Sie sich die Bestellung im Portal an.",
    link_deactivated: "Das Konto, an das dieser Link ging, ist deaktiviert; der Link entscheidet nichts mehr.",
    link_not_yours: "Diese Bestellung wartet nicht mehr auf Ihre Entscheidung.",
    link_to_portal: "Bestellung im Portal öffnen",
    not_yours: "Diese Bestellung wartet nicht auf Ihre Entscheidung.",
    own_order: "Über die eigene Bestellung entscheidet niemand selbst.",
    withdraw: "Bestellung zurückziehen",
    withdraw_note: "Solange sie auf Freigabe wartet, können Sie sie ändern (bisherige Freigaben gelten dann nicht mehr) oder zurückziehen.",
    change_order: "Bestellung ändern",
    changed_meanwhile: "Die Bestellung wurde geändert, nachdem Sie sie geöffnet hatten. Es wurde nichts entschieden: Hier ist sie, wie sie jetzt ist.",
    back_to_order: "Zurück zur Bestellung",
    change_title: "Bestellung {number} ändern",
    change_lead: "Ändern Sie Mengen (0 streicht eine Position), fügen Sie ein Produkt hinzu oder ändern Sie die Angaben. Die Bestellung wird zu heutigen Preisen berechnet und durchläuft die Freigabe von der ersten Stufe an neu; bisherige Freigaben gelten nicht mehr, und die Freigebenden erfahren, was sich geändert hat.",
    add_sku: "Produkt hinzufügen (Artikelnummer)",
    add_quantity: "Menge dazu",
    save_change: "Änderungen speichern",
    change_unchanged: "Nichts weicht von der Bestellung ab: Es wurde nichts geändert.",
    change_not_waiting: "Diese Bestellung kann hier nicht geändert werden: Nur wer sie bestellt hat, kann sie ändern, und nur solange sie auf Freigabe wartet.",
    reorder: "Erneut bestellen",
    reorder_done: "Die Positionen liegen in Ihrem Warenkorb.",
    not_available: "Nicht mehr lieferbar:",
    confirm: "Auftrag bestätigen",
    ship: "Als versandt melden",
    deliver: "Als zugestellt melden",
    cancel: "Auftrag stornieren",
    cancel_reason: "Grund der Stornierung",
    vendor_actions: "Nächster Schritt",
    approvals_title: "Freigaben",
    approvals_lead: "Bestellungen, die auf Ihre Entscheidung warten.",
    approvals_empty: "Nichts wartet auf Ihre Entscheidung.",
    waiting_since: "Wartet seit",
    spend_title: "Ausgaben des Teams in diesem Monat",
    member: "Person",
    deputy_title: "Abwesenheit",
    deputy_lead: "Während Ihrer Abwesenheit entscheidet Ihre Vertretung an Ihrer Stelle. Jede solche Entscheidung wird als die der Vertretung vermerkt.",
    deputy: "Vertretung",
    choose: "Bitte wählen…",
    from: "Von",
    to: "Bis",
    deputy_none: "Keine Vertretung eingetragen.",
    deputy_current: "entscheidet für Sie",
    save: "Speichern",
    deputy_clear: "Vertretung entfernen",
    times_title: "Freigabefristen",
    times_lead: "Wer nicht entschieden hat, wird erinnert; nach der Eskalationsfrist darf die nächste Stufe an seiner Stelle entscheiden.",
    reminder_hours: "Erinnerung nach (Stunden)",
    escalation_hours: "Eskalation nach (Stunden)",
    expiry_days: "Wartende Bestellungen verfallen nach (Tagen)",
    expiry_hint: "Leer: sie verfallen nie. Eine verfallene Bestellung zählt nicht mehr zum Budget; Besteller und Freigebende werden benachrichtigt.",
    saved: "Gespeichert.",
    you: "Sie",
    admins: "Administration",
    requested_on: "Wunschtermin",
    #[cfg(feature = "ssr")]
    mail_request_subject: "Freigabe erbeten: Bestellung {number} von {purchaser}, {total}",
    mail_decide_links: "Direkt aus dieser Mail entscheiden (Sie bestätigen auf der Seite, die der Link öffnet; jeder Link gilt einmal, bis {until}):\nFreigeben: {approve}\nAblehnen: {reject}",
    #[cfg(feature = "ssr")]
    mail_request_body: "Guten Tag {name},\n\n{purchaser} hat die Bestellung {number} über {total} (netto) aufgegeben. Sie braucht Ihre Freigabe{capacity}.\n\n{summary}\n\nHier freigeben oder ablehnen:\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_as_deputy: " (als Vertretung für {name})",
    #[cfg(feature = "ssr")]
    mail_reminder_subject: "Erinnerung: Bestellung {number} wartet auf Ihre Freigabe",
    #[cfg(feature = "ssr")]
    mail_reminder_body: "Guten Tag {name},\n\ndie Bestellung {number} von {purchaser} über {total} (netto) wartet seit {since} auf Ihre Entscheidung.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_escalated_subject: "Bestellung {number} ist überfällig: Sie dürfen jetzt entscheiden",
    #[cfg(feature = "ssr")]
    mail_escalated_body: "Guten Tag {name},\n\ndie Bestellung {number} von {purchaser} über {total} (netto) wartet seit {since} auf {waiting}. Sie dürfen jetzt an dieser Stelle entscheiden.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_rejected_subject: "Bestellung {number} wurde abgelehnt",
    #[cfg(feature = "ssr")]
    mail_rejected_body: "Guten Tag {name},\n\n{by} hat Ihre Bestellung {number} ({total}) abgelehnt.\n\nKommentar: {comment}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_step_subject: "Bestellung {number} von {by} freigegeben, jetzt bei {next}",
    #[cfg(feature = "ssr")]
    mail_step_body: "Guten Tag {name},\n\n{by} hat Ihre Bestellung {number} ({total}) freigegeben. Sie wartet jetzt auf {next}.\n\nKommentar: {comment}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_confirmation_subject: "Bestellbestätigung {number}",
    #[cfg(feature = "ssr")]
    mail_confirmation_body: "Guten Tag {name},\n\nIhre Bestellung {number} ist freigegeben und an Nordhydraulik übermittelt.\n{approvals}\n{summary}\n\nEs gelten diese Konditionen:\n{terms}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_approved_by: "Freigegeben von {by}: {comment}",
    #[cfg(feature = "ssr")]
    mail_new_order_subject: "Neue Bestellung {number} von {company}, {total}",
    #[cfg(feature = "ssr")]
    mail_new_order_body: "Guten Tag {name},\n\n{company} hat eine neue freigegebene Bestellung {number} über {total} (netto), aufgegeben von {purchaser}.\n\n{summary}\n\n{link}\n\nKontor",
    #[cfg(feature = "ssr")]
    mail_status_subject: "Bestellung {number}: {state}",
    #[cfg(feature = "ssr")]
    mail_status_body: "Guten Tag {name},\n\nIhre Bestellung {number} ({total}) hat jetzt den Status: {state}.\n{comment}\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_withdrawn_subject: "Bestellung {number} von {company} wurde zurückgezogen",
    #[cfg(feature = "ssr")]
    mail_withdrawn_body: "Guten Tag {name},\n\n{purchaser} hat die Bestellung {number} ({total}) zurückgezogen. Dafür ist nichts mehr zu tun.\n\n{link}\n\nKontor",
    #[cfg(feature = "ssr")]
    mail_amended_subject: "Bestellung {number} von {purchaser} wurde geändert",
    #[cfg(feature = "ssr")]
    mail_amended_body: "Guten Tag {name},\n\n{purchaser} hat die Bestellung {number} geändert, während sie auf Freigabe wartete:\n\n{change}\n\nFreigaben von vor der Änderung gelten nicht mehr. {next}\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_amended_now_waiting: "Sie durchläuft die Freigabe von der ersten Stufe an neu.",
    #[cfg(feature = "ssr")]
    mail_amended_now_approved: "Sie liegt jetzt im Rahmen der Limits und wurde ohne weitere Freigabe freigegeben.",
    #[cfg(feature = "ssr")]
    mail_amended_section: "Geändert von {purchaser}, während sie wartete (Freigaben von vorher gelten nicht mehr):\n{change}",
    #[cfg(feature = "ssr")]
    mail_expired_subject: "Bestellung {number} ist ohne Entscheidung verfallen",
    #[cfg(feature = "ssr")]
    mail_expired_body: "Guten Tag {name},\n\nIhre Bestellung {number} über {total} (netto) vom {since} hat länger gewartet, als Ihre Organisation erlaubt ({days} Tage), und ist verfallen. Sie wird nicht geliefert und zählt nicht mehr zu Ihrem Budget. Wenn Sie die Ware noch brauchen, bestellen Sie bitte erneut.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_expired_approver_body: "Guten Tag {name},\n\ndie Bestellung {number} von {purchaser} über {total} (netto) vom {since} hat länger gewartet, als Ihre Organisation erlaubt ({days} Tage), und ist verfallen. Es ist nichts mehr zu entscheiden.\n\n{link}\n\nNordhydraulik AG · Kontor",
    #[cfg(feature = "ssr")]
    mail_payment: "Zahlung: {days} Tage netto",
    #[cfg(feature = "ssr")]
    mail_discount: "{percent} Skonto innerhalb von {days} Tagen",
    #[cfg(feature = "ssr")]
    mail_delivery: "Lieferung",
    #[cfg(feature = "ssr")]
    mail_shipping: "Versand",
    #[cfg(feature = "ssr")]
    mail_goods: "Warenwert",
    #[cfg(feature = "ssr")]
    mail_total: "Gesamtsumme (netto)",
    #[cfg(feature = "ssr")]
    mail_from_quote: "Aus Angebot {quote}, Version {version}, zu den dort angebotenen Preisen.",
    cap_deputy: "als Vertretung für {name}",
    cap_escalation: "an Stelle von {name} (eskaliert)",
    cap_escalation_admins: "an Stelle der Administration (eskaliert)",
    cap_admin: "als Administration",
    states: [
        ("draft", "Warenkorb"),
        ("pending_approval", "Wartet auf Freigabe"),
        ("approved", "Freigegeben"),
        ("confirmed", "Bestätigt"),
        ("shipped", "Versandt"),
        ("delivered", "Zugestellt"),
        ("rejected", "Abgelehnt"),
        ("withdrawn", "Zurückgezogen"),
        ("cancelled", "Storniert"),
        ("expired", "Verfallen"),
    ],
    events: [
        ("placed", "hat bestellt"),
        ("auto_approved", "im Rahmen der Limits: sofort freigegeben"),
        ("approved", "hat freigegeben"),
        ("rejected", "hat abgelehnt"),
        ("withdrawn", "hat die Bestellung zurückgezogen"),
        ("confirmed", "hat den Auftrag bestätigt"),
        ("shipped", "hat versandt"),
        ("delivered", "hat die Zustellung gemeldet"),
        ("cancelled", "hat storniert"),
        ("reminded", "Erinnerung verschickt"),
        ("escalated", "eskaliert: die nächste Stufe darf entscheiden"),
        ("expired", "verfallen: niemand hat rechtzeitig entschieden"),
        ("amended", "hat die Bestellung geändert"),
    ],
};

impl OrderTexts {
    pub fn state(&self, state: OrderState) -> &'static str {
        self.states
            .iter()
            .find(|(k, _)| *k == state.as_str())
            .map_or("", |(_, label)| label)
    }

    pub fn event(&self, kind: &str) -> &'static str {
        label(&self.events, &kind).unwrap_or("")
    }

    /// "#12": how an order's number is written everywhere.
    pub fn number(&self, number: i64) -> String {
        format!("#{number}")
    }
}
