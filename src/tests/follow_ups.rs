//! Follow-ups of the vendor's staff: added with field problems kept at the form, on the
//! start page when due, one mail on the day across two servers, done exactly once.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, count};
use kontor_app::services::follow_ups::mail_due;
use kontor_domain::calendar::berlin_day;
use serde_json::Value;

on_both_backends!(
    staff_add_follow_ups_and_see_them_on_their_day,
    one_mail_per_follow_up_on_its_day_across_two_servers,
    a_follow_up_is_done_once_however_often_it_is_clicked,
    follow_ups_are_added_and_done_without_javascript
);

const DAY: i64 = 86_400_000;

fn notes(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["note"].as_str().unwrap().to_string())
        .collect()
}

async fn staff_add_follow_ups_and_see_them_on_their_day(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("carla@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    // The demo's follow-up is due today: on Vera's start page and Müller's list.
    let due = vera.ok("my_follow_ups", &[]).await;
    assert_eq!(
        notes(&due),
        ["Call Hannah about the retrofit of line 3 before the offer"]
    );
    assert_eq!(due[0]["standing"], "Due");
    assert_eq!(due[0]["customer_name"], "Maschinenbau Müller GmbH");

    // Bad input: both problems at their fields, nothing written.
    let before = count(
        &app,
        "SELECT COUNT(*) FROM follow_ups WHERE organization_id = $1",
        &mueller,
    )
    .await;
    let yesterday = berlin_day(kontor_store::now_ms() - DAY).to_string();
    let refused = vera
        .ok(
            "add_follow_up",
            &[
                ("customer_id", &mueller),
                ("note", "  "),
                ("due", &yesterday),
            ],
        )
        .await;
    let problems = &refused["Invalid"];
    assert!(
        problems.to_string().contains("\"note\",\"Required\""),
        "{refused}"
    );
    assert!(
        problems.to_string().contains("\"due\",\"DateInPast\""),
        "{refused}"
    );
    let refused = vera
        .ok(
            "add_follow_up",
            &[
                ("customer_id", &mueller),
                ("note", "Call"),
                ("due", "someday"),
            ],
        )
        .await;
    assert!(refused.to_string().contains("InvalidDate"), "{refused}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM follow_ups WHERE organization_id = $1",
            &mueller
        )
        .await,
        before
    );

    // In two months: on the customer's list as upcoming, not on the start page yet.
    let later = berlin_day(kontor_store::now_ms() + 60 * DAY).to_string();
    let added = vera
        .ok(
            "add_follow_up",
            &[
                ("customer_id", &mueller),
                ("note", "Call about the pumps"),
                ("due", &later),
            ],
        )
        .await;
    assert_eq!(added, "Added");
    let list = vera.ok("follow_ups", &[("customer_id", &mueller)]).await;
    let pumps = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["note"] == "Call about the pumps")
        .unwrap();
    assert_eq!(pumps["standing"], "Upcoming");
    assert_eq!(
        pumps["due"].as_i64(),
        Some(kontor_domain::calendar::Day::parse(&later).unwrap().0)
    );
    assert_eq!(notes(&vera.ok("my_follow_ups", &[]).await).len(), 1);
    // Vendor-internal: the customer's audit trail and timeline never show it.
    let trail: i64 = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE organization_id = $1 AND action LIKE 'follow_up.%'",
        &mueller,
    )
    .await;
    assert_eq!(trail, 0);

    // Tim looks after Becker only: Müller's follow-ups do not exist for him; Sam
    // (service) sees Müller but does not manage it.
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    let foreign = tim.call("follow_ups", &[("customer_id", &mueller)]).await;
    assert_eq!(foreign.status(), 404);
    let sam = app.signed_in("sam@nordhydraulik.example").await;
    let refused = sam
        .call(
            "add_follow_up",
            &[("customer_id", &mueller), ("note", "x"), ("due", &later)],
        )
        .await;
    assert_eq!(refused.status(), 403);
    // The page renders the list on the server.
    let page = vera
        .page(&format!("/vendor/customers/{mueller}/follow-ups"))
        .await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Call about the pumps"));
    app.stop().await;
}

async fn one_mail_per_follow_up_on_its_day_across_two_servers(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("carla@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let in_three_days = berlin_day(kontor_store::now_ms() + 3 * DAY).to_string();
    vera.ok(
        "add_follow_up",
        &[
            ("customer_id", &mueller),
            ("note", "Ask how the pumps run"),
            ("due", &in_three_days),
        ],
    )
    .await;
    let first = app.server_context();
    let second = app.second_instance().await;
    let mails = "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE $1";
    // Today both servers look at once: the demo's follow-up (due today) is mailed once.
    let (a, b) = tokio::join!(mail_due(&first), mail_due(&second));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(count(&app, mails, "follow-up/%").await, 1);
    let (subject, recipient): (String, String) =
        sqlx::query_as("SELECT subject, recipient FROM outbox WHERE dedupe_key LIKE 'follow-up/%'")
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap();
    assert_eq!(recipient, "vera@nordhydraulik.example");
    assert_eq!(subject, "Follow-up due: Maschinenbau Müller GmbH");
    // Three days on, the new one's day: once, however many rounds and servers.
    let later = kontor_store::now_ms() + 3 * DAY;
    let (first, second) = (first.at(later), second.at(later));
    for _ in 0..3 {
        let (a, b) = tokio::join!(mail_due(&first), mail_due(&second));
        a.unwrap();
        b.unwrap();
    }
    assert_eq!(count(&app, mails, "follow-up/%").await, 2);
    app.stop().await;
}

async fn a_follow_up_is_done_once_however_often_it_is_clicked(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let nora = app.signed_in("admin@nordhydraulik.example").await;
    let id: String = sqlx::query_scalar("SELECT id FROM follow_ups")
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
    // Vera clicks five times and the vendor admin at the same moment.
    let clicks = (0..6).map(|i| {
        let who = if i == 0 { &nora } else { &vera };
        let id = id.clone();
        async move { who.ok("complete_follow_up", &[("id", &id)]).await }
    });
    let answers = futures::future::join_all(clicks).await;
    let done = answers.iter().filter(|a| **a == "Done").count();
    let already = answers.iter().filter(|a| **a == "AlreadyDone").count();
    assert_eq!((done, already), (1, 5), "{answers:?}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "follow_up.done"
        )
        .await,
        1
    );
    // Done before its mail: no mail, and off the start page.
    assert_eq!(mail_due(&app.server_context()).await.unwrap(), 0);
    assert!(notes(&vera.ok("my_follow_ups", &[]).await).is_empty());
    app.stop().await;
}

/// An account manager on the road adds a follow-up and marks one done as plain HTML
/// forms: a refusal comes back with the messages and the note and day kept, an added
/// one says so, a done one leaves the list.
async fn follow_ups_are_added_and_done_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("carla@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let page_path = format!("/vendor/customers/{mueller}/follow-ups");
    let form = |note, due| {
        [
            ("customer_id", mueller.as_str()),
            ("note", note),
            ("due", due),
        ]
    };
    let refused = vera
        .plain_post(
            "add_follow_up",
            &page_path,
            &form("Call about the pumps", "someday"),
        )
        .await;
    assert!(
        refused.starts_with(&format!("{page_path}?answered=1&add_follow_up=")),
        "{refused}"
    );
    let page = vera.page(&refused).await.text().await.unwrap();
    assert!(page.contains(r#"value="Call about the pumps""#), "{page}");
    assert!(page.contains(r#"value="someday""#), "{page}");
    let tomorrow = berlin_day(kontor_store::now_ms() + DAY).to_string();
    let added = vera
        .plain_post(
            "add_follow_up",
            &page_path,
            &form("Call about the pumps", &tomorrow),
        )
        .await;
    assert_eq!(
        added,
        format!("{page_path}?answered=1&add_follow_up=%22Added%22")
    );
    let page = vera.page(&added).await.text().await.unwrap();
    assert!(page.contains("Follow-up added."), "{page}");
    assert!(
        !page.contains(r#"value="Call about the pumps""#),
        "the form is empty again: {page}"
    );

    let due = vera.ok("my_follow_ups", &[]).await;
    let id = due[0]["id"].as_str().unwrap().to_string();
    let done = vera
        .plain_post("complete_follow_up", "/", &[("id", &id)])
        .await;
    assert_eq!(done, "/?answered=1&complete_follow_up=%22Done%22");
    assert!(notes(&vera.ok("my_follow_ups", &[]).await).is_empty());
    app.stop().await;
}
