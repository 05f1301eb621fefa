//! After the run: was every mail sent exactly once, however many servers ran?
//!
//! Each server writes the mail it sends as files into its own folder; a mail's
//! Message-ID is its outbox row's id. Once the outbox has drained, every sent row must
//! have exactly one file across all the servers' folders, and no file may lack a row.

use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// What the check found.
#[derive(Debug, Default)]
pub struct MailCheck {
    pub sent_rows: usize,
    pub files: usize,
    /// Outbox rows sent more than once (more than one file with their Message-ID).
    pub duplicates: usize,
    /// Rows marked sent without a file, and files without a sent row.
    pub missing: usize,
    pub unknown: usize,
    /// Rows still waiting when the check gave up waiting.
    pub still_pending: i64,
}

impl MailCheck {
    pub fn holds(&self) -> bool {
        self.duplicates == 0 && self.missing == 0 && self.unknown == 0 && self.still_pending == 0
    }
}

pub async fn mails_exactly_once(database_url: &str, mail_dirs: &[std::path::PathBuf]) -> MailCheck {
    let pool = connect(database_url).await;
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut check = MailCheck::default();
    loop {
        check.still_pending = sqlx::query(
            "SELECT COUNT(*) FROM outbox
              WHERE sent_at IS NULL AND failed_at IS NULL AND delivery = 'now'",
        )
        .fetch_one(&pool)
        .await
        .expect("outbox")
        .get::<i64, _>(0);
        if check.still_pending == 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let sent: Vec<String> = sqlx::query("SELECT id FROM outbox WHERE sent_at IS NOT NULL")
        .fetch_all(&pool)
        .await
        .expect("outbox")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    pool.close().await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for dir in mail_dirs {
        for id in message_ids(dir) {
            check.files += 1;
            *seen.entry(id).or_default() += 1;
        }
    }
    check.sent_rows = sent.len();
    check.duplicates = seen.values().filter(|&&n| n > 1).count();
    check.missing = sent.iter().filter(|id| !seen.contains_key(*id)).count();
    let sent: std::collections::HashSet<&String> = sent.iter().collect();
    check.unknown = seen.keys().filter(|id| !sent.contains(id)).count();
    check
}

/// After a run with the SMTP server down: how many mails wait in the outbox and how
/// many were sent (none can have been).
pub async fn outbox_while_mail_was_down(database_url: &str) -> (i64, i64) {
    let pool = connect(database_url).await;
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0)
           FROM outbox WHERE delivery = 'now'",
    )
    .fetch_one(&pool)
    .await
    .expect("outbox");
    pool.close().await;
    (row.get::<i64, _>(0), row.get::<i64, _>(1))
}

/// Makes every waiting mail due now: what the back-off's clock would do in minutes,
/// so that the check need not wait for it.
pub async fn bring_retries_forward(database_url: &str) {
    let pool = connect(database_url).await;
    sqlx::query(
        "UPDATE outbox SET next_attempt_at = 0
          WHERE sent_at IS NULL AND failed_at IS NULL AND delivery = 'now'",
    )
    .execute(&pool)
    .await
    .expect("outbox");
    pool.close().await;
}

async fn connect(database_url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database_url)
        .await
        .expect("the database, for the check")
}

/// The outbox ids of the mails in a folder (from their Message-ID `<id@host>`).
fn message_ids(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| {
            text.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                if !name.eq_ignore_ascii_case("message-id") {
                    return None;
                }
                let value = value.trim().trim_start_matches('<');
                Some(value.split('@').next()?.to_string())
            })
        })
        .collect()
}

/// What became of the orders the harness placed.
#[derive(Debug, Default)]
pub struct OrderCheck {
    /// Placements the server answered `Placed`.
    pub acknowledged: usize,
    /// Acknowledged orders found exactly once, with lines and their audit entry.
    pub complete: usize,
    /// Orders of the harness's purchasers that no acknowledgement or attempted
    /// idempotency key accounts for.
    pub unaccounted: i64,
    /// Organizations whose audit chain does not verify.
    pub broken_chains: usize,
}

impl OrderCheck {
    pub fn holds(&self) -> bool {
        self.complete == self.acknowledged && self.unaccounted == 0 && self.broken_chains == 0
    }
}

pub async fn orders_and_audit(
    database_url: &str,
    acknowledged: &[String],
    attempted_keys: &HashSet<String>,
) -> OrderCheck {
    use kontor_store::audit::ChainCheck;
    let pool = connect(database_url).await;
    let mut check = OrderCheck {
        acknowledged: acknowledged.len(),
        ..OrderCheck::default()
    };
    for id in acknowledged {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM orders WHERE id = $1),
                    (SELECT COUNT(*) FROM order_lines WHERE order_id = $1),
                    (SELECT COUNT(*) FROM audit_log
                      WHERE action = 'order.placed' AND target LIKE $2)",
        )
        .bind(id)
        .bind(format!("order:{id} #%"))
        .fetch_one(&pool)
        .await
        .expect("orders");
        let (orders, lines, audit): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
        if orders == 1 && lines >= 1 && audit == 1 {
            check.complete += 1;
        }
    }
    // The generated history's keys start with `load-`; everything else was placed
    // during the run and must be acknowledged or at least have been attempted.
    let keys: Vec<String> = sqlx::query(
        "SELECT idempotency_key FROM orders
          WHERE organization_id LIKE 'lo-%' AND idempotency_key NOT LIKE 'load-%'",
    )
    .fetch_all(&pool)
    .await
    .expect("orders")
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    check.unaccounted = keys.iter().filter(|k| !attempted_keys.contains(*k)).count() as i64;
    pool.close().await;
    let store = kontor_store::Store::connect(database_url)
        .await
        .expect("the database, for the check");
    check.broken_chains = store
        .verify_audit_chains()
        .await
        .expect("audit chains")
        .iter()
        .filter(|c| matches!(c, ChainCheck::Broken { .. }))
        .count();
    store.close().await;
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_mails_outbox_id_including_the_same_one_twice() {
        let dir = std::env::temp_dir().join(format!("kontor-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mail =
            |id: &str| format!("From: a@b\r\nMessage-ID: <{id}@portal.example>\r\n\r\nHi\r\n");
        std::fs::write(dir.join("1.eml"), mail("0190abc")).unwrap();
        std::fs::write(dir.join("2.eml"), mail("0190abc")).unwrap();
        std::fs::write(dir.join("3.eml"), mail("0190def")).unwrap();
        std::fs::write(dir.join("notes.txt"), mail("ignored")).unwrap();
        let mut ids = message_ids(&dir);
        ids.sort();
        assert_eq!(ids, ["0190abc", "0190abc", "0190def"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
