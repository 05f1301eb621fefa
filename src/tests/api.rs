//! The REST API for the ERP: tokens, scopes and customer lists (the API's
//! authorization matrix), the change feed under concurrent placement, idempotent
//! POSTs, problems, the OpenAPI contract, and the ERP's round trip — on both
//! databases. Every answer an API call gets here is checked against the schema the
//! OpenAPI document gives for its path, method and status.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, count};
use kontor_app::services::Actor;
use kontor_app::services::integration::{self, CreateOutcome, NewClient};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

on_both_backends!(
    an_erp_round_trip_pulls_confirms_ships_and_delivers,
    the_erp_creates_and_unlocks_a_customer_with_its_own_key,
    the_erp_sets_many_prices_at_once_or_none,
    each_line_of_a_price_list_builds_on_the_lines_before_it,
    tokens_are_stored_hashed_and_stop_working_when_revoked_or_expired,
    the_command_line_creates_lists_and_revokes_clients,
    every_api_route_has_rows_in_the_authorization_matrix,
    the_change_feed_sees_each_order_placed_during_a_poll_once,
    the_same_post_with_the_same_key_has_one_effect_and_one_answer,
    the_openapi_document_covers_every_route_and_errors_are_problems
);

const PUMP: &str = "NH-PMP-1000";

/// Creates an API client through the service (as the command line does) and
/// returns its token.
pub(crate) async fn token(app: &TestApp, scopes: &str, customers: &[String]) -> String {
    let outcome = integration::create(
        &app.server_context(),
        &Actor::Operator,
        NewClient {
            name: "SAP".into(),
            scopes: scopes.into(),
            customers: customers.to_vec(),
            expires_at: None,
            expires_in_days: String::new(),
        },
    )
    .await
    .unwrap();
    match outcome {
        CreateOutcome::Created { token, .. } => token.expose().to_string(),
        CreateOutcome::Invalid(problems) => panic!("client refused: {problems:?}"),
    }
}

/// The OpenAPI document, and the check of an answer against it.
pub(crate) struct Contract {
    doc: Value,
}

impl Contract {
    pub(crate) async fn load(app: &TestApp) -> Contract {
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        Contract {
            doc: response.json().await.unwrap(),
        }
    }

    /// The documented path template a concrete path matches.
    fn template(&self, path: &str) -> String {
        let path = path.split('?').next().unwrap();
        let parts: Vec<&str> = path.split('/').collect();
        self.doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .find(|t| {
                let tparts: Vec<&str> = t.split('/').collect();
                tparts.len() == parts.len()
                    && tparts
                        .iter()
                        .zip(&parts)
                        .all(|(t, p)| t.starts_with('{') || t == p)
            })
            .unwrap_or_else(|| panic!("{path} is not in the OpenAPI document"))
            .clone()
    }

    /// Fails unless the document lists `status` for the call and `body` validates
    /// against that response's schema.
    fn check(&self, method: &str, path: &str, status: u16, content_type: &str, body: &Value) {
        let template = self.template(path);
        let response =
            &self.doc["paths"][&template][method.to_lowercase()]["responses"][status.to_string()];
        assert!(
            response.is_object(),
            "{method} {template} answered {status}, which the document does not list: {body}"
        );
        let media = &response["content"][content_type];
        assert!(
            media.is_object(),
            "{method} {template} {status}: {content_type} is not documented"
        );
        let mut schema = media["schema"].clone();
        schema["components"] = self.doc["components"].clone();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {status} does not match its schema: {errors:?}\n{body}"
        );
    }
}

/// The ERP's side: a token, and every answer checked against the contract.
pub(crate) struct Erp<'a> {
    app: &'a TestApp,
    contract: &'a Contract,
    token: Option<String>,
}

/// An answer: status, the headers that matter, the JSON body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Value,
}

impl<'a> Erp<'a> {
    pub(crate) fn new(app: &'a TestApp, contract: &'a Contract, token: &str) -> Erp<'a> {
        Erp {
            app,
            contract,
            token: Some(token.to_string()),
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder, method: &str, path: &str) -> Answer {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body: Value = response.json().await.unwrap();
        self.contract
            .check(method, path, status, &content_type, &body);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub(crate) async fn get(&self, path: &str) -> Answer {
        let request = self.app.client.get(self.app.url(path));
        self.send(request, "GET", path).await
    }

    pub(crate) async fn post(&self, path: &str, body: Value, key: Option<&str>) -> Answer {
        self.with_body("POST", path, body, key).await
    }

    pub(crate) async fn with_body(
        &self,
        method: &str,
        path: &str,
        body: Value,
        key: Option<&str>,
    ) -> Answer {
        let mut request = self
            .app
            .client
            .request(method.parse().unwrap(), self.app.url(path));
        if !body.is_null() {
            request = request.json(&body);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        self.send(request, method, path).await
    }

    /// Uploads a multipart form (a document) with a POST.
    pub(crate) async fn upload(&self, path: &str, form: reqwest::multipart::Form) -> Answer {
        let request = self.app.client.post(self.app.url(path)).multipart(form);
        self.send(request, "POST", path).await
    }

    /// Pages through the feed from `cursor` until it has nothing more; the orders
    /// seen (id and state) and the new cursor.
    async fn drain(&self, mut cursor: String, limit: usize) -> (Vec<(String, String)>, String) {
        let mut seen = Vec::new();
        loop {
            let page = self
                .get(&format!(
                    "/api/v1/orders?updated_since={cursor}&limit={limit}"
                ))
                .await;
            assert_eq!(page.status, 200, "{}", page.body);
            for o in page.body["orders"].as_array().unwrap() {
                seen.push((
                    o["id"].as_str().unwrap().to_string(),
                    o["state"].as_str().unwrap().to_string(),
                ));
            }
            cursor = page.body["next_cursor"].as_str().unwrap().to_string();
            if page.body["has_more"] != true {
                return (seen, cursor);
            }
        }
    }
}

/// An invoice upload: kind and title, then a small real PDF named `invoice.pdf`.
pub(crate) fn invoice_form(title: &str) -> reqwest::multipart::Form {
    let pdf = kontor_app::server::demo_documents::pdf(&["Invoice", title]);
    reqwest::multipart::Form::new()
        .text("kind", "invoice")
        .text("title_en", title.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf)
                .file_name("invoice.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
}

/// Egon orders `quantity` pumps; the new order's id.
async fn egon_orders(browser: &Browser, quantity: i64) -> String {
    let added = browser
        .ok(
            "add_to_cart",
            &[("sku", PUMP), ("quantity", &quantity.to_string())],
        )
        .await;
    assert_eq!(added, "Changed");
    let cart = browser.ok("cart", &[]).await;
    let placed = browser
        .ok(
            "place_order",
            &[
                ("idempotency_key", cart["idempotency_key"].as_str().unwrap()),
                ("po_number", "PO-API"),
                ("delivery_address", "Werk 2, Stuttgart"),
            ],
        )
        .await;
    placed["Placed"]["order_id"]
        .as_str()
        .unwrap_or_else(|| panic!("not placed: {placed}"))
        .to_string()
}

async fn an_erp_round_trip_pulls_confirms_ships_and_delivers(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(
        &app,
        &contract,
        &token(
            &app,
            "customers:write,prices:write,orders:write,documents:write",
            &[],
        )
        .await,
    );
    // The README's story: a new customer with the ERP's key, unlocked, with its prices.
    let created = erp
        .post(
            "/api/v1/customers",
            json!({
                "name": "Schmidt Anlagenbau GmbH",
                "external_id": "K-10042",
                "account_manager_email": "vera@nordhydraulik.example",
            }),
            None,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let customer = created.body["id"].as_str().unwrap().to_string();
    let unlocked = erp
        .post(
            &format!("/api/v1/customers/{customer}/unlock"),
            Value::Null,
            None,
        )
        .await;
    assert_eq!(unlocked.body["status"], "active");
    let priced = erp
        .with_body(
            "PUT",
            &format!("/api/v1/customers/{customer}/prices"),
            json!({ "reason": "2027 list", "prices": [{ "sku": PUMP, "base_price_cents": 109000,
                    "tiers": [{ "min_quantity": 50, "unit_price_cents": 105000 }] }] }),
            None,
        )
        .await;
    assert_eq!(priced.status, 200, "{}", priced.body);
    assert_eq!(priced.body["valid_lines"], 1);
    // The ERP catches up with everything there is, then waits for new orders.
    let (history, cursor) = erp.drain(String::new(), 50).await;
    assert!(!history.is_empty(), "the demo's orders are in the feed");
    let egon = app.signed_in("egon@mueller.example").await;
    let id = egon_orders(&egon, 2).await;
    let (new, cursor) = erp.drain(cursor, 50).await;
    assert_eq!(new, vec![(id.clone(), "approved".to_string())]);
    let order = erp.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(order.body["customer"]["name"], "Maschinenbau Müller GmbH");
    assert_eq!(order.body["lines"][0]["sku"], PUMP);
    assert_eq!(order.body["lines"][0]["quantity"], 2);
    assert_eq!(order.body["po_number"], "PO-API");

    // Shipping before confirming is refused; a too long ERP number is refused at
    // the field, changing nothing.
    let early = erp
        .post(&format!("/api/v1/orders/{id}/ship"), json!({}), None)
        .await;
    assert_eq!(early.status, 409);
    let long = erp
        .post(
            &format!("/api/v1/orders/{id}/confirm"),
            json!({ "external_id": "X".repeat(65) }),
            None,
        )
        .await;
    assert_eq!(long.status, 422);
    assert_eq!(long.body["errors"][0]["field"], "external_id");
    assert_eq!(long.body["errors"][0]["code"], "too_long");

    let confirmed = erp
        .post(
            &format!("/api/v1/orders/{id}/confirm"),
            json!({ "external_id": "SO-4711" }),
            None,
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert_eq!(confirmed.body["state"], "confirmed");
    assert_eq!(confirmed.body["external_id"], "SO-4711");
    let shipped = erp
        .post(
            &format!("/api/v1/orders/{id}/ship"),
            json!({ "carrier": "DHL", "tracking_number": "00340434161094042557" }),
            None,
        )
        .await;
    assert_eq!(shipped.body["state"], "shipped");
    assert_eq!(shipped.body["carrier"], "DHL");
    assert_eq!(shipped.body["tracking_number"], "00340434161094042557");
    assert_eq!(shipped.body["external_id"], "SO-4711", "kept");
    let delivered = erp
        .post(&format!("/api/v1/orders/{id}/deliver"), Value::Null, None)
        .await;
    assert_eq!(delivered.body["state"], "delivered");

    // The feed shows the order once more, as it is now.
    let (changes, _) = erp.drain(cursor, 50).await;
    assert_eq!(changes, vec![(id.clone(), "delivered".to_string())]);

    // The invoice: a file that is not what its name says is refused, nothing stored;
    // the real PDF is attached to the order, and Egon downloads exactly its bytes.
    let fake = reqwest::multipart::Form::new()
        .text("kind", "invoice")
        .text("title_en", "Invoice 2026-0042")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"MZ this is not a PDF".to_vec())
                .file_name("invoice.pdf"),
        );
    let refused = erp
        .upload(&format!("/api/v1/orders/{id}/documents"), fake)
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["field"], "file");
    let attached = erp
        .upload(
            &format!("/api/v1/orders/{id}/documents"),
            invoice_form("Invoice 2026-0042"),
        )
        .await;
    assert_eq!(attached.status, 201, "{}", attached.body);
    assert_eq!(attached.body["order_id"], id.as_str());
    assert_eq!(attached.body["kind"], "invoice");
    let invoices = egon
        .ok("documents", &[("order", &id), ("kind", "invoice")])
        .await;
    let rows = invoices["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{invoices}");
    assert_eq!(rows[0]["title_en"], "Invoice 2026-0042");
    let document_id = rows[0]["id"].as_str().unwrap();
    let file = egon.get_with(&format!("/files/{document_id}"), &[]).await;
    assert_eq!(file.status(), 200);
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    use sha2::Digest;
    assert_eq!(
        format!("{:x}", sha2::Sha256::digest(&bytes)),
        attached.body["sha256"].as_str().unwrap()
    );
    // Uploaded by the client, as the document's history shows.
    let detail = egon
        .ok("document", &[("document_id", document_id)])
        .await
        .to_string();
    assert!(
        !detail.contains("SAP (API)"),
        "customers do not see who uploaded"
    );
    let vera = app.signed_in("admin@nordhydraulik.example").await;
    let detail = vera
        .ok("document", &[("document_id", document_id)])
        .await
        .to_string();
    assert!(detail.contains("SAP (API)"), "{detail}");
    // The purchaser sees the ERP's steps in the order's history, by the client's name.
    let detail = egon.ok("order", &[("order_id", &id)]).await;
    assert_eq!(detail["state"], "Delivered");
    let history = detail["timeline"].to_string();
    assert!(history.contains("SAP (API)"), "{history}");
    // And the customer's audit trail names the client as the actor.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE actor_name = 'SAP (API)' AND target LIKE $1",
            &format!("order:{id}%"),
        )
        .await,
        3
    );
    app.stop().await;
}

async fn tokens_are_stored_hashed_and_stop_working_when_revoked_or_expired(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let secret = token(&app, "orders:read", &[]).await;
    let erp = Erp::new(&app, &contract, &secret);
    assert_eq!(erp.get("/api/v1/orders").await.status, 200);

    // Only the hash is stored, and the token never appears in a stored text.
    let stored: (String, String, Option<i64>) = {
        let mut conn = app.db.raw().await;
        sqlx::query_as("SELECT id, token_hash, last_used_at FROM api_clients")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(stored.1, integration::token_hash(&secret));
    assert_ne!(stored.1, secret);
    assert!(stored.2.is_some(), "last use is noted");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE after_value LIKE $1 OR target LIKE $1",
            &format!("%{}%", &secret[7..]),
        )
        .await,
        0
    );

    // No token, a malformed one, a well-formed unknown one, a person's session:
    // all 401 with a problem that says how to authenticate.
    let anonymous = Erp {
        token: None,
        ..Erp::new(&app, &contract, "")
    };
    let missing = anonymous.get("/api/v1/orders").await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    for bad in ["nonsense", &format!("kontor_{}", "A".repeat(43))] {
        assert_eq!(
            Erp::new(&app, &contract, bad)
                .get("/api/v1/orders")
                .await
                .status,
            401
        );
    }
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let with_cookie = vera
        .client
        .get(app.url("/api/v1/orders"))
        .send()
        .await
        .unwrap();
    assert_eq!(with_cookie.status(), 401, "a session cookie is not a token");

    // Rotated: the new token works, the old one is refused at once; the client stays.
    let ctx = app.server_context();
    let rotated = integration::rotate(&ctx, &Actor::Operator, &stored.0)
        .await
        .unwrap();
    assert_eq!(erp.get("/api/v1/orders").await.status, 401, "old token");
    let erp = Erp::new(&app, &contract, rotated.expose());
    assert_eq!(erp.get("/api/v1/orders").await.status, 200, "new token");

    // Revoked: refused at once, and the revocation is in the vendor's audit trail.
    assert!(
        integration::revoke(&ctx, &Actor::Operator, &stored.0)
            .await
            .unwrap()
    );
    assert_eq!(erp.get("/api/v1/orders").await.status, 401);
    assert!(
        !integration::revoke(&ctx, &Actor::Operator, &stored.0)
            .await
            .unwrap(),
        "revoked once"
    );
    assert!(
        integration::rotate(&ctx, &Actor::Operator, &stored.0)
            .await
            .is_err(),
        "a revoked client gets no new token"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "api_client.revoked",
        )
        .await,
        1
    );

    // Expired: a token created a year ago for a month.
    let year_ago = kontor_store::now_ms() - 365 * 86_400_000;
    let outcome = integration::create(
        &ctx.at(year_ago),
        &Actor::Operator,
        NewClient {
            name: "Old ERP".into(),
            scopes: "orders:read".into(),
            customers: vec![],
            expires_at: Some(year_ago + 30 * 86_400_000),
            expires_in_days: String::new(),
        },
    )
    .await
    .unwrap();
    let CreateOutcome::Created { token: old, .. } = outcome else {
        panic!("created")
    };
    assert_eq!(
        Erp::new(&app, &contract, old.expose())
            .get("/api/v1/orders")
            .await
            .status,
        401
    );

    // Creating checks its input: unknown scopes and customers, past expiry, no name.
    let refused = integration::create(
        &ctx,
        &Actor::Operator,
        NewClient {
            name: " ".into(),
            scopes: "orders:read,orders:delete".into(),
            customers: vec!["no-such-customer".into()],
            expires_at: Some(1),
            expires_in_days: String::new(),
        },
    )
    .await
    .unwrap();
    let CreateOutcome::Invalid(problems) = refused else {
        panic!("refused")
    };
    let fields: BTreeSet<&str> = problems.0.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        BTreeSet::from(["name", "scopes", "customers", "expires_at"])
    );
    // People without the right may not create clients; nor may a client.
    let carla = kontor_app::services::Actor::of_person(
        app.kontor_store
            .user_by_email("carla@mueller.example")
            .await
            .unwrap()
            .unwrap(),
        kontor_domain::Locale::En,
    );
    assert!(matches!(
        integration::create(&ctx, &carla, NewClient::default()).await,
        Err(kontor_app::services::ServiceError::Forbidden)
    ));
    app.stop().await;
}

async fn the_command_line_creates_lists_and_revokes_clients(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let config = crate::support::test_config(&app.db, &app.smtp, &[]);
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let printed = kontor::cli::api_client(
        config.clone(),
        &args(&[
            "create",
            "--name",
            "SAP S/4",
            "--scopes",
            "orders:read,orders:write",
        ]),
    )
    .await
    .unwrap();
    let token = printed.lines().last().unwrap().to_string();
    assert!(
        token.starts_with("kontor_") && token.len() == 50,
        "{printed}"
    );
    let contract = Contract::load(&app).await;
    assert_eq!(
        Erp::new(&app, &contract, &token)
            .get("/api/v1/orders")
            .await
            .status,
        200
    );
    let list = kontor::cli::api_client(config.clone(), &args(&["list"]))
        .await
        .unwrap();
    assert!(
        list.contains("SAP S/4") && list.contains("active"),
        "{list}"
    );
    assert!(!list.contains(&token), "the list never shows the token");
    let id = printed.split_whitespace().nth(2).unwrap().to_string();
    let token = kontor::cli::api_client(config.clone(), &args(&["rotate", &id]))
        .await
        .unwrap();
    assert!(token.starts_with("kontor_"), "{token}");
    assert_eq!(
        Erp::new(&app, &contract, &token)
            .get("/api/v1/orders")
            .await
            .status,
        200,
        "the rotated token works"
    );
    kontor::cli::api_client(config.clone(), &args(&["revoke", &id]))
        .await
        .unwrap();
    assert_eq!(
        Erp::new(&app, &contract, &token)
            .get("/api/v1/orders")
            .await
            .status,
        401
    );
    let wrong = kontor::cli::api_client(
        config,
        &args(&["create", "--name", "X", "--scopes", "everything"]),
    )
    .await
    .unwrap_err();
    assert!(wrong.to_string().contains("--scopes"), "{wrong}");
    app.stop().await;
}

/// Who calls, in the API's authorization matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Caller {
    NoToken,
    /// `catalog:read` only.
    OtherScope,
    Reader,
    Writer,
    /// `orders:write` and `service:read`, limited to another customer (Becker).
    OtherCustomer,
    /// `webhooks:write` only.
    Hooks,
    /// `customers:write`, `prices:write`, `catalog:write` and `documents:write` (every
    /// customer).
    Crm,
}

const CALLERS: [Caller; 7] = [
    Caller::NoToken,
    Caller::OtherScope,
    Caller::Reader,
    Caller::Writer,
    Caller::OtherCustomer,
    Caller::Hooks,
    Caller::Crm,
];

async fn every_api_route_has_rows_in_the_authorization_matrix(backend: Backend) {
    use Caller::*;
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let becker = app.organization_id("bob@becker.example").await;
    let mut tokens = HashMap::new();
    tokens.insert(OtherScope, token(&app, "catalog:read", &[]).await);
    tokens.insert(Reader, token(&app, "orders:read,quotes:read", &[]).await);
    tokens.insert(Writer, token(&app, "orders:write,quotes:write", &[]).await);
    tokens.insert(
        OtherCustomer,
        token(
            &app,
            "orders:write,service:read,quotes:write",
            std::slice::from_ref(&becker),
        )
        .await,
    );
    tokens.insert(Hooks, token(&app, "webhooks:write", &[]).await);
    tokens.insert(
        Crm,
        token(
            &app,
            "customers:write,prices:write,catalog:write,documents:write",
            &[],
        )
        .await,
    );
    let mueller = app.organization_id("egon@mueller.example").await;
    // An endpoint for every event (its deliveries fail: the name does not resolve
    // here, which does not matter to who may see them).
    let created = kontor_app::services::webhooks::create_endpoint(
        &app.server_context(),
        &Actor::Operator,
        kontor_app::services::webhooks::NewEndpointInput {
            url: "https://erp.example.com/hooks".into(),
            event_types: "*".into(),
        },
    )
    .await
    .unwrap();
    let kontor_app::services::webhooks::EndpointOutcome::Created { endpoint, .. } = created else {
        panic!("endpoint created")
    };
    // A withdrawn order of Müller's: every step is refused by the order's state, so
    // a caller that gets past authorization sees 409 and nothing changes.
    let egon = app.signed_in("egon@mueller.example").await;
    let id = egon_orders(&egon, 1).await;
    assert_eq!(
        egon.ok("withdraw_order", &[("order_id", &id)]).await,
        json!({ "Decided": "Withdrawn" })
    );
    let delivery: String = {
        let mut conn = app.db.raw().await;
        sqlx::query_scalar("SELECT id FROM webhook_deliveries LIMIT 1")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    let order = format!("/api/v1/orders/{id}");
    let step = |s: &str| format!("/api/v1/orders/{id}/{s}");
    let hook = format!("/api/v1/webhooks/{}", endpoint.id);
    let new_hook = json!({ "url": "https://erp.example.com/other", "event_types": ["*"] });
    let resend = format!("/api/v1/webhook-deliveries/{delivery}/resend");
    let orders_only = [401, 403, 200, 200, 200, 403, 403];
    let one_order = [401, 403, 200, 200, 404, 403, 403];
    let order_step = [401, 403, 403, 409, 404, 403, 403];
    let hooks_only = |ok: u16| [401, 403, 403, 403, 403, ok, 403];
    // Customer routes: Müller is outside the Becker-only client's reach (404), Becker
    // inside it (403: no customers scope).
    let crm_only = |ok: u16, other_customer: u16| [401, 403, 403, 403, other_customer, 403, ok];
    // The catalog is nobody's customer: `catalog:read` reads, `catalog:write` (Crm)
    // reads and writes.
    let catalog_read = [401, 200, 403, 403, 403, 403, 200];
    let catalog_write = [401, 403, 403, 403, 403, 403, 200];
    // Service requests: the Becker-only client reads Becker's; Müller's is hidden.
    let service_feed = [401, 403, 403, 403, 200, 403, 403];
    let mueller_request: String = {
        let mut conn = app.db.raw().await;
        sqlx::query_scalar("SELECT id FROM service_requests WHERE organization_id = $1 LIMIT 1")
            .bind(&mueller)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    // Quotes: Egon's demo quote is offered (a vendor decline is refused by its state),
    // Hannah's waits for an offer (an offer on a version it is not at is refused).
    let quote_of = |who: &'static str| {
        let app = &app;
        async move {
            let who = app.user_id(who).await;
            let mut conn = app.db.raw().await;
            sqlx::query_scalar::<_, String>("SELECT id FROM quotes WHERE requester_id = $1 LIMIT 1")
                .bind(who)
                .fetch_one(&mut conn)
                .await
                .unwrap()
        }
    };
    let offered_quote = format!("/api/v1/quotes/{}", quote_of("egon@mueller.example").await);
    let waiting_quote = format!(
        "/api/v1/quotes/{}",
        quote_of("hannah@mueller.example").await
    );
    let quotes_read = [401, 403, 200, 200, 200, 403, 403];
    let quote_read = [401, 403, 200, 200, 404, 403, 403];
    let quote_write = [401, 403, 403, 409, 404, 403, 403];
    let stale_offer = json!({ "based_on": 99, "lines": [], "valid_until": "2030-01-01" });
    let new_product = json!({ "products": [{
        "sku": "ZP-MATRIX-1", "name_en": "Gear pump", "name_de": "Zahnradpumpe",
        "category": "Pumps", "unit": "pc", "list_price_cents": 100, "stock": 1, "lead_time_days": 1,
    }] });
    let new_customer = json!({
        "name": "Schmidt Anlagenbau",
        "account_manager_email": "vera@nordhydraulik.example",
    });
    // (method, documented path, concrete path, body, status per caller in CALLERS order)
    #[rustfmt::skip]
    let matrix: Vec<(&str, &str, String, Value, [u16; 7])> = vec![
        ("GET", "/api/v1/orders", "/api/v1/orders".into(), Value::Null, orders_only),
        ("GET", "/api/v1/orders/{id}", order.clone(), Value::Null, one_order),
        ("POST", "/api/v1/orders/{id}/confirm", step("confirm"), json!({}), order_step),
        ("POST", "/api/v1/orders/{id}/ship", step("ship"), json!({}), order_step),
        ("POST", "/api/v1/orders/{id}/deliver", step("deliver"), json!({}), order_step),
        ("POST", "/api/v1/orders/{id}/cancel", step("cancel"), json!({ "reason": "x" }), order_step),
        ("GET", "/api/v1/webhooks", "/api/v1/webhooks".into(), Value::Null, hooks_only(200)),
        ("POST", "/api/v1/webhooks", "/api/v1/webhooks".into(), new_hook, hooks_only(201)),
        ("PATCH", "/api/v1/webhooks/{id}", hook.clone(), json!({ "enabled": true }), hooks_only(200)),
        ("GET", "/api/v1/webhooks/{id}/deliveries", format!("{hook}/deliveries"), Value::Null, hooks_only(200)),
        ("POST", "/api/v1/webhook-deliveries/{id}/resend", resend, Value::Null, hooks_only(202)),
        ("POST", "/api/v1/webhooks/{id}/rotate-secret", format!("{hook}/rotate-secret"), Value::Null, hooks_only(200)),
        ("GET", "/api/v1/customers", "/api/v1/customers".into(), Value::Null, crm_only(200, 403)),
        ("GET", "/api/v1/customers/{id}", format!("/api/v1/customers/{mueller}"), Value::Null, crm_only(200, 404)),
        ("PUT", "/api/v1/customers/{id}/prices", format!("/api/v1/customers/{mueller}/prices"), json!({ "prices": [{ "sku": "NH-PMP-1020", "base_price_cents": 36000 }] }), crm_only(200, 404)),
        ("POST", "/api/v1/orders/{id}/documents", step("documents"), json!("upload a PDF"), [401, 403, 403, 403, 404, 403, 201]),
        ("POST", "/api/v1/customers/{id}/documents", format!("/api/v1/customers/{becker}/documents"), json!("upload a PDF"), [401, 403, 403, 403, 403, 403, 201]),
        ("POST", "/api/v1/customers", "/api/v1/customers".into(), new_customer, crm_only(201, 403)),
        ("GET", "/api/v1/products", "/api/v1/products".into(), Value::Null, catalog_read),
        ("GET", "/api/v1/products/{sku}", "/api/v1/products/NH-PMP-1000".into(), Value::Null, catalog_read),
        ("PUT", "/api/v1/products", "/api/v1/products".into(), new_product, catalog_write),
        ("PATCH", "/api/v1/products", "/api/v1/products".into(), json!({ "products": [{ "sku": "NH-PMP-1000", "stock": 5 }] }), catalog_write),
        ("GET", "/api/v1/service-requests", "/api/v1/service-requests".into(), Value::Null, service_feed),
        ("GET", "/api/v1/service-requests/{id}", format!("/api/v1/service-requests/{mueller_request}"), Value::Null, [401, 403, 403, 403, 404, 403, 403]),
        ("GET", "/api/v1/quotes", "/api/v1/quotes".into(), Value::Null, quotes_read),
        ("GET", "/api/v1/quotes/{id}", offered_quote.clone(), Value::Null, quote_read),
        ("POST", "/api/v1/quotes/{id}/offers", format!("{waiting_quote}/offers"), stale_offer, quote_write),
        ("POST", "/api/v1/quotes/{id}/decline", format!("{offered_quote}/decline"), json!({ "reason": "x" }), quote_write),
        ("POST", "/api/v1/customers/{id}/unlock", format!("/api/v1/customers/{becker}/unlock"), Value::Null, crm_only(200, 403)),
        // Last: it suspends Becker.
        ("POST", "/api/v1/customers/{id}/suspend", format!("/api/v1/customers/{becker}/suspend"), Value::Null, crm_only(200, 403)),
    ];
    let rows: BTreeSet<(String, String)> = matrix
        .iter()
        .map(|(m, p, ..)| (m.to_string(), p.to_string()))
        .collect();
    let routes: BTreeSet<(String, String)> = kontor::api_route_paths()
        .into_iter()
        .flat_map(|(path, methods)| methods.into_iter().map(move |m| (m, path.clone())))
        .collect();
    assert_eq!(rows, routes, "every API route needs rows in this matrix");
    for (method, _, path, body, expected) in &matrix {
        for (caller, status) in CALLERS.iter().zip(expected) {
            let erp = Erp {
                token: tokens.get(caller).cloned(),
                ..Erp::new(&app, &contract, "")
            };
            let answer = if *method == "GET" {
                erp.get(path).await
            } else if body == "upload a PDF" {
                erp.upload(path, invoice_form("Invoice 1")).await
            } else {
                erp.with_body(method, path, body.clone(), None).await
            };
            assert_eq!(
                answer.status, *status,
                "{method} {path} as {caller:?}: {}",
                answer.body
            );
        }
    }
    // The API's two public routes answer every caller alike: the document, and a
    // problem for a path that is not a route.
    for caller in CALLERS {
        for (path, status, content_type) in [
            ("/api/v1/openapi.json", 200, "application/json"),
            ("/api/v1/reference", 200, "text/html; charset=utf-8"),
            ("/api/v1/no-such-route", 404, "application/problem+json"),
        ] {
            let mut request = app.client.get(app.url(path));
            if let Some(token) = tokens.get(&caller) {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), status, "{path} as {caller:?}");
            assert_eq!(response.headers()["content-type"], content_type);
        }
    }
    // The customer-limited client's feed has none of Müller's orders.
    let other = Erp::new(&app, &contract, &tokens[&OtherCustomer]);
    let (seen, _) = other.drain(String::new(), 100).await;
    assert!(!seen.iter().any(|(o, _)| *o == id));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders WHERE id = $1 AND state = 'withdrawn'",
            &id
        )
        .await,
        1,
        "nothing changed the order"
    );
    app.stop().await;
}

async fn the_change_feed_sees_each_order_placed_during_a_poll_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "orders:read", &[]).await);
    let (_, start) = erp.drain(String::new(), 500).await;
    // Three purchasers of two customers place orders at the same time while the ERP
    // pages through the feed two orders at a time.
    let mut placing = Vec::new();
    for email in [
        "egon@mueller.example",
        "hannah@mueller.example",
        "bob@becker.example",
    ] {
        let browser = app.signed_in(email).await;
        placing.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..6 {
                ids.push(egon_orders(&browser, 1).await);
            }
            ids
        }));
    }
    let mut seen = Vec::new();
    let mut cursor = start;
    loop {
        let done = placing.iter().all(|p| p.is_finished());
        let (page, next) = erp.drain(cursor, 2).await;
        seen.extend(page.into_iter().map(|(id, _)| id));
        cursor = next;
        if done {
            // One more pass after the last placement has committed.
            let (rest, _) = erp.drain(cursor, 2).await;
            seen.extend(rest.into_iter().map(|(id, _)| id));
            break;
        }
    }
    let mut placed = Vec::new();
    for p in placing {
        placed.extend(p.await.unwrap());
    }
    let mut seen_sorted = seen.clone();
    seen_sorted.sort();
    placed.sort();
    assert_eq!(placed.len(), 18);
    assert_eq!(
        seen_sorted, placed,
        "each placed order exactly once, none missed"
    );
    app.stop().await;
}

async fn the_same_post_with_the_same_key_has_one_effect_and_one_answer(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "orders:write", &[]).await);
    let egon = app.signed_in("egon@mueller.example").await;
    let id = egon_orders(&egon, 1).await;
    let path = format!("/api/v1/orders/{id}/confirm");
    let body = json!({ "external_id": "SO-1" });
    // Twenty at once with one key: one confirmation, twenty identical answers.
    let answers =
        futures::future::join_all((0..20).map(|_| erp.post(&path, body.clone(), Some("key-1"))))
            .await;
    for a in &answers {
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body, answers[0].body);
    }
    let replayed = answers
        .iter()
        .filter(|a| a.headers.get("idempotency-replayed").is_some())
        .count();
    assert_eq!(replayed, 19, "one ran, the others were answered from it");
    let events = |kind: &'static str| {
        let (app, id) = (&app, id.clone());
        async move {
            count(
                app,
                &format!(
                    "SELECT COUNT(*) FROM order_events WHERE order_id = $1 AND kind = '{kind}'"
                ),
                &id,
            )
            .await
        }
    };
    assert_eq!(events("confirmed").await, 1);
    // Later, the same key still gives the same answer (not a 409 for "already
    // confirmed").
    let again = erp.post(&path, body.clone(), Some("key-1")).await;
    assert_eq!((again.status, &again.body), (200, &answers[0].body));
    // Without a key a repeat is a new request, refused by the order's state.
    assert_eq!(erp.post(&path, body.clone(), None).await.status, 409);
    // The same key for another request is refused.
    let reused = erp
        .post(&path, json!({ "external_id": "SO-2" }), Some("key-1"))
        .await;
    assert_eq!(reused.status, 422);
    // A refused request's answer is remembered too: the retry gets the same 422.
    let ship = format!("/api/v1/orders/{id}/ship");
    let bad = json!({ "carrier": "x".repeat(100) });
    let first = erp.post(&ship, bad.clone(), Some("key-2")).await;
    let second = erp.post(&ship, bad, Some("key-2")).await;
    assert_eq!((first.status, second.status), (422, 422));
    assert_eq!(first.body, second.body);
    assert_eq!(events("shipped").await, 0);
    app.stop().await;
}

async fn the_openapi_document_covers_every_route_and_errors_are_problems(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    assert!(
        contract.doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        contract.doc["openapi"]
    );
    // Every operation documents the 503 of a database outage, with its Retry-After.
    for (path, item) in contract.doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let outage = &operation["responses"]["503"];
            assert_eq!(
                outage["content"]["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path}"
            );
            assert!(
                outage["headers"]["Retry-After"].is_object(),
                "{method} {path}"
            );
        }
    }
    // Each documented operation answers (a 401 problem without a token), so no
    // document entry lacks its route; routes are registered from the document's
    // handlers, so no route lacks its entry.
    for (path, methods) in kontor::api_route_paths() {
        let concrete = path.replace("{id}", "some-id");
        for method in methods {
            let request = app
                .client
                .request(method.parse().unwrap(), app.url(&concrete));
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {path}");
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json"
            );
        }
    }
    // The reference page shows every operation, needs no script and loads nothing
    // from elsewhere: its CSP allows its own stylesheet only.
    let reference = app.get("/api/v1/reference").await;
    assert_eq!(reference.status(), 200);
    let csp = reference.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    let page = reference.text().await.unwrap();
    assert!(!page.contains("<script"), "no script");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from elsewhere"
    );
    for (path, methods) in kontor::api_route_paths() {
        for method in methods {
            let shown = format!(
                "<span class=\"method\">{}</span><span class=\"path\">{path}</span>",
                method.to_lowercase()
            );
            assert!(
                page.contains(&shown),
                "{method} {path} is on the reference page"
            );
        }
    }
    // Unknown API paths are problems too, never the portal's HTML page.
    let unknown = app.get("/api/v1/nothing-here").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.headers()["content-type"],
        "application/problem+json"
    );
    // Malformed input is a 400 problem, and an over-long limit too.
    let erp = Erp::new(&app, &contract, &token(&app, "orders:write", &[]).await);
    assert_eq!(erp.get("/api/v1/orders?limit=501").await.status, 400);
    assert_eq!(
        erp.get("/api/v1/orders?updated_since=abc").await.status,
        400
    );
    let egon = app.signed_in("egon@mueller.example").await;
    let id = egon_orders(&egon, 1).await;
    let unknown_field = erp
        .post(
            &format!("/api/v1/orders/{id}/confirm"),
            json!({ "erp_number": "SO-1" }),
            None,
        )
        .await;
    assert_eq!(unknown_field.status, 400, "{}", unknown_field.body);
    app.stop().await;
}

async fn the_erp_creates_and_unlocks_a_customer_with_its_own_key(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "customers:write", &[]).await);
    // The ERP has read the customers' feed to its end.
    let start = erp.get("/api/v1/customers?limit=500").await;
    assert_eq!(
        start.body["customers"].as_array().unwrap().len(),
        2,
        "the demo's two"
    );
    let cursor = start.body["next_cursor"].as_str().unwrap().to_string();
    let input = json!({
        "name": "Schmidt Anlagenbau GmbH",
        "external_id": "K-10042",
        "vat_id": "DE123456789",
        "account_manager_email": "vera@nordhydraulik.example",
    });
    let created = erp.post("/api/v1/customers", input.clone(), None).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "pending");
    assert_eq!(created.body["external_id"], "K-10042");
    assert_eq!(
        created.body["account_manager"]["email"],
        "vera@nordhydraulik.example"
    );
    let id = created.body["id"].as_str().unwrap().to_string();
    // The same key twice is refused at the field, even from two requests at once.
    let twice = futures::future::join_all((0..5).map(|_| {
        erp.post(
            "/api/v1/customers",
            json!({
                "name": "Schmidt again",
                "external_id": "K-10042",
                "account_manager_email": "vera@nordhydraulik.example",
            }),
            None,
        )
    }))
    .await;
    for answer in &twice {
        assert_eq!(answer.status, 422);
        assert_eq!(answer.body["errors"][0]["field"], "external_id");
        assert_eq!(answer.body["errors"][0]["code"], "external_id_taken");
    }
    // An unknown account manager and a missing name are refused together.
    let bad = erp
        .post(
            "/api/v1/customers",
            json!({ "name": " ", "account_manager_email": "nobody@example.com" }),
            None,
        )
        .await;
    assert_eq!(bad.status, 422);
    let fields: BTreeSet<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, BTreeSet::from(["name", "account_manager_email"]));
    // Unlocked by the ERP: active, and its audit trail names the client.
    let unlocked = erp
        .post(&format!("/api/v1/customers/{id}/unlock"), Value::Null, None)
        .await;
    assert_eq!(unlocked.body["status"], "active");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE organization_id = $1 AND actor_name = 'SAP (API)'",
            &id,
        )
        .await,
        2,
        "created and unlocked"
    );
    // The feed since the cursor: the new customer once, as it is now (created and
    // unlocked are two changes; the poll sees the latest).
    let changes = erp
        .get(&format!("/api/v1/customers?updated_since={cursor}"))
        .await;
    let seen = changes.body["customers"].as_array().unwrap();
    assert_eq!(seen.len(), 1, "{}", changes.body);
    assert_eq!(seen[0]["id"], id.as_str());
    assert_eq!(seen[0]["external_id"], "K-10042");
    assert_eq!(seen[0]["status"], "active");
    // Suspending signs its people out; a pending customer cannot be suspended.
    let suspended = erp
        .post(
            &format!("/api/v1/customers/{id}/suspend"),
            Value::Null,
            None,
        )
        .await;
    assert_eq!(suspended.body["status"], "suspended");
    let pending = erp
        .post(
            "/api/v1/customers",
            json!({ "name": "Neu GmbH", "account_manager_email": "tim@nordhydraulik.example" }),
            None,
        )
        .await;
    let pending_id = pending.body["id"].as_str().unwrap();
    let refused = erp
        .post(
            &format!("/api/v1/customers/{pending_id}/suspend"),
            Value::Null,
            None,
        )
        .await;
    assert_eq!(refused.status, 409);
    app.stop().await;
}

async fn the_erp_sets_many_prices_at_once_or_none(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "prices:write", &[]).await);
    let mueller = app.organization_id("egon@mueller.example").await;
    let path = format!("/api/v1/customers/{mueller}/prices");
    let versions = || {
        count(
            &app,
            "SELECT COUNT(*) FROM condition_changes WHERE organization_id = $1",
            &mueller,
        )
    };
    let before = versions().await;
    let lines = json!([
        { "sku": "NH-PMP-1020", "base_price_cents": 36000 },
        { "sku": "NH-PMP-1030", "base_price_cents": 49000,
          "tiers": [{ "min_quantity": 20, "unit_price_cents": 47000 }] },
        { "sku": "NO-SUCH-SKU", "base_price_cents": 100 },
        { "sku": "NH-PMP-1010", "base_price_cents": -5 },
    ]);
    // All or nothing: two bad lines, nothing written, each named.
    let refused = erp
        .with_body(
            "PUT",
            &path,
            json!({ "prices": lines, "reason": "2027 list" }),
            None,
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let errors: BTreeSet<(String, String)> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        errors.contains(&("prices[2].sku".into(), "unknown_product".into())),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|(f, _)| f.starts_with("prices[3].")),
        "{errors:?}"
    );
    assert_eq!(versions().await, before, "nothing written");
    // Keeping the valid lines writes those two and names the others.
    let kept = erp
        .with_body(
            "PUT",
            &path,
            json!({ "prices": lines, "reason": "2027 list", "keep_valid": true }),
            None,
        )
        .await;
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(kept.body["imported"], true);
    assert_eq!(kept.body["valid_lines"], 2);
    assert_eq!(kept.body["refused"].as_array().unwrap().len(), 2);
    assert_eq!(versions().await, before + 2);
    // The customer sees the new price, and the terms history names the client.
    let egon = app.signed_in("egon@mueller.example").await;
    let history = egon.ok("my_terms", &[]).await.to_string();
    assert!(history.contains("SAP (API)"), "{history}");
    app.stop().await;
}

/// A price list is planned line by line in memory and written in a few statements:
/// a later line for the same product replaces or ends what an earlier line set,
/// a line reaching into an agreement set earlier in the list is refused, every
/// recorded line is a version of its own, and the audit trail gets one entry.
async fn each_line_of_a_price_list_builds_on_the_lines_before_it(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "prices:write", &[]).await);
    let mueller = app.organization_id("egon@mueller.example").await;
    let counted = |sql: &'static str| count(&app, sql, &mueller);
    let versions = "SELECT COUNT(*) FROM condition_changes WHERE organization_id = $1";
    let audits = "SELECT COUNT(*) FROM audit_log WHERE organization_id = $1
                   AND action LIKE 'price%'";
    let (versions_before, audits_before) = (counted(versions).await, counted(audits).await);
    let lines = json!([
        { "sku": "NH-PMP-1020", "base_price_cents": 36000, "valid_from": "2030-01-01" },
        // The same start: replaces the line above.
        { "sku": "NH-PMP-1020", "base_price_cents": 35000, "valid_from": "2030-01-01" },
        // A later start: ends the one above on that day.
        { "sku": "NH-PMP-1020", "base_price_cents": 34000, "valid_from": "2030-03-01" },
        { "sku": "NH-PMP-1030", "base_price_cents": 49000, "valid_from": "2030-02-01" },
        // Open-ended from earlier: it would reach into the line above.
        { "sku": "NH-PMP-1030", "base_price_cents": 48000, "valid_from": "2030-01-01" },
    ]);
    let path = format!("/api/v1/customers/{mueller}/prices");
    let answer = erp
        .with_body(
            "PUT",
            &path,
            json!({ "prices": lines, "keep_valid": true }),
            None,
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["valid_lines"], 4, "{}", answer.body);
    let refused = answer.body["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{}", answer.body);
    assert!(
        refused[0].to_string().contains("prices[4]"),
        "{}",
        answer.body
    );
    assert_eq!(counted(versions).await, versions_before + 4);
    assert_eq!(counted(audits).await, audits_before + 1, "one entry a list");
    // What is in force for the pump from 2030 on: 350.00 until March, then 340.00.
    let pump: Vec<(i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT a.valid_from, a.valid_to, a.base_price_cents
           FROM price_agreements a JOIN products p ON p.id = a.product_id
          WHERE a.organization_id = $1 AND p.sku = 'NH-PMP-1020'
            AND a.replaced_at IS NULL AND a.valid_from >= $2
          ORDER BY a.valid_from",
    )
    .bind(&mueller)
    .bind(kontor_domain::calendar::Day::parse("2030-01-01").unwrap().0)
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap();
    let march = kontor_domain::calendar::Day::parse("2030-03-01").unwrap().0;
    assert_eq!(pump.len(), 2, "{pump:?}");
    assert_eq!((pump[0].1, pump[0].2), (Some(march), 35000), "{pump:?}");
    assert_eq!((pump[1].0, pump[1].1, pump[1].2), (march, None, 34000));
    // The replaced one stays as history, marked replaced.
    let replaced = count(
        &app,
        "SELECT COUNT(*) FROM price_agreements WHERE organization_id = $1
            AND base_price_cents = 36000 AND replaced_at IS NOT NULL",
        &mueller,
    )
    .await;
    assert_eq!(replaced, 1);
    app.stop().await;
}
