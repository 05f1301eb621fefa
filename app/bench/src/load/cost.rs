//! What one request costs the server: `--cost N` sends N requests of each kind one
//! after another (one client, one connection, nothing else running) and reads the
//! server's CPU time and context switches from `/proc` before and after. Against
//! `/healthz` — the floor of any request — the ratios say what a page adds.

use super::mix::Session;
use super::server::Server;
use std::time::Duration;

/// Sends `n` requests of each kind to `server` and prints a table.
pub async fn print(server: &Server, signed_in: &Session, n: usize) {
    let anonymous = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    println!(
        "\n{:<34} {:>14} {:>9} {:>22}",
        "request (sent one after another)", "CPU per request", "ratio", "context switches each"
    );
    let mut floor = None;
    for (label, path, who, brotli) in [
        ("/healthz", "/healthz", Who::Anonymous, false),
        ("/catalog, anonymous", "/catalog", Who::Anonymous, false),
        ("/catalog, signed in", "/catalog", Who::SignedIn, false),
        (
            "/catalog, signed in, brotli",
            "/catalog",
            Who::SignedIn,
            true,
        ),
        ("/orders, signed in", "/orders", Who::SignedIn, false),
    ] {
        let client = match who {
            Who::Anonymous => &anonymous,
            Who::SignedIn => signed_in.client(),
        };
        let url = format!("{}{path}", server.base);
        let get = || async {
            let mut request = client.get(&url).header("accept-language", "en");
            if brotli {
                request = request.header("accept-encoding", "br");
            }
            let response = request.send().await.expect("a response");
            assert_eq!(response.status(), 200, "GET {path}");
            response.bytes().await.expect("a body");
        };
        // Warm: statements prepared, caches filled, connections open.
        for _ in 0..n / 10 {
            get().await;
        }
        let before = server.usage();
        let switches_before = server.context_switches();
        for _ in 0..n {
            get().await;
        }
        let after = server.usage();
        let switches = server.context_switches() - switches_before;
        let ms = (after.cpu_seconds - before.cpu_seconds) * 1_000.0 / n as f64;
        let floor = *floor.get_or_insert(ms);
        println!(
            "{label:<34} {:>11.3} ms {:>8.1}× {:>22.1}",
            ms,
            ms / floor,
            switches as f64 / n as f64
        );
    }
}

enum Who {
    Anonymous,
    SignedIn,
}
