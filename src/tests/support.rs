//! The test harness: a fresh database per test on either backend, a real SMTP server
//! on loopback, and the whole app started on a random port.

use kontor::Kontor;
use kontor::config::Config;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn name(backend: Backend)` of the calling module as two
/// tests, `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            )*
        }
    };
}

pub fn postgres_admin_url() -> String {
    std::env::var("KONTOR_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    pub url: String,
    /// The document storage folder of this test's app.
    pub files: std::path::PathBuf,
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    Folder(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    pub async fn create(backend: Backend) -> TestDb {
        let unique = uuid::Uuid::now_v7().simple().to_string();
        let files = std::env::temp_dir().join(format!("kontor-files-{unique}"));
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("kontor-test-{unique}"));
                std::fs::create_dir_all(&dir).unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.join("kontor.db").display());
                TestDb {
                    url,
                    files,
                    cleanup: Some(Cleanup::Folder(dir)),
                }
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let admin_url = postgres_admin_url();
                let name = format!("kontor_test_{unique}");
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is not reachable at {admin_url} ({e}); set KONTOR_TEST_POSTGRES_URL")
                });
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                let url = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| format!("{base}/{name}"))
                    .unwrap();
                TestDb {
                    url,
                    files,
                    cleanup: Some(Cleanup::Database { admin_url, name }),
                }
            }
        }
    }

    /// A raw connection for what the app offers no API for (aging a mail, pragmas).
    pub async fn raw(&self) -> sqlx::AnyConnection {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&self.url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.files);
        match self.cleanup.take() {
            Some(Cleanup::Folder(dir)) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Some(Cleanup::Database { admin_url, name }) => {
                // Drop runs outside any runtime guarantee: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    runtime.block_on(async move {
                        use sqlx::Connection;
                        if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&mut admin)
                            .await;
                        }
                    });
                })
                .join();
            }
            None => {}
        }
    }
}

/// How the SMTP sink answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinkMode {
    Accept,
    /// 451 at MAIL FROM: a transient failure, as from a server that is overloaded.
    Transient,
}

/// A real SMTP server on loopback that keeps every message it accepts.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<String>>>,
    mode: Arc<Mutex<SinkMode>>,
    /// Recipients answered with 550 (a permanent failure).
    refused: Arc<Mutex<Vec<String>>>,
    /// How long the sink takes to accept a message (a slow mail server).
    delay: Arc<Mutex<Duration>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            port: listener.local_addr().unwrap().port(),
            messages: Arc::default(),
            mode: Arc::new(Mutex::new(SinkMode::Accept)),
            refused: Arc::default(),
            delay: Arc::default(),
        };
        let server = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let session = server.clone();
                tokio::spawn(async move {
                    let _ = session.serve(socket).await;
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_mode(&self, mode: SinkMode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub fn set_delay(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    pub fn refuse_recipient(&self, address: &str) {
        self.refused.lock().unwrap().push(address.to_string());
    }

    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits until at least `count` messages arrived; returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let messages = self.messages();
            if messages.len() >= count || Instant::now() > deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn serve(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 kontor-test-sink ESMTP\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-kontor-test-sink\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("MAIL FROM") {
                if *self.mode.lock().unwrap() == SinkMode::Transient {
                    b"451 4.3.0 try again later\r\n"
                } else {
                    b"250 OK\r\n"
                }
            } else if upper.starts_with("RCPT TO") {
                let refused = self
                    .refused
                    .lock()
                    .unwrap()
                    .iter()
                    .any(|r| line.contains(r.as_str()));
                if refused {
                    b"550 5.1.1 no such user\r\n"
                } else {
                    b"250 OK\r\n"
                }
            } else if upper == "DATA" {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut message = String::new();
                while let Some(data) = lines.next_line().await? {
                    if data == "." {
                        break;
                    }
                    message.push_str(
                        data.strip_prefix('.')
                            .filter(|_| data.starts_with(".."))
                            .unwrap_or(&data),
                    );
                    message.push('\n');
                }
                let delay = *self.delay.lock().unwrap();
                tokio::time::sleep(delay).await;
                self.messages.lock().unwrap().push(message);
                b"250 OK queued\r\n"
            } else if upper == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}

/// The app, running on a random port against its own database and SMTP sink.
pub struct TestApp {
    pub base: String,
    pub kontor_store: kontor_store::Store,
    pub smtp: SmtpSink,
    pub db: TestDb,
    pub client: reqwest::Client,
    /// The configuration the app was started with.
    pub config: Config,
    /// Where `/metrics` is served, when `KONTOR_METRICS_ADDR` was given.
    pub metrics_addr: Option<std::net::SocketAddr>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

pub fn test_config(db: &TestDb, smtp: &SmtpSink, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("KONTOR_CONFIG".into(), "/dev/null".into()),
        ("DATABASE_URL".into(), db.url.clone()),
        ("KONTOR_SMTP_URL".into(), smtp.url()),
        ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
        (
            "KONTOR_FILES_URL".into(),
            db.files.to_string_lossy().into_owned(),
        ),
        (
            "KONTOR_VENDOR_INBOX".into(),
            "vera@nordhydraulik.example".into(),
        ),
        ("KONTOR_SECRET_KEY".into(), TEST_SECRET_KEY.into()),
        // Tests that use the demo count its orders: the months of history behind
        // them are seeded only where a test asks for them.
        ("KONTOR_DEMO_HISTORY_MONTHS".into(), "0".into()),
        // Tests count mails: the quarterly survey would add its own. Its tests turn
        // it on for their server contexts.
        ("KONTOR_NPS_SURVEY_DAY".into(), "0".into()),
    ]);
    for (key, value) in extra {
        vars.insert(key.to_string(), value.to_string());
    }
    Config::load(|key| vars.get(key).cloned()).unwrap()
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
        let db = TestDb::create(backend).await;
        let smtp = SmtpSink::start().await;
        let config = test_config(&db, &smtp, extra);
        let kontor = Kontor::prepare(config.clone()).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let kontor_store = kontor.store.clone();
        let metrics_addr = kontor.metrics_addr();
        let (shutdown, stop) = oneshot::channel::<()>();
        let server = tokio::spawn(kontor.serve(listener, async move {
            let _ = stop.await;
        }));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            base,
            kontor_store,
            smtp,
            db,
            client,
            config,
            metrics_addr,
            shutdown: Some(shutdown),
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Calls a server function the way the browser's JavaScript does.
    pub async fn server_fn(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        accept_language: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .header("accept-language", accept_language)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Stops the server gracefully and waits until it has stopped.
    pub async fn stop(self) {
        self.stop_keeping_database().await;
    }

    /// Stops the server; the database lives on until the returned handle is dropped.
    pub async fn stop_keeping_database(mut self) -> TestDb {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
        self.db
    }
}

/// The key that seals secrets at rest in every test app.
pub const TEST_SECRET_KEY: &str = "kontor-test-secret-key-0123456789abcdef";

/// A second-factor key as the app sealed it, opened.
pub fn open_sealed(sealed: &str, user_id: &str) -> String {
    kontor_app::server::secrets::SecretBox::from_key_text(TEST_SECRET_KEY)
        .unwrap()
        .open(sealed, user_id)
        .expect("sealed with the test key")
}

/// The password of every demo login in tests.
pub const DEMO_PASSWORD: &str = "Pumpen-laufen-leise-2026";

/// A browser of one person: its own cookie jar, requests marked same-origin.
#[derive(Clone)]
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl TestApp {
    /// The app with the demo data of the product brief.
    pub async fn spawn_demo(backend: Backend) -> TestApp {
        TestApp::spawn_with(
            backend,
            &[
                ("KONTOR_DEMO", "1"),
                ("KONTOR_DEMO_PASSWORD", DEMO_PASSWORD),
            ],
        )
        .await
    }

    pub fn browser(&self) -> Browser {
        self.browser_with_headers(reqwest::header::HeaderMap::new())
    }

    /// A server context on this app's database, for calling the business operations
    /// and the notice loops directly, as the server's background tasks do.
    pub fn server_context(&self) -> kontor_app::server::ServerContext {
        kontor::server_context(
            &self.config,
            self.kontor_store.clone(),
            kontor::open_files(&self.config).unwrap(),
            Arc::new(tokio::sync::Notify::new()),
        )
    }

    /// A server context of a second instance: its own connections to this app's
    /// database, as another server behind the same load balancer has.
    pub async fn second_instance(&self) -> kontor_app::server::ServerContext {
        let store = kontor_store::Store::connect(&self.config.database_url)
            .await
            .unwrap();
        kontor::server_context(
            &self.config,
            store,
            kontor::open_files(&self.config).unwrap(),
            Arc::new(tokio::sync::Notify::new()),
        )
    }

    /// A browser that names itself `user_agent`.
    pub fn browser_as(&self, user_agent: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("user-agent", user_agent.parse().unwrap());
        self.browser_with_headers(headers)
    }

    /// A browser behind a proxy that forwards for `client` (the app believes it
    /// only when started with `KONTOR_TRUSTED_PROXIES` naming loopback).
    pub fn browser_from(&self, client: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", client.parse().unwrap());
        self.browser_with_headers(headers)
    }

    fn browser_with_headers(&self, headers: reqwest::header::HeaderMap) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .default_headers(headers)
                .cookie_store(true)
                // A hung response fails its test instead of hanging the suite.
                .timeout(Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: self.base.clone(),
        }
    }

    /// A browser signed in as `email` with the demo password (and, for vendor staff,
    /// the second factor: enrolled on first use like a person would).
    pub async fn signed_in(&self, email: &str) -> Browser {
        self.sign_in_with(self.browser(), email).await
    }

    /// [`TestApp::signed_in`] from behind a proxy forwarding for `client`.
    pub async fn signed_in_from(&self, email: &str, client: &str) -> Browser {
        self.sign_in_with(self.browser_from(client), email).await
    }

    pub async fn sign_in_with(&self, browser: Browser, email: &str) -> Browser {
        let response = browser.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "signing in {email}");
        let outcome: serde_json::Value = response.json().await.unwrap();
        let secret = if let Some(enrol) = outcome.get("EnrollSecondFactor") {
            enrol["secret"].as_str().unwrap().to_string()
        } else if outcome == "SecondFactor" {
            let id = self.user_id(email).await;
            let sealed = self.kontor_store.totp_secret(&id).await.unwrap().unwrap();
            open_sealed(&sealed, &id)
        } else {
            assert!(outcome.get("SignedIn").is_some(), "{email}: {outcome}");
            return browser;
        };
        let code = self.unused_totp_code(email, &secret).await;
        let done = browser.ok("second_factor", &[("code", &code)]).await;
        assert!(done.get("SignedIn").is_some(), "{email}: {done}");
        browser
    }

    /// A code of the secret for a time step this user has not used yet (each step
    /// works once; several sign-ins within 30 s use the next one).
    pub async fn unused_totp_code(&self, email: &str, secret: &str) -> String {
        let id = self.user_id(email).await;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT totp_last_step FROM users WHERE id = $1")
                .bind(&id)
                .fetch_one(&mut self.db.raw().await)
                .await
                .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let step = (now / 30).max(last.map_or(0, |l| l as u64 + 1));
        assert!(
            step <= now / 30 + 1,
            "more sign-ins of {email} than steps in this minute"
        );
        totp_code(secret, step * 30)
    }

    /// The id of a user by e-mail, straight from the database.
    pub async fn user_id(&self, email: &str) -> String {
        self.kontor_store
            .user_by_email(email)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    pub async fn product_id(&self, sku: &str) -> String {
        self.kontor_store
            .product_id_by_sku(sku)
            .await
            .unwrap()
            .expect("demo product")
    }

    pub async fn organization_id(&self, email_of_member: &str) -> String {
        self.kontor_store
            .user_by_email(email_of_member)
            .await
            .unwrap()
            .unwrap()
            .organization_id
    }
}

impl Browser {
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.call_in("en", endpoint, form).await
    }

    /// [`Browser::call`] from a browser set to `language` (`Accept-Language`).
    pub async fn call_in(
        &self,
        language: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", language)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Uploads through the upload server function the way the browser's form does:
    /// multipart, text fields first, then the file.
    pub async fn upload(
        &self,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> reqwest::Response {
        self.upload_to("upload_document", fields, file).await
    }

    /// The same to another multipart server function.
    pub async fn upload_to(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        }
        self.send_multipart(endpoint, form).await
    }

    pub async fn send_upload(&self, form: reqwest::multipart::Form) -> reqwest::Response {
        self.send_multipart("upload_document", form).await
    }

    /// Posts a multipart form to a server function.
    pub async fn send_multipart(
        &self,
        endpoint: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", "en")
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts `form` to a server function as a browser without JavaScript does, from the
    /// page at `from` (its Referer), and returns where the server sends it next (the
    /// redirect's `Location`; the status must be a redirect).
    pub async fn plain_post(&self, endpoint: &str, from: &str, form: &[(&str, &str)]) -> String {
        self.plain_send(endpoint, from, |request| request.form(form))
            .await
    }

    /// [`Browser::plain_post`] for a multipart form (an upload without JavaScript).
    pub async fn plain_upload(
        &self,
        endpoint: &str,
        from: &str,
        fields: &[(&str, &str)],
        file: (&str, Vec<u8>),
    ) -> String {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        let (name, bytes) = file;
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
        self.plain_send(endpoint, from, |request| request.multipart(form))
            .await
    }

    /// Sends what `body` puts into the request to a server function as a browser
    /// without JavaScript does, from the page at `from`; the redirect's `Location`.
    async fn plain_send(
        &self,
        endpoint: &str,
        from: &str,
        body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> String {
        let request = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", "en")
            .header("referer", format!("{}{from}", self.base));
        let response = body(request).send().await.unwrap();
        let status = response.status();
        assert!(status.is_redirection(), "{endpoint}: {status}");
        response.headers()["location"].to_str().unwrap().to_string()
    }

    /// A download (or any plain GET) with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    /// Calls and decodes a successful answer.
    pub async fn ok(&self, endpoint: &str, form: &[(&str, &str)]) -> serde_json::Value {
        let response = self.call(endpoint, form).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "{endpoint}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call(
            "sign_in",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    pub async fn page(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
}

/// The session cookie a response sets, if any: (value, full header).
pub fn session_cookie(response: &reqwest::Response) -> Option<(String, String)> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            // Over HTTPS the cookie is `__Host-` prefixed.
            let rest = c
                .strip_prefix("kontor_session=")
                .or_else(|| c.strip_prefix("__Host-kontor_session="))?;
            Some((rest, c))
        })
        .map(|(rest, c)| {
            let value = rest.split(';').next().unwrap_or("").to_string();
            (value, c.to_string())
        })
}

/// The text of a mail's body, decoded from quoted-printable or base64.
pub fn mail_text(raw: &str) -> String {
    use base64::Engine;
    // The sink keeps lines joined with "\n".
    let (headers, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    if headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let compact: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.trim_end_matches('.'))
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.replace("=\n", "").replace("=3D", "=")
    }
}

/// The 64-hex-digit token of the first link to `path_prefix` in a mail.
pub fn link_token(raw: &str, path_prefix: &str) -> String {
    let text = mail_text(raw);
    let start = text
        .find(path_prefix)
        .unwrap_or_else(|| panic!("no {path_prefix} link in {text}"));
    text[start + path_prefix.len()..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

/// The TOTP code of `secret` (base32) at `time` (seconds).
pub fn totp_code(secret: &str, time: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .unwrap()
        .generate(time)
}

/// (recipient, subject, body) of the outbox mails whose dedupe key starts with
/// `key_prefix` (e.g. `order/<id>/`), oldest first.
pub async fn outbox_mails(app: &TestApp, key_prefix: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT recipient, subject, body_text FROM outbox WHERE dedupe_key LIKE $1
          ORDER BY created_at, id",
    )
    .bind(format!("{key_prefix}%"))
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap()
}

/// One number from the database (`SELECT COUNT(*) … WHERE x = $1`).
pub async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

/// The whole tag of a page's first element that has `attribute` (`<input … >`).
pub fn tag_of<'p>(page: &'p str, attribute: &str) -> &'p str {
    let at = page
        .find(attribute)
        .unwrap_or_else(|| panic!("no {attribute}: {page}"));
    let start = page[..=at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

/// The text of the paragraph with id `id` on a page (a field's message), Leptos'
/// markers taken out; empty when the field has no problem.
pub fn field_message(page: &str, id: &str) -> String {
    page.split_once(&format!(r#"id="{id}""#))
        .and_then(|(_, rest)| rest.split_once("</p>"))
        .and_then(|(inside, _)| inside.split_once('>'))
        .map(|(_, text)| text.replace("<!>", ""))
        .unwrap_or_default()
}
