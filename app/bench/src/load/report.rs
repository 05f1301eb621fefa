//! The table a run prints.

use super::mix::Outcome;
use super::server::Usage;

/// `cpu_known`: false when servers were restarted during the run — a restarted
/// process counts its CPU time from zero, so the difference would mean nothing.
pub fn print(rate: f64, outcome: &Outcome, before: &[Usage], after: &[Usage], cpu_known: bool) {
    let done: usize = outcome.latencies_ms.values().map(Vec::len).sum();
    let cpu: f64 = before
        .iter()
        .zip(after)
        .map(|(b, a)| a.cpu_seconds - b.cpu_seconds)
        .sum();
    let cpu = if cpu_known {
        format!(
            "{:.2} s ({:.2} cores, {:.2} ms per operation)",
            cpu,
            cpu / outcome.elapsed.as_secs_f64(),
            cpu * 1_000.0 / done.max(1) as f64
        )
    } else {
        "n/a (restarted during the run)".to_string()
    };
    let peak_rss = after.iter().map(|u| u.peak_rss).max().unwrap_or(0);
    let rss = after.iter().map(|u| u.rss).max().unwrap_or(0);
    let rss_anon = after.iter().map(|u| u.rss_anon).max().unwrap_or(0);
    println!(
        "\n== {rate} operations/s scheduled: {} of {} operations done in {:.1} s, {} errors; servers' CPU {cpu}, peak RSS {:.0} MB, RSS at the end {:.0} MB ({:.0} MB heap and stacks)",
        done,
        outcome.scheduled,
        outcome.elapsed.as_secs_f64(),
        outcome.errors(),
        peak_rss as f64 / 1_048_576.0,
        rss as f64 / 1_048_576.0,
        rss_anon as f64 / 1_048_576.0
    );
    println!(
        "{:<28} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6}",
        "operation (ms from schedule)", "count", "p50", "p95", "p99", "max", "errors"
    );
    let mut pages = Vec::new();
    for (operation, latencies) in &outcome.latencies_ms {
        if operation.is_page() {
            pages.extend_from_slice(latencies);
        }
        row(
            operation.name(),
            latencies,
            outcome.failures.get(operation).map_or(0, Vec::len),
        );
    }
    row("all pages", &pages, 0);
    for (operation, problems) in &outcome.failures {
        let mut shown: Vec<&String> = problems.iter().collect();
        shown.sort();
        shown.dedup();
        for problem in shown.iter().take(3) {
            println!("  error in {}: {problem}", operation.name());
        }
    }
}

fn row(name: &str, latencies: &[f64], errors: usize) {
    let mut sorted = latencies.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if sorted.is_empty() {
            return 0.0;
        }
        sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
    };
    println!(
        "{name:<28} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {errors:>6}",
        sorted.len(),
        at(0.50),
        at(0.95),
        at(0.99),
        sorted.last().copied().unwrap_or(0.0)
    );
}
