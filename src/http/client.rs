//! Which address a request comes from, also behind a reverse proxy.
//!
//! Per-client limits need the client's address, not the proxy's: behind a proxy every
//! person would share one address (and one limit). `X-Forwarded-For` is read only when
//! the connection comes from a configured trusted proxy (`KONTOR_TRUSTED_PROXIES`),
//! because anyone else can write anything into it; then the right-most address that
//! is not itself a trusted proxy is the client (each proxy appends the address it
//! was connected from, so what stands left of that may be made up by the client).

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use kontor_app::server::auth::ClientAddress;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The configured trusted proxies.
#[derive(Clone, Default)]
pub(super) struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address given the connection's peer and the `X-Forwarded-For`
    /// values (in order of the header lines).
    pub(super) fn client_of(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer.to_canonical();
        }
        let hops: Vec<&str> = forwarded_for
            .iter()
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer.to_canonical();
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                // Garbage in the chain: nothing left of it can be believed.
                break;
            };
            client = ip.to_canonical();
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// Puts the request's [`ClientAddress`] into its extensions.
pub(super) async fn client_address(
    State(trusted): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let client = trusted.client_of(peer, &forwarded);
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(list.iter().map(|n| n.parse().unwrap()).collect()))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = proxies(&[]);
        assert_eq!(
            none.client_of(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_right_most_untrusted_address() {
        let trusted = proxies(&["10.0.0.0/8", "127.0.0.1/32"]);
        // Client-made-up value, the real client, then an inner proxy.
        let header = ["1.2.3.4, 198.51.100.7, 10.0.0.5"];
        assert_eq!(
            trusted.client_of(ip("127.0.0.1"), &header),
            ip("198.51.100.7")
        );
        // Split over several header lines.
        let lines = ["1.2.3.4", "198.51.100.7, 10.0.0.5"];
        assert_eq!(
            trusted.client_of(ip("10.1.1.1"), &lines),
            ip("198.51.100.7")
        );
        // An untrusted peer's header counts for nothing.
        assert_eq!(
            trusted.client_of(ip("203.0.113.9"), &header),
            ip("203.0.113.9")
        );
        // No header: the proxy itself.
        assert_eq!(trusted.client_of(ip("10.0.0.5"), &[]), ip("10.0.0.5"));
        // Garbage stops the walk at the last good address.
        assert_eq!(
            trusted.client_of(ip("127.0.0.1"), &["198.51.100.7, nonsense, 10.0.0.5"]),
            ip("10.0.0.5")
        );
        // IPv4 peers seen as IPv6-mapped addresses are matched as IPv4.
        assert_eq!(
            trusted.client_of(ip("::ffff:127.0.0.1"), &["198.51.100.8"]),
            ip("198.51.100.8")
        );
    }
}
