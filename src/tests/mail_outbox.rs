//! The outbox: sent once, retried with back-off, never lost, never sent twice.

use crate::on_both_backends;
use crate::support::{Backend, SinkMode, SmtpSink, TestDb, test_config};
use kontor::Kontor;
use kontor_store::now_ms;
use kontor_store::outbox::{ClaimedMail, NewMail};
use std::collections::HashSet;

on_both_backends!(
    a_mail_is_sent_once_with_its_outbox_id,
    the_same_event_yields_one_mail,
    transient_failures_are_retried_with_backoff,
    permanent_failures_stop_and_are_kept,
    two_workers_never_send_one_mail_twice,
    foreign_keys_are_enforced,
    a_mail_leased_elsewhere_is_due_when_its_lease_ends,
    a_worker_whose_lease_ran_out_leaves_the_mail_to_the_next,
    an_expired_lease_nobody_took_is_renewed,
    a_sent_mail_is_recorded_once_the_database_answers_again,
);

async fn a_mail_leased_elsewhere_is_due_when_its_lease_ends(backend: Backend) {
    let (_db, _smtp, kontor) = prepared(backend).await;
    let now = now_ms();
    kontor
        .store
        .enqueue_mail(&mail("k1", "egon@mueller.example"), now)
        .await
        .unwrap();
    assert_eq!(kontor.store.next_mail_due_at().await.unwrap(), Some(now));
    // Another worker claims it and holds it for a minute.
    let claimed = kontor.store.claim_due_mail(now, 60_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        kontor.store.next_mail_due_at().await.unwrap(),
        Some(now + 60_000),
        "not due again before the lease ends"
    );
}

/// A worker that took longer than its lease (an overloaded database, a slow SMTP
/// server) finds the mail claimed by another worker: it must not send it too.
async fn a_worker_whose_lease_ran_out_leaves_the_mail_to_the_next(backend: Backend) {
    let (_db, smtp, kontor) = prepared(backend).await;
    let now = now_ms();
    let stale = claimed_five_minutes_ago(&kontor, now).await;
    // Another worker claims it now.
    let fresh = kontor.store.claim_due_mail(now, 120_000, 10).await.unwrap();
    assert_eq!(fresh.len(), 1);

    let report = kontor.worker.send_claimed(stale.clone()).await.unwrap();
    assert_eq!(report, Default::default(), "the first worker gives way");
    assert!(smtp.messages().is_empty());
    assert!(
        !kontor
            .store
            .renew_mail_lease(&stale[0].id, stale[0].locked_until, now + 120_000)
            .await
            .unwrap()
    );

    assert_eq!(kontor.worker.send_claimed(fresh).await.unwrap().sent, 1);
    assert_eq!(
        smtp.messages().len(),
        1,
        "sent once, by the worker holding it"
    );
    // Sent: no lease on it can be renewed any more.
    assert!(
        !kontor
            .store
            .renew_mail_lease(&stale[0].id, now + 120_000, now + 240_000)
            .await
            .unwrap()
    );
}

/// A mail claimed five minutes before `now` for two minutes: its lease has run out.
async fn claimed_five_minutes_ago(kontor: &Kontor, now: i64) -> Vec<ClaimedMail> {
    kontor
        .store
        .enqueue_mail(&mail("k1", "egon@mueller.example"), now - 300_000)
        .await
        .unwrap();
    let stale = kontor
        .store
        .claim_due_mail(now - 300_000, 120_000, 10)
        .await
        .unwrap();
    assert_eq!(stale[0].locked_until, now - 180_000);
    stale
}

/// A lease that ran out but was claimed by nobody else is renewed, and the mail sent.
async fn an_expired_lease_nobody_took_is_renewed(backend: Backend) {
    let (_db, smtp, kontor) = prepared(backend).await;
    let stale = claimed_five_minutes_ago(&kontor, now_ms()).await;
    assert_eq!(kontor.worker.send_claimed(stale).await.unwrap().sent, 1);
    assert_eq!(smtp.messages().len(), 1);
}

/// The mail went out, but the database refused to record that for a moment (here:
/// the outbox table is renamed away until the SMTP server has the mail). The worker
/// tries the record again rather than giving up the batch: given up, the mail would
/// have gone out a second time once its lease ran out. (Under the load harness, an
/// overloaded PostgreSQL made exactly this happen.)
async fn a_sent_mail_is_recorded_once_the_database_answers_again(backend: Backend) {
    let (db, smtp, kontor) = prepared(backend).await;
    kontor
        .store
        .enqueue_mail(&mail("k1", "hannah@mueller.example"), now_ms())
        .await
        .unwrap();
    let batch = kontor
        .store
        .claim_due_mail(now_ms(), 120_000, 10)
        .await
        .unwrap();
    assert_eq!(batch.len(), 1);
    let rename = |from: &str, to: &str| format!("ALTER TABLE {from} RENAME TO {to}");
    sqlx::query(&rename("outbox", "outbox_away"))
        .execute(&mut db.raw().await)
        .await
        .unwrap();
    let worker = kontor.worker.clone();
    let sending = tokio::spawn(async move { worker.send_claimed(batch).await });
    let out = std::time::Instant::now();
    while smtp.messages().is_empty() {
        assert!(out.elapsed().as_secs() < 30, "the mail was not sent");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // At least one attempt to record it has failed by now.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    sqlx::query(&rename("outbox_away", "outbox"))
        .execute(&mut db.raw().await)
        .await
        .unwrap();
    let report = tokio::time::timeout(std::time::Duration::from_secs(30), sending)
        .await
        .expect("the worker kept trying for longer than its pauses allow")
        .unwrap()
        .expect("the worker gave up recording the sent mail");
    assert_eq!(report.sent, 1);
    assert_eq!(kontor.store.outbox_counts().await.unwrap().sent, 1);
    make_all_due(&db).await;
    assert_eq!(kontor.worker.run_once().await.unwrap().sent, 0);
    assert_eq!(smtp.messages().len(), 1, "sent once");
}

/// SQLite runs in WAL mode (readers never wait for the writer); the mode is kept in
/// the database file, so a fresh connection sees it.
#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    let (db, _smtp, _kontor) = prepared(Backend::Sqlite).await;
    let mut raw = db.raw().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

fn mail(key: &str, to: &str) -> NewMail {
    NewMail {
        secret: None,
        kind: kontor_domain::notifications::MailKind::Required,
        dedupe_key: key.into(),
        organization_id: None,
        recipient: to.into(),
        subject: format!("Test {key}"),
        body_text: "Grüße aus dem Test".into(),
    }
}

async fn prepared(backend: Backend) -> (TestDb, SmtpSink, Kontor) {
    let db = TestDb::create(backend).await;
    let smtp = SmtpSink::start().await;
    let kontor = Kontor::prepare(test_config(&db, &smtp, &[])).await.unwrap();
    (db, smtp, kontor)
}

async fn make_all_due(db: &TestDb) {
    let mut raw = db.raw().await;
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&mut raw)
        .await
        .unwrap();
}

async fn a_mail_is_sent_once_with_its_outbox_id(backend: Backend) {
    let (_db, smtp, kontor) = prepared(backend).await;
    assert!(
        kontor
            .store
            .enqueue_mail(&mail("k1", "hannah@mueller.example"), now_ms())
            .await
            .unwrap()
    );
    let report = kontor.worker.run_once().await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(
        kontor.worker.run_once().await.unwrap().sent,
        0,
        "nothing left to send"
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: hannah@mueller.example"));
    assert!(messages[0].contains("Message-ID: <"), "{}", messages[0]);
    assert_eq!(kontor.store.outbox_counts().await.unwrap().sent, 1);
}

async fn the_same_event_yields_one_mail(backend: Backend) {
    let (_db, smtp, kontor) = prepared(backend).await;
    assert!(
        kontor
            .store
            .enqueue_mail(
                &mail("order/1/confirmation", "egon@mueller.example"),
                now_ms()
            )
            .await
            .unwrap()
    );
    assert!(
        !kontor
            .store
            .enqueue_mail(
                &mail("order/1/confirmation", "egon@mueller.example"),
                now_ms()
            )
            .await
            .unwrap()
    );
    kontor.worker.run_once().await.unwrap();
    assert_eq!(smtp.messages().len(), 1);
}

async fn transient_failures_are_retried_with_backoff(backend: Backend) {
    let (db, smtp, kontor) = prepared(backend).await;
    smtp.set_mode(SinkMode::Transient);
    kontor
        .store
        .enqueue_mail(&mail("k1", "egon@mueller.example"), now_ms())
        .await
        .unwrap();
    let before = now_ms();
    assert_eq!(kontor.worker.run_once().await.unwrap().retrying, 1);
    let mut raw = db.raw().await;
    let (attempts, next_attempt_at, error): (i64, i64, Option<String>) =
        sqlx::query_as("SELECT attempts, next_attempt_at, last_error FROM outbox")
            .fetch_one(&mut raw)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(next_attempt_at >= before + 30_000, "first retry after 30 s");
    assert!(error.unwrap().contains("451"));
    // Not due yet: the worker leaves it alone.
    assert_eq!(kontor.worker.run_once().await.unwrap(), Default::default());
    // The server is back and the time has come.
    smtp.set_mode(SinkMode::Accept);
    make_all_due(&db).await;
    assert_eq!(kontor.worker.run_once().await.unwrap().sent, 1);
    assert_eq!(smtp.messages().len(), 1);
}

async fn permanent_failures_stop_and_are_kept(backend: Backend) {
    let (_db, smtp, kontor) = prepared(backend).await;
    smtp.refuse_recipient("gone@mueller.example");
    kontor
        .store
        .enqueue_mail(&mail("k1", "gone@mueller.example"), now_ms())
        .await
        .unwrap();
    assert_eq!(kontor.worker.run_once().await.unwrap().given_up, 1);
    let counts = kontor.store.outbox_counts().await.unwrap();
    assert_eq!(
        (counts.pending, counts.failed),
        (0, 1),
        "kept for people to see, not retried"
    );
}

async fn two_workers_never_send_one_mail_twice(backend: Backend) {
    let (db, smtp, first) = prepared(backend).await;
    // A second, independent app instance (own pool) on the same database.
    let second = Kontor::prepare(test_config(&db, &smtp, &[])).await.unwrap();
    const COUNT: usize = 60;
    for i in 0..COUNT {
        first
            .store
            .enqueue_mail(
                &mail(&format!("bulk/{i}"), &format!("user{i}@mueller.example")),
                now_ms(),
            )
            .await
            .unwrap();
    }
    let drain = |kontor: &Kontor| {
        let worker = kontor.worker.clone();
        async move {
            let mut sent = 0;
            loop {
                let report = worker.run_once().await.unwrap();
                if report.sent == 0 {
                    return sent;
                }
                sent += report.sent;
            }
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(drain(&first)), tokio::spawn(drain(&second)));
    assert_eq!(a.unwrap() + b.unwrap(), COUNT);
    let messages = smtp.messages();
    assert_eq!(messages.len(), COUNT, "each mail exactly once");
    let recipients: HashSet<String> = messages
        .iter()
        .map(|m| {
            m.lines()
                .find(|l| l.starts_with("To: "))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(recipients.len(), COUNT);
}

async fn foreign_keys_are_enforced(backend: Backend) {
    let (_db, _smtp, kontor) = prepared(backend).await;
    let mut orphan = mail("k1", "egon@mueller.example");
    orphan.organization_id = Some("no-such-organization".into());
    assert!(kontor.store.enqueue_mail(&orphan, now_ms()).await.is_err());
}
