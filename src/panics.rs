//! Panics are counted and logged, never silent.
//!
//! A panic inside a request is caught by the router (the browser gets a 500 page
//! instead of a dropped connection), and the hook installed here logs it at error
//! level inside the request's span — so the log line carries the request id — and
//! counts it. Production runs without `RUST_BACKTRACE`: the log line names the place
//! of the panic, and a backtrace would only cost time under load.

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

static PANICS: AtomicU64 = AtomicU64::new(0);
static INSTALL: Once = Once::new();

/// How many panics this process has seen since it started.
pub fn panics_seen() -> u64 {
    PANICS.load(Ordering::Relaxed)
}

/// Installs the counting hook once per process; the previous hook still runs after
/// it (in tests it prints the failed assertion).
pub fn install_hook() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::Relaxed);
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // Inside a request this runs in its span: the line carries its request id.
            tracing::error!(panic = %message, %location, panics_total = panics_seen(), "panic");
            previous(info);
        }));
    });
}
