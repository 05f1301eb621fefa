//! Catalog and negotiated conditions: own prices only, versioned terms and prices
//! with effective dates, who may change them, and CSV imports that write all or
//! nothing.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, field_message, tag_of};
use kontor_domain::calendar::{Day, berlin_day};
use serde_json::Value;

on_both_backends!(
    customers_see_their_own_prices_and_nobody_elses,
    catalog_search_and_categories_page_by_sku,
    terms_changes_are_versions_that_take_effect_when_chosen,
    a_price_change_ends_the_current_agreement_and_overlaps_are_refused,
    only_the_account_manager_or_a_vendor_admin_changes_conditions,
    a_bad_price_file_is_reported_line_by_line_and_writes_nothing,
    a_bad_product_file_writes_nothing_and_a_good_one_everything,
    the_product_editor_refuses_a_taken_sku_and_archives,
    concurrent_price_changes_get_one_version_each_and_leave_one_price
);

fn today() -> Day {
    berlin_day(kontor_store::now_ms())
}

fn item<'a>(page: &'a Value, sku: &str) -> &'a Value {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["sku"] == sku)
        .unwrap_or_else(|| panic!("{sku} not on the page: {page}"))
}

async fn catalog(browser: &Browser, q: &str, category: &str) -> Value {
    browser
        .ok("catalog", &[("q", q), ("category", category)])
        .await
}

/// The terms form with Müller's demo values, `changes` applied.
pub(crate) fn terms_form<'a>(
    organization_id: &'a str,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("organization_id", organization_id),
        ("payment_net_days", "30"),
        ("discount_percent", "2"),
        ("discount_days", "10"),
        ("incoterm", "DAP"),
        ("incoterm_place", "Stuttgart"),
        ("free_freight_threshold", "2.500,00"),
        ("shipping_fee", "95,00"),
        ("lead_time_days", "7"),
        ("minimum_order_value", "250,00"),
        ("response_urgent", "2"),
        ("response_high", "4"),
        ("response_normal", "8"),
        ("response_low", "16"),
        ("resolution_urgent", "8"),
        ("resolution_high", "16"),
        ("resolution_normal", "40"),
        ("resolution_low", "80"),
        ("business_hours_start", "8"),
        ("business_hours_end", "17"),
        ("notes", "Framework agreement 2026, reviewed every January."),
        ("effective_date", ""),
        ("reason", ""),
    ];
    for (key, value) in changes {
        form.iter_mut()
            .find(|(k, _)| k == key)
            .expect("form field")
            .1 = value;
    }
    form
}

async fn customers_see_their_own_prices_and_nobody_elses(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let bob = app.signed_in("bob@becker.example").await;
    let page = catalog(&egon, "", "").await;
    assert_eq!(page["personal"], true);
    let pump = item(&page, "NH-PMP-1000");
    assert_eq!(pump["list_price"], 129_000);
    assert_eq!(pump["my_price"], 115_000);
    assert_eq!(pump["tiers"][0]["min_quantity"], 50);
    assert_eq!(pump["tiers"][0]["unit_price"], 109_000);
    let becker = catalog(&bob, "", "").await;
    assert_eq!(item(&becker, "NH-PMP-1000")["my_price"], 122_000);
    // An agreement without tiers sends none (the field is left out when empty).
    assert_eq!(item(&becker, "NH-PMP-1000")["tiers"], Value::Null);
    // Without an agreement: no personal price at all, the list price applies.
    assert_eq!(item(&becker, "NH-PMP-1010")["my_price"], Value::Null);
    // Anonymous visitors and vendor staff see list prices only.
    let anonymous = catalog(&app.browser(), "", "").await;
    assert_eq!(anonymous["personal"], false);
    assert_eq!(item(&anonymous, "NH-PMP-1000")["my_price"], Value::Null);
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    assert_eq!(
        item(&catalog(&vera, "", "").await, "NH-PMP-1000")["my_price"],
        Value::Null
    );
    // The product page likewise; the page HTML of Bob never holds Müller's price.
    let detail = bob.ok("catalog_product", &[("sku", "NH-PMP-1000")]).await;
    assert_eq!(detail["item"]["my_price"], 122_000);
    let html = bob.page("/catalog/NH-PMP-1000").await.text().await.unwrap();
    assert!(
        html.contains("€1,220.00") && !html.contains("€1,150.00"),
        "{html}"
    );
    let mine = egon
        .page("/catalog/NH-PMP-1000")
        .await
        .text()
        .await
        .unwrap();
    assert!(mine.contains("€1,150.00") && mine.contains("€1,090.00"));
    // An organization id in the request changes nothing: prices come from the session.
    let mueller = app.organization_id("egon@mueller.example").await;
    let forged = bob
        .ok("catalog", &[("organization_id", mueller.as_str())])
        .await;
    assert_eq!(item(&forged, "NH-PMP-1000")["my_price"], 122_000);
    app.stop().await;
}

async fn catalog_search_and_categories_page_by_sku(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let visitor = app.browser();
    // German and English names, any case, every word must match.
    let found = catalog(&visitor, "AXIALKOLBEN", "").await;
    let skus: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sku"].as_str().unwrap())
        .collect();
    assert_eq!(skus, ["NH-PMP-1000", "NH-PMP-1010"]);
    let found = catalog(&visitor, "pump 71", "").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    // A wildcard typed by the visitor is a character, not a wildcard.
    assert!(
        catalog(&visitor, "%", "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let valves = catalog(&visitor, "", "valves").await;
    assert!(
        valves["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["category"] == "valves")
    );
    assert!(
        valves["categories"]
            .as_array()
            .unwrap()
            .contains(&Value::from("pumps"))
    );
    // Keyset pages: 12 per page, the cursor continues exactly after the last SKU.
    let first = catalog(&visitor, "", "").await;
    let next = first["next_after"].as_str().unwrap().to_string();
    let second = visitor.ok("catalog", &[("after", next.as_str())]).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 12);
    assert!(second["items"][0]["sku"].as_str().unwrap() > next.as_str());
    assert_eq!(
        second["next_after"],
        Value::Null,
        "24 demo products: two pages"
    );
    // The page itself carries the search in its links.
    let html = visitor
        .page("/catalog?q=pumpe&category=pumps")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Axial piston pump") && !html.contains("Pressure gauge"));
    app.stop().await;
}

async fn terms_changes_are_versions_that_take_effect_when_chosen(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("frieda@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let frieda = app.signed_in("frieda@mueller.example").await;
    let before = frieda.ok("my_terms", &[]).await;
    assert_eq!(before["terms"]["payment_net_days"], 30);
    let seeded_version = before["current"]["version"].as_i64().unwrap();

    // Now: 45 days net, with a reason.
    let form = terms_form(
        &mueller,
        &[
            ("payment_net_days", "45"),
            ("reason", "Renegotiated in November"),
        ],
    );
    let version = vera.ok("save_terms", &form).await["Recorded"]["version"]
        .as_i64()
        .unwrap();
    assert!(version > seeded_version);
    let now = frieda.ok("my_terms", &[]).await;
    assert_eq!(now["terms"]["payment_net_days"], 45);
    assert_eq!(now["current"]["version"], version);
    let latest = &now["history"][0];
    assert_eq!(latest["version"], version);
    assert_eq!(latest["changed_by"], "Vera Lindqvist");
    assert_eq!(latest["reason"], "Renegotiated in November");
    assert_eq!(
        latest["changes"].as_array().unwrap().len(),
        1,
        "only what changed: {latest}"
    );
    assert_eq!(latest["changes"][0]["field"], "payment_net_days");
    assert_eq!(latest["changes"][0]["before"]["Days"], 30);
    assert_eq!(latest["changes"][0]["after"]["Days"], 45);

    // From a later day: recorded and shown as scheduled, the current terms stay.
    let later = Day(today().0 + 10).to_string();
    let form = terms_form(
        &mueller,
        &[
            ("payment_net_days", "60"),
            ("effective_date", later.as_str()),
        ],
    );
    let scheduled = vera.ok("save_terms", &form).await["Recorded"]["version"]
        .as_i64()
        .unwrap();
    let after = frieda.ok("my_terms", &[]).await;
    assert_eq!(after["terms"]["payment_net_days"], 45);
    assert_eq!(after["scheduled"][0]["version"], scheduled);
    assert_eq!(after["scheduled"][0]["terms"]["payment_net_days"], 60);
    // The change is diffed against the terms in force on its day (45), not the standard.
    assert_eq!(after["history"][0]["changes"][0]["before"]["Days"], 45);
    // When that day has come (the store asked about a later instant), they apply.
    let then = kontor_domain::calendar::berlin_start_of_day(Day(today().0 + 10));
    let in_force = app
        .kontor_store
        .terms_at(&mueller, then)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(in_force.version, scheduled);
    assert_eq!(in_force.terms.payment_net_days, 60);

    // The past is refused at its field; bad values at theirs, nothing recorded.
    let yesterday = Day(today().0 - 1).to_string();
    let form = terms_form(
        &mueller,
        &[
            ("effective_date", yesterday.as_str()),
            ("incoterm", "XYZ"),
            ("discount_days", "40"),
        ],
    );
    let refused = vera.ok("save_terms", &form).await;
    let problems = refused["Invalid"].as_array().unwrap();
    let at = |field: &str| {
        problems
            .iter()
            .find(|p| p[0] == field)
            .map(|p| p[1].clone())
    };
    assert_eq!(at("effective_date"), Some(Value::from("DateInPast")));
    assert_eq!(at("incoterm"), Some(Value::from("UnknownIncoterm")));
    assert_eq!(at("discount_days"), Some(Value::from("DiscountAfterDue")));
    // The same as a plain HTML form: back on the customer's terms with the messages
    // and every field as typed, not as the terms stand.
    let terms_page = format!("/vendor/customers/{mueller}/terms");
    let back = vera.plain_post("save_terms", &terms_page, &form).await;
    assert!(
        back.starts_with(&format!("{terms_page}?answered=1&save_terms=")),
        "{back}"
    );
    let page = vera.page(&back).await.text().await.unwrap();
    let (_, editor) = page
        .split_once(r#"id="edit-terms""#)
        .expect("the terms editor");
    assert!(
        tag_of(editor, r#"name="discount_days""#).contains(r#"value="40""#),
        "{editor}"
    );
    assert!(
        tag_of(editor, r#"name="response_low""#).contains(r#"value="16""#),
        "{editor}"
    );
    assert!(
        tag_of(editor, r#"name="effective_date""#).contains(&yesterday),
        "{editor}"
    );
    let message = field_message(editor, "discount_days-error");
    assert!(!message.is_empty(), "{editor}");
    let unchanged = frieda.ok("my_terms", &[]).await;
    assert_eq!(unchanged["history"][0]["version"], scheduled);
    // Every change is in the customer's audit trail too.
    let trail = vera
        .ok("audit", &[("organization_id", mueller.as_str())])
        .await;
    assert_eq!(trail[0]["action"], "terms.changed");
    // Frieda reads "My terms" as a page, in German.
    let page = frieda
        .client
        .get(app.url("/customer/terms"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("45") && html.contains("Vera Lindqvist") && html.contains("2.500,00"),
        "{html}"
    );
    app.stop().await;
}

async fn a_price_change_ends_the_current_agreement_and_overlaps_are_refused(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let egon = app.signed_in("egon@mueller.example").await;
    let set = |base: &'static str, from: String, to: String| {
        let vera = vera.clone();
        let mueller = mueller.clone();
        async move {
            vera.ok(
                "save_price",
                &[
                    ("organization_id", mueller.as_str()),
                    ("sku", "NH-PMP-1000"),
                    ("base_price", base),
                    ("tiers", "50: 1.050,00"),
                    ("valid_from", from.as_str()),
                    ("valid_to", to.as_str()),
                    ("reason", "Volume bonus"),
                ],
            )
            .await
        }
    };
    let recorded = set("1.100,00", String::new(), String::new()).await;
    assert!(recorded["Recorded"]["version"].is_i64(), "{recorded}");
    // As a plain HTML form, a refused price comes back with what was typed.
    let terms_page = format!("/vendor/customers/{mueller}/terms");
    let typed = [
        ("organization_id", mueller.as_str()),
        ("sku", "NH-PMP-1000"),
        ("base_price", "a lot"),
        ("tiers", "50: 1.050,00"),
        ("valid_from", ""),
        ("valid_to", ""),
        ("reason", "Volume bonus"),
    ];
    let back = vera.plain_post("save_price", &terms_page, &typed).await;
    assert!(
        back.starts_with(&format!("{terms_page}?answered=1&save_price=")),
        "{back}"
    );
    let page = vera.page(&back).await.text().await.unwrap();
    let (_, editor) = page
        .split_once(r#"id="set-price""#)
        .expect("the price editor");
    assert!(
        tag_of(editor, r#"name="base_price""#).contains(r#"value="a lot""#),
        "{editor}"
    );
    assert!(
        tag_of(editor, r#"name="sku""#).contains(r#"value="NH-PMP-1000""#),
        "{editor}"
    );
    assert_eq!(
        item(&catalog(&egon, "", "").await, "NH-PMP-1000")["my_price"],
        110_000
    );
    let terms = egon.ok("my_terms", &[]).await;
    let pumps: Vec<&Value> = terms["prices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["sku"] == "NH-PMP-1000")
        .collect();
    assert_eq!(pumps.len(), 1, "the old agreement ended today: {pumps:?}");
    let change = &terms["history"][0]["changes"][0];
    assert_eq!(change["before"]["Agreement"]["base_price"], 115_000);
    assert_eq!(change["after"]["Agreement"]["base_price"], 110_000);
    // The old agreement still exists, ended today (orders placed before keep it).
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT a.base_price_cents, a.valid_to FROM price_agreements a JOIN products p ON p.id = a.product_id
          WHERE p.sku = 'NH-PMP-1000' AND a.organization_id = $1 ORDER BY a.version",
    )
    .bind(&mueller)
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap();
    assert_eq!(rows[0], (115_000, Some(today().0)));

    // A future price from day +10 ends today's agreement then.
    let future = set("1.080,00", Day(today().0 + 10).to_string(), String::new()).await;
    assert!(future["Recorded"].is_object(), "{future}");
    assert_eq!(
        item(&catalog(&egon, "", "").await, "NH-PMP-1000")["my_price"],
        110_000
    );
    // A window from today to day +20 would reach into it: refused at its field.
    let overlapping = set("1.070,00", String::new(), Day(today().0 + 20).to_string()).await;
    assert_eq!(
        overlapping["Invalid"][0],
        serde_json::json!(["valid_to", "OverlapsAnother"])
    );
    // Rising tiers and unknown products are refused at their fields too.
    let rising = vera
        .ok(
            "save_price",
            &[
                ("organization_id", mueller.as_str()),
                ("sku", "NH-NOPE"),
                ("base_price", "10"),
                ("tiers", "5: 11"),
            ],
        )
        .await;
    let problems = rising["Invalid"].as_array().unwrap();
    assert!(
        problems.contains(&serde_json::json!(["sku", "UnknownProduct"])),
        "{rising}"
    );
    assert_eq!(
        item(&catalog(&egon, "", "").await, "NH-PMP-1000")["my_price"],
        110_000
    );
    // Ending the agreement from today: back to the list price.
    let ended = vera
        .ok(
            "save_price",
            &[
                ("organization_id", mueller.as_str()),
                ("sku", "NH-PMP-1020"),
                ("end", "true"),
            ],
        )
        .await;
    assert!(ended["Recorded"].is_object(), "{ended}");
    assert_eq!(
        item(&catalog(&egon, "", "").await, "NH-PMP-1020")["my_price"],
        Value::Null
    );
    app.stop().await;
}

async fn only_the_account_manager_or_a_vendor_admin_changes_conditions(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM condition_changes")
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
        n
    };
    let before = count().await;
    let form = terms_form(&mueller, &[("payment_net_days", "90")]);
    for (who, status) in [
        ("tim@nordhydraulik.example", 404),
        ("sam@nordhydraulik.example", 403),
        ("frieda@mueller.example", 403),
        ("carla@mueller.example", 403),
        ("bob@becker.example", 404),
    ] {
        let browser = app.signed_in(who).await;
        assert_eq!(
            browser.call("save_terms", &form).await.status(),
            status,
            "{who}"
        );
        let price = [
            ("organization_id", mueller.as_str()),
            ("sku", "NH-PMP-1000"),
            ("base_price", "1"),
        ];
        assert_eq!(
            browser.call("save_price", &price).await.status(),
            status,
            "{who}"
        );
    }
    assert_eq!(
        count().await,
        before,
        "nothing written by the refused callers"
    );
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    assert!(admin.ok("save_terms", &form).await["Recorded"].is_object());
    // Tim sees Becker's terms, not Müller's.
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    assert_eq!(
        tim.call("customer_terms", &[("organization_id", mueller.as_str())])
            .await
            .status(),
        404
    );
    let becker = app.organization_id("bob@becker.example").await;
    let theirs = tim
        .ok("customer_terms", &[("organization_id", becker.as_str())])
        .await;
    assert_eq!(theirs["can_manage"], true);
    assert_eq!(theirs["terms"]["payment_net_days"], 14);
    app.stop().await;
}

async fn a_bad_price_file_is_reported_line_by_line_and_writes_nothing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let history = |b: Browser| async move {
        b.ok("my_terms", &[]).await["history"]
            .as_array()
            .unwrap()
            .len()
    };
    let egon = app.signed_in("egon@mueller.example").await;
    let entries = history(egon.clone()).await;
    let csv = "sku;base_price;tiers;valid_from;valid_to\n\
               NH-VLV-2000;99,00;;;\n\
               NH-NOPE;10,00;;;\n\
               NH-VLV-2010;zehn;;;\n\
               NH-VLV-2020;50,00;10: 60,00;;\n\
               NH-VLV-2030;50,00;;2020-01-01;\n";
    let form = [
        ("organization_id", mueller.as_str()),
        ("csv", csv),
        ("reason", "Price list 2027"),
    ];
    let report = vera.ok("import_prices", &form).await["Checked"].clone();
    assert_eq!(report["imported"], false);
    let lines: Vec<(i64, Value)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_i64().unwrap(), p["problems"][0].clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, serde_json::json!(["sku", "UnknownProduct"])),
            (4, serde_json::json!(["base_price", "InvalidAmount"])),
            (5, serde_json::json!(["tiers", "TiersNotFalling"])),
            (6, serde_json::json!(["valid_from", "DateInPast"])),
        ]
    );
    assert_eq!(history(egon.clone()).await, entries, "nothing written");
    assert_eq!(
        item(&catalog(&egon, "NH-VLV-2000", "").await, "NH-VLV-2000")["my_price"],
        Value::Null
    );
    // A file that cannot be read says why.
    let wrong = [
        ("organization_id", mueller.as_str()),
        ("csv", "sku,price\nX,1"),
    ];
    assert!(vera.ok("import_prices", &wrong).await["File"]["WrongHeader"].is_object());
    // As a plain HTML form, the same answer comes back to the customer's terms.
    let terms_page = format!("/vendor/customers/{mueller}/terms");
    let back = vera.plain_post("import_prices", &terms_page, &wrong).await;
    assert!(
        back.starts_with(&format!("{terms_page}?answered=1&import_prices=")),
        "{back}"
    );
    let page = vera.page(&back).await.text().await.unwrap();
    assert!(page.contains(r#"data-import="file""#), "{page}");
    // Chosen explicitly: the valid line goes in, the others are still reported.
    let keep = [
        ("organization_id", mueller.as_str()),
        ("csv", csv),
        ("reason", "Price list 2027"),
        ("keep_valid", "true"),
    ];
    let report = vera.ok("import_prices", &keep).await["Checked"].clone();
    assert_eq!(report["imported"], true);
    assert_eq!(report["valid_lines"], 1);
    assert_eq!(report["problems"].as_array().unwrap().len(), 4);
    assert_eq!(
        item(&catalog(&egon, "NH-VLV-2000", "").await, "NH-VLV-2000")["my_price"],
        9_900
    );
    assert_eq!(history(egon).await, entries + 1);
    app.stop().await;
}

async fn a_bad_product_file_writes_nothing_and_a_good_one_everything(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let header = "sku,name_en,name_de,description_en,description_de,category,unit,list_price,stock,lead_time_days\n";
    let bad = format!(
        "{header}NH-NEW-1,Filter element,Filterelement,,,spare_parts,pc,12.50,100,3\n\
         NH-NEW-2,Seal kit,,,,spare_parts,pc,8.00,10,3\n\
         NH-NEW-1,Twice,Doppelt,,,spare_parts,pc,1,1,1\n\
         NH NEW 3,\"Hose, 2 m\",\"Schlauch, 2 m\",,,spare_parts,box,-1,x,1\n"
    );
    let report = admin.ok("import_products", &[("csv", bad.as_str())]).await["Checked"].clone();
    assert_eq!(report["imported"], false);
    let lines: Vec<i64> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5]);
    assert_eq!(
        report["problems"][0]["problems"][0],
        serde_json::json!(["name_de", "Required"])
    );
    // As a plain HTML form the check's report comes back to the products page.
    let back = admin
        .plain_post(
            "import_products",
            "/vendor/products",
            &[("csv", bad.as_str())],
        )
        .await;
    assert!(
        back.starts_with("/vendor/products?answered=1&import_products="),
        "{back}"
    );
    let page = admin.page(&back).await.text().await.unwrap();
    assert!(page.contains(r#"data-imported="false""#), "{page}");
    assert_eq!(
        report["problems"][1]["problems"][0],
        serde_json::json!(["sku", "DuplicateInFile"])
    );
    let fields: Vec<&str> = report["problems"][2]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["sku", "unit", "list_price", "stock"]);
    assert!(
        app.kontor_store
            .product_id_by_sku("NH-NEW-1")
            .await
            .unwrap()
            .is_none(),
        "nothing written"
    );
    // A good file: a new product and an update of an existing one, searchable at once.
    let good = format!(
        "{header}NH-NEW-1,Filter element,Filterelement,For the return line,Für die Rücklaufleitung,spare_parts,pc,12.50,100,3\n\
         NH-PMP-1000,Axial piston pump AP-45,Axialkolbenpumpe AP-45,,,pumps,pc,\"1.350,00\",20,10\n"
    );
    let report = admin.ok("import_products", &[("csv", good.as_str())]).await["Checked"].clone();
    assert_eq!(report["imported"], true, "{report}");
    let visitor = app.browser();
    let found = catalog(&visitor, "filterelement", "").await;
    assert_eq!(found["items"][0]["sku"], "NH-NEW-1");
    assert_eq!(
        item(&catalog(&visitor, "", "").await, "NH-PMP-1000")["list_price"],
        135_000
    );
    // Only the vendor admin imports.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    assert_eq!(
        vera.call("import_products", &[("csv", good.as_str())])
            .await
            .status(),
        403
    );
    app.stop().await;
}

async fn the_product_editor_refuses_a_taken_sku_and_archives(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let product = |sku: &'static str| {
        vec![
            ("id", ""),
            ("sku", sku),
            ("name_en", "Return filter"),
            ("name_de", "Rücklauffilter"),
            ("description_en", ""),
            ("description_de", ""),
            ("category", "spare_parts"),
            ("unit", "pc"),
            ("list_price", "45,00"),
            ("stock", "12"),
            ("lead_time_days", "4"),
        ]
    };
    let taken = admin.ok("save_product", &product("NH-PMP-1000")).await;
    assert_eq!(taken["Invalid"][0], serde_json::json!(["sku", "SkuTaken"]));
    // The same as a plain HTML form: back at the form with the message and all typed.
    let back = admin
        .plain_post("save_product", "/vendor/products", &product("NH-PMP-1000"))
        .await;
    assert!(
        back.starts_with("/vendor/products?answered=1&save_product="),
        "{back}"
    );
    let page = admin.page(&back).await.text().await.unwrap();
    assert!(page.contains(r#"value="Rücklauffilter""#), "{page}");
    assert!(page.contains(r#"value="45,00""#), "{page}");
    let sku_error = field_message(&page, "sku-error");
    assert!(!sku_error.is_empty(), "{page}");
    // A new product saved that way lands on its own page, as with the script.
    let landed = admin
        .plain_post("save_product", "/vendor/products", &product("NH-XTR-9100"))
        .await;
    assert!(landed.starts_with("/vendor/products/"), "{landed}");
    assert_eq!(admin.page(&landed).await.status(), 200);
    let created = admin.ok("save_product", &product("NH-FLT-9000")).await;
    let id = created["Saved"]["id"].as_str().unwrap().to_string();
    let egon = app.signed_in("egon@mueller.example").await;
    assert!(
        egon.ok("catalog_product", &[("sku", "NH-FLT-9000")]).await["item"]["name_de"]
            == "Rücklauffilter"
    );
    assert_eq!(
        admin
            .ok(
                "archive_product",
                &[("id", id.as_str()), ("archived", "true")]
            )
            .await,
        true
    );
    assert_eq!(
        admin
            .ok(
                "archive_product",
                &[("id", id.as_str()), ("archived", "true")]
            )
            .await,
        false,
        "once"
    );
    assert_eq!(
        egon.call("catalog_product", &[("sku", "NH-FLT-9000")])
            .await
            .status(),
        404
    );
    assert!(
        catalog(&egon, "NH-FLT", "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let listed = admin.ok("vendor_products", &[("q", "NH-FLT")]).await;
    assert_eq!(listed["items"][0]["archived"], true);
    let trail = admin.ok("audit", &[("organization_id", "")]).await;
    assert_eq!(trail[0]["action"], "product.archived");
    assert_eq!(trail[1]["action"], "product.created");
    app.stop().await;
}

async fn concurrent_price_changes_get_one_version_each_and_leave_one_price(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let calls = (0..20).map(|i| {
        let who = if i % 2 == 0 {
            vera.clone()
        } else {
            admin.clone()
        };
        let mueller = mueller.clone();
        async move {
            let price = format!("{}", 1_000 + i);
            who.ok(
                "save_price",
                &[
                    ("organization_id", mueller.as_str()),
                    ("sku", "NH-PMP-1000"),
                    ("base_price", price.as_str()),
                ],
            )
            .await
        }
    });
    let tasks: Vec<_> = calls.map(tokio::spawn).collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let mut versions: Vec<i64> = outcomes
        .iter()
        .map(|o| o["Recorded"]["version"].as_i64().unwrap())
        .collect();
    versions.sort();
    versions.dedup();
    assert_eq!(versions.len(), 20, "one version each");
    let egon = app.signed_in("egon@mueller.example").await;
    let terms = egon.ok("my_terms", &[]).await;
    let pumps = terms["prices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["sku"] == "NH-PMP-1000")
        .count();
    assert_eq!(pumps, 1, "exactly one agreement valid today");
    let last = terms["history"][0]["changes"][0]["after"]["Agreement"]["base_price"]
        .as_i64()
        .unwrap();
    assert_eq!(
        item(&catalog(&egon, "", "").await, "NH-PMP-1000")["my_price"],
        last
    );
    app.stop().await;
}
