//! Demo data and the `kontor migrate` command.

use crate::on_both_backends;
use crate::support::{Backend, SmtpSink, TestDb, test_config};
use kontor::Kontor;
use kontor_store::demo::SeedOutcome;

on_both_backends!(
    seeding_twice_changes_nothing,
    migrate_command_applies_and_is_idempotent
);

async fn seeding_twice_changes_nothing(backend: Backend) {
    let db = TestDb::create(backend).await;
    let smtp = SmtpSink::start().await;
    let first = Kontor::prepare(test_config(&db, &smtp, &[("KONTOR_DEMO", "1")]))
        .await
        .unwrap();
    let seeded = first.demo.clone().unwrap();
    assert_eq!(seeded.outcome, SeedOutcome::Seeded);
    assert!(
        seeded.generated && seeded.password.is_some(),
        "a password is generated when none is configured"
    );
    let counts = first.store.demo_counts().await.unwrap();
    assert_eq!(counts.0, 3, "vendor and two customer organizations");
    assert_eq!(
        counts.1, 12,
        "the ten demo logins of the product brief, Tim (account manager for Becker) and \
         Peter (operations at Müller, service requests)"
    );
    assert!(counts.2 >= 20, "20+ products");
    // The demo's history was made through the same services people use, which write
    // mails; those are history too: nobody gets one at start-up.
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(&mut db.raw().await)
        .await
        .unwrap();
    assert_eq!(unsent, 0, "no demo mail waits to be sent");
    // The survey link's token went out with the history: no secret stays stored.
    let secrets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE secret IS NOT NULL")
        .fetch_one(&mut db.raw().await)
        .await
        .unwrap();
    assert_eq!(secrets, 0, "no survey token kept in the outbox");
    // Egon's billing question went the way of any request: Sam's reply was the first
    // response three hours in (and made it his), his resolution asked for a survey,
    // and Egon's answer is what the satisfaction report counts.
    let (status, assignee, waited, resolved_after): (String, String, i64, i64) = sqlx::query_as(
        "SELECT r.status, u.email, r.first_response_at - r.opened_at,
                    r.resolved_at - r.opened_at
               FROM service_requests r JOIN users u ON u.id = r.assignee_id
              WHERE r.subject LIKE 'Invoice for order #1%'",
    )
    .fetch_one(&mut db.raw().await)
    .await
    .unwrap();
    assert_eq!(status, "resolved");
    assert_eq!(assignee, "sam@nordhydraulik.example");
    assert_eq!((waited, resolved_after), (3 * 3_600_000, 2 * 86_400_000));
    let (score, nps): (Option<i64>, i64) = sqlx::query_as(
        "SELECT s.score, n.score FROM service_surveys s
           JOIN service_requests r ON r.id = s.request_id
           JOIN nps_answers n ON n.user_id = s.user_id
          WHERE r.subject LIKE 'Invoice for order #1%' AND s.answered_at IS NOT NULL",
    )
    .fetch_one(&mut db.raw().await)
    .await
    .unwrap();
    assert_eq!((score, nps), (Some(5), 9));
    let again = Kontor::prepare(test_config(&db, &smtp, &[("KONTOR_DEMO", "1")]))
        .await
        .unwrap();
    assert_eq!(
        again.demo.as_ref().unwrap().outcome,
        SeedOutcome::AlreadyPresent
    );
    assert!(
        again.demo.as_ref().unwrap().password.is_none(),
        "no new password that would not work"
    );
    assert_eq!(again.store.demo_counts().await.unwrap(), counts);
}

async fn migrate_command_applies_and_is_idempotent(backend: Backend) {
    let db = TestDb::create(backend).await;
    for _ in 0..2 {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kontor"))
            .arg("migrate")
            .env("DATABASE_URL", &db.url)
            .env("KONTOR_CONFIG", "/dev/null")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("migrations applied"), "{stdout}");
    }
    let mut raw = db.raw().await;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(tables, 0);
}
