//! The authorization matrix: every server function and every page × every kind of
//! caller, with ids of a foreign organization where a function takes an id.
//!
//! Each row says, per caller, what must happen: `y` 200, `u` 401, `f` 403, `h` 404.
//! The test fails when a server function or page exists without a row here, so a
//! new endpoint cannot ship without its authorization being decided.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp};
use std::collections::{BTreeSet, HashMap};

on_both_backends!(every_endpoint_answers_every_caller_as_the_product_says);

/// The callers, in the order of the expectation strings.
const CALLERS: [&str; 11] = [
    "",                            // anonymous
    "carla@mueller.example",       // customer admin
    "egon@mueller.example",        // purchaser
    "max@mueller.example",         // approver
    "frieda@mueller.example",      // finance
    "ingo@mueller.example",        // viewer
    "bob@becker.example",          // admin (and purchaser) of another organization
    "admin@nordhydraulik.example", // vendor admin
    "vera@nordhydraulik.example",  // account manager of Müller
    "tim@nordhydraulik.example",   // account manager of Becker only
    "sam@nordhydraulik.example",   // service agent
];

/// Ids the rows use: Müller's organization and admin. Callers from Becker, and Tim,
/// meet them as foreign ids.
struct Ids {
    mueller: String,
    carla: String,
    nora: String,
    /// A product (the vendor admin's editor opens it).
    pump: String,
    /// Egon's demo order waiting for Hannah.
    order: String,
    /// Müller's framework contract (a document for Müller only) and its version.
    contract: String,
    contract_version: String,
    /// The AP-45's data sheet (for every customer).
    data_sheet: String,
    /// Peter's open service request at Müller.
    request: String,
    /// Hannah's order: a colleague's record for Egon, who sees only his own.
    colleague_order: String,
    /// Egon's demo quote (offered to him) and Hannah's (waiting for Vera's offer: a
    /// colleague's record for Egon).
    quote: String,
    colleague_quote: String,
    /// Vera's demo follow-up on Müller.
    follow_up: String,
    /// The demo's lead (Jonas, unassigned) and Vera, whom the rows assign it to.
    lead: String,
    vera: String,
    /// An API client, a webhook endpoint and one of its deliveries.
    client: String,
    endpoint: String,
    delivery: String,
}

/// (server function path, form, expectations). `{n}` in a value is the caller's
/// index (distinct addresses keep the throttle out of the picture).
type Row = (&'static str, Vec<(&'static str, String)>, &'static str);

fn server_fn_rows(ids: &Ids) -> Vec<Row> {
    let s = |v: &str| v.to_string();
    vec![
        ("/api/catalog", vec![], "yyyyyyyyyyy"),
        (
            "/api/catalog_product",
            vec![("sku", s("NH-PMP-1000"))],
            "yyyyyyyyyyy",
        ),
        ("/api/vendor_products", vec![], "uffffffyfff"),
        (
            "/api/vendor_product",
            vec![("id", ids.pump.clone())],
            "uffffffyfff",
        ),
        (
            "/api/save_product",
            [
                "id",
                "sku",
                "name_en",
                "name_de",
                "category",
                "unit",
                "list_price",
                "stock",
                "lead_time_days",
            ]
            .into_iter()
            .map(|k| (k, s("")))
            .collect(),
            "uffffffyfff",
        ),
        (
            "/api/archive_product",
            vec![("id", s("no-such-product")), ("archived", s("true"))],
            "uffffffyfff",
        ),
        ("/api/import_products", vec![("csv", s(""))], "uffffffyfff"),
        ("/api/my_terms", vec![], "uyyyyyyffff"),
        // Ordering: purchasers (Egon, Bob) only; Müller's order is Müller's.
        ("/api/cart", vec![], "ufyfffyffff"),
        (
            "/api/add_to_cart",
            vec![("sku", s("NH-PMP-1000")), ("quantity", s("x"))],
            "ufyfffyffff",
        ),
        (
            "/api/update_cart_line",
            vec![("sku", s("NH-PMP-1000")), ("quantity", s("x"))],
            "ufyfffyffff",
        ),
        ("/api/quick_order", vec![("lines", s(""))], "ufyfffyffff"),
        (
            "/api/reorder",
            vec![("order_id", ids.order.clone())],
            "ufyfffhffff",
        ),
        (
            "/api/place_order",
            vec![("idempotency_key", s(""))],
            "ufyfffyffff",
        ),
        ("/api/orders", vec![], "uyyyyyyyyyy"),
        // Quotes: purchasers their own, admins, approvers and finance the
        // organization's, not viewers; sales (account manager, vendor admin) answer.
        ("/api/quotes", vec![], "uyyyyfyyyyf"),
        ("/api/quote", vec![("id", ids.quote.clone())], "uyyyyfhyyhf"),
        (
            "/api/quote",
            vec![("id", ids.colleague_quote.clone())],
            "uyhyyfhyyhf",
        ),
        ("/api/quote_request_start", vec![], "ufyfffyffff"),
        (
            "/api/request_quote",
            vec![("idempotency_key", s(""))],
            "ufyfffyffff",
        ),
        (
            "/api/quote_offer_start",
            vec![("id", ids.colleague_quote.clone())],
            "ufhfffhyyhf",
        ),
        // A stale version: allowed callers get "Stale", nothing is written.
        (
            "/api/offer_quote",
            vec![("id", ids.colleague_quote.clone()), ("based_on", s("99"))],
            "ufhfffhyyhf",
        ),
        // Only the requester answers; an empty reason comes back at its field.
        (
            "/api/quote_step",
            vec![
                ("id", ids.quote.clone()),
                ("version", s("99")),
                ("step", s("decline")),
            ],
            "ufyfffhffhf",
        ),
        (
            "/api/quote_step",
            vec![
                ("id", ids.colleague_quote.clone()),
                ("version", s("0")),
                ("step", s("note")),
            ],
            "ufhfffhyyhf",
        ),
        (
            "/api/accept_quote",
            vec![("id", ids.quote.clone()), ("version", s("99"))],
            "ufyfffhffhf",
        ),
        // Sent as multipart (see the loop): the parties of the quote only.
        (
            "/api/attach_to_quote",
            vec![("quote_id", ids.quote.clone())],
            "ufyfffhyyhf",
        ),
        (
            "/api/order",
            vec![("order_id", ids.order.clone())],
            "uyyyyyhyyhy",
        ),
        (
            "/api/decide_order",
            vec![
                ("order_id", ids.order.clone()),
                ("step", s("0")),
                ("decision", s("neither")),
            ],
            "uyfyffhffff",
        ),
        (
            "/api/advance_order",
            vec![("order_id", ids.order.clone()), ("step", s("neither"))],
            "uffffffyyhf",
        ),
        ("/api/approvals", vec![], "uyfyffyffff"),
        // Spend analytics: who approves and pays (admins, approvers, finance).
        ("/api/spend_analytics", vec![], "uyfyyfyffff"),
        // The vendor's analytics: admins (every customer), account managers (theirs).
        ("/api/vendor_analytics", vec![], "uffffffyyyf"),
        ("/api/set_deputy", vec![], "uyfyffyffff"),
        (
            "/api/set_approval_times",
            vec![("reminder_hours", s("")), ("escalation_hours", s(""))],
            "uyffffyffff",
        ),
        // Documents: Müller's contract is Müller's (and its account manager's).
        ("/api/documents", vec![], "uyyyyyyyyyy"),
        (
            "/api/document",
            vec![("document_id", ids.contract.clone())],
            "uyyyyyhyyhy",
        ),
        // Sent as multipart (see the loop): a new version of Müller's contract.
        (
            "/api/upload_document",
            vec![("document_id", ids.contract.clone())],
            "uffffffyyhf",
        ),
        // Service requests: Peter's at Müller is Müller's (and its account manager's
        // and the service team's). Forms are empty: answered at their fields, after
        // the request's visibility.
        ("/api/service_requests", vec![], "uyyyyyyyyyy"),
        (
            "/api/service_request",
            vec![("request_id", ids.request.clone())],
            "uyyyyyhyyhy",
        ),
        ("/api/service_form", vec![], "uyyyyyyffff"),
        ("/api/open_service_request", vec![], "uyyyyyyffff"),
        // A colleague's record: Egon sees only his own orders, so Hannah's order
        // does not exist for him (the others see it; Bob's Becker has no order 3).
        (
            "/api/open_service_request",
            vec![
                ("kind", s("maintenance")),
                ("priority", s("normal")),
                ("subject", s("Yearly maintenance")),
                ("description", s("Please come by.")),
                ("order", s("3")),
            ],
            "uyhyyyyffff",
        ),
        (
            "/api/order",
            vec![("order_id", ids.colleague_order.clone())],
            "uyhyyyhyyhy",
        ),
        (
            "/api/reply_to_request",
            vec![("request_id", ids.request.clone()), ("body", s(""))],
            "uyyyyyhyyhy",
        ),
        (
            "/api/assign_request",
            vec![("request_id", ids.request.clone()), ("assignee_id", s(""))],
            "uffffffyyhy",
        ),
        (
            "/api/set_request_status",
            vec![
                ("request_id", ids.request.clone()),
                ("status", s("resolved")),
                ("comment", s("")),
            ],
            "ufffffhyyhy",
        ),
        // Sent as multipart (see the loop): a photo on Peter's request.
        (
            "/api/attach_to_request",
            vec![("request_id", ids.request.clone())],
            "uyyyyyhyyhy",
        ),
        // The survey's link is its key: without one, nobody gets anything.
        (
            "/api/survey",
            vec![("request_id", ids.request.clone()), ("token", s("0"))],
            "hhhhhhhhhhh",
        ),
        (
            "/api/answer_survey",
            vec![
                ("request_id", ids.request.clone()),
                ("token", s("0")),
                ("score", s("5")),
            ],
            "hhhhhhhhhhh",
        ),
        // The relationship survey's link is its key too (a real link's answers are
        // the relationship survey tests').
        (
            "/api/relationship_survey",
            vec![("id", ids.mueller.clone()), ("token", s("0"))],
            "hhhhhhhhhhh",
        ),
        (
            "/api/answer_relationship_survey",
            vec![
                ("id", ids.mueller.clone()),
                ("token", s("0")),
                ("score", s("9")),
            ],
            "hhhhhhhhhhh",
        ),
        ("/api/satisfaction", vec![], "uffffffyyyy"),
        // Only the purchaser changes a waiting order (Egon's form lacks the delivery
        // address: a problem at the field, nothing changed); a colleague's is not
        // even found for Egon, who sees only his own.
        (
            "/api/amend_order",
            vec![("order_id", ids.order.clone())],
            "ufyfffhffff",
        ),
        (
            "/api/amend_order",
            vec![("order_id", ids.colleague_order.clone())],
            "ufhfffhffff",
        ),
        // Egon withdraws the demo order here: rows after this one see it withdrawn.
        (
            "/api/withdraw_order",
            vec![("order_id", ids.order.clone())],
            "ufyfffhffff",
        ),
        (
            "/api/customer_terms",
            vec![("organization_id", ids.mueller.clone())],
            "uffffffyyhy",
        ),
        (
            "/api/save_terms",
            [
                "payment_net_days",
                "incoterm",
                "incoterm_place",
                "shipping_fee",
                "lead_time_days",
                "minimum_order_value",
                "response_urgent",
                "response_high",
                "response_normal",
                "response_low",
                "resolution_urgent",
                "resolution_high",
                "resolution_normal",
                "resolution_low",
                "business_hours_start",
                "business_hours_end",
            ]
            .into_iter()
            .map(|k| (k, s("")))
            .chain([("organization_id", ids.mueller.clone())])
            .collect(),
            "ufffffhyyhf",
        ),
        (
            "/api/save_price",
            vec![("organization_id", ids.mueller.clone()), ("sku", s(""))],
            "ufffffhyyhf",
        ),
        (
            "/api/import_prices",
            vec![("organization_id", ids.mueller.clone()), ("csv", s(""))],
            "ufffffhyyhf",
        ),
        (
            "/api/request_access",
            vec![
                ("company", s("Firma")),
                ("contact_name", s("Name")),
                ("email", s("a{n}@b.example")),
                ("message", s("")),
            ],
            "yyyyyyyyyyy",
        ),
        ("/api/me", vec![], "yyyyyyyyyyy"),
        (
            "/api/sign_in",
            vec![
                ("email", s("nobody{n}@example.com")),
                ("password", s("x")),
                ("next", s("")),
            ],
            "yyyyyyyyyyy",
        ),
        (
            "/api/set_password",
            vec![
                ("token", s("0")),
                ("reset", s("false")),
                ("password", s("Lange Leitung 42")),
                ("repeat", s("Lange Leitung 42")),
            ],
            "yyyyyyyyyyy",
        ),
        (
            "/api/request_reset",
            vec![("email", s("ghost{n}@example.com"))],
            "yyyyyyyyyyy",
        ),
        (
            "/api/second_factor",
            vec![("code", s("000000"))],
            "yyyyyyyyyyy",
        ),
        (
            "/api/change_password",
            vec![
                ("current", s("wrong")),
                ("password", s("Lange Leitung 42")),
                ("repeat", s("Lange Leitung 42")),
            ],
            "uyyyyyyyyyy",
        ),
        // A decision link's token alone authorizes (the caller's session adds
        // nothing): an unknown token is refused alike for everyone.
        (
            "/api/approval_link",
            vec![("token", s("not-a-token"))],
            "yyyyyyyyyyy",
        ),
        (
            "/api/decide_by_link",
            vec![("token", s("not-a-token")), ("decision", s("approve"))],
            "yyyyyyyyyyy",
        ),
        // Only ever the caller's own profile: no id to aim at a colleague's.
        ("/api/profile", vec![], "uyyyyyyyyyy"),
        (
            "/api/set_language",
            vec![("language", s("xx"))],
            "uyyyyyyyyyy",
        ),
        ("/api/notifications", vec![], "uyyyyyyyyyy"),
        (
            "/api/mark_notifications_read",
            vec![("id", s("not-one-of-theirs"))],
            "uyyyyyyyyyy",
        ),
        // Everyone's own settings (an hour out of range: refused at the field).
        (
            "/api/set_notifications",
            vec![("digest_hour", s("24"))],
            "uyyyyyyyyyy",
        ),
        (
            "/api/set_details",
            vec![("display_name", s("")), ("phone", s(""))],
            "uyyyyyyyyyy",
        ),
        // An organization's defaults: its customer admin, or the vendor's admin for
        // the vendor's staff (a value refused at the field: nothing written).
        ("/api/notification_defaults", vec![], "uyffffyyfff"),
        (
            "/api/set_notification_defaults",
            vec![("kinds[approval_requested]", s("off"))],
            "uyffffyyfff",
        ),
        ("/api/team", vec![], "uyfyffyffff"),
        (
            "/api/team_invite",
            vec![
                ("display_name", s("X")),
                ("email", s("not-an-address")),
                ("roles[viewer]", s("on")),
                ("per_order_limit", s("")),
                ("monthly_budget", s("")),
                ("approver", s("")),
            ],
            "uyffffyffff",
        ),
        (
            "/api/team_update",
            vec![
                ("member_id", ids.carla.clone()),
                ("roles[admin]", s("on")),
                ("per_order_limit", s("")),
                ("monthly_budget", s("")),
                ("approver", s("")),
            ],
            "uyffffhffff",
        ),
        (
            "/api/team_deactivate",
            vec![("member_id", ids.carla.clone())],
            "uyffffhffff",
        ),
        ("/api/customers", vec![], "uffffffyyyy"),
        (
            "/api/customer",
            vec![("id", ids.mueller.clone())],
            "uhhhhhhyyhy",
        ),
        ("/api/account_managers", vec![], "uffffffyyyf"),
        (
            "/api/customer_create",
            vec![
                ("name", s("")),
                ("vat_id", s("")),
                ("billing_address", s("")),
                ("shipping_address", s("")),
                ("account_manager", s("")),
            ],
            "uffffffyyyf",
        ),
        (
            "/api/customer_invite_admin",
            vec![
                ("organization_id", ids.mueller.clone()),
                ("display_name", s("X")),
                ("email", s("not-an-address")),
            ],
            "uhhhhhhyyhf",
        ),
        (
            "/api/customer_status",
            vec![
                ("organization_id", ids.mueller.clone()),
                ("unlock", s("true")),
            ],
            "uhhhhhhyyhf",
        ),
        ("/api/staff", vec![], "uffffffyfff"),
        ("/api/integrations", vec![], "uffffffyfff"),
        (
            "/api/api_client_create",
            vec![("name", s("PIM")), ("scopes[catalog:read]", s("on"))],
            "uffffffyfff",
        ),
        (
            "/api/api_client_rotate",
            vec![("client_id", ids.client.clone())],
            "uffffffyfff",
        ),
        (
            "/api/api_client_revoke",
            vec![("client_id", ids.client.clone())],
            "uffffffyfff",
        ),
        (
            "/api/webhook_create",
            vec![
                ("url", s("https://erp.example.com/more")),
                ("events[order.placed]", s("on")),
            ],
            "uffffffyfff",
        ),
        (
            "/api/webhook_enable",
            vec![
                ("endpoint_id", ids.endpoint.clone()),
                ("enabled", s("false")),
            ],
            "uffffffyfff",
        ),
        (
            "/api/webhook_rotate",
            vec![("endpoint_id", ids.endpoint.clone())],
            "uffffffyfff",
        ),
        (
            "/api/webhook_deliveries",
            vec![("endpoint_id", ids.endpoint.clone())],
            "uffffffyfff",
        ),
        (
            "/api/webhook_resend",
            vec![("delivery_id", ids.delivery.clone())],
            "uffffffyfff",
        ),
        (
            "/api/staff_invite",
            vec![
                ("display_name", s("X")),
                ("email", s("not-an-address")),
                ("roles[service_agent]", s("on")),
            ],
            "uffffffyfff",
        ),
        (
            "/api/staff_update",
            vec![
                ("member_id", ids.nora.clone()),
                ("roles[vendor_admin]", s("on")),
            ],
            "uffffffyfff",
        ),
        (
            "/api/staff_deactivate",
            vec![("member_id", ids.nora.clone())],
            "uffffffyfff",
        ),
        (
            "/api/staff_reset_second_factor",
            vec![("member_id", ids.nora.clone())],
            "uffffffyfff",
        ),
        (
            "/api/audit",
            vec![("organization_id", ids.mueller.clone())],
            "uyffffhyyhf",
        ),
        // The timeline reads as the audit trail does: Müller's admin, the vendor's
        // admin and Müller's account manager.
        (
            "/api/customer_timeline",
            vec![
                ("organization_id", ids.mueller.clone()),
                ("kind", s("")),
                ("person", s("")),
                ("before", s("")),
            ],
            "uyffffhyyhf",
        ),
        // Follow-ups are the work of those who manage the customer: the vendor's admin
        // and Müller's account manager.
        (
            "/api/follow_ups",
            vec![("customer_id", ids.mueller.clone())],
            "uhhhhhhyyhf",
        ),
        ("/api/my_follow_ups", vec![], "uyyyyyyyyyy"),
        (
            "/api/add_follow_up",
            vec![
                ("customer_id", ids.mueller.clone()),
                ("note", s("")),
                ("due", s("")),
            ],
            "uhhhhhhyyhf",
        ),
        // On the demo's lead (unassigned here: any account manager may work it);
        // those who may not see leads do not find it.
        (
            "/api/add_follow_up",
            vec![
                ("lead_id", ids.lead.clone()),
                ("note", s("")),
                ("due", s("")),
            ],
            "uhhhhhhyyyh",
        ),
        (
            "/api/complete_follow_up",
            vec![("id", ids.follow_up.clone())],
            "uhhhhhhyyhf",
        ),
        // A colleague of another organization named as the person: nothing revealed.
        (
            "/api/customer_timeline",
            vec![
                ("organization_id", ids.mueller.clone()),
                ("kind", s("orders")),
                ("person", ids.nora.clone()),
                ("before", s("")),
            ],
            "uhffffhhhhf",
        ),
        // Leads. Anyone registers for the technical downloads and opens the page (a
        // confirmed prospect's browser is the leads tests' business); a link's token
        // works for whoever holds it (this one is nobody's: an answer, not a 404).
        (
            "/api/register_for_downloads",
            vec![
                ("name", s("Lena {n}")),
                ("company", s("Vogt")),
                ("email", s("lena{n}@vogt-fluid.example")),
            ],
            "yyyyyyyyyyy",
        ),
        (
            "/api/confirm_downloads",
            vec![("token", "0".repeat(64))],
            "yyyyyyyyyyy",
        ),
        ("/api/downloads_page", vec![], "yyyyyyyyyyy"),
        // Sales see the leads; the vendor admin hands the demo lead to Vera, who may
        // then work it and Tim not; Vera's conversion (to nobody) is refused at the
        // field, the admin closes it, and Vera hears it is finished.
        ("/api/leads", vec![], "uffffffyyyf"),
        ("/api/lead", vec![("id", ids.lead.clone())], "uffffffyyyf"),
        (
            "/api/assign_lead",
            vec![
                ("id", ids.lead.clone()),
                ("account_manager", ids.vera.clone()),
            ],
            "uffffffyyff",
        ),
        (
            "/api/note_lead",
            vec![("id", ids.lead.clone()), ("note", s("Called {n}"))],
            "uffffffyyff",
        ),
        (
            "/api/convert_lead",
            vec![("id", ids.lead.clone()), ("account_manager", s("nobody"))],
            "uffffffyyff",
        ),
        (
            "/api/close_lead",
            vec![("id", ids.lead.clone())],
            "uffffffyyff",
        ),
        (
            "/api/offer_to_prospects",
            vec![("document_id", ids.data_sheet.clone()), ("offered", s("1"))],
            "uffffffyfff",
        ),
        // Last: they end the caller's session.
        ("/api/sign_out_everywhere", vec![], "uyyyyyyyyyy"),
        ("/api/sign_out", vec![], "yyyyyyyyyyy"),
    ]
}

/// (page path, expectations). Params: `{id}` Müller (a product on product pages,
/// an order of Müller on order pages),
/// `{sku}` a product, `{token}` a dead token.
fn page_rows() -> Vec<(&'static str, &'static str)> {
    vec![
        ("/", "yyyyyyyyyyy"),
        ("/catalog", "yyyyyyyyyyy"),
        ("/catalog/{sku}", "yyyyyyyyyyy"),
        ("/customer/terms", "uyyyyyyffff"),
        ("/cart", "ufyfffyffff"),
        ("/orders", "uyyyyyyyyyy"),
        ("/orders/{id}", "uyyyyyhyyhy"),
        ("/orders/{id}/change", "uyyyyyhyyhy"),
        ("/approvals", "uyfyffyffff"),
        ("/analytics", "uyfyyfyffff"),
        ("/vendor/analytics", "uffffffyyyf"),
        ("/documents", "uyyyyyyyyyy"),
        ("/documents/{id}", "uyyyyyhyyhy"),
        ("/service", "uyyyyyyyyyy"),
        ("/service/new", "uyyyyyyffff"),
        ("/service/{id}", "uyyyyyhyyhy"),
        ("/quotes", "uyyyyfyyyyf"),
        ("/quotes/new", "ufyfffyffff"),
        // Egon's quote (offered to him).
        ("/quotes/{id}", "uyyyyfhyyhf"),
        ("/quotes/{id}/print", "uyyyyfhyyhf"),
        ("/survey/{id}", "hhhhhhhhhhh"),
        ("/nps/{id}", "hhhhhhhhhhh"),
        ("/downloads", "yyyyyyyyyyy"),
        ("/downloads/confirm", "yyyyyyyyyyy"),
        ("/vendor/leads", "uffffffyyyf"),
        ("/vendor/leads/{id}", "uffffffyyyf"),
        ("/satisfaction", "uffffffyyyy"),
        ("/vendor/customers/{id}/terms", "uffffffyyhy"),
        ("/vendor/products", "uffffffyfff"),
        ("/vendor/products/{id}", "uffffffyfff"),
        ("/request-access", "yyyyyyyyyyy"),
        ("/sign-in", "yyyyyyyyyyy"),
        ("/forgot-password", "yyyyyyyyyyy"),
        ("/welcome/{token}", "yyyyyyyyyyy"),
        ("/reset/{token}", "yyyyyyyyyyy"),
        // The token is the authorization: a wrong one shows why it decides nothing.
        ("/decide/{token}", "yyyyyyyyyyy"),
        ("/account", "yyyyyyyyyyy"),
        ("/notifications", "uyyyyyyyyyy"),
        ("/customer", "yyyyyyyyyyy"),
        ("/vendor", "yyyyyyyyyyy"),
        ("/customer/team", "uyfyffyffff"),
        ("/customer/audit", "uyffffyyfff"),
        ("/vendor/staff", "uffffffyfff"),
        ("/vendor/integrations", "uffffffyfff"),
        ("/vendor/integrations/webhooks/{id}", "uffffffyfff"),
        ("/vendor/customers/{id}", "uhhhhhhyyhy"),
        ("/vendor/customers/{id}/audit", "uyffffhyyhf"),
        ("/vendor/customers/{id}/timeline", "uyffffhyyhf"),
        ("/vendor/customers/{id}/follow-ups", "uhhhhhhyyhf"),
        // Their own organization's: a customer's admin; vendor staff have none.
        ("/customer/timeline", "uyffffyhhhh"),
    ]
}

/// Callers with no business seeing Müller's people.
fn is_outsider(caller: &str) -> bool {
    caller.is_empty() || caller.ends_with("@becker.example") || caller.starts_with("tim@")
}

fn expected_status(code: u8) -> u16 {
    match code {
        b'y' => 200,
        b'r' => 303,
        b'u' => 401,
        b'f' => 403,
        b'h' => 404,
        _ => panic!("unknown expectation {}", code as char),
    }
}

/// Words that must never appear in an answer to someone outside Müller: people, and
/// Müller's negotiated prices and terms (as shown, and as serialised cents).
const MUELLER_SECRETS: [&str; 12] = [
    "egon@mueller.example",
    "Hannah Becker",
    "€1,150.00",
    "€1,090.00",
    ":115000",
    "Framework agreement 2026",
    // Müller's orders: the PO numbers of the demo history.
    "PO-2026-0501",
    "PO-2026-0467",
    // Müller's documents.
    "Framework contract Maschinenbau Müller 2026",
    "Rahmenvertrag_Mueller_2026.pdf",
    // Müller's service requests.
    "Pressure loss on gear pump ZP-16",
    // Müller's quotes.
    "as discussed on the phone",
];

/// The demo quote `requester` asked for.
async fn demo_quote(app: &TestApp, requester: &str) -> String {
    let requester = app.user_id(requester).await;
    let org = app.organization_id("carla@mueller.example").await;
    let query = kontor_store::quotes::QuoteQuery {
        organization_id: Some(&org),
        requester_id: Some(&requester),
        limit: 1,
        ..Default::default()
    };
    app.kontor_store.quotes(&query).await.unwrap()[0].id.clone()
}

/// An API client, a webhook endpoint and a delivery of it, for the integration rows.
async fn integration_ids(app: &TestApp) -> (String, String, String) {
    use kontor_app::services::{Actor, integration, webhooks};
    let ctx = app.server_context();
    let client = match integration::create(
        &ctx,
        &Actor::Operator,
        integration::NewClient {
            name: "SAP".into(),
            scopes: "orders:read".into(),
            customers: vec![],
            expires_at: None,
            expires_in_days: String::new(),
        },
    )
    .await
    .unwrap()
    {
        integration::CreateOutcome::Created { client, .. } => client.id,
        integration::CreateOutcome::Invalid(p) => panic!("{p:?}"),
    };
    let endpoint = match webhooks::create_endpoint(
        &ctx,
        &Actor::Operator,
        webhooks::NewEndpointInput {
            url: "https://erp.example.com/hooks".into(),
            event_types: "*".into(),
        },
    )
    .await
    .unwrap()
    {
        webhooks::EndpointOutcome::Created { endpoint, .. } => endpoint.id,
        webhooks::EndpointOutcome::Invalid(p) => panic!("{p:?}"),
    };
    let delivery = "delivery-for-the-matrix".to_string();
    let mut conn = app.db.raw().await;
    sqlx::query(
        "INSERT INTO webhook_messages (id, event_type, payload, created_at)
         VALUES ('message-for-the-matrix', 'order.placed', '{}', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, message_id, endpoint_id, state, attempts,
                                         next_attempt_at, created_at)
         VALUES ($1, 'message-for-the-matrix', $2, 'failed', 1, 0, 0)",
    )
    .bind(&delivery)
    .bind(&endpoint)
    .execute(&mut conn)
    .await
    .unwrap();
    (client, endpoint, delivery)
}

async fn every_endpoint_answers_every_caller_as_the_product_says(backend: Backend) {
    // Each caller comes from its own address (through a trusted proxy), as people
    // do: the per-client limits on anonymous mail stay out of the picture.
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_DEMO", "1"),
            ("KONTOR_DEMO_PASSWORD", crate::support::DEMO_PASSWORD),
            ("KONTOR_TRUSTED_PROXIES", "127.0.0.1"),
        ],
    )
    .await;
    let hannah = app.user_id("hannah@mueller.example").await;
    let ids = Ids {
        colleague_order: app
            .kontor_store
            .orders_page(&kontor_store::orders::OrderQuery {
                purchaser_id: Some(&hannah),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap()[0]
            .id
            .clone(),
        quote: demo_quote(&app, "egon@mueller.example").await,
        follow_up: sqlx::query_scalar("SELECT id FROM follow_ups")
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap(),
        colleague_quote: demo_quote(&app, "hannah@mueller.example").await,
        lead: sqlx::query_scalar("SELECT id FROM prospects")
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap(),
        vera: app.user_id("vera@nordhydraulik.example").await,
        mueller: app.organization_id("carla@mueller.example").await,
        carla: app.user_id("carla@mueller.example").await,
        nora: app.user_id("admin@nordhydraulik.example").await,
        pump: app.product_id("NH-PMP-1000").await,
        order: app
            .kontor_store
            .orders_page(&kontor_store::orders::OrderQuery {
                state: Some(kontor_domain::order::OrderState::PendingApproval),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap()[0]
            .id
            .clone(),
        contract: String::new(),
        contract_version: String::new(),
        data_sheet: String::new(),
        client: String::new(),
        endpoint: String::new(),
        delivery: String::new(),
        request: app
            .kontor_store
            .service_requests_page(
                kontor_store::service::ServiceReader::AllCustomers,
                &kontor_store::service::RequestQuery {
                    active: true,
                    limit: 1,
                    ..Default::default()
                },
            )
            .await
            .unwrap()[0]
            .id
            .clone(),
    };
    let ids = {
        use kontor_store::documents::{DocumentQuery, Reader};
        let find = |word: &'static str| {
            let store = app.kontor_store.clone();
            async move {
                let query = DocumentQuery {
                    words: vec![word.to_string()],
                    limit: 1,
                    ..Default::default()
                };
                let found = store
                    .documents_page(Reader::AllCustomers, &query)
                    .await
                    .unwrap();
                (found[0].id.clone(), found[0].current.id.clone())
            }
        };
        let (contract, contract_version) = find("rahmenvertrag maschinenbau").await;
        let (data_sheet, _) = find("datenblatt ap-45").await;
        let (client, endpoint, delivery) = integration_ids(&app).await;
        Ids {
            contract,
            contract_version,
            data_sheet,
            client,
            endpoint,
            delivery,
            ..ids
        }
    };
    let rows = server_fn_rows(&ids);

    // Every registered server function has a row, and every row a function.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let covered: BTreeSet<String> = rows.iter().map(|(path, _, _)| path.to_string()).collect();
    assert_eq!(
        registered, covered,
        "server functions without a row (or rows without a function)"
    );
    let routes: BTreeSet<String> = kontor::route_list()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    let page_paths: BTreeSet<String> = page_rows().iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        routes, page_paths,
        "pages without a row (or rows without a page)"
    );

    let mut browsers: HashMap<usize, Browser> = HashMap::new();
    for (i, email) in CALLERS.iter().enumerate() {
        let client = format!("198.51.100.{}", i + 1);
        let browser = if email.is_empty() {
            app.browser_from(&client)
        } else {
            app.signed_in_from(email, &client).await
        };
        browsers.insert(i, browser);
    }

    let mut failures = Vec::new();
    for (path, page_expectations) in page_rows() {
        let id = if path.starts_with("/vendor/products/") {
            &ids.pump
        } else if path.starts_with("/vendor/integrations/") {
            &ids.endpoint
        } else if path.starts_with("/orders/") {
            &ids.order
        } else if path.starts_with("/documents/") {
            &ids.contract
        } else if path.starts_with("/service/") || path.starts_with("/survey/") {
            &ids.request
        } else if path.starts_with("/quotes/") {
            &ids.quote
        } else if path.starts_with("/vendor/leads/") {
            &ids.lead
        } else {
            &ids.mueller
        };
        let url = path
            .replace("{id}", id)
            .replace("{sku}", "NH-PMP-1000")
            .replace("{token}", &"0".repeat(64));
        for (i, code) in page_expectations.bytes().enumerate() {
            let response = browsers[&i].page(&url).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            if status != expected_status(code) {
                failures.push(format!(
                    "GET {path} as {:?}: {status}, expected {}",
                    CALLERS[i],
                    expected_status(code)
                ));
            }
            if is_outsider(CALLERS[i]) && path != "/" {
                for secret in MUELLER_SECRETS {
                    if body.contains(secret) {
                        failures.push(format!("GET {path} as {:?} shows {secret}", CALLERS[i]));
                    }
                }
            }
        }
    }
    // Plain HTTP routes: neither server functions nor pages (before the rows that
    // sign out). A file on Peter's request, shared with the customer:
    let photo = kontor_app::server::demo_documents::pdf(&["photo of the pump"]);
    let attached = browsers[&1]
        .upload_to(
            "attach_to_request",
            &[("request_id", &ids.request)],
            Some(("pump.pdf", photo)),
        )
        .await;
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());
    let attachment: String = sqlx::query_scalar(
        "SELECT id FROM service_attachments WHERE request_id = $1 ORDER BY uploaded_at DESC LIMIT 1",
    )
    .bind(&ids.request)
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    // A drawing Egon put on his quote.
    let drawing = kontor_app::server::demo_documents::pdf(&["drawing"]);
    let attached = browsers[&2]
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &ids.quote)],
            Some(("drawing.pdf", drawing)),
        )
        .await;
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());
    let quote_file: String = sqlx::query_scalar(
        "SELECT id FROM quote_attachments WHERE quote_id = $1 ORDER BY uploaded_at DESC LIMIT 1",
    )
    .bind(&ids.quote)
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    // (route, the path requested, expectations); `r`: 303 to a page of this site.
    let downloads = [
        ("/healthz", "/healthz".to_string(), "yyyyyyyyyyy"),
        ("/readyz", "/readyz".to_string(), "yyyyyyyyyyy"),
        ("/sw.js", "/sw.js".to_string(), "yyyyyyyyyyy"),
        (
            "/lang/{tag}",
            "/lang/de?next=/orders".to_string(),
            "rrrrrrrrrrr",
        ),
        (
            "/files/{id}",
            format!("/files/{}", ids.contract),
            "uyyyyyhyyhy",
        ),
        (
            "/files/versions/{id}",
            format!("/files/versions/{}", ids.contract_version),
            "uyyyyyhyyhy",
        ),
        (
            "/files/{id}",
            format!("/files/{}", ids.data_sheet),
            "uyyyyyyyyyy",
        ),
        (
            "/files/service/{id}",
            format!("/files/service/{attachment}"),
            "uyyyyyhyyhy",
        ),
        // Who sees the quote; a viewer and a service agent, who do not, find nothing.
        (
            "/files/quotes/{id}",
            format!("/files/quotes/{quote_file}"),
            "uyyyyhhyyhh",
        ),
        // Only a confirmed prospect's browser (none of these) downloads here; the
        // others are sent to the registration.
        (
            "/files/prospects/{id}",
            format!("/files/prospects/{}", ids.data_sheet),
            "rrrrrrrrrrr",
        ),
        (
            "/analytics/csv/{table}",
            "/analytics/csv/purchasers".to_string(),
            "uyfyyfyffff",
        ),
        (
            "/vendor/analytics/csv/{table}",
            "/vendor/analytics/csv/revenue".to_string(),
            "uffffffyyyf",
        ),
    ];
    let plain: BTreeSet<&str> = downloads.iter().map(|(route, _, _)| *route).collect();
    let routed: BTreeSet<&str> = kontor::plain_route_paths().into_iter().collect();
    assert_eq!(
        plain, routed,
        "plain routes without a row (or rows without a route)"
    );
    for (_, path, expectations) in &downloads {
        for (i, code) in expectations.bytes().enumerate() {
            let response = browsers[&i].get_with(path, &[]).await;
            let status = response.status().as_u16();
            let body = response.bytes().await.unwrap();
            if status != expected_status(code) {
                failures.push(format!(
                    "GET {path} as {:?}: {status}, expected {}",
                    CALLERS[i],
                    expected_status(code)
                ));
            }
            if is_outsider(CALLERS[i]) && String::from_utf8_lossy(&body).contains("Mueller") {
                failures.push(format!(
                    "GET {path} as {:?} sends Müller's file",
                    CALLERS[i]
                ));
            }
        }
    }
    // `/metrics` has a listener of its own (KONTOR_METRICS_ADDR, for the vendor's
    // monitoring; its content is tested with the operations): on the site's address
    // nobody, signed in or not, finds it.
    for i in 0..CALLERS.len() {
        let status = browsers[&i]
            .get_with("/metrics", &[])
            .await
            .status()
            .as_u16();
        if status != 404 {
            failures.push(format!(
                "GET /metrics as {:?}: {status}, expected 404",
                CALLERS[i]
            ));
        }
    }
    for (path, form, expectations) in &rows {
        assert_eq!(expectations.len(), CALLERS.len(), "row {path}");
        for (i, code) in expectations.bytes().enumerate() {
            let form: Vec<(&str, String)> = form
                .iter()
                .map(|(k, v)| (*k, v.replace("{n}", &i.to_string())))
                .collect();
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let endpoint = path.trim_start_matches("/api/");
            let response = if endpoint == "upload_document" {
                let file = kontor_app::server::demo_documents::pdf(&["v2"]);
                browsers[&i]
                    .upload(&form, Some(("contract.pdf", file)))
                    .await
            } else if endpoint == "attach_to_request" || endpoint == "attach_to_quote" {
                let file = kontor_app::server::demo_documents::pdf(&["photo"]);
                browsers[&i]
                    .upload_to(endpoint, &form, Some(("photo.pdf", file)))
                    .await
            } else {
                browsers[&i].call(endpoint, &form).await
            };
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            if status != expected_status(code) {
                failures.push(format!(
                    "{path} as {:?}: {status} {body}, expected {}",
                    CALLERS[i],
                    expected_status(code)
                ));
            }
            if is_outsider(CALLERS[i]) && *path != "/api/me" {
                for secret in MUELLER_SECRETS {
                    if body.contains(secret) {
                        failures.push(format!("{path} as {:?} reveals {secret}", CALLERS[i]));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.stop().await;
}
