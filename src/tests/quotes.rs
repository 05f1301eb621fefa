//! Quotes end to end through the server functions: a request with a catalog line
//! and a line in words, an offer, changes asked for, a second version, acceptance
//! as an order through the approval chain; what accepting refuses; one order for
//! many parallel accepts and one version for parallel offers; expiry once. On both
//! databases.

use crate::api::{Contract, Erp, token};
use crate::on_both_backends;
use crate::orders::decide;
use crate::support::{Backend, Browser, TestApp, outbox_mails};
use serde_json::{Value, json};

on_both_backends!(
    the_seed_story_with_a_quote_egon_asks_vera_offers_twice_and_the_order_climbs_the_chain,
    accepting_refuses_expired_superseded_and_foreign_quotes_and_parallel_accepts_make_one_order,
    a_request_and_an_offer_are_checked_at_their_fields_and_parallel_offers_make_one_version,
    the_erp_reads_the_queue_and_offers_through_the_api_and_hears_every_step_by_webhook,
    files_on_a_quote_reach_its_parties_and_internal_ones_only_the_vendor
);

const PUMP: &str = "NH-PMP-1000";
const DAY: i64 = 86_400_000;

async fn request(egon: &Browser, catalog: &str, free_text: &str) -> Value {
    let start = egon.ok("quote_request_start", &[]).await;
    egon.ok(
        "request_quote",
        &[
            (
                "idempotency_key",
                start["idempotency_key"].as_str().unwrap(),
            ),
            ("catalog_lines", catalog),
            ("free_text_lines", free_text),
            ("message", "For the new line in Plant 2"),
        ],
    )
    .await
}

fn quote_id(requested: &Value) -> String {
    requested["Requested"]["quote_id"]
        .as_str()
        .unwrap_or_else(|| panic!("not requested: {requested}"))
        .to_string()
}

/// Vera's offer on the lines on the table: `prices` by line number.
async fn offer(
    vera: &Browser,
    id: &str,
    based_on: i64,
    prices: &[(&str, &str)],
    valid: &str,
) -> Value {
    let start = vera.ok("quote_offer_start", &[("id", id)]).await;
    let mut form: Vec<(String, String)> = vec![
        ("id".into(), id.into()),
        ("based_on".into(), based_on.to_string()),
        ("valid_until".into(), valid.into()),
        ("shipping".into(), "0".into()),
        ("message".into(), "Our offer".into()),
        ("internal_note".into(), "Margin is thin here".into()),
    ];
    for (line, quantity) in start["form"]["quantity"].as_object().unwrap() {
        form.push((
            format!("quantity[{line}]"),
            quantity.as_str().unwrap().into(),
        ));
    }
    for (line, price) in prices {
        form.push((format!("unit_price[{line}]"), price.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    vera.ok("offer_quote", &form).await
}

async fn step(who: &Browser, id: &str, version: i64, step: &str, comment: &str) -> Value {
    who.ok(
        "quote_step",
        &[
            ("id", id),
            ("version", &version.to_string()),
            ("step", step),
            ("comment", comment),
        ],
    )
    .await
}

async fn accept(who: &Browser, id: &str, version: i64) -> Value {
    who.ok(
        "accept_quote",
        &[("id", id), ("version", &version.to_string())],
    )
    .await
}

fn in_days(days: i64) -> String {
    kontor_domain::calendar::berlin_day(kontor_store::now_ms() + days * DAY).to_string()
}

async fn the_seed_story_with_a_quote_egon_asks_vera_offers_twice_and_the_order_climbs_the_chain(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    let max = app.signed_in("max@mueller.example").await;

    let requested = request(&egon, &format!("{PUMP} 55"), "On-site commissioning").await;
    let id = quote_id(&requested);
    let number = requested["Requested"]["number"].as_i64().unwrap();
    // The account manager hears of it and finds it first in her queue.
    let asked = outbox_mails(&app, &format!("quote/{id}/v0/requested")).await;
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0].0, "vera@nordhydraulik.example");
    assert!(asked[0].2.contains("55 × NH-PMP-1000"), "{}", asked[0].2);
    assert!(asked[0].2.contains("On-site commissioning"));
    let queue = vera.ok("quotes", &[]).await;
    assert!(
        queue["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "{queue}"
    );

    // The offer form starts from Müller's contract price (the tier from 50 pieces);
    // the line in words has no price yet.
    let start = vera.ok("quote_offer_start", &[("id", &id)]).await;
    assert_eq!(start["form"]["unit_price"]["1"], "1090.00", "{start}");
    assert_eq!(start["form"]["unit_price"]["2"], "");
    let valid = in_days(14);
    let first = offer(&vera, &id, 0, &[("1", "1100"), ("2", "1800")], &valid).await;
    assert_eq!(first, json!({ "Done": "Offered" }));
    let offered = outbox_mails(&app, &format!("quote/{id}/v1/offered")).await;
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].0, "egon@mueller.example");
    assert!(
        !offered[0].2.contains("Margin"),
        "internal notes never go out"
    );

    // Egon asks for a better price; Vera hears it; v1 cannot be accepted any more.
    let changes = step(&egon, &id, 1, "request_changes", "1,045 € per pump, please").await;
    assert_eq!(changes, json!({ "Done": "ChangesRequested" }));
    assert_eq!(
        outbox_mails(&app, &format!("quote/{id}/v1/changes_requested")).await[0].0,
        "vera@nordhydraulik.example"
    );
    assert_eq!(
        accept(&egon, &id, 1).await,
        json!({ "Superseded": "ChangesRequested" })
    );
    let second = offer(&vera, &id, 1, &[("1", "1045"), ("2", "1800")], &valid).await;
    assert_eq!(second, json!({ "Done": "Offered" }));

    // The history shows both versions, v2 with old → new per line; the customer never
    // sees the internal notes, Vera does.
    let seen = egon.ok("quote", &[("id", &id)]).await;
    let versions = seen["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[1]["changes"][0]["Changed"]["unit_price"],
        json!([110_000, 104_500])
    );
    assert_eq!(versions[1]["total"], 55 * 104_500 + 180_000);
    assert!(
        seen["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["internal"] == false)
    );
    let staff_view = vera.ok("quote", &[("id", &id)]).await;
    assert!(
        staff_view["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["internal"] == true)
    );

    // Accepting the old version is refused; the current one becomes an order at the
    // offered prices that waits for Hannah, then Max (59,275 € is above Hannah's limit).
    assert_eq!(
        accept(&egon, &id, 1).await,
        json!({ "Superseded": "Offered" })
    );
    let accepted = accept(&egon, &id, 2).await;
    let order_id = accepted["Placed"]["order_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{accepted}"))
        .to_string();
    assert_eq!(accepted["Placed"]["state"], "PendingApproval");
    let order = egon.ok("order", &[("order_id", &order_id)]).await;
    assert_eq!(order["total"], 55 * 104_500 + 180_000, "{order}");
    assert_eq!(order["lines"][0]["unit_price"], 104_500);
    assert_eq!(order["lines"][1]["name_en"], "On-site commissioning");
    assert_eq!(order["lines"][1]["sku"], "");
    assert_eq!(order["quote"], json!([id, number, 2]));
    // Hannah's request says where the order comes from.
    let asks_hannah = outbox_mails(&app, &format!("order/{order_id}/step/0/request/")).await;
    assert!(
        asks_hannah
            .iter()
            .any(|m| m.0 == "hannah@mueller.example" && m.2.contains(&format!("{number}"))),
        "{asks_hannah:?}"
    );
    assert_eq!(
        decide(&hannah, &order_id, 0, "approve", "").await,
        json!({ "Decided": "PendingApproval" })
    );
    assert_eq!(
        decide(&max, &order_id, 1, "approve", "").await,
        json!({ "Decided": "Approved" })
    );
    let quote = egon.ok("quote", &[("id", &id)]).await;
    assert_eq!(quote["state"], "Accepted");
    assert_eq!(quote["order"][0], order_id.as_str());
    // Quoted prices are for that order only: the cart still prices at the contract.
    egon.ok("add_to_cart", &[("sku", PUMP), ("quantity", "55")])
        .await;
    assert_eq!(
        egon.ok("cart", &[]).await["lines"][0]["unit_price"],
        109_000
    );
}

async fn accepting_refuses_expired_superseded_and_foreign_quotes_and_parallel_accepts_make_one_order(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let carla = app.signed_in("carla@mueller.example").await;
    let bob = app.signed_in("bob@becker.example").await;

    let id = quote_id(&request(&egon, &format!("{PUMP} 2"), "").await);
    let today = in_days(0);
    assert_eq!(
        offer(&vera, &id, 0, &[("1", "1000")], &today).await,
        json!({ "Done": "Offered" })
    );
    // Another organization's quote does not exist for Bob; Carla sees it but it is
    // not hers to accept.
    assert_eq!(bob.call("quote", &[("id", &id)]).await.status(), 404);
    assert_eq!(
        bob.call("accept_quote", &[("id", &id), ("version", "1")])
            .await
            .status(),
        404
    );
    assert_eq!(
        carla
            .call("accept_quote", &[("id", &id), ("version", "1")])
            .await
            .status(),
        403
    );

    // The day after its validity (Berlin) it cannot be accepted, and the notice
    // loop ends it once even when two servers run it at the same moment.
    let ctx = app.server_context();
    let user = app
        .kontor_store
        .user_by_email("egon@mueller.example")
        .await
        .unwrap()
        .unwrap();
    let actor = kontor_app::services::Actor::of_person(user, kontor_domain::Locale::En);
    let tomorrow = kontor_store::now_ms() + DAY;
    let late = kontor_app::services::quotes::accept(
        &ctx.at(tomorrow),
        &actor,
        kontor_app::services::quotes::AcceptQuote {
            quote_id: id.clone(),
            version: 1,
        },
    )
    .await
    .unwrap();
    assert_eq!(late, kontor_app::api::quotes::AcceptResult::Expired);
    let second = app.second_instance().await;
    let (first, other) = (ctx.at(tomorrow), second.at(tomorrow));
    let (a, b) = tokio::join!(
        kontor_app::services::quotes::expire_offers(&first),
        kontor_app::services::quotes::expire_offers(&other)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        kontor_app::services::quotes::expire_offers(&ctx.at(tomorrow + DAY))
            .await
            .unwrap(),
        0
    );
    assert_eq!(egon.ok("quote", &[("id", &id)]).await["state"], "Expired");
    let expired = outbox_mails(&app, &format!("quote/{id}/v1/expired")).await;
    let mut to: Vec<&str> = expired.iter().map(|m| m.0.as_str()).collect();
    to.sort();
    assert_eq!(to, ["egon@mueller.example", "vera@nordhydraulik.example"]);
    assert_eq!(accept(&egon, &id, 1).await, json!("Expired"));

    // Ten accepts of a valid offer at once: one order, and every click learns it.
    let id = quote_id(&request(&egon, &format!("{PUMP} 1"), "").await);
    offer(&vera, &id, 0, &[("1", "1000")], &in_days(3)).await;
    let accepts: Vec<_> = (0..10).map(|_| accept(&egon, &id, 1)).collect();
    let answers = futures::future::join_all(accepts).await;
    let orders: std::collections::BTreeSet<String> = answers
        .iter()
        .map(|a| {
            a["Placed"]["order_id"]
                .as_str()
                .unwrap_or_else(|| panic!("{a}"))
                .to_string()
        })
        .collect();
    assert_eq!(orders.len(), 1, "{answers:?}");
    assert_eq!(
        crate::support::count(&app, "SELECT COUNT(*) FROM orders WHERE quote_id = $1", &id).await,
        1
    );
    // Accepted is final: withdrawing or asking for changes now changes nothing.
    assert_eq!(
        step(&egon, &id, 1, "withdraw", "").await,
        json!({ "Stale": "Accepted" })
    );
}

async fn a_request_and_an_offer_are_checked_at_their_fields_and_parallel_offers_make_one_version(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let quotes_before =
        crate::support::count(&app, "SELECT COUNT(*) FROM quotes WHERE state <> $1", "").await;

    // An unknown SKU, an empty request: refused at the field, nothing written.
    let unknown = request(&egon, "NO-SUCH-SKU 3", "").await;
    assert_eq!(
        unknown["Invalid"][0],
        json!(["catalog_lines", "UnknownProduct"])
    );
    let empty = request(&egon, "", "").await;
    assert_eq!(empty["Invalid"][0], json!(["catalog_lines", "Required"]));
    assert_eq!(
        crate::support::count(&app, "SELECT COUNT(*) FROM quotes WHERE state <> $1", "").await,
        quotes_before
    );
    // The same submission twice is one request.
    let start = egon.ok("quote_request_start", &[]).await;
    let key = start["idempotency_key"].as_str().unwrap();
    let form = [("idempotency_key", key), ("catalog_lines", "NH-PMP-1000 4")];
    let (one, two) = tokio::join!(
        egon.ok("request_quote", &form),
        egon.ok("request_quote", &form)
    );
    assert_eq!(quote_id(&one), quote_id(&two));
    let id = quote_id(&one);
    // The vendor's queue by customer: Müller's request is in Müller's queue only.
    let queue_of = |customer: String| {
        let admin = &admin;
        async move {
            let list = admin.ok("quotes", &[("customer", &customer)]).await;
            list["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert!(
        queue_of(app.organization_id("egon@mueller.example").await)
            .await
            .contains(&id)
    );
    assert!(
        queue_of(app.organization_id("bob@becker.example").await)
            .await
            .is_empty()
    );

    // A missing price and a validity in the past come back at their fields.
    let bad = offer(&vera, &id, 0, &[("1", "")], &in_days(-1)).await;
    let problems = bad["Invalid"].as_array().unwrap();
    assert!(
        problems.contains(&json!(["unit_price[1]", "Required"])),
        "{bad}"
    );
    assert!(
        problems.contains(&json!(["valid_until", "DateInPast"])),
        "{bad}"
    );
    // A service agent sees the customer but does not offer.
    assert_eq!(
        sam.call("offer_quote", &[("id", &id), ("based_on", "0")])
            .await
            .status(),
        403
    );

    // Vera and the vendor admin send an offer from the same form at once: one
    // version; the other learns that the quote moved on.
    let valid = in_days(10);
    let (a, b) = tokio::join!(
        offer(&vera, &id, 0, &[("1", "1000")], &valid),
        offer(&admin, &id, 0, &[("1", "990")], &valid)
    );
    let mut answers = [a.clone(), b.clone()];
    answers.sort_by_key(|v| v.to_string());
    assert_eq!(
        answers,
        [json!({ "Done": "Offered" }), json!({ "Stale": "Offered" })],
        "{a} {b}"
    );
    let seen = egon.ok("quote", &[("id", &id)]).await;
    assert_eq!(seen["versions"].as_array().unwrap().len(), 1);

    // The vendor may decline a request it cannot quote, with a reason.
    let other = quote_id(&request(&egon, "", "Custom pump for 900 bar").await);
    assert_eq!(
        step(&vera, &other, 0, "vendor_decline", "").await["Invalid"][0],
        json!(["comment", "Required"])
    );
    assert_eq!(
        step(
            &vera,
            &other,
            0,
            "vendor_decline",
            "We do not build for 900 bar."
        )
        .await,
        json!({ "Done": "Declined" })
    );
    let told = outbox_mails(&app, &format!("quote/{other}/v0/declined")).await;
    assert_eq!(told[0].0, "egon@mueller.example");
    assert!(told[0].2.contains("900 bar"));
}

async fn the_erp_reads_the_queue_and_offers_through_the_api_and_hears_every_step_by_webhook(
    backend: Backend,
) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let egon = app.signed_in("egon@mueller.example").await;
    // An endpoint for the quote events only.
    let created = kontor_app::services::webhooks::create_endpoint(
        &app.server_context(),
        &kontor_app::services::Actor::Operator,
        kontor_app::services::webhooks::NewEndpointInput {
            url: "https://erp.example.com/quotes".into(),
            event_types:
                "quote.requested,quote.offered,quote.accepted,quote.declined,quote.expired".into(),
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        created,
        kontor_app::services::webhooks::EndpointOutcome::Created { .. }
    ));
    let id = quote_id(&request(&egon, &format!("{PUMP} 3"), "Installation").await);

    // The ERP finds the request in the queue (oldest waiting first) and reads it.
    let erp = Erp::new(&app, &contract, &token(&app, "quotes:write", &[]).await);
    let queue = erp.get("/api/v1/quotes").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    let listed: Vec<&str> = queue.body["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed.last(),
        Some(&id.as_str()),
        "newest request last: {listed:?}"
    );
    let read = erp.get(&format!("/api/v1/quotes/{id}")).await;
    assert_eq!(
        read.body["requested"][1]["sku"],
        Value::Null,
        "{}",
        read.body
    );

    // A refused field comes back as 422 at its name; then the offer is made once.
    let path = format!("/api/v1/quotes/{id}/offers");
    let valid = in_days(10);
    let mut offer = json!({
        "based_on": 0,
        "lines": [
            { "line_no": 1, "quantity": 3, "unit_price_cents": 110_000 },
            { "line_no": 2, "quantity": 1, "unit_price_cents": -5 },
        ],
        "added_lines": [{ "item": "NH-SPR-3000", "quantity": 2, "unit_price_cents": 4_550 }],
        "valid_until": valid,
        "message": "Installation by our team",
    });
    let refused = erp.post(&path, offer.clone(), None).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["field"], "unit_price[2]");
    offer["lines"][1]["unit_price_cents"] = json!(95_000);
    let made = erp.post(&path, offer.clone(), None).await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert_eq!(made.body["state"], "offered");
    assert_eq!(
        made.body["versions"][0]["total_cents"],
        3 * 110_000 + 95_000 + 2 * 4_550
    );
    assert_eq!(made.body["versions"][0]["lines"][2]["sku"], "NH-SPR-3000");
    assert_eq!(erp.post(&path, offer, None).await.status, 409);
    // The buyer is told; the offer names the client as its author.
    let told = outbox_mails(&app, &format!("quote/{id}/v1/offered")).await;
    assert_eq!(told[0].0, "egon@mueller.example");
    assert!(told[0].2.contains("(API)"), "{}", told[0].2);

    // Egon accepts: every step was announced, once each.
    assert!(accept(&egon, &id, 1).await["Placed"].is_object());
    let events: Vec<String> = {
        let mut conn = app.db.raw().await;
        sqlx::query_scalar(
            "SELECT event_type FROM webhook_messages WHERE payload LIKE $1 ORDER BY created_at",
        )
        .bind(format!("%{id}%"))
        .fetch_all(&mut conn)
        .await
        .unwrap()
    };
    assert_eq!(
        events,
        ["quote.requested", "quote.offered", "quote.accepted"]
    );
    // A reader cannot offer.
    let reader = Erp::new(&app, &contract, &token(&app, "quotes:read", &[]).await);
    assert_eq!(
        reader
            .post(
                &path,
                json!({ "based_on": 1, "lines": [], "valid_until": valid }),
                None
            )
            .await
            .status,
        403
    );
}

async fn files_on_a_quote_reach_its_parties_and_internal_ones_only_the_vendor(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let bob = app.signed_in("bob@becker.example").await;
    let id = quote_id(&request(&egon, &format!("{PUMP} 4"), "").await);
    let pdf = |text: &str| kontor_app::server::demo_documents::pdf(&[text]);

    // Egon puts his drawing on the request; a file that is not what its name says is
    // refused at the field and nothing is kept.
    let fake = egon
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &id)],
            Some(("drawing.pdf", b"MZ not a pdf".to_vec())),
        )
        .await;
    let fake: Value = fake.json().await.unwrap();
    assert_eq!(fake["Invalid"][0][0], "file", "{fake}");
    let sent = egon
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &id)],
            Some(("drawing.pdf", pdf("drawing"))),
        )
        .await;
    assert_eq!(sent.status(), 200);
    // A customer cannot keep a file internal.
    let internal_by_egon = egon
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &id), ("internal", "1")],
            Some(("x.pdf", pdf("x"))),
        )
        .await;
    assert_eq!(internal_by_egon.status(), 403);
    // Vera keeps her calculation internal.
    let calc = vera
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &id), ("internal", "1")],
            Some(("calculation.pdf", pdf("calc"))),
        )
        .await;
    assert_eq!(calc.status(), 200);

    let files_of = |seen: &Value| -> Vec<(String, String)> {
        seen["messages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| m["attachments"].as_array().unwrap().clone())
            .map(|f| {
                (
                    f[0].as_str().unwrap().to_string(),
                    f[1].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let staff_files = files_of(&vera.ok("quote", &[("id", &id)]).await);
    let customer_files = files_of(&egon.ok("quote", &[("id", &id)]).await);
    assert_eq!(
        staff_files.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
        ["drawing.pdf", "calculation.pdf"]
    );
    assert_eq!(customer_files.len(), 1, "{customer_files:?}");
    let drawing = format!("/files/quotes/{}", customer_files[0].0);
    let calculation = format!("/files/quotes/{}", staff_files[1].0);
    let got = vera.get_with(&drawing, &[]).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf("drawing"));
    assert_eq!(egon.get_with(&calculation, &[]).await.status(), 404);
    assert_eq!(bob.get_with(&drawing, &[]).await.status(), 404);
    assert_eq!(
        crate::support::count(
            &app,
            "SELECT COUNT(*) FROM quote_attachments WHERE quote_id = $1",
            &id
        )
        .await,
        2
    );

    // A closed quote takes no more files.
    assert_eq!(
        step(&egon, &id, 0, "withdraw", "").await,
        json!({ "Done": "Withdrawn" })
    );
    let late = egon
        .upload_to(
            "attach_to_quote",
            &[("quote_id", &id)],
            Some(("late.pdf", pdf("late"))),
        )
        .await;
    let late: Value = late.json().await.unwrap();
    assert_eq!(late, json!({ "Stale": "Withdrawn" }));
}
