//! The browser a request comes from, as far as sign-in cares: its device token (a
//! long-lived cookie that lets the portal recognise it later) and how it names
//! itself. A sign-in from a browser new to the account mails its owner.

use leptos::prelude::use_context;

/// The cookie that names a browser to the portal (random; only its hash is stored).
/// Served over HTTPS it is `__Host-` prefixed like the session's: Secure, this host
/// only.
pub const DEVICE_COOKIE: &str = "kontor_device";
const SECURE_DEVICE_COOKIE: &str = "__Host-kontor_device";

/// What a sign-in needs of the request and its response, taken before the first
/// await (see `server::caller`).
pub struct Browser {
    pub token: Option<String>,
    pub user_agent: String,
    response: Option<leptos_axum::ResponseOptions>,
}

impl Browser {
    pub fn of_request() -> Browser {
        let parts = use_context::<http::request::Parts>();
        let header = |name| {
            parts
                .as_ref()
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let token = header(http::header::COOKIE)
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == DEVICE_COOKIE || *name == SECURE_DEVICE_COOKIE)
            .map(|(_, value)| value.to_string())
            .filter(|t| looks_like_token(t));
        Browser {
            token,
            user_agent: header(http::header::USER_AGENT),
            response: use_context::<leptos_axum::ResponseOptions>(),
        }
    }

    /// Gives the browser its new device token, for 400 days (the longest a browser
    /// keeps a cookie); `secure` when the portal is served over HTTPS.
    pub fn keep_token(&self, token: &str, secure: bool) {
        let cookie = if secure {
            format!("{SECURE_DEVICE_COOKIE}={token}; {ATTRIBUTES}; Secure")
        } else {
            format!("{DEVICE_COOKIE}={token}; {ATTRIBUTES}")
        };
        if let (Some(response), Ok(value)) = (&self.response, http::HeaderValue::from_str(&cookie))
        {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

const ATTRIBUTES: &str = "Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax";

/// A device token as the portal hands them out (64 hex digits); anything else a
/// browser sends is ignored and replaced.
fn looks_like_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}
