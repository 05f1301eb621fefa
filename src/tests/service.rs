//! Service requests: a request's life from opening to rating, due times from the
//! contract, the paused clock, internal notes that never reach a customer, claims
//! within what was delivered, breach warnings once, the survey link once, and two
//! clicks with one effect; opening one as a plain HTML form.

use crate::on_both_backends;
use crate::support::{
    Backend, Browser, TestApp, count, field_message, mail_text, outbox_mails, tag_of,
};
use kontor_domain::business_hours::{BusinessHours, Holidays};
use kontor_domain::service::due_times;
use kontor_domain::terms::{Priority, Terms};
use serde_json::Value;

on_both_backends!(
    a_request_runs_from_opening_to_rating,
    internal_notes_never_reach_customers,
    claims_stay_within_what_was_delivered,
    breach_warnings_go_out_once_and_resolved_requests_close,
    two_clicks_have_one_effect,
    a_request_opens_without_javascript,
);

const PETERS_SUBJECT: &str = "Pressure loss on gear pump ZP-16 (order #1)";

async fn open(browser: &Browser, form: &[(&str, &str)]) -> Value {
    browser.ok("open_service_request", form).await
}

fn done_id(outcome: &Value) -> String {
    outcome["Done"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("not done: {outcome}"))
        .to_string()
}

/// The problems of an `Invalid` answer as (field, problem) pairs.
fn problems(outcome: &Value) -> Vec<(String, String)> {
    outcome["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("not invalid: {outcome}"))
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect()
}

async fn detail(browser: &Browser, id: &str) -> Value {
    browser.ok("service_request", &[("request_id", id)]).await
}

async fn list(browser: &Browser, form: &[(&str, &str)]) -> Vec<Value> {
    browser.ok("service_requests", form).await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

/// (recipient, subject, body) of the mails about a request, oldest first.
async fn mails_of(app: &TestApp, request_id: &str) -> Vec<(String, String, String)> {
    outbox_mails(app, &format!("service/{request_id}/")).await
}

async fn exec(app: &TestApp, sql: &str, value: i64, id: &str) {
    sqlx::query(sql)
        .bind(value)
        .bind(id)
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
}

/// The id of a request found by its subject, as the vendor admin sees it.
async fn request_id(app: &TestApp, subject: &str) -> String {
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    list(&admin, &[])
        .await
        .into_iter()
        .find(|r| r["subject"] == subject)
        .unwrap_or_else(|| panic!("{subject} not in the queue"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn messages(d: &Value) -> Vec<String> {
    d["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect()
}

/// The survey tokens the mail server received for a request, oldest first: the
/// outbox keeps a link's token only until its mail has gone out.
async fn survey_tokens(app: &TestApp, request_id: &str, count: usize) -> Vec<String> {
    let needle = format!("/survey/{request_id}?t=");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let tokens: Vec<String> = app
            .smtp
            .messages()
            .iter()
            .map(|raw| mail_text(raw))
            .filter_map(|text| {
                let start = text.find(&needle)? + needle.len();
                Some(
                    text[start..]
                        .chars()
                        .take_while(char::is_ascii_hexdigit)
                        .collect(),
                )
            })
            .collect();
        if tokens.len() >= count || std::time::Instant::now() > deadline {
            return tokens;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn a_request_runs_from_opening_to_rating(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;

    // Egon opens a complaint about two of the four gear pumps of his delivered order.
    let outcome = open(
        &egon,
        &[
            ("kind", "complaint"),
            ("priority", "high"),
            ("subject", "Two pumps leak oil"),
            ("description", "Oil at the shaft seal of two ZP-16."),
            ("order", "1"),
            ("sku", "nh-pmp-1020"),
            ("quantity", "2"),
        ],
    )
    .await;
    let id = done_id(&outcome);
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["row"]["status"], "Open");
    assert_eq!(seen["order_number"], 1);
    assert_eq!(seen["quantity"], 2);
    // The due times are the contract's: Müller's service level, business hours,
    // weekends and holidays skipped — the domain's function, recomputed here.
    let opened = seen["row"]["opened_at"].as_i64().unwrap();
    let org = app.organization_id("egon@mueller.example").await;
    let terms = app
        .kontor_store
        .terms_at(&org, opened)
        .await
        .unwrap()
        .map_or_else(Terms::standard, |v| v.terms);
    let holidays = Holidays::german(vec![]);
    let hours = BusinessHours {
        start_hour: terms.business_hours_start,
        end_hour: terms.business_hours_end,
        holidays: &holidays,
    };
    let due = due_times(opened, &terms, Priority::High, &hours);
    assert_eq!(seen["first_response_due"], due.first_response);
    assert_eq!(seen["resolution_due"], due.resolution);
    assert!(due.first_response > opened);
    // Confirmation with the due times; Vera (Müller's account manager) hears of it.
    let mails = mails_of(&app, &id).await;
    let to_egon = mails
        .iter()
        .find(|m| m.0 == "egon@mueller.example")
        .expect("a confirmation");
    assert!(to_egon.1.contains("Two pumps leak oil"), "{}", to_egon.1);
    assert!(to_egon.2.contains("first response by"), "{}", to_egon.2);
    assert!(mails.iter().any(|m| m.0 == "vera@nordhydraulik.example"));

    // Sam finds it in the queue and answers; the first response is recorded and
    // the request is his.
    let queue = list(&sam, &[("status", "active")]).await;
    assert!(queue.iter().any(|r| r["id"] == id.as_str()));
    let answer = "Please send us a photo of the seal.";
    let replied = sam
        .ok(
            "reply_to_request",
            &[("request_id", &id), ("body", answer), ("wait", "1")],
        )
        .await;
    assert_eq!(done_id(&replied), id);
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["row"]["status"], "WaitingOnCustomer");
    assert_eq!(seen["paused"], true);
    assert!(seen["first_response_at"].is_i64());
    assert_eq!(seen["response_sla"], "Met");
    assert!(messages(&seen).contains(&answer.to_string()));
    assert!(
        mails_of(&app, &id)
            .await
            .iter()
            .any(|m| m.0 == "egon@mueller.example" && m.2.contains(answer)),
        "Egon gets the reply by mail"
    );
    // A day on hold does not count: when Egon answers, the resolution due time
    // moves on by the business time that stood still.
    let day = 86_400_000;
    exec(
        &app,
        "UPDATE service_requests SET paused_at = paused_at - $1 WHERE id = $2",
        day,
        &id,
    )
    .await;
    let before = seen["resolution_due"].as_i64().unwrap();
    egon.ok(
        "reply_to_request",
        &[("request_id", &id), ("body", "Photo attached.")],
    )
    .await;
    let seen = detail(&sam, &id).await;
    assert_eq!(seen["row"]["status"], "InProgress");
    assert_eq!(seen["paused"], false);
    assert!(seen["resolution_due"].as_i64().unwrap() >= before);
    assert_eq!(seen["row"]["assignee"], "Sam Okafor");

    // Sam resolves it; Egon gets the resolution with a survey link.
    let resolved = sam
        .ok(
            "set_request_status",
            &[
                ("request_id", &id),
                ("status", "resolved"),
                ("comment", "New seals sent."),
            ],
        )
        .await;
    assert_eq!(done_id(&resolved), id);
    let mails = mails_of(&app, &id).await;
    let resolution = mails
        .iter()
        .find(|m| m.0 == "egon@mueller.example" && m.1.contains("resolved"))
        .expect("the resolution mail");
    let token = survey_tokens(&app, &id, 1).await.remove(0);
    assert_eq!(token.len(), 64);
    assert!(
        !resolution.2.contains(&token),
        "the outbox row never shows the survey token"
    );
    // Once the worker has recorded the sending, the row keeps no token either.
    let mut kept = Some(String::new());
    for _ in 0..100 {
        let row: (Option<String>, Option<i64>) = sqlx::query_as(
            "SELECT secret, sent_at FROM outbox WHERE dedupe_key LIKE $1 AND body_text LIKE '%/survey/%'",
        )
        .bind(format!("service/{id}/%"))
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
        if row.1.is_some() {
            kept = row.0;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(kept, None, "a sent mail's token is forgotten");
    let seen = detail(&egon, &id).await;
    assert_eq!(seen["row"]["status"], "Resolved");
    assert!(seen["reopen_until"].is_i64());

    // The link works for its own request only, and once — signed out.
    let anyone = app.browser();
    let peters = request_id(&app, PETERS_SUBJECT).await;
    let foreign = anyone
        .call("survey", &[("request_id", &peters), ("token", &token)])
        .await;
    assert_eq!(foreign.status(), 404);
    let wrong = anyone
        .call(
            "answer_survey",
            &[("request_id", &peters), ("token", &token), ("score", "1")],
        )
        .await;
    assert_eq!(wrong.status(), 404);
    let survey = anyone
        .ok("survey", &[("request_id", &id), ("token", &token)])
        .await;
    assert_eq!(survey["answered"], false);
    let invalid = anyone
        .ok(
            "answer_survey",
            &[("request_id", &id), ("token", &token), ("score", "9")],
        )
        .await;
    assert_eq!(invalid["Invalid"][0][0], "score");
    let form = |score| {
        [
            ("request_id", id.as_str()),
            ("token", token.as_str()),
            ("score", score),
            ("comment", "Fast help."),
            ("nps", "10"),
        ]
    };
    // Answered from the mail on a phone, as a plain HTML form: a refusal comes back
    // with what was chosen and written, the answer with thanks (not "already used").
    let survey_page = format!("/survey/{id}?t={token}");
    let refused = anyone
        .plain_post("answer_survey", &survey_page, &form("9"))
        .await;
    assert!(
        refused.starts_with(&format!("{survey_page}&answered=1&answer_survey=")),
        "{refused}"
    );
    assert!(refused.contains("comment=Fast+help."), "{refused}");
    let page = anyone.page(&refused).await.text().await.unwrap();
    assert!(page.contains("Fast help."), "{page}");
    assert!(
        page.contains("This number is outside the allowed range."),
        "{page}"
    );
    let thanked = anyone
        .plain_post("answer_survey", &survey_page, &form("4"))
        .await;
    assert_eq!(
        thanked,
        format!("{survey_page}&answered=1&answer_survey=%22Thanks%22")
    );
    let page = anyone.page(&thanked).await.text().await.unwrap();
    assert!(page.contains(r#"data-survey="thanks""#), "{page}");
    assert!(!page.contains(r#"data-survey="used""#), "{page}");
    assert_eq!(
        anyone.ok("answer_survey", &form("4")).await,
        "AlreadyAnswered"
    );
    let survey = anyone
        .ok("survey", &[("request_id", &id), ("token", &token)])
        .await;
    assert_eq!(survey["answered"], true);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM service_surveys WHERE request_id = $1 AND score = 4",
            &id
        )
        .await,
        1
    );

    // CSAT per customer: the demo's 5 and Egon's 4. Vera sees Müller; Tim does not.
    let report = sam.ok("satisfaction", &[]).await;
    let mueller: Vec<&Value> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["customer"] == "Maschinenbau Müller GmbH")
        .collect();
    let answers: i64 = mueller
        .iter()
        .map(|r| r["csat_answers"].as_i64().unwrap())
        .sum();
    assert_eq!(answers, 2, "{report}");
    if mueller.len() == 1 {
        assert_eq!(mueller[0]["csat_tenths"], 45);
    }
    // NPS per role: Egon's 10 speaks for the purchasers (his one role).
    let purchasers: Vec<&Value> = mueller
        .iter()
        .flat_map(|r| r["nps_by_role"].as_array().unwrap())
        .filter(|n| n["role"] == "purchaser")
        .collect();
    assert!(
        purchasers
            .iter()
            .any(|n| n["answers"].as_i64() >= Some(1) && n["score"].is_i64()),
        "{report}"
    );
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    assert!(
        !vera
            .ok("satisfaction", &[])
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    let tims = tim.ok("satisfaction", &[]).await;
    assert!(!tims.to_string().contains("Müller"), "{tims}");
    assert_eq!(egon.call("satisfaction", &[]).await.status(), 403);

    // Not solved after all: Egon reopens within the window; once closed, no more.
    let reopened = egon
        .ok(
            "set_request_status",
            &[
                ("request_id", &id),
                ("status", "reopen"),
                ("comment", "Still leaking."),
            ],
        )
        .await;
    assert_eq!(done_id(&reopened), id);
    assert_eq!(detail(&sam, &id).await["row"]["status"], "InProgress");
    sam.ok(
        "set_request_status",
        &[
            ("request_id", &id),
            ("status", "resolved"),
            ("comment", "Replaced."),
        ],
    )
    .await;
    // The second resolution brings a new survey, but the NPS question only once a
    // quarter: Egon has answered it (the demo's answer or today's).
    let second_token = survey_tokens(&app, &id, 2).await.remove(1);
    assert_ne!(second_token, token);
    let again = anyone
        .ok("survey", &[("request_id", &id), ("token", &second_token)])
        .await;
    assert_eq!(again["answered"], false);
    assert_eq!(again["ask_nps"], false);
    let quarter = kontor_domain::service::quarter_of(kontor_store::now_ms());
    let egon_id = app.user_id("egon@mueller.example").await;
    let nps_answers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM nps_answers WHERE user_id = $1 AND quarter = $2")
            .bind(&egon_id)
            .bind(&quarter)
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    assert_eq!(nps_answers, 1, "one NPS answer per person and quarter");
    // Peter has not answered it yet: his first survey would ask.
    let peter_id = app.user_id("peter@mueller.example").await;
    assert!(
        !app.kontor_store
            .nps_answered(&peter_id, &quarter)
            .await
            .unwrap()
    );
    // A reopen window that has passed: refused, and the request stays resolved.
    exec(
        &app,
        "UPDATE service_requests SET resolved_at = resolved_at - $1 WHERE id = $2",
        15 * day,
        &id,
    )
    .await;
    let late = egon
        .ok(
            "set_request_status",
            &[
                ("request_id", &id),
                ("status", "reopen"),
                ("comment", "Again."),
            ],
        )
        .await;
    assert_eq!(late["Refused"], "ReopenWindow");
    egon.ok(
        "set_request_status",
        &[("request_id", &id), ("status", "closed"), ("comment", "")],
    )
    .await;
    assert_eq!(detail(&egon, &id).await["row"]["status"], "Closed");
    let closed = egon
        .ok(
            "reply_to_request",
            &[("request_id", &id), ("body", "Hello?")],
        )
        .await;
    assert_eq!(closed["Refused"], "Status");
    app.stop().await;
}

async fn internal_notes_never_reach_customers(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let id = request_id(&app, PETERS_SUBJECT).await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let peter = app.signed_in("peter@mueller.example").await;
    let note = "Internal: batch 2026-17 had bad seals, do not tell yet";
    sam.ok(
        "reply_to_request",
        &[("request_id", &id), ("body", note), ("internal", "1")],
    )
    .await;
    // A file on an internal note, and one on a reply.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let internal_file = sam
        .upload_to(
            "attach_to_request",
            &[("request_id", &id), ("internal", "1")],
            Some(("batch-analysis.png", png.clone())),
        )
        .await;
    assert_eq!(
        internal_file.status(),
        200,
        "{}",
        internal_file.text().await.unwrap()
    );
    let shared = sam
        .upload_to(
            "attach_to_request",
            &[("request_id", &id)],
            Some(("seal-drawing.png", png.clone())),
        )
        .await;
    assert_eq!(shared.status(), 200);
    sam.ok(
        "reply_to_request",
        &[
            ("request_id", &id),
            ("body", "We check the pump on Thursday."),
        ],
    )
    .await;

    // Staff see the note and both files.
    let staff_view = detail(&sam, &id).await;
    assert!(messages(&staff_view).contains(&note.to_string()));
    let files: Vec<(String, String, bool)> = staff_view["messages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| {
            let internal = m["internal"].as_bool().unwrap();
            m["attachments"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| {
                    (
                        f["id"].as_str().unwrap().to_string(),
                        f["file_name"].as_str().unwrap().to_string(),
                        internal,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let (internal_id, shared_id) = (
        files.iter().find(|f| f.2).unwrap().0.clone(),
        files.iter().find(|f| !f.2).unwrap().0.clone(),
    );

    // Customers: not in the request, not in the list, not on the page, not as a
    // file, not in any mail.
    for email in ["peter@mueller.example", "carla@mueller.example"] {
        let customer = app.signed_in(email).await;
        let seen = detail(&customer, &id).await;
        let text = seen.to_string();
        assert!(!text.contains("batch 2026-17"), "{email}: {text}");
        assert!(!text.contains("batch-analysis.png"), "{email}");
        assert!(text.contains("We check the pump on Thursday."));
        assert!(text.contains("seal-drawing.png"));
        assert!(
            !seen["messages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["internal"] == true)
        );
        let listed = list(&customer, &[]).await;
        assert!(!Value::Array(listed).to_string().contains("batch 2026-17"));
        let page = customer.page(&format!("/service/{id}")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("We check the pump on Thursday."));
        assert!(!html.contains("batch 2026-17") && !html.contains("batch-analysis"));
        let file = customer
            .get_with(&format!("/files/service/{internal_id}"), &[])
            .await;
        assert_eq!(file.status(), 404);
        let file = customer
            .get_with(&format!("/files/service/{shared_id}"), &[])
            .await;
        assert_eq!(file.status(), 200);
        assert_eq!(file.bytes().await.unwrap().to_vec(), png);
    }
    let file = sam
        .get_with(&format!("/files/service/{internal_id}"), &[])
        .await;
    assert_eq!(file.status(), 200);
    // Bob (Becker) gets neither the request nor its files.
    let bob = app.signed_in("bob@becker.example").await;
    assert_eq!(
        bob.call("service_request", &[("request_id", &id)])
            .await
            .status(),
        404
    );
    assert_eq!(
        bob.get_with(&format!("/files/service/{shared_id}"), &[])
            .await
            .status(),
        404
    );
    let bobs = list(&bob, &[]).await;
    assert!(bobs.is_empty(), "{bobs:?}");
    // No mail at all carries the note.
    let all: Vec<(String, String)> = sqlx::query_as("SELECT recipient, body_text FROM outbox")
        .fetch_all(&mut app.db.raw().await)
        .await
        .unwrap();
    assert!(!all.iter().any(|(_, body)| body.contains("batch 2026-17")));
    assert!(
        all.iter()
            .any(|(to, body)| to == "peter@mueller.example" && body.contains("Thursday")),
        "Peter hears of the reply"
    );
    // A customer cannot write an internal note or put the request on hold.
    let forged = peter
        .call(
            "reply_to_request",
            &[("request_id", &id), ("body", "x"), ("internal", "1")],
        )
        .await;
    assert_eq!(forged.status(), 403);
    let forged = peter
        .upload_to(
            "attach_to_request",
            &[("request_id", &id), ("internal", "1")],
            Some(("x.png", png)),
        )
        .await;
    assert_eq!(forged.status(), 403);
    app.stop().await;
}

async fn claims_stay_within_what_was_delivered(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let count = || {
        count(
            &app,
            "SELECT COUNT(*) FROM service_requests WHERE $1 = $1",
            "x",
        )
    };
    let before = count().await;
    let claim =
        |kind: &'static str, order: &'static str, sku: &'static str, quantity: &'static str| {
            let egon = egon.clone();
            async move {
                open(
                    &egon,
                    &[
                        ("kind", kind),
                        ("priority", "normal"),
                        ("subject", "Return"),
                        ("description", "Wrong size."),
                        ("order", order),
                        ("sku", sku),
                        ("quantity", quantity),
                    ],
                )
                .await
            }
        };
    let field = |outcome: &Value, name: &str| {
        problems(outcome)
            .into_iter()
            .find(|(f, _)| f == name)
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("no problem at {name}: {outcome}"))
    };
    // Order #2 (AP-45) is shipped, not delivered.
    let outcome = claim("return", "2", "NH-PMP-1000", "1").await;
    assert_eq!(field(&outcome, "order"), "NotDelivered");
    // Order #1 has four ZP-16: five cannot come back.
    let outcome = claim("return", "1", "NH-PMP-1020", "5").await;
    assert_eq!(field(&outcome, "quantity"), "MoreThanDelivered");
    let outcome = claim("return", "1", "NH-PMP-1000", "1").await;
    assert_eq!(field(&outcome, "sku"), "UnknownOrderLine");
    let outcome = claim("complaint", "99", "", "").await;
    assert_eq!(field(&outcome, "order"), "NoSuchOrder");
    let outcome = claim("return", "", "", "").await;
    assert_eq!(field(&outcome, "order"), "ClaimNeedsLine");
    assert_eq!(field(&outcome, "quantity"), "Required");
    assert_eq!(count().await, before, "nothing written for a refused form");
    // Three go back; then only one more may.
    done_id(&claim("return", "#1", "nh-pmp-1020", "3").await);
    let outcome = claim("return", "1", "NH-PMP-1020", "2").await;
    assert_eq!(field(&outcome, "quantity"), "MoreThanDelivered");
    done_id(&claim("return", "1", "NH-PMP-1020", "1").await);
    // A complaint about all four is still a complaint about what was delivered.
    done_id(&claim("complaint", "1", "NH-PMP-1020", "4").await);
    // Bob's organization has no order #1 of Müller's.
    let bob = app.signed_in("bob@becker.example").await;
    let outcome = open(
        &bob,
        &[
            ("kind", "complaint"),
            ("priority", "normal"),
            ("subject", "x"),
            ("description", "x"),
            ("order", "1"),
        ],
    )
    .await;
    assert_eq!(field(&outcome, "order"), "NoSuchOrder");
    // Vendor staff do not open requests in a customer's name.
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    assert_eq!(sam.call("open_service_request", &[]).await.status(), 403);
    app.stop().await;
}

async fn breach_warnings_go_out_once_and_resolved_requests_close(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let id = request_id(&app, PETERS_SUBJECT).await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let sam_id = app.user_id("sam@nordhydraulik.example").await;
    let assigned = sam
        .ok(
            "assign_request",
            &[("request_id", &id), ("assignee_id", &sam_id)],
        )
        .await;
    assert_eq!(done_id(&assigned), id);
    let ctx = app.server_context();
    let now = kontor_store::now_ms();
    let hour = 3_600_000;
    let notices = || {
        let ctx = ctx.clone();
        async move {
            kontor_app::services::service_requests::send_notices(&ctx, now)
                .await
                .unwrap()
        }
    };
    let warnings = || async {
        mails_of(&app, &id)
            .await
            .into_iter()
            .filter(|m| m.0 == "sam@nordhydraulik.example" && m.1.starts_with("Due soon"))
            .count()
    };
    // The first response is due in an hour; the warning time has come.
    exec(
        &app,
        "UPDATE service_requests SET first_response_due = $1 WHERE id = $2",
        now + hour,
        &id,
    )
    .await;
    exec(
        &app,
        "UPDATE service_requests SET first_response_warn_at = $1 WHERE id = $2",
        now - 1,
        &id,
    )
    .await;
    let row = |rows: Vec<Value>| rows.into_iter().find(|r| r["id"] == id.as_str()).unwrap();
    assert_eq!(row(list(&sam, &[]).await)["sla"], "DueSoon");
    // Two servers' notice loops at once: one warning.
    let (a, b) = tokio::join!(notices(), notices());
    assert_eq!(a + b, 1);
    notices().await;
    assert_eq!(warnings().await, 1);
    let mail = app.smtp.wait_for(1).await;
    assert!(mail.iter().any(|m| mail_text(m).contains(PETERS_SUBJECT)));
    // Late: the queue shows it as breached, first among the active ones.
    exec(
        &app,
        "UPDATE service_requests SET first_response_due = $1 WHERE id = $2",
        now - 1,
        &id,
    )
    .await;
    exec(
        &app,
        "UPDATE service_requests SET next_due = $1 WHERE id = $2",
        now - 1,
        &id,
    )
    .await;
    let queue = list(&sam, &[("status", "active")]).await;
    assert_eq!(queue[0]["id"], id.as_str());
    assert_eq!(queue[0]["sla"], "Breached");
    // Filters: high priority, Müller, assigned to me.
    let mueller = app.organization_id("peter@mueller.example").await;
    let filtered = list(
        &sam,
        &[
            ("priority", "high"),
            ("customer", &mueller),
            ("assignee", "me"),
        ],
    )
    .await;
    assert_eq!(filtered.len(), 1);
    assert!(
        list(&sam, &[("priority", "low")])
            .await
            .iter()
            .all(|r| r["id"] != id.as_str())
    );
    assert!(
        list(&sam, &[("assignee", "none")])
            .await
            .iter()
            .all(|r| r["id"] != id.as_str())
    );

    // Resolved more than the window ago: the loop closes it, once.
    sam.ok(
        "set_request_status",
        &[
            ("request_id", &id),
            ("status", "resolved"),
            ("comment", "Fixed on site."),
        ],
    )
    .await;
    exec(
        &app,
        "UPDATE service_requests SET resolved_at = resolved_at - $1 WHERE id = $2",
        15 * 24 * hour,
        &id,
    )
    .await;
    notices().await;
    notices().await;
    assert_eq!(detail(&sam, &id).await["row"]["status"], "Closed");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM service_messages WHERE request_id = $1 AND status_after = 'closed'",
            &id
        )
        .await,
        1
    );
    app.stop().await;
}

async fn two_clicks_have_one_effect(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let id = request_id(&app, PETERS_SUBJECT).await;
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let resolve = |b: &Browser| {
        let (b, id) = (b.clone(), id.clone());
        async move {
            b.ok(
                "set_request_status",
                &[
                    ("request_id", &id),
                    ("status", "resolved"),
                    ("comment", "Done."),
                ],
            )
            .await
        }
    };
    let (a, b) = tokio::join!(resolve(&sam), resolve(&vera));
    let done = [&a, &b].iter().filter(|o| o.get("Done").is_some()).count();
    let refused = [&a, &b].iter().filter(|o| o["Refused"] == "Status").count();
    assert_eq!((done, refused), (1, 1), "{a} {b}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM service_surveys WHERE request_id = $1",
            &id
        )
        .await,
        1
    );
    let resolution_mails = mails_of(&app, &id)
        .await
        .into_iter()
        .filter(|m| m.1.contains("resolved"))
        .count();
    assert_eq!(resolution_mails, 1);
    // Two requests opened at once get two numbers.
    let peter = app.signed_in("peter@mueller.example").await;
    let opening = |n: &'static str| {
        let peter = peter.clone();
        async move {
            open(
                &peter,
                &[
                    ("kind", "maintenance"),
                    ("priority", "low"),
                    ("subject", n),
                    ("description", "Annual service."),
                ],
            )
            .await
        }
    };
    let (x, y) = tokio::join!(opening("Service A"), opening("Service B"));
    let (x, y) = (done_id(&x), done_id(&y));
    let numbers = (
        detail(&peter, &x).await["row"]["number"].as_i64().unwrap(),
        detail(&peter, &y).await["row"]["number"].as_i64().unwrap(),
    );
    assert_ne!(numbers.0, numbers.1);
    app.stop().await;
}

/// A phone before the wasm has arrived posts the new-request form as a plain HTML form:
/// a refusal comes back to the form with the field's message and everything typed, and
/// the request, once opened, is where the browser lands — as with the script. The
/// agent's resolution works the same way.
async fn a_request_opens_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let typed = vec![
        ("kind", "complaint"),
        ("priority", "urgent"),
        ("subject", ""),
        ("description", "Oil at the shaft seal, typed on a phone."),
        ("order", "1"),
        ("quantity", "2"),
    ];
    let requests = "SELECT COUNT(*) FROM service_requests WHERE id <> $1";
    let before = count(&app, requests, "").await;
    let from = "/service/new?answered=1&order=1";
    let back = egon.plain_post("open_service_request", from, &typed).await;
    assert!(back.starts_with("/service/new?"), "{back}");
    assert!(back.contains("open_service_request="), "{back}");
    // The page's own `order` is not repeated before the answer: it is one of the fields.
    assert_eq!(back.matches("order=1").count(), 1, "{back}");
    let page = egon.page(&back).await.text().await.unwrap();
    let message = field_message(&page, "subject-error");
    assert!(!message.is_empty(), "no message at the subject: {page}");
    assert!(
        page.contains("Oil at the shaft seal, typed on a phone."),
        "{page}"
    );
    assert!(
        tag_of(&page, r#"value="urgent""#).contains("selected"),
        "{page}"
    );
    assert!(
        tag_of(&page, r#"name="quantity""#).contains(r#"value="2""#),
        "{page}"
    );
    assert_eq!(count(&app, requests, "").await, before);

    let mut corrected = typed;
    corrected[2] = ("subject", "Leaking pump, sent without JavaScript");
    let location = egon
        .plain_post("open_service_request", from, &corrected)
        .await;
    let id = request_id(&app, "Leaking pump, sent without JavaScript").await;
    assert_eq!(location, format!("/service/{id}"));
    let page = egon.page(&location).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Leaking pump, sent without JavaScript")
    );

    // The agent resolves it from the road the same way: a resolution needs a comment.
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let sam_id = app.user_id("sam@nordhydraulik.example").await;
    let assign = [
        ("request_id", id.as_str()),
        ("assignee_id", sam_id.as_str()),
    ];
    let assigned = sam.plain_post("assign_request", &location, &assign).await;
    assert!(
        assigned.starts_with(&format!("{location}?answered=1&assign_request=")),
        "{assigned}"
    );
    let resolve = |comment| {
        [
            ("request_id", id.as_str()),
            ("status", "resolved"),
            ("comment", comment),
        ]
    };
    let refused = sam
        .plain_post("set_request_status", &location, &resolve("   "))
        .await;
    assert!(
        refused.starts_with(&format!("{location}?answered=1&set_request_status=")),
        "{refused}"
    );
    let page = sam.page(&refused).await.text().await.unwrap();
    let message = field_message(&page, "resolve-comment-error");
    assert!(!message.is_empty(), "no message: {page}");
    let resolved = sam
        .plain_post(
            "set_request_status",
            &location,
            &resolve("New seals are on their way."),
        )
        .await;
    assert!(
        resolved.starts_with(&format!("{location}?answered=1&set_request_status=")),
        "{resolved}"
    );
    assert!(
        !resolved.contains("comment="),
        "nothing kept after a success: {resolved}"
    );
    assert_eq!(detail(&egon, &id).await["row"]["status"], "Resolved");
    app.stop().await;
}
