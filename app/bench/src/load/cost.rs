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
        "\n{:<50} {:>14} {:>9} {:>22}",
        "request (sent one after another)", "CPU per request", "ratio", "context switches each"
    );
    let mut floor = None;
    for (label, path, who, encodings) in [
        ("/healthz", "/healthz", Who::Anonymous, None),
        ("/catalog, anonymous", "/catalog", Who::Anonymous, None),
        ("/catalog, signed in", "/catalog", Who::SignedIn, None),
        (
            "/catalog, signed in, brotli",
            "/catalog",
            Who::SignedIn,
            Some("br"),
        ),
        (
            "/catalog, signed in, gzip",
            "/catalog",
            Who::SignedIn,
            Some("gzip"),
        ),
        (
            "/catalog, signed in, zstd",
            "/catalog",
            Who::SignedIn,
            Some("zstd"),
        ),
        (
            "/catalog, signed in, as Chromium asks",
            "/catalog",
            Who::SignedIn,
            Some(super::BROWSER_ENCODINGS),
        ),
        ("/orders, signed in", "/orders", Who::SignedIn, None),
    ] {
        let client = match who {
            Who::Anonymous => &anonymous,
            Who::SignedIn => signed_in.client(),
        };
        let url = format!("{}{path}", server.base);
        // What the server answered with (shown after the label: a server may decline
        // an encoding it was asked for).
        let get = || async {
            let mut request = client.get(&url).header("accept-language", "en");
            if let Some(encodings) = encodings {
                request = request.header("accept-encoding", encodings);
            }
            let response = request.send().await.expect("a response");
            assert_eq!(response.status(), 200, "GET {path}");
            let encoding = response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("identity")
                .to_string();
            response.bytes().await.expect("a body");
            encoding
        };
        // Warm: statements prepared, caches filled, connections open.
        let mut encoding = String::new();
        for _ in 0..n / 10 {
            encoding = get().await;
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
        let label = match encodings {
            Some(_) => format!("{label} ({encoding})"),
            None => label.to_string(),
        };
        println!(
            "{label:<50} {:>11.3} ms {:>8.1}× {:>22.1}",
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
