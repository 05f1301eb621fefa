//! The only place that knows which database engine is behind the pool.

use crate::readers::{Readers, connection_is_broken};
use crate::{Result, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// How many rows the SQLite text index may name for the search to start from them;
/// from this many on, the page's own index is walked instead (see
/// [`Store::words_filter`]). A page is at most a few dozen rows: at this density a
/// walk finds them after a few thousand index entries.
pub(crate) const NARROW_ENOUGH: i64 = 400;

/// The columns with a text index (`search_text`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum TextIndex {
    Products,
    Documents,
}

impl TextIndex {
    /// SQLite: the FTS5 table, its key table and the key table's id column.
    fn sqlite_tables(self) -> (&'static str, &'static str, &'static str) {
        match self {
            TextIndex::Products => ("product_text", "product_text_keys", "product_id"),
            TextIndex::Documents => ("document_text", "document_text_keys", "document_id"),
        }
    }
}

/// Conditions on a row's text and their binds ([`Store::words_filter`]).
#[derive(Debug, Default)]
pub(crate) struct WordsFilter {
    pub conditions: Vec<String>,
    pub binds: Vec<String>,
}

/// `%word%` with `LIKE`'s own characters taken literally (backslash is PostgreSQL's
/// default escape).
fn like_pattern(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The FTS5 query for the words the trigram index can look up (three characters or
/// more; shorter ones match nothing there), each a quoted phrase: all must occur.
fn fts_expression(words: &[String]) -> Option<String> {
    let phrases: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

/// Locks one row until `tx` ends and tells whether it exists: `SELECT … FOR NO KEY
/// UPDATE` on PostgreSQL (a lock only — a no-op `UPDATE … SET x = x` would also write
/// a new row version each time, bloating hot rows such as an organization's under a
/// stream of orders). `NO KEY`: the lock an `UPDATE` of other columns takes, which
/// lets rows that reference this one be written meanwhile; a plain `FOR UPDATE` also
/// blocks their foreign-key checks (`FOR KEY SHARE`), and an order's decision, which
/// writes rows referencing the organization while holding the order, deadlocked with
/// a change that held the organization and waited for the order. On SQLite a plain read, as a write transaction (`BEGIN IMMEDIATE`,
/// [`Store::begin_write`]) holds the database's write lock already. `table` and
/// `condition` are the caller's constants; the values are bound as `$1`, `$2`.
pub(crate) async fn lock_row(
    tx: &mut crate::Tx,
    table: &'static str,
    condition: &'static str,
    values: &[&str],
) -> Result<bool> {
    let lock = if tx.backend_name() == "PostgreSQL" {
        " FOR NO KEY UPDATE"
    } else {
        ""
    };
    let sql = format!("SELECT CAST(1 AS BIGINT) FROM {table} WHERE {condition}{lock}");
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for value in values {
        query = query.bind(*value);
    }
    Ok(query.fetch_optional(&mut **tx).await?.is_some())
}

/// What [`Store::backup_into`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupOutcome {
    /// The copy is complete at the path given.
    Written { bytes: u64 },
    /// Nothing written: a file is already there (a backup never overwrites one).
    TargetExists,
    /// PostgreSQL: nothing written; its own `pg_dump` makes the backup.
    UsePgDump,
}

/// How long a request waits for a free connection before it fails.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections the pool has open, how many of those are idle, and how many it
/// may open at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolConnections {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// How many connections the pool may open and, on SQLite, how much page cache each
/// connection keeps: what an operator trades between memory and speed. `None` keeps
/// the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolSettings {
    /// Default: 4 on SQLite (WAL: readers in parallel, writers queue for the one write
    /// lock), 16 on PostgreSQL. An in-memory SQLite database always has exactly one.
    ///
    /// Why 4 on SQLite: each connection keeps its own page cache, prepared statements
    /// and worker thread. Under the load harness (two cores, 300 operations/s) 4
    /// connections left the server's peak memory about 12 MB lower than 8, with the
    /// same latencies at 300 and 450/s; at 600/s one of two runs queued for
    /// connections (README, "Memory, taken apart").
    pub max_connections: Option<u32>,
    /// SQLite's page cache per connection, in KiB. Default: SQLite's own, 2,000 KiB.
    /// Pages that fall out of it are read again from the operating system's file
    /// cache, which costs a system call, not a disk access.
    pub sqlite_cache_kib: Option<u32>,
}

/// A handle on the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only (none for an in-memory database): see [`Store::read`].
    readers: Readers,
}

/// How many connections a SQLite store keeps for [`Store::read`], besides the pool's.
const SQLITE_READERS: usize = 2;

impl Store {
    /// Connects lazily. A PostgreSQL connection that died (the server restarted) is
    /// detected on checkout and replaced, so the app survives a database restart.
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_with(url, PoolSettings::default()).await
    }

    /// [`Store::connect`] with the pool sized by `settings`.
    pub async fn connect_with(url: &str, settings: PoolSettings) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite {
            crate::sqlite_memory::use_program_allocator();
        }
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let max_connections = match backend {
            // An in-memory SQLite database exists per connection.
            Backend::Sqlite if in_memory => 1,
            Backend::Sqlite => settings.max_connections.unwrap_or(4),
            Backend::Postgres => settings.max_connections.unwrap_or(16),
        };
        let cache_size = settings
            .sqlite_cache_kib
            .map(|kib| format!("PRAGMA cache_size = -{kib}"));
        let options = AnyConnectOptions::from_str(url)?;
        let pragmas = cache_size.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(0)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // A PostgreSQL connection can die under us (a restart); checking it on
            // checkout replaces it before a request sees the error. A SQLite
            // connection is a file handle in this process: the check would only cost
            // each statement an extra round trip to the connection's worker thread.
            .test_before_acquire(backend == Backend::Postgres)
            .idle_timeout(Duration::from_secs(600))
            .after_connect(move |conn, _meta| {
                let cache_size = pragmas.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        prepare_sqlite(conn, cache_size.as_deref()).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        let mut readers = Vec::new();
        if backend == Backend::Sqlite && !in_memory {
            for _ in 0..SQLITE_READERS {
                let mut connection = AnyConnection::connect_with(&options).await?;
                prepare_sqlite(&mut connection, cache_size.as_deref()).await?;
                readers.push(connection);
            }
        }
        Ok(Store {
            pool,
            backend,
            readers: Readers::new(readers),
        })
    }

    /// The conditions that hold when `{alias}.search_text` contains every one of
    /// `words` literally (no wildcards), with their binds, numbered from `$first`.
    ///
    /// Both engines answer from a trigram index (migration 0022), which finds the
    /// rows that hold a word of three or more characters without reading every row's
    /// text. PostgreSQL: `LIKE '%word%'` (escaped), which its planner serves from the
    /// `pg_trgm` GIN index when that pays. SQLite: an FTS5 trigram table narrows the
    /// rows — but only when it narrows them to a few: for a common word, walking the
    /// page's own index and stopping after one page of matches is cheaper than
    /// fetching and sorting thousands of matches, so the index is asked first how many
    /// rows it would give (up to [`NARROW_ENOUGH`]). Either way every word is then
    /// checked with `instr`, so the result is exactly the substring match.
    pub(crate) async fn words_filter(
        &self,
        connection: &mut sqlx::AnyConnection,
        index: TextIndex,
        alias: &str,
        words: &[String],
        first: usize,
    ) -> Result<WordsFilter> {
        let mut filter = WordsFilter::default();
        let mut n = first;
        match self.backend {
            Backend::Postgres => {
                for word in words {
                    filter
                        .conditions
                        .push(format!("{alias}.search_text LIKE ${n}"));
                    filter.binds.push(like_pattern(word));
                    n += 1;
                }
            }
            Backend::Sqlite => {
                if let Some(expression) = fts_expression(words) {
                    let (fts, keys, id) = index.sqlite_tables();
                    let found: i64 = sqlx::query_scalar(&format!(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH $1 LIMIT {NARROW_ENOUGH})"
                    ))
                    .bind(&expression)
                    .fetch_one(&mut *connection)
                    .await?;
                    if found < NARROW_ENOUGH {
                        filter.conditions.push(format!(
                            "{alias}.id IN (SELECT k.{id} FROM {fts} JOIN {keys} k ON k.key = {fts}.rowid
                                             WHERE {fts} MATCH ${n})"
                        ));
                        filter.binds.push(expression);
                        n += 1;
                    }
                }
                for word in words {
                    filter
                        .conditions
                        .push(format!("instr({alias}.search_text, ${n}) > 0"));
                    filter.binds.push(word.clone());
                    n += 1;
                }
            }
        }
        Ok(filter)
    }

    /// What locks the rows a `SELECT` reads until the transaction ends. SQLite needs
    /// nothing: a write transaction (`BEGIN IMMEDIATE`) holds the database's lock.
    pub(crate) fn row_lock(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// An aggregate that makes the text of a JSON array of `expression`'s values,
    /// sorted, `[]` when there are none.
    pub(crate) fn json_text_array(&self, expression: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("json_group_array({expression} ORDER BY {expression})"),
            // `Any` reads no `json` column: the array as text.
            Backend::Postgres => {
                format!("COALESCE(json_agg({expression} ORDER BY {expression})::text, '[]')")
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool's connections now (for the metrics and the outage check).
    pub fn pool_connections(&self) -> PoolConnections {
        let open = self.pool.size();
        PoolConnections {
            open,
            idle: idle_connections(self.pool.num_idle(), open),
            max: self.pool.options().get_max_connections(),
        }
    }

    /// `true` while every connection the pool may open is in use: a request that needs
    /// the database now waits for one, and fails when the acquire timeout passes. The
    /// database is overloaded then, not broken (see the server's outage check).
    pub fn pool_is_exhausted(&self) -> bool {
        let now = self.pool_connections();
        now.open >= now.max && now.idle == 0
    }

    /// Takes one of the pool's connections and keeps it until the guard is dropped: how
    /// a test makes the pool run dry without a flood of slow requests.
    #[doc(hidden)]
    pub async fn hold_connection(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs read-only statements on one connection: on SQLite a kept one when one is
    /// free (it goes back without the pool's ping, see `readers`), otherwise one of
    /// the pool's. Never for writes: nothing here begins or ends a transaction.
    pub(crate) async fn read<T>(
        &self,
        statements: impl AsyncFnOnce(&mut AnyConnection) -> Result<T>,
    ) -> Result<T> {
        let Some(mut reader) = self.readers.take() else {
            let mut pooled = self.pool.acquire().await?;
            return statements(&mut pooled).await;
        };
        let result = statements(reader.connection()).await;
        if let Err(StoreError::Database(error)) = &result
            && connection_is_broken(error)
        {
            tracing::warn!(%error, "a kept SQLite connection broke; reads use the pool");
            reader.discard();
        }
        result
    }

    /// Applies the migrations of this backend; a no-op when they are applied already.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                // Foreign keys off while migrating: SQLite changes a table's
                // constraints only by rebuilding it, and dropping a table that others
                // reference fails with them on (the procedure SQLite documents for
                // schema changes). They are checked once the migrations are in.
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let ran = sqlx::migrate!("../../migrations/sqlite")
                    .run(&mut *conn)
                    .await;
                let dangling = sqlx::query("PRAGMA foreign_key_check")
                    .fetch_all(&mut *conn)
                    .await;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                ran?;
                if !dangling?.is_empty() {
                    return Err(sqlx::Error::Protocol(
                        "a migration left rows whose foreign keys point nowhere".into(),
                    )
                    .into());
                }
            }
            Backend::Postgres => {
                sqlx::migrate!("../../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        // Derived data a migration cannot compute (it needs the domain's calendar).
        self.fill_order_months_once().await
    }

    /// `true` when the database answers a trivial query (readiness probe).
    pub async fn is_reachable(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock up
    /// front (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes
    /// fails with SQLITE_BUSY when another writer committed in between, whatever the
    /// busy timeout. PostgreSQL's default `BEGIN` (read committed) is right there.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// An online, consistent copy of the whole database in a new file at `path`
    /// (SQLite's `VACUUM INTO`: one read transaction, so writers carry on and the copy
    /// is what the database held at one moment, compacted, without its WAL). The file
    /// must not exist yet. PostgreSQL is backed up by its own tool, `pg_dump`, which
    /// needs no cooperation from the portal: [`BackupOutcome::UsePgDump`].
    pub async fn backup_into(&self, path: &std::path::Path) -> Result<BackupOutcome> {
        match self.backend {
            Backend::Sqlite => {
                if path.exists() {
                    return Ok(BackupOutcome::TargetExists);
                }
                let target = path.to_string_lossy().into_owned();
                sqlx::query("VACUUM INTO ?")
                    .bind(target)
                    .execute(&self.pool)
                    .await?;
                let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                Ok(BackupOutcome::Written { bytes })
            }
            Backend::Postgres => Ok(BackupOutcome::UsePgDump),
        }
    }

    /// Closes every connection (graceful shutdown; lets SQLite checkpoint its WAL).
    pub async fn close(&self) {
        for connection in self.readers.take_all() {
            // Closing is best effort: the process is about to end either way.
            let _ = connection.close().await;
        }
        self.pool.close().await;
    }
}

/// sqlx's idle count, read as what it means. sqlx puts a returned connection back in
/// its idle queue and frees its place before it counts it as idle, so a caller on
/// another thread that takes it in between drives the counter below zero for a
/// moment: it wraps round to a huge number. At that moment no connection is idle.
fn idle_connections(counted: usize, open: u32) -> u32 {
    u32::try_from(counted)
        .ok()
        .filter(|&idle| idle <= open)
        .unwrap_or(0)
}

/// The settings every SQLite connection gets when it opens.
async fn prepare_sqlite(
    connection: &mut AnyConnection,
    cache_size: Option<&str>,
) -> std::result::Result<(), sqlx::Error> {
    // busy_timeout first: the journal_mode switch itself may wait.
    connection.execute("PRAGMA busy_timeout = 5000").await?;
    connection.execute("PRAGMA journal_mode = WAL").await?;
    connection.execute("PRAGMA synchronous = NORMAL").await?;
    connection.execute("PRAGMA foreign_keys = ON").await?;
    if let Some(cache_size) = cache_size {
        // A negative size is in KiB, a positive one in pages.
        connection.execute(cache_size).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{PoolSettings, Store, fts_expression, idle_connections, like_pattern};
    use std::time::Duration;

    async fn sqlite_cache_size(store: &Store) -> i64 {
        sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(store.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn the_settings_size_the_pool_and_sqlites_page_cache() {
        let dir = std::env::temp_dir().join(format!("kontor-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = |name: &str| format!("sqlite://{}?mode=rwc", dir.join(name).display());

        let default = Store::connect(&url("default.db")).await.unwrap();
        assert_eq!(default.pool_connections().max, 4);
        assert_eq!(sqlite_cache_size(&default).await, -2000, "SQLite's own");
        default.close().await;

        let settings = PoolSettings {
            max_connections: Some(3),
            sqlite_cache_kib: Some(512),
        };
        let sized = Store::connect_with(&url("sized.db"), settings)
            .await
            .unwrap();
        assert_eq!(sized.pool_connections().max, 3);
        // Every connection, not only the first: hold two and ask a third.
        let _first = sized.hold_connection().await.unwrap();
        let _second = sized.hold_connection().await.unwrap();
        assert_eq!(sqlite_cache_size(&sized).await, -512);
        drop((_first, _second));
        sized.close().await;

        // An in-memory database lives in its one connection, whatever was asked.
        let memory = Store::connect_with("sqlite::memory:", settings)
            .await
            .unwrap();
        assert_eq!(memory.pool_connections().max, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file database with a pool of one connection, migrated.
    async fn one_connection_store(name: &str) -> (Store, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("kontor-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.join("kontor.db").display());
        let settings = PoolSettings {
            max_connections: Some(1),
            sqlite_cache_kib: Some(512),
        };
        let store = Store::connect_with(&url, settings).await.unwrap();
        store.migrate().await.unwrap();
        (store, dir)
    }

    /// One number, read through [`Store::read`].
    async fn read_number(store: &Store, sql: &'static str) -> crate::Result<i64> {
        store
            .read(async |connection| Ok(sqlx::query_scalar(sql).fetch_one(connection).await?))
            .await
    }

    async fn count_sessions(store: &Store) -> crate::Result<i64> {
        read_number(store, "SELECT COUNT(*) FROM sessions").await
    }

    #[tokio::test]
    async fn sqlite_reads_use_a_kept_connection_without_waiting_for_the_pool() {
        let (store, dir) = one_connection_store("readers").await;
        assert_eq!(store.readers.free(), 2);
        let cache = read_number(&store, "PRAGMA cache_size").await.unwrap();
        assert_eq!(cache, -512, "kept connections get the pool's settings");

        // The pool's only connection is busy: a read still answers at once (the pool
        // would make it wait up to its acquire timeout), and sees what the pool's
        // connection committed.
        let mut held = store.hold_connection().await.unwrap();
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at, created_at) VALUES ('s', '{}', 1, 1)",
        )
        .execute(&mut *held)
        .await
        .unwrap();
        let counted = tokio::time::timeout(Duration::from_secs(2), count_sessions(&store))
            .await
            .expect("the read did not wait for the pool");
        assert_eq!(counted.unwrap(), 1);
        assert_eq!(store.readers.free(), 2, "the connection went back");

        // Both kept connections in use: a read takes the pool's.
        drop(held);
        let (first, second) = (store.readers.take(), store.readers.take());
        assert!(first.is_some() && second.is_some());
        assert_eq!(count_sessions(&store).await.unwrap(), 1);
        drop((first, second));
        assert_eq!(store.readers.free(), 2);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn a_kept_connection_given_back_mid_statement_answers_the_next_read_rightly() {
        let (store, dir) = one_connection_store("readers-cancelled").await;
        // Leave one kept connection free, so that both reads below get the same one.
        let _other = store.readers.take().unwrap();
        // A statement that takes a while (a million rows), abandoned after its first
        // step: the connection goes back while its thread still runs it.
        let slow = store.read(async |connection| {
            Ok(sqlx::query_scalar::<_, i64>(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
                 SELECT i FROM n",
            )
            .fetch_all(connection)
            .await?)
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(1), slow)
                .await
                .is_err()
        );
        assert_eq!(store.readers.free(), 1);
        assert_eq!(count_sessions(&store).await.unwrap(), 0);
        assert_eq!(read_number(&store, "SELECT 20 + 22").await.unwrap(), 42);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn an_in_memory_database_keeps_no_connections_aside() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        store.migrate().await.unwrap();
        assert_eq!(
            store.readers.free(),
            0,
            "another connection would see another database"
        );
        assert_eq!(count_sessions(&store).await.unwrap(), 0);
    }

    #[test]
    fn a_wrapped_idle_count_reads_as_none_idle() {
        assert_eq!(idle_connections(2, 4), 2);
        assert_eq!(idle_connections(4, 4), 4);
        assert_eq!(idle_connections(usize::MAX, 4), 0);
        assert_eq!(idle_connections(usize::MAX - 1, 4), 0);
    }

    #[test]
    fn like_patterns_take_every_character_literally() {
        assert_eq!(like_pattern("pump"), "%pump%");
        assert_eq!(like_pattern("100%"), "%100\\%%");
        assert_eq!(like_pattern("a_b"), "%a\\_b%");
        assert_eq!(like_pattern("c\\d"), "%c\\\\d%");
    }

    #[test]
    fn the_index_is_asked_only_for_words_it_can_look_up() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(fts_expression(&words(&["ab", "ß"])), None);
        assert_eq!(
            fts_expression(&words(&["pump", "ab", "öl-1"])),
            Some("\"pump\" AND \"öl-1\"".into())
        );
        assert_eq!(
            fts_expression(&words(&["\"q\""])),
            Some("\"\"\"q\"\"\"".into())
        );
    }
}
