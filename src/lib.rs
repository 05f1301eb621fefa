//! The Kontor server: configuration, HTTP assembly, the outbox worker, start-up.
//!
//! `main.rs` is a thin command line over this library; the integration tests start
//! the very same [`Kontor`] on a random port.

// The analytics page's view type is deep: a release build without type erasure
// (`cargo build --release`, as the load harness uses) needs more than the default 128.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
mod demo;
mod http;
pub use http::api::{openapi as api_document, route_paths as api_route_paths};
pub use http::{plain_route_paths, route_list, server_context};

/// The document storage the configuration names.
pub fn open_files(config: &Config) -> anyhow::Result<Files> {
    Files::open(&config.files_url, config.upload_limit_bytes)
        .map_err(|e| anyhow::anyhow!("KONTOR_FILES_URL: {e}"))
}
pub mod mailer;
pub mod metrics;
pub mod notices;
pub mod outbox_worker;
pub mod panics;
mod secret_key;
pub mod sessions;
pub mod webhook_worker;

pub use demo::{DemoLogin, DemoSeed};

use crate::config::Config;
use crate::mailer::Mailer;
use crate::outbox_worker::OutboxWorker;
use kontor_app::server::files::Files;
use kontor_store::Store;
use std::future::Future;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// A prepared portal: database migrated, demo data seeded if asked, routes built.
pub struct Kontor {
    pub config: Config,
    pub store: Store,
    pub worker: OutboxWorker,
    pub demo: Option<DemoSeed>,
    pub files: Files,
    pub metrics: std::sync::Arc<metrics::Metrics>,
    /// Bound in `prepare` when `KONTOR_METRICS_ADDR` is set: a wrong address stops the
    /// start before the portal answers, and port 0 tells its real port here.
    metrics_listener: Option<TcpListener>,
    router: axum::Router,
}

impl Kontor {
    pub async fn prepare(mut config: Config) -> anyhow::Result<Kontor> {
        panics::install_hook();
        let secrets = secret_key::resolve(&mut config)?;
        ensure_sqlite_folder(&config.database_url)?;
        let store = Store::connect_with(&config.database_url, config.database_pool).await?;
        store.migrate().await?;
        seal_legacy_secrets(&store, &secrets).await?;
        // The dummy hash for unknown addresses, computed before the first sign-in.
        kontor_app::server::auth::warm_up().await;
        let mailer = Mailer::new(&config.mail)?;
        let from = config
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("KONTOR_MAIL_FROM: {e}"))?;
        let host = ::http::Uri::try_from(config.public_url.as_str())
            .ok()
            .and_then(|uri| uri.host().map(str::to_string))
            .unwrap_or_else(|| "kontor.localhost".into());
        let worker = OutboxWorker::new(store.clone(), mailer, from, host);
        let files = open_files(&config)?;
        let demo = if config.demo {
            let seed = demo::seed(&store, config.demo_password.as_ref()).await?;
            if seed.outcome == kontor_store::demo::SeedOutcome::Seeded {
                let context = server_context(&config, store.clone(), files.clone(), worker.waker());
                kontor_app::server::demo_history::seed(
                    &context,
                    kontor_store::now_ms(),
                    config.demo_history_months,
                )
                .await
                .map_err(|e| anyhow::anyhow!("demo order history: {e}"))?;
                kontor_app::server::demo_orders::seed(&context, kontor_store::now_ms())
                    .await
                    .map_err(|e| anyhow::anyhow!("demo orders: {e}"))?;
                kontor_app::server::demo_documents::seed(&context, kontor_store::now_ms())
                    .await
                    .map_err(|e| anyhow::anyhow!("demo documents: {e}"))?;
                kontor_app::server::service::demo::seed(&context, kontor_store::now_ms())
                    .await
                    .map_err(|e| anyhow::anyhow!("demo service requests: {e}"))?;
                kontor_app::server::demo_quotes::seed(&context, kontor_store::now_ms())
                    .await
                    .map_err(|e| anyhow::anyhow!("demo quotes: {e}"))?;
                kontor_app::server::demo_leads::seed(&context, kontor_store::now_ms())
                    .await
                    .map_err(|e| anyhow::anyhow!("demo leads: {e}"))?;
            }
            Some(seed)
        } else {
            None
        };
        let metrics = metrics::Metrics::new(store.clone(), notices::EVERY);
        let metrics_listener = match config.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .map_err(|e| anyhow::anyhow!("KONTOR_METRICS_ADDR {addr}: {e}"))?,
            ),
            None => None,
        };
        let router = http::router(
            &config,
            store.clone(),
            files.clone(),
            worker.waker(),
            metrics.clone(),
        );
        Ok(Kontor {
            config,
            store,
            worker,
            demo,
            files,
            metrics,
            metrics_listener,
            router,
        })
    }

    /// Where `/metrics` is served, if it is.
    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|listener| listener.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and the
    /// outbox batch in hand, and closes the database.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_worker, worker_stopped) = watch::channel(false);
        let worker = tokio::spawn(self.worker.clone().run(worker_stopped.clone()));
        let cleaner = tokio::spawn(sessions::clean_up(
            self.store.clone(),
            worker_stopped.clone(),
        ));
        let context = server_context(
            &self.config,
            self.store.clone(),
            self.files.clone(),
            self.worker.waker(),
        );
        let webhooks = tokio::spawn(
            webhook_worker::WebhookWorker::new(context.clone()).run(worker_stopped.clone()),
        );
        let notices = tokio::spawn(notices::run(
            context,
            self.metrics.clone(),
            worker_stopped.clone(),
        ));
        let metrics = match self.metrics_listener {
            Some(listener) => {
                tracing::info!(addr = %listener.local_addr()?, "metrics served at /metrics");
                let mut stopped = worker_stopped.clone();
                let router = metrics::router(self.metrics.clone());
                Some(tokio::spawn(async move {
                    let _ = axum::serve(listener, router)
                        .with_graceful_shutdown(async move {
                            let _ = stopped.changed().await;
                        })
                        .await;
                }))
            }
            None => None,
        };
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        let _ = stop_worker.send(true);
        let _ = worker.await;
        let _ = cleaner.await;
        let _ = notices.await;
        let _ = webhooks.await;
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        self.store.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Second-factor keys stored before sealing existed are sealed at start (once).
async fn seal_legacy_secrets(
    store: &Store,
    secrets: &kontor_app::server::secrets::SecretBox,
) -> anyhow::Result<()> {
    use kontor_app::server::secrets::SecretBox;
    for (user_id, secret) in store.totp_secrets().await? {
        if !SecretBox::is_sealed(&secret) {
            store
                .replace_totp_secret(&user_id, &secret, &secrets.seal(&secret, &user_id))
                .await?;
        }
    }
    Ok(())
}

/// Checks every audit chain and prints one line per organization; `false` when a
/// chain is broken.
pub async fn verify_audit(database_url: &str) -> anyhow::Result<bool> {
    use kontor_store::audit::ChainCheck;
    let store = Store::connect(database_url).await?;
    let mut intact = true;
    for check in store.verify_audit_chains().await? {
        match check {
            ChainCheck::Intact {
                organization_id,
                entries,
            } => {
                println!("ok      {organization_id}: {entries} entries, chain intact")
            }
            ChainCheck::Broken {
                organization_id,
                seq,
            } => {
                intact = false;
                println!("BROKEN  {organization_id}: entry {seq} does not match its chain")
            }
        }
    }
    store.close().await;
    Ok(intact)
}

/// `sqlite://data/kontor.db` needs `data/` to exist; SQLite does not create folders.
fn ensure_sqlite_folder(url: &str) -> std::io::Result<()> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(());
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent),
        _ => Ok(()),
    }
}
