//! The load harness: the whole server (its release binary, a process of its own) under
//! an open-loop mix of what customers do, measured from each operation's *scheduled*
//! start so that a slow server cannot hide its slowness by slowing the generator
//! (no coordinated omission).
//!
//! `cargo run --release -p kontor-bench -- load [options]` — see [`USAGE`]. It fills a
//! fresh database (SQLite in a temporary folder, or a fresh PostgreSQL database),
//! starts one or more servers on it, signs people in, runs the mix at each rate asked
//! for, and prints per operation p50/p95/p99/max, errors, the servers' CPU time per
//! operation and their peak resident memory. `--check` makes any error an exit status
//! of 1 (CI's short run).

mod check;
mod cost;
mod mix;
mod report;
mod server;
mod world;

use std::time::Duration;

/// The `Accept-Encoding` Chromium sends with a page request: the server picks from
/// it, so the harness measures what a browser's page costs.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

pub const USAGE: &str = "usage: kontor-bench load [--organizations N] [--people N] [--products N]
        [--orders N] [--sessions N] [--rates R[,R…]] [--seconds S] [--servers N]
        [--database postgres://…/DB] [--server PATH] [--kills N] [--restart-database]
        [--mail-down] [--check] [--cost N]
  --organizations  customer organizations (1000)       --people   per organization (10)
  --products       catalog size (100000)              --orders   per organization (365)
  --sessions       purchasers signed in (200; as many approvers of their organizations, at most 1 per organization)
  --rates          operations per second, one run each (300)   --seconds  per rate (30)
  --servers        instances on the same database (1; more only with --database postgres)
  --database       a PostgreSQL server URL: the database named in it is dropped and made anew
  --server         the kontor binary (default: next to this one)
  --kills          the crash campaign: SIGKILL a server this many times during each rate's
                   run, at random moments, restarting it each time; operations failing
                   while it is down are expected, the checks at the end must hold
  --restart-database  restart PostgreSQL half-way through each run (the command in
                   KONTOR_LOAD_PG_RESTART, default: pg_ctlcluster … main restart) and
                   report for how long operations failed
  --mail-down      the SMTP server is down for the whole run (nothing listens where the
                   servers send mail): no operation may fail; afterwards the servers get
                   a working transport back, the waiting retries are brought forward, and
                   every mail must go out exactly once
  --check          exit 1 when an operation failed (without --kills) or a check at the end failed
  --cost N         instead of the mix: N requests of each kind one after another (/healthz,
                   /catalog anonymous and signed in, the latter also with brotli, gzip, zstd
                   and Chromium's Accept-Encoding, /orders), the server's CPU time and
                   context switches per request";

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    pub organizations: i64,
    pub people: i64,
    pub products: usize,
    pub orders: i64,
    pub sessions: usize,
    pub rates: Vec<f64>,
    pub seconds: f64,
    pub servers: usize,
    pub database: Option<String>,
    pub server: Option<String>,
    pub kills: usize,
    pub restart_database: bool,
    pub mail_down: bool,
    pub check: bool,
    pub cost: Option<usize>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            organizations: 1_000,
            people: 10,
            products: 100_000,
            orders: 365,
            sessions: 200,
            rates: vec![300.0],
            seconds: 30.0,
            servers: 1,
            database: None,
            server: None,
            kills: 0,
            restart_database: false,
            mail_down: false,
            check: false,
            cost: None,
        };
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            if flag == "--check" {
                options.check = true;
                continue;
            }
            if flag == "--restart-database" {
                options.restart_database = true;
                continue;
            }
            if flag == "--mail-down" {
                options.mail_down = true;
                continue;
            }
            let value = rest.next().ok_or(format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<i64>()
                    .map_err(|_| format!("{flag}: {value}?"))
            };
            match flag.as_str() {
                "--organizations" => options.organizations = number()?,
                "--people" => options.people = number()?.max(2),
                "--products" => options.products = number()? as usize,
                "--orders" => options.orders = number()?,
                "--sessions" => options.sessions = number()? as usize,
                "--seconds" => options.seconds = number()? as f64,
                "--servers" => options.servers = number()?.max(1) as usize,
                "--kills" => options.kills = number()?.max(0) as usize,
                "--rates" => {
                    options.rates = value
                        .split(',')
                        .map(|r| r.parse::<f64>().map_err(|_| format!("--rates: {r}?")))
                        .collect::<Result<_, _>>()?
                }
                "--database" => options.database = Some(value.clone()),
                "--server" => options.server = Some(value.clone()),
                "--cost" => options.cost = Some(number()?.max(1) as usize),
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        if (options.servers > 1 || options.restart_database) && options.database.is_none() {
            return Err("several servers need one shared database: --database postgres://…".into());
        }
        options.sessions = options.sessions.min(options.organizations as usize).max(1);
        Ok(options)
    }
}

/// Kills a random server `kills` times, once at a random moment in each equal slice
/// of `duration`, and restarts it; how many kills were done.
async fn kill_at_random(
    servers: &mut [server::Server],
    kills: usize,
    duration: Duration,
    rate: f64,
) -> usize {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(rate.to_bits() ^ kills as u64);
    let slice = duration.as_secs_f64() / kills.max(1) as f64;
    let start = tokio::time::Instant::now();
    for k in 0..kills {
        let at = slice * (k as f64 + rng.gen_range(0.0..1.0));
        tokio::time::sleep_until(start + Duration::from_secs_f64(at)).await;
        let n = rng.gen_range(0..servers.len());
        servers[n].kill_and_restart().await;
    }
    kills
}

/// Restarts PostgreSQL after `after` when asked to; how long the restart took.
async fn restart_database(asked: bool, after: Duration) -> Option<Duration> {
    if !asked {
        return None;
    }
    tokio::time::sleep(after).await;
    let command = std::env::var("KONTOR_LOAD_PG_RESTART").unwrap_or_else(|_| {
        let version = std::fs::read_dir("/etc/postgresql")
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .unwrap_or_else(|| "15".into());
        format!("pg_ctlcluster --skip-systemctl-redirect {version} main restart")
    });
    let started = std::time::Instant::now();
    let shell = command.clone();
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .args(["-c", &shell])
            .status()
    })
    .await
    .expect("the restart command's thread")
    .expect("running the restart command");
    assert!(status.success(), "{command}: {status}");
    Some(started.elapsed())
}

pub async fn run(args: &[String]) {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("{problem}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let dir = std::env::temp_dir().join(format!("kontor-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let database_url = world::fill(&options, &dir).await;
    let mut servers = Vec::new();
    for n in 0..options.servers {
        servers.push(server::Server::start(&options, &database_url, &dir, n).await);
    }
    let sessions = mix::Sessions::sign_in(&options, &servers).await;
    println!(
        "signed in {} purchasers and {} approvers on {} server(s)",
        sessions.purchasers.len(),
        sessions.approvers.len(),
        servers.len()
    );
    if let Some(n) = options.cost {
        cost::print(&servers[0], &sessions.purchasers[0], n).await;
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let mut failed = 0;
    for &rate in &options.rates {
        // A few seconds at the rate first: caches, connections, the allocator's pools.
        mix::run(&sessions, rate, Duration::from_secs_f64(2.0), &options).await;
        for server in &servers {
            server.reset_peak_memory();
        }
        let before: Vec<_> = servers.iter().map(server::Server::usage).collect();
        let harness_before = server::usage_of("self");
        let duration = Duration::from_secs_f64(options.seconds);
        let (outcome, kills, restarted) = tokio::join!(
            mix::run(&sessions, rate, duration, &options),
            kill_at_random(&mut servers, options.kills, duration, rate),
            restart_database(options.restart_database, duration / 2)
        );
        let after: Vec<_> = servers.iter().map(server::Server::usage).collect();
        let harness_cpu = server::usage_of("self").cpu_seconds - harness_before.cpu_seconds;
        if options.kills == 0 && restarted.is_none() {
            failed += outcome.errors();
        }
        if let Some(took) = restarted {
            let first = outcome
                .failed_at
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min);
            let last = outcome.failed_at.iter().copied().fold(0.0, f64::max);
            println!(
                "PostgreSQL restarted at {:.1} s (took {:.1} s); {} operations failed{}",
                duration.as_secs_f64() / 2.0,
                took.as_secs_f64(),
                outcome.errors(),
                if outcome.errors() > 0 {
                    format!(", due between {first:.1} s and {last:.1} s")
                } else {
                    String::new()
                }
            );
        }
        report::print(rate, &outcome, &before, &after, kills == 0);
        println!(
            "(the harness itself used {:.2} cores of the same machine)",
            harness_cpu / outcome.elapsed.as_secs_f64()
        );
        if kills > 0 {
            println!(
                "crash campaign: {kills} SIGKILLs and restarts; {} operations failed meanwhile (expected while a server is down)",
                outcome.errors()
            );
        }
    }
    if options.mail_down {
        let (waiting, sent) = check::outbox_while_mail_was_down(&database_url).await;
        println!(
            "\nSMTP down for the whole run: {waiting} mails waiting in the outbox, {sent} sent; the transport comes back, the retries are brought forward"
        );
        if waiting == 0 || sent > 0 {
            println!("  expected mail waiting and none sent: the run did not test what it should");
            failed += 1;
        }
        for server in &mut servers {
            server.mail_comes_back().await;
        }
        check::bring_retries_forward(&database_url).await;
    }
    let mail_dirs: Vec<_> = servers.iter().map(|s| s.mail_dir.clone()).collect();
    let mails = check::mails_exactly_once(&database_url, &mail_dirs).await;
    println!(
        "\nmail: {} sent outbox rows, {} files from {} server(s); {} sent twice, {} without a file, {} without a row, {} still pending",
        mails.sent_rows,
        mails.files,
        servers.len(),
        mails.duplicates,
        mails.missing,
        mails.unknown,
        mails.still_pending
    );
    for server in &mut servers {
        server.stop();
    }
    let acknowledged = sessions.acknowledged.lock().expect("acknowledged").clone();
    let keys = sessions.attempted_keys.lock().expect("keys").clone();
    let orders = check::orders_and_audit(&database_url, &acknowledged, &keys).await;
    println!(
        "orders: {} acknowledged, {} of them stored once with lines and audit entry; {} unaccounted for; {} broken audit chains",
        orders.acknowledged, orders.complete, orders.unaccounted, orders.broken_chains
    );
    if !mails.holds() || !orders.holds() {
        failed += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    if options.check && failed > 0 {
        eprintln!("{failed} operations failed");
        std::process::exit(1);
    }
}
