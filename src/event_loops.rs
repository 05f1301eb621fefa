//! One event loop per core: the portal's connections are served by several
//! single-threaded tokio runtimes (`KONTOR_HTTP_THREADS`, by default one per core),
//! each connection by one of them from its first request to its last.
//!
//! Why not tokio's multi-threaded runtime, which shares every task between its
//! workers: a page's database statements are answered on other threads (each SQLite
//! connection has its own), and each answer wakes the request's task from outside the
//! runtime. The multi-threaded runtime then wakes one worker to run the task and, so
//! that work could be shared, the other to look for more, which mostly finds none.
//! Measured on a signed-in catalog page, two workers cost about 26 thread switches
//! per request where one costs 10, and a third more CPU; but one worker alone cannot
//! carry the load harness's 300 operations/s (README, "One event loop per core"). A
//! request's task never leaves the thread that accepted its connection here, so each
//! answer wakes exactly one thread, and every core still serves.
//!
//! Why one acceptor that hands the connections round: if every loop accepted from the
//! listening socket itself, the kernel would wake all of them for each connection and
//! the first to run would take it — on a quiet machine mostly the same one, so the
//! long-lived (keep-alive) connections would pile up on one core. Handing them round
//! spreads them evenly. `SO_REUSEPORT` would spread them too, but it would also let a
//! second server started on the same port by mistake share it silently instead of
//! failing to start.

use crate::metrics::Metrics;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};

/// A connection taken off the listening socket, on its way to its event loop.
type Accepted = (std::net::TcpStream, SocketAddr);

/// Serves `service` on `listener` with `loops` event loops until `shutdown` resolves,
/// then lets every loop finish the requests it has in hand (as `axum::serve`'s
/// graceful shutdown does). The first loop runs on the caller's runtime; the others
/// get a thread and a single-threaded runtime each.
pub async fn serve(
    listener: TcpListener,
    service: axum::Router,
    loops: usize,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let local_addr = listener.local_addr()?;
    let (stop, stopped) = watch::channel(false);
    let mut senders = Vec::with_capacity(loops);
    let mut finished = Vec::with_capacity(loops);
    for index in 0..loops.max(1) {
        let (sender, connections) = mpsc::unbounded_channel();
        senders.push(sender);
        let event_loop = EventLoop {
            index,
            connections,
            local_addr,
            metrics: metrics.clone(),
        };
        let run = event_loop.serve(service.clone(), stopped.clone());
        if index == 0 {
            finished.push(tokio::spawn(run));
        } else {
            finished.push(spawn_thread(index, run)?);
        }
    }
    accept(listener, &senders, shutdown).await;
    drop(senders);
    let _ = stop.send(true);
    for loop_finished in finished {
        loop_finished.await??;
    }
    Ok(())
}

/// Runs `run` on a thread of its own with a single-threaded runtime; the handle
/// resolves when it is done. The runtime is built here, so that a loop that cannot
/// start stops the start instead of leaving its share of the connections unserved.
fn spawn_thread(
    index: usize,
    run: impl Future<Output = std::io::Result<()>> + Send + 'static,
) -> anyhow::Result<tokio::task::JoinHandle<std::io::Result<()>>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (done, finished) = oneshot::channel();
    std::thread::Builder::new()
        .name(format!("kontor-http-{index}"))
        .spawn(move || {
            let _ = done.send(runtime.block_on(run));
        })?;
    Ok(tokio::spawn(async move {
        finished
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("an event loop's thread panicked")))
    }))
}

/// Takes connections off the listening socket and hands them to the loops in turn,
/// until `shutdown` resolves.
async fn accept(
    listener: TcpListener,
    loops: &[mpsc::UnboundedSender<Accepted>],
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    let mut next = 0;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        match accepted.and_then(|(stream, peer)| Ok((stream.into_std()?, peer))) {
            Ok(connection) => next = hand_over(loops, next, connection),
            Err(error) if is_connection_error(&error) => {}
            Err(error) => {
                // Out of file descriptors, say: wait rather than spin (as axum does).
                tracing::error!(%error, "cannot accept connections");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Gives `connection` to loop `next`, or to the one after it should that loop have
/// stopped (only a panic stops one early); returns whose turn is next.
fn hand_over(
    loops: &[mpsc::UnboundedSender<Accepted>],
    mut next: usize,
    mut connection: Accepted,
) -> usize {
    for _ in 0..loops.len() {
        let this = next;
        next = (next + 1) % loops.len();
        match loops[this].send(connection) {
            Ok(()) => break,
            Err(mpsc::error::SendError(returned)) => {
                tracing::error!(event_loop = this, "an event loop has stopped");
                connection = returned;
            }
        }
    }
    next
}

/// A peer that gave up before its connection was taken: nothing to do.
fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// One event loop's end of the hand-over, a listener for `axum::serve`.
struct EventLoop {
    index: usize,
    connections: mpsc::UnboundedReceiver<Accepted>,
    local_addr: SocketAddr,
    metrics: Arc<Metrics>,
}

impl EventLoop {
    async fn serve(
        self,
        service: axum::Router,
        mut stopped: watch::Receiver<bool>,
    ) -> std::io::Result<()> {
        use axum::serve::ListenerExt;
        // Answers are written whole, so Nagle's algorithm would only hold back the
        // last piece of a streamed page until the browser acknowledges the one before.
        let listener = self.tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
        axum::serve(
            listener,
            service.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|stopped| *stopped).await;
        })
        .await
    }
}

impl axum::serve::Listener for EventLoop {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let Some((stream, peer)) = self.connections.recv().await else {
                // The acceptor has stopped; the graceful shutdown ends this loop.
                return std::future::pending().await;
            };
            // Registers the socket with this thread's runtime.
            match TcpStream::from_std(stream) {
                Ok(stream) => {
                    self.metrics.connection_served(self.index);
                    return (stream, peer);
                }
                Err(error) => tracing::warn!(%error, "a connection could not join its event loop"),
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local_addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real socket to hand over (the peer's end is dropped at once; only its
    /// passage through the channels matters here).
    fn connection() -> Accepted {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let peer = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (stream, addr) = listener.accept().unwrap();
        drop(peer);
        (stream, addr)
    }

    #[test]
    fn connections_go_round_and_skip_a_stopped_loop() {
        let (senders, mut receivers): (Vec<_>, Vec<_>) =
            (0..3).map(|_| mpsc::unbounded_channel()).unzip();
        let mut next = 0;
        for _ in 0..3 {
            next = hand_over(&senders, next, connection());
        }
        assert_eq!(next, 0);
        for receiver in &mut receivers {
            assert!(receiver.try_recv().is_ok(), "one each");
            assert!(receiver.try_recv().is_err(), "no more than one");
        }
        // Loop 1 stops: its turn passes to loop 2, and the round goes on from there.
        receivers.remove(1);
        next = hand_over(&senders, 1, connection());
        assert_eq!(next, 0);
        assert!(receivers[1].try_recv().is_ok(), "loop 2 took loop 1's turn");
        next = hand_over(&senders, next, connection());
        assert_eq!(next, 1);
        assert!(receivers[0].try_recv().is_ok());
    }
}
