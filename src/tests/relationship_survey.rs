//! The quarterly relationship survey: every active customer person is asked once per
//! quarter (also with two servers), people who turned it off get no mail, the link
//! answers without a sign-in (also as a plain HTML form), and a second answer is ignored.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, count, field_message, mail_text};
use kontor_app::server::ServerContext;
use kontor_app::services::relationship_survey::invite;
use kontor_domain::relationship_survey::SurveySchedule;
use kontor_domain::service::quarter_of;
use std::time::{Duration, Instant};

on_both_backends!(
    every_customer_person_is_asked_once_per_quarter_across_two_servers,
    the_link_answers_once_and_a_second_answer_is_ignored,
    people_who_turned_the_question_off_get_no_mail
);

const INVITATIONS: &str = "SELECT COUNT(*) FROM nps_invitations WHERE quarter = $1";

/// The test configuration turns the survey off (tests that count mails must not
/// meet it); these tests turn it on from the quarter's first day.
fn surveying(mut ctx: ServerContext) -> ServerContext {
    ctx.service.relationship_survey = SurveySchedule::FromDay(1);
    ctx
}

/// Runs the invitations on two servers at once until nobody is left to ask; returns
/// how many both wrote.
async fn invite_all(first: &ServerContext, second: &ServerContext) -> usize {
    let mut written = 0;
    loop {
        let (a, b) = tokio::join!(invite(first), invite(second));
        let round = a.unwrap() + b.unwrap();
        if round == 0 {
            return written;
        }
        written += round;
    }
}

/// (invitation id, token) of the survey link the mail server received for `to`.
async fn survey_link(app: &TestApp, to: &str) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = app
            .smtp
            .messages()
            .iter()
            .filter(|raw| raw.contains(&format!("To: {to}")))
            .map(|raw| mail_text(raw))
            .find_map(|text| {
                let start = text.find("/nps/")? + "/nps/".len();
                let (id, rest) = text[start..].split_once("?t=")?;
                let token: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
                Some((id.to_string(), token))
            });
        if let Some(link) = found {
            return link;
        }
        assert!(Instant::now() < deadline, "no survey mail to {to}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn every_customer_person_is_asked_once_per_quarter_across_two_servers(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let quarter = quarter_of(kontor_store::now_ms());
    let mut db = app.db.raw().await;
    // Hannah answered the question this quarter already (with a service survey);
    // Egon left Müller (deactivated).
    let hannah = app.user_id("hannah@mueller.example").await;
    let mueller = app.organization_id("hannah@mueller.example").await;
    sqlx::query(
        "INSERT INTO nps_answers (id, organization_id, user_id, quarter, score, answered_at)
         VALUES ('nps-hannah', $1, $2, $3, 8, 0)",
    )
    .bind(&mueller)
    .bind(&hannah)
    .bind(&quarter)
    .execute(&mut db)
    .await
    .unwrap();
    sqlx::query("UPDATE users SET active = $1 WHERE email = 'egon@mueller.example'")
        .bind(false)
        .execute(&mut db)
        .await
        .unwrap();
    let everyone = "SELECT COUNT(*) FROM users u JOIN organizations o ON o.id = u.organization_id
                     WHERE o.kind = 'customer' AND o.status = 'active' AND u.active";
    let all_active: i64 = sqlx::query_scalar(everyone)
        .fetch_one(&mut db)
        .await
        .unwrap();
    // Those who answered this quarter: Hannah, and whoever answered the demo's
    // service survey.
    let answered: i64 = sqlx::query_scalar(&format!(
        "{everyone} AND u.id IN (SELECT user_id FROM nps_answers WHERE quarter = $1)"
    ))
    .bind(&quarter)
    .fetch_one(&mut db)
    .await
    .unwrap();
    let expected = all_active - answered;
    assert!(
        answered >= 1 && expected >= 5,
        "{all_active} people, {answered} answered"
    );

    let first = surveying(app.server_context());
    let second = surveying(app.second_instance().await);
    assert_eq!(invite_all(&first, &second).await as i64, expected);
    assert_eq!(count(&app, INVITATIONS, &quarter).await, expected);
    let mails = "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE $1";
    assert_eq!(count(&app, mails, "relationship-survey/%").await, expected);
    let to = |email: &str| {
        format!(
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'relationship-survey/%' AND recipient = '{email}' AND $1 = $1"
        )
    };
    assert_eq!(count(&app, &to("frieda@mueller.example"), "").await, 1);
    for nobody in [
        "hannah@mueller.example",
        "egon@mueller.example",
        "vera@nordhydraulik.example",
    ] {
        assert_eq!(
            count(&app, &to(nobody), "").await,
            0,
            "{nobody} is not asked"
        );
    }
    // The mail reaches Frieda in her language with a link; the outbox never kept
    // the link's token after sending.
    let (_, token) = survey_link(&app, "frieda@mueller.example").await;
    assert_eq!(token.len(), 64);
    // The SMTP server has the mail a moment before the sender marks its row sent
    // (which is when the secret goes): wait for that mark.
    let unmarked = "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'relationship-survey/%' AND recipient = 'frieda@mueller.example' AND sent_at IS NULL AND $1 = $1";
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&app, unmarked, "").await > 0 {
        assert!(
            Instant::now() < deadline,
            "the survey mail is never marked sent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE body_text LIKE $1 OR secret = $2")
            .bind(format!("%{token}%"))
            .bind(&token)
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(kept, 0);

    // Later in the quarter nobody is asked again; in the next quarter everyone is.
    let later = kontor_store::now_ms() + 86_400_000;
    if quarter_of(later) == quarter {
        assert_eq!(invite_all(&first.at(later), &second.at(later)).await, 0);
    }
    let next_quarter = kontor_store::now_ms() + 95 * 86_400_000;
    let asked = invite_all(&first.at(next_quarter), &second.at(next_quarter)).await as i64;
    assert_eq!(
        asked, all_active,
        "this quarter's answers were last quarter's"
    );
    // Off means off.
    let mut off = first.at(next_quarter + 95 * 86_400_000);
    off.service.relationship_survey = SurveySchedule::Off;
    assert_eq!(invite(&off).await.unwrap(), 0);
    app.stop().await;
}

async fn the_link_answers_once_and_a_second_answer_is_ignored(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let ctx = surveying(app.server_context());
    invite_all(&ctx, &ctx).await;
    let (id, token) = survey_link(&app, "frieda@mueller.example").await;
    let (peters_id, peters_token) = survey_link(&app, "bob@becker.example").await;
    let anyone = app.browser();

    // The page opens without a sign-in and names the customer.
    let survey = anyone
        .ok("relationship_survey", &[("id", &id), ("token", &token)])
        .await;
    assert_eq!(survey["customer"], "Maschinenbau Müller GmbH");
    assert_eq!(survey["answered"], false);
    let page = anyone.page(&format!("/nps/{id}?t={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Maschinenbau Müller GmbH")
    );

    // A wrong token, or Frieda's token on Peter's invitation, opens nothing.
    for (id, token) in [(&id, &peters_token), (&peters_id, &token)] {
        let refused = anyone
            .call("relationship_survey", &[("id", id), ("token", token)])
            .await;
        assert_eq!(refused.status(), 404);
        let refused = anyone
            .call(
                "answer_relationship_survey",
                &[("id", id), ("token", token), ("score", "10")],
            )
            .await;
        assert_eq!(refused.status(), 404);
    }

    // A score outside 0–10 is a problem at the field; nothing is written.
    let answers = "SELECT COUNT(*) FROM nps_answers WHERE user_id = $1";
    let frieda = app.user_id("frieda@mueller.example").await;
    for bad in ["11", "", "nine"] {
        let refused = anyone
            .ok(
                "answer_relationship_survey",
                &[("id", &id), ("token", &token), ("score", bad)],
            )
            .await;
        assert!(
            refused["Invalid"].to_string().contains("score"),
            "{refused}"
        );
    }
    assert_eq!(count(&app, answers, &frieda).await, 0);

    // From the mail on a phone before the wasm has arrived: the same answers, each
    // back on the survey's page as the script shows them.
    let bobs_page = format!("/nps/{peters_id}?t={peters_token}");
    let bobs = |score| {
        [
            ("id", peters_id.as_str()),
            ("token", peters_token.as_str()),
            ("score", score),
        ]
    };
    let refused = anyone
        .plain_post("answer_relationship_survey", &bobs_page, &bobs("11"))
        .await;
    assert!(
        refused.starts_with(&format!(
            "{bobs_page}&answered=1&answer_relationship_survey="
        )),
        "{refused}"
    );
    let page = anyone.page(&refused).await.text().await.unwrap();
    let message = field_message(&page, "score-error");
    assert!(!message.is_empty(), "no message at the score: {page}");
    let thanked = anyone
        .plain_post("answer_relationship_survey", &bobs_page, &bobs("7"))
        .await;
    assert_eq!(
        thanked,
        format!("{bobs_page}&answered=1&answer_relationship_survey=%22Thanks%22")
    );
    let page = anyone.page(&thanked).await.text().await.unwrap();
    assert!(page.contains(r#"data-survey="thanks""#), "{page}");
    let again = anyone
        .plain_post("answer_relationship_survey", &bobs_page, &bobs("3"))
        .await;
    let page = anyone.page(&again).await.text().await.unwrap();
    assert!(page.contains(r#"data-survey="used""#), "{page}");
    assert!(!page.contains(r#"data-survey="thanks""#), "{page}");

    // Two answers at once (a double click): one counts, the other is told so; a
    // later one is ignored too.
    let form = [
        ("id", id.as_str()),
        ("token", token.as_str()),
        ("score", "9"),
    ];
    let other = [
        ("id", id.as_str()),
        ("token", token.as_str()),
        ("score", "2"),
    ];
    let (a, b) = tokio::join!(
        anyone.ok("answer_relationship_survey", &form),
        anyone.ok("answer_relationship_survey", &other)
    );
    let mut outcomes = [
        a.as_str().unwrap().to_string(),
        b.as_str().unwrap().to_string(),
    ];
    outcomes.sort();
    assert_eq!(outcomes, ["AlreadyAnswered", "Thanks"]);
    assert_eq!(
        anyone.ok("answer_relationship_survey", &form).await,
        "AlreadyAnswered"
    );
    assert_eq!(count(&app, answers, &frieda).await, 1);
    let survey = anyone
        .ok("relationship_survey", &[("id", &id), ("token", &token)])
        .await;
    assert_eq!(survey["answered"], true);

    // The vendor sees the answer in Müller's NPS of this quarter, under finance.
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let quarter = quarter_of(kontor_store::now_ms());
    let report = vera.ok("satisfaction", &[]).await;
    let row = report
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["customer"] == "Maschinenbau Müller GmbH" && r["quarter"] == quarter.as_str())
        .unwrap_or_else(|| panic!("no Müller row for {quarter}: {report}"));
    assert!(
        row["nps_by_role"].to_string().contains("\"finance\""),
        "{row}"
    );
    app.stop().await;
}

async fn people_who_turned_the_question_off_get_no_mail(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let frieda = app.signed_in("frieda@mueller.example").await;
    frieda
        .ok(
            "set_notifications",
            &[("kinds[surveys]", "off"), ("digest_hour", "7")],
        )
        .await;
    // "In the digest" is not offered for a question answered by a link.
    let refused = frieda
        .ok(
            "set_notifications",
            &[("kinds[surveys]", "digest"), ("digest_hour", "7")],
        )
        .await;
    assert!(refused.to_string().contains("NotAChoice"), "{refused}");

    let ctx = surveying(app.server_context());
    invite_all(&ctx, &ctx).await;
    // Others are asked (and their mails go out); Frieda's is never sent.
    survey_link(&app, "carla@mueller.example").await;
    let sent_to_frieda = "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'relationship-survey/%'
                            AND recipient = $1 AND delivery <> 'off'";
    assert_eq!(
        count(&app, sent_to_frieda, "frieda@mueller.example").await,
        0
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !app.smtp
            .messages()
            .iter()
            .any(|raw| raw.contains("To: frieda@mueller.example")
                && mail_text(raw).contains("/nps/")),
        "Frieda turned the question off"
    );
    app.stop().await;
}
