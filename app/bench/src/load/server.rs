//! One Kontor server as a child process, and what it used (from `/proc`).

use super::Options;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub base: String,
    /// Where this server writes the mail it sends (one file per mail).
    pub mail_dir: PathBuf,
    /// How it was started, to start it again after a kill.
    command: Command,
    home: PathBuf,
    child: Child,
}

/// CPU time and memory of a server at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Usage {
    /// User + system CPU seconds since the process started.
    pub cpu_seconds: f64,
    /// The most resident memory the process has had (VmHWM), bytes.
    pub peak_rss: u64,
    /// Its resident memory now (VmRSS), bytes: at the end of a run, what the load
    /// left behind rather than the sign-ins' peak.
    pub rss: u64,
    /// Of `rss`, the heap and stacks (RssAnon), bytes; the rest is mapped files
    /// (the binary's own pages, SQLite's shared WAL index) and shared memory.
    pub rss_anon: u64,
}

impl Server {
    /// Starts server `n` on `database_url` and waits until it answers `/healthz`.
    pub async fn start(options: &Options, database_url: &str, dir: &Path, n: usize) -> Server {
        let binary = options
            .server
            .as_ref()
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                std::env::current_exe()
                    .expect("this binary's path")
                    .with_file_name("kontor")
            });
        let port = free_port();
        let home = dir.join(format!("server-{n}"));
        std::fs::create_dir_all(&home).expect("the server's folder");
        let mut command = Command::new(&binary);
        command
            .current_dir(&home)
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", home.join("site"))
            .env("KONTOR_MAIL_DIR", home.join("mail"))
            .env("KONTOR_FILES_URL", dir.join("files"))
            // The same key on every instance: they share one database's sealed secrets.
            .env(
                "KONTOR_SECRET_KEY",
                "load-harness-secret-key-0123456789abcdef",
            )
            .env("RUST_LOG", "warn")
            .env_remove("KONTOR_DEMO")
            .stdout(Stdio::null());
        if options.mail_down {
            // The SMTP setting wins over the mail folder; nothing listens on the port.
            command.env(
                "KONTOR_SMTP_URL",
                format!("smtp://127.0.0.1:{}", free_port()),
            );
        } else {
            command.env_remove("KONTOR_SMTP_URL");
        }
        let child = spawn(&mut command, &home);
        let mut server = Server {
            base: format!("http://127.0.0.1:{port}"),
            mail_dir: home.join("mail"),
            command,
            home,
            child,
        };
        server.wait_until_ready().await;
        server
    }

    /// Kills the process without warning (SIGKILL: no shutdown, no flush) and starts
    /// it again on the same address; returns once it answers.
    pub async fn kill_and_restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = spawn(&mut self.command, &self.home);
        self.wait_until_ready().await;
    }

    /// The SMTP server is back: the server restarts with its mail folder as transport.
    pub async fn mail_comes_back(&mut self) {
        self.command.env_remove("KONTOR_SMTP_URL");
        self.kill_and_restart().await;
    }

    async fn wait_until_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(response) = client.get(format!("{}/healthz", self.base)).send().await
                && response.status().is_success()
            {
                return;
            }
            assert!(
                Instant::now() < deadline && self.child.try_wait().ok().flatten().is_none(),
                "the server did not come up; see {}",
                self.home.join("server.log").display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn usage(&self) -> Usage {
        usage_of(&self.child.id().to_string())
    }

    /// Context switches of all the server's threads so far, voluntary or not.
    pub fn context_switches(&self) -> u64 {
        let tasks = format!("/proc/{}/task", self.child.id());
        std::fs::read_dir(tasks)
            .into_iter()
            .flatten()
            .flatten()
            .map(|task| {
                std::fs::read_to_string(task.path().join("status"))
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.contains("ctxt_switches:"))
                    .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .sum::<u64>()
            })
            .sum()
    }

    /// Starts the peak resident memory afresh (Linux: `clear_refs` 5), so that a
    /// run's peak is its own and not that of the sign-ins before it (each password
    /// check takes argon2's 19 MiB for a moment).
    pub fn reset_peak_memory(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5");
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What a process (`self` or a pid) has used, from `/proc`.
pub fn usage_of(process: &str) -> Usage {
    let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).unwrap_or_default();
    // Fields after the command's closing parenthesis: utime and stime are the
    // 12th and 13th there (14th and 15th of the line).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    let kb = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    Usage {
        cpu_seconds: (ticks(11) + ticks(12)) / clock_ticks(),
        peak_rss: kb("VmHWM:") * 1024,
        rss: kb("VmRSS:") * 1024,
        rss_anon: kb("RssAnon:") * 1024,
    }
}

/// Clock ticks per second of `/proc`'s CPU times (100 on every Linux we know).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Starts the process, its log appended to `server.log` (kept across restarts).
fn spawn(command: &mut Command, home: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(home.join("server.log"))
        .expect("the server's log");
    command
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {:?}: {e}", command.get_program()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
