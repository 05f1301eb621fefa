//! The ERP keeps the catalog current (products by SKU, list prices, stock) and follows
//! service requests through their change feed — on both databases, every answer
//! checked against the OpenAPI document.

use crate::api::{Contract, Erp, token};
use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, count};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends!(
    the_erp_writes_products_and_their_figures_by_sku_all_or_nothing,
    the_service_feed_sees_each_request_change_once_and_only_reachable_customers
);

fn fields(problem: &Value) -> BTreeSet<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {problem}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pump(sku: &str, stock: i64) -> Value {
    json!({
        "sku": sku, "name_en": "Gear pump", "name_de": "Zahnradpumpe",
        "category": "Pumps", "unit": "pc", "list_price_cents": 51000,
        "stock": stock, "lead_time_days": 4,
    })
}

async fn the_erp_writes_products_and_their_figures_by_sku_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let erp = Erp::new(&app, &contract, &token(&app, "catalog:write", &[]).await);
    let products = || count(&app, "SELECT COUNT(*) FROM products WHERE sku <> $1", "");
    let before = products().await;

    // All or nothing: one bad line, nothing written, the line named.
    let mut broken = pump("ZP-NEW-2", 3);
    broken["unit"] = json!("crate");
    let refused = erp
        .with_body(
            "PUT",
            "/api/v1/products",
            json!({ "products": [pump("ZP-NEW-1", 8), broken] }),
            None,
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        fields(&refused.body),
        BTreeSet::from([("products[1].unit".to_string(), "required".to_string())])
    );
    assert_eq!(products().await, before, "nothing written");

    // A new SKU is created, a known one replaced.
    let mut known = pump("NH-PMP-1000", 40);
    known["name_en"] = json!("Hydraulic pump HP 1000 (2027)");
    let written = erp
        .with_body(
            "PUT",
            "/api/v1/products",
            json!({ "products": [pump("ZP-NEW-1", 8), known] }),
            None,
        )
        .await;
    assert_eq!(written.status, 200, "{}", written.body);
    assert_eq!(written.body["valid_lines"], 2);
    assert_eq!(products().await, before + 1);
    let one = erp.get("/api/v1/products/NH-PMP-1000").await;
    assert_eq!(one.body["name_en"], "Hydraulic pump HP 1000 (2027)");
    assert_eq!(one.body["stock"], 40);

    // Figures: an unknown SKU refuses the whole batch …
    let figures = json!([
        { "sku": "NH-PMP-1000", "stock": 7 },
        { "sku": "ZP-NEW-1", "list_price_cents": 52500, "lead_time_days": 10 },
        { "sku": "NO-SUCH-SKU", "stock": 1 },
    ]);
    let refused = erp
        .with_body(
            "PATCH",
            "/api/v1/products",
            json!({ "products": figures }),
            None,
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(
        fields(&refused.body),
        BTreeSet::from([("products[2].sku".to_string(), "unknown_product".to_string())])
    );
    assert_eq!(
        erp.get("/api/v1/products/NH-PMP-1000").await.body["stock"],
        40,
        "nothing written"
    );
    // … unless the valid lines are to be kept; what is left out stays.
    let kept = erp
        .with_body(
            "PATCH",
            "/api/v1/products",
            json!({ "products": figures, "keep_valid": true }),
            None,
        )
        .await;
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(kept.body["valid_lines"], 2);
    let pump_now = erp.get("/api/v1/products/NH-PMP-1000").await.body;
    assert_eq!(pump_now["stock"], 7);
    assert_eq!(pump_now["list_price_cents"], 51000, "left out, kept");
    let new_now = erp.get("/api/v1/products/ZP-NEW-1").await.body;
    assert_eq!(
        (&new_now["list_price_cents"], &new_now["lead_time_days"]),
        (&json!(52500), &json!(10))
    );
    // Bad figures are named per line and field.
    let wrong = erp
        .with_body(
            "PATCH",
            "/api/v1/products",
            json!({ "products": [{ "sku": "ZP-NEW-1", "stock": -1, "lead_time_days": 400 }] }),
            None,
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        fields(&wrong.body),
        BTreeSet::from([
            (
                "products[0].stock".to_string(),
                "invalid_number".to_string()
            ),
            (
                "products[0].lead_time_days".to_string(),
                "out_of_range".to_string()
            ),
        ])
    );

    // The list pages by SKU and ends.
    let mut after = String::new();
    let mut listed = Vec::new();
    loop {
        let page = erp
            .get(&format!("/api/v1/products?limit=7&after={after}"))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        for p in page.body["products"].as_array().unwrap() {
            listed.push(p["sku"].as_str().unwrap().to_string());
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(listed, sorted, "by SKU, each once");
    assert_eq!(listed.len() as i64, products().await);

    // A customer sees the new stock; the vendor's audit trail names the client.
    let egon = app.signed_in("egon@mueller.example").await;
    let page = egon
        .ok("catalog_product", &[("sku", "NH-PMP-1000")])
        .await
        .to_string();
    assert!(page.contains("Hydraulic pump HP 1000 (2027)"), "{page}");
    let by_client = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE actor_name = $1",
        "SAP (API)",
    )
    .await;
    assert_eq!(by_client, 2, "one entry per bulk write that was written");
    // A client that only reads cannot write.
    let reader = Erp::new(&app, &contract, &token(&app, "catalog:read", &[]).await);
    let denied = reader
        .with_body(
            "PATCH",
            "/api/v1/products",
            json!({ "products": [{ "sku": "ZP-NEW-1", "stock": 1 }] }),
            None,
        )
        .await;
    assert_eq!(denied.status, 403);
    app.stop().await;
}

/// Opens a technical question for `browser`'s organization; the request's id.
async fn ask(browser: &Browser, subject: &str) -> String {
    let outcome = browser
        .ok(
            "open_service_request",
            &[
                ("kind", "technical"),
                ("priority", "normal"),
                ("subject", subject),
                ("description", "How often should the seals be changed?"),
            ],
        )
        .await;
    outcome["Done"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("not opened: {outcome}"))
        .to_string()
}

/// Pages through the requests' feed from `cursor`; (id, status) seen and the cursor.
async fn drain(erp: &Erp<'_>, mut cursor: String, limit: usize) -> (Vec<(String, String)>, String) {
    let mut seen = Vec::new();
    loop {
        let page = erp
            .get(&format!(
                "/api/v1/service-requests?updated_since={cursor}&limit={limit}"
            ))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        for r in page.body["service_requests"].as_array().unwrap() {
            seen.push((
                r["id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            ));
        }
        cursor = page.body["next_cursor"].as_str().unwrap().to_string();
        if page.body["has_more"] != true {
            return (seen, cursor);
        }
    }
}

async fn the_service_feed_sees_each_request_change_once_and_only_reachable_customers(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let becker = app.organization_id("bob@becker.example").await;
    let erp = Erp::new(&app, &contract, &token(&app, "service:read", &[]).await);
    let becker_only = Erp::new(
        &app,
        &contract,
        &token(&app, "service:read", std::slice::from_ref(&becker)).await,
    );
    let (_, start) = drain(&erp, String::new(), 500).await;
    let (_, becker_start) = drain(&becker_only, String::new(), 500).await;

    // Requests opened by two customers at the same time while the ERP pages one
    // request at a time: each seen exactly once.
    let mut opening = Vec::new();
    for email in ["egon@mueller.example", "bob@becker.example"] {
        let browser = app.signed_in(email).await;
        opening.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..4 {
                ids.push(ask(&browser, &format!("Seals {n}")).await);
            }
            ids
        }));
    }
    let mut seen = Vec::new();
    let mut cursor = start;
    loop {
        let done = opening.iter().all(|o| o.is_finished());
        let (page, next) = drain(&erp, cursor, 1).await;
        seen.extend(page.into_iter().map(|(id, _)| id));
        cursor = next;
        if done {
            let (rest, next) = drain(&erp, cursor, 1).await;
            seen.extend(rest.into_iter().map(|(id, _)| id));
            cursor = next;
            break;
        }
    }
    let mut opened = Vec::new();
    for o in opening {
        opened.extend(o.await.unwrap());
    }
    let mut seen_sorted = seen.clone();
    seen_sorted.sort();
    opened.sort();
    assert_eq!(opened.len(), 8);
    assert_eq!(seen_sorted, opened, "each opened request exactly once");

    // An answer moves the request on: it is in the feed again, with its new status.
    let egon = app.signed_in("egon@mueller.example").await;
    let id = ask(&egon, "Seal kit for HP 1000").await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let replied = sam
        .ok(
            "reply_to_request",
            &[
                ("request_id", &id),
                ("body", "Every 2,000 hours."),
                ("wait", "1"),
            ],
        )
        .await;
    assert!(replied.get("Done").is_some(), "{replied}");
    sam.ok(
        "reply_to_request",
        &[
            ("request_id", &id),
            ("body", "Customer is on the 2024 kit."),
            ("internal", "1"),
        ],
    )
    .await;
    let (changed, _) = drain(&erp, cursor, 100).await;
    assert_eq!(changed, vec![(id.clone(), "waiting".to_string())]);
    let detail = erp.get(&format!("/api/v1/service-requests/{id}")).await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    let bodies: Vec<&str> = detail.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"Every 2,000 hours."), "{bodies:?}");
    assert!(
        bodies.contains(&"Customer is on the 2024 kit."),
        "{bodies:?}"
    );

    // The Becker-only client saw Becker's four and nothing of Müller's.
    let (becker_seen, _) = drain(&becker_only, becker_start, 100).await;
    assert_eq!(becker_seen.len(), 4, "{becker_seen:?}");
    let mueller_request = becker_only
        .get(&format!("/api/v1/service-requests/{id}"))
        .await;
    assert_eq!(mueller_request.status, 404);
    app.stop().await;
}
