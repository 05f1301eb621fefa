//! `kontor backup`: an online copy that restores to the same data with intact audit
//! chains (SQLite: the command itself; PostgreSQL: the documented pg_dump/pg_restore).

use crate::on_both_backends;
use crate::support::{Backend, TestApp, TestDb};
use kontor_store::audit::ChainCheck;
use kontor_store::{BackupOutcome, Store};

on_both_backends!(backup_restores_the_same_data_with_intact_chains);

/// What must survive a backup: row counts of the tables that matter and the chains.
async fn fingerprint(url: &str) -> (Vec<i64>, usize) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let mut counts = Vec::new();
    for table in [
        "organizations",
        "users",
        "orders",
        "order_lines",
        "audit_log",
        "outbox",
        "quotes",
    ] {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        counts.push(count);
    }
    conn.close().await.unwrap();
    let store = Store::connect(url).await.unwrap();
    let chains = store.verify_audit_chains().await.unwrap();
    store.close().await;
    assert!(
        chains
            .iter()
            .all(|c| matches!(c, ChainCheck::Intact { .. })),
        "every chain intact: {chains:?}"
    );
    (counts, chains.len())
}

async fn backup_restores_the_same_data_with_intact_chains(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let before = fingerprint(&app.db.url).await;
    assert!(before.0[2] > 0, "the demo has orders to lose");
    let dir = std::env::temp_dir().join(format!("kontor-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("kontor-backup.db");
    match backend {
        Backend::Sqlite => {
            // The command, against the running server's database (online).
            let run = |path: &std::path::Path| {
                std::process::Command::new(env!("CARGO_BIN_EXE_kontor"))
                    .args(["backup", path.to_str().unwrap()])
                    .env("DATABASE_URL", &app.db.url)
                    .env("KONTOR_CONFIG", "/dev/null")
                    .env("KONTOR_LOG", "warn")
                    .output()
                    .unwrap()
            };
            let written = run(&copy);
            assert!(written.status.success(), "{written:?}");
            assert!(String::from_utf8_lossy(&written.stdout).contains("backup written"));
            // A second backup to the same path refuses and leaves the copy alone.
            let size = std::fs::metadata(&copy).unwrap().len();
            let again = run(&copy);
            assert!(!again.status.success());
            assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
            assert_eq!(std::fs::metadata(&copy).unwrap().len(), size);
            // Restoring is putting the file in place: a portal started on it has it all.
            let restored = format!("sqlite://{}", copy.display());
            assert_eq!(fingerprint(&restored).await, before);
            let store = Store::connect(&restored).await.unwrap();
            store.migrate().await.unwrap();
            store.close().await;
        }
        Backend::Postgres => {
            assert_eq!(
                app.kontor_store.backup_into(&copy).await.unwrap(),
                BackupOutcome::UsePgDump
            );
            assert!(!copy.exists(), "nothing written for PostgreSQL");
            // The documented procedure, online, then restored into an empty database.
            let dump = std::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg(format!("--file={}", copy.display()))
                .arg(&app.db.url)
                .output()
                .expect("pg_dump (postgresql-client) is installed");
            assert!(dump.status.success(), "{dump:?}");
            let target = TestDb::create(Backend::Postgres).await;
            let restore = std::process::Command::new("pg_restore")
                .arg("--no-owner")
                .arg(format!("--dbname={}", target.url))
                .arg(&copy)
                .output()
                .unwrap();
            assert!(restore.status.success(), "{restore:?}");
            assert_eq!(fingerprint(&target.url).await, before);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    app.stop().await;
}
