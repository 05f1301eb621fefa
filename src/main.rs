//! `kontor`: serve the portal (default), apply the database migrations, verify the
//! audit trail, back the database up, or manage API clients.

use kontor::Kontor;
use kontor::config::Config;
use kontor_store::Store;
use std::process::ExitCode;

const USAGE: &str = "usage: kontor [serve | migrate | verify-audit | --help]

  serve         (default) migrate the database and serve the portal
  migrate       apply the database migrations and exit
  verify-audit  recompute every organization's audit hash chain; exit 1 if one is broken
  backup PATH   SQLite: write an online, consistent copy of the database to PATH (a new
                file); PostgreSQL: explains the pg_dump command to use instead
  api-client    create, list or revoke the ERP's API clients (`kontor api-client` for help)

Configuration: DATABASE_URL, LEPTOS_SITE_ADDR, KONTOR_* variables or the file named by
KONTOR_CONFIG (default ./kontor.toml); see README.md.";

/// mimalloc instead of glibc's allocator. Under the load harness glibc kept freed
/// memory in per-thread arenas (argon2's 19 MiB per hash, every rendered page's
/// strings) and spent a sixth of a page's CPU in `malloc`/`free`; the README's load
/// section has the figures of both. Only the server binary: tests and tools keep the
/// system's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option, by its number: the Rust bindings name only some
/// of the options (the number is the same in mimalloc 2 and 3).
const MIMALLOC_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps memory freed by the program before it returns it to the
/// system: not at all, instead of its default second. Under the load harness (300
/// operations/s, release build with LTO) this left about 18 MB less resident than 100 ms
/// and 30 MB less than the default, which brings the server to its 100 MB budget. The
/// price is some CPU: in alternating runs 2.3–3.0 ms per operation against 2.2–2.3 ms
/// (the spread between runs is about as large; README, "Memory, taken apart").
/// `MIMALLOC_PURGE_DELAY` in the environment still wins, so that other values can be
/// measured without a build.
fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a number in mimalloc's option table, before any other thread
        // exists; any value is valid for it.
        unsafe { libmimalloc_sys::mi_option_set(MIMALLOC_OPTION_PURGE_DELAY, 0) };
    }
}

fn main() -> ExitCode {
    // The allocator's settings first, while this is the only thread: the runtime
    // below starts its workers when it is built.
    return_freed_memory_at_once();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run()),
        Err(error) => {
            eprintln!("kontor: cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("kontor: {error}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config.log_format);
    let result = match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => migrate(config).await,
        "verify-audit" => match kontor::verify_audit(&config.database_url).await {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(error) => Err(error),
        },
        "backup" => match std::env::args().nth(2) {
            Some(path) => backup(config, std::path::Path::new(&path)).await,
            None => {
                eprintln!("kontor: backup needs the path of the copy to write\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        "api-client" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            match kontor::cli::api_client(config, &args).await {
                Ok(text) => {
                    println!("{text}");
                    Ok(())
                }
                Err(error) => {
                    eprintln!("kontor: {error:#}");
                    return ExitCode::from(2);
                }
            }
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("kontor: unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("kontor: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    println!("kontor: migrations applied ({})", store.backend().name());
    Ok(())
}

async fn backup(config: Config, path: &std::path::Path) -> anyhow::Result<()> {
    use kontor_store::BackupOutcome;
    let store = Store::connect(&config.database_url).await?;
    let outcome = store.backup_into(path).await;
    store.close().await;
    match outcome? {
        BackupOutcome::Written { bytes } => {
            println!(
                "kontor: backup written to {} ({bytes} bytes)",
                path.display()
            );
            Ok(())
        }
        BackupOutcome::TargetExists => {
            anyhow::bail!(
                "{} exists already; a backup never overwrites a file",
                path.display()
            )
        }
        BackupOutcome::UsePgDump => anyhow::bail!(
            "PostgreSQL is backed up with its own tool, online and consistent:\n  \
             pg_dump --format=custom --file={} \"$DATABASE_URL\"\n\
             restore into an empty database with: pg_restore --no-owner --dbname=URL {}",
            path.display(),
            path.display()
        ),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let kontor = Kontor::prepare(config).await?;
    let listener = tokio::net::TcpListener::bind(kontor.config.site_addr).await?;
    print_banner(&kontor, listener.local_addr()?);
    kontor.serve(listener, shutdown_signal()).await
}

fn print_banner(kontor: &Kontor, addr: std::net::SocketAddr) {
    let url = format!("http://{addr}");
    println!(
        "\nKontor is running at {url}  (database: {})",
        kontor.store.backend().name()
    );
    let Some(demo) = &kontor.demo else {
        println!("Demo data: off (start with KONTOR_DEMO=1 to seed it)\n");
        return;
    };
    // The demo password is the one secret printed on purpose: a newcomer needs it.
    let password = match &demo.password {
        Some(password) => password.expose().to_string(),
        None => "unchanged since the demo data was first seeded (the one printed then)".into(),
    };
    println!("Demo logins (password: {password}):");
    for login in &demo.logins {
        println!("  {:<30} {}", login.email, login.description);
    }
    println!(
        "Staff logins (@nordhydraulik.example) set up a second factor at their first sign-in:\n\
         add the key shown to an authenticator app (any TOTP app) and enter its code.\n"
    );
}

/// Ctrl-C or SIGTERM (what service managers send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutdown requested: finishing in-flight requests and the outbox batch");
}

fn init_logging(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("KONTOR_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}
