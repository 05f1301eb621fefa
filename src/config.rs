//! Configuration: defaults, then an optional TOML file, then environment variables.
//!
//! Ecosystem conventions first: `DATABASE_URL` (sqlx), `LEPTOS_SITE_ADDR` and the other
//! `LEPTOS_*` variables (cargo-leptos). Everything else is `KONTOR_*`, or the same key
//! in the file named by `KONTOR_CONFIG` (default `kontor.toml` if present).

use kontor_app::server::service::ServiceSettings;
use kontor_domain::business_hours::Holidays;
use kontor_domain::relationship_survey::{DEFAULT_START_DAY, LAST_START_DAY, SurveySchedule};
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A value that must never appear in logs or on screen.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How mail leaves the portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransport {
    /// SMTP from a URL such as `smtp://user:pass@host:587?tls=required` (lettre's
    /// syntax). The URL may hold a password, hence the secret.
    Smtp(Secret),
    /// One `.eml` file per message in a folder: the development default.
    Files(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub public_url: String,
    pub mail: MailTransport,
    pub mail_from: String,
    pub vendor_inbox: String,
    /// Seed the demo data at start (`KONTOR_DEMO=1`).
    pub demo: bool,
    pub demo_password: Option<Secret>,
    /// How many past months of order history the demo seeds for Müller and Becker
    /// (`KONTOR_DEMO_HISTORY_MONTHS`, 0 to 36; 24 by default: the analytics' window).
    pub demo_history_months: u32,
    /// `json` for machines, anything else for people.
    pub log_format: String,
    /// Where the built site (`pkg/`, CSS, wasm) lives.
    pub site_root: String,
    /// Where document files are stored: a folder, `file:///…` or `s3://bucket`.
    pub files_url: String,
    /// The largest document file accepted, in bytes.
    pub upload_limit_bytes: u64,
    /// Holidays (Germany's nationwide ones plus `KONTOR_HOLIDAYS`) and the days a
    /// resolved request may be reopened (`KONTOR_REOPEN_DAYS`, default 14), and from
    /// which day of each quarter the relationship survey (NPS) goes out
    /// (`KONTOR_NPS_SURVEY_DAY`, 1 to 90, default 15; 0 turns it off).
    pub service: kontor_app::server::service::ServiceSettings,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`KONTOR_TRUSTED_PROXIES`,
    /// CIDRs or addresses, comma-separated); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a request may take before it is answered 408 (`KONTOR_REQUEST_TIMEOUT_SECS`,
    /// default 30); downloads and uploads stream and are not cut off.
    pub request_timeout: std::time::Duration,
    /// The key that seals secrets at rest (`KONTOR_SECRET_KEY`); see [`crate::secret_key`].
    pub secret_key: Option<Secret>,
    /// `KONTOR_WEBHOOK_ALLOW_PRIVATE` (default off: targets on loopback, private and
    /// link-local addresses, and plain http, are refused) and
    /// `KONTOR_WEBHOOK_DISABLE_AFTER_HOURS` (default 72).
    pub webhooks: kontor_app::services::webhooks::WebhookSettings,
    /// Requests per minute one API client may send to one instance
    /// (`KONTOR_API_RATE_PER_MINUTE`, default 600; bursts up to that many pass).
    pub api_requests_per_minute: u32,
    /// Where `/metrics` (Prometheus) is served (`KONTOR_METRICS_ADDR`, e.g.
    /// `127.0.0.1:9464`); off when unset. Never the portal's own port: what it tells
    /// is for the operators' network only.
    pub metrics_addr: Option<SocketAddr>,
    /// The database pool: `KONTOR_DB_MAX_CONNECTIONS` (default 4 on SQLite, 16 on
    /// PostgreSQL) and `KONTOR_SQLITE_CACHE_KIB` (SQLite's page cache per connection).
    pub database_pool: kontor_store::PoolSettings,
}

/// The keys of the config file; every one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    site_addr: Option<String>,
    public_url: Option<String>,
    smtp_url: Option<Secret>,
    mail_dir: Option<PathBuf>,
    mail_from: Option<String>,
    vendor_inbox: Option<String>,
    demo: Option<bool>,
    demo_password: Option<Secret>,
    demo_history_months: Option<u32>,
    log_format: Option<String>,
    files_url: Option<String>,
    upload_limit_mb: Option<u64>,
    holidays: Option<String>,
    reopen_days: Option<u32>,
    nps_survey_day: Option<u32>,
    trusted_proxies: Option<String>,
    request_timeout_secs: Option<u64>,
    secret_key: Option<Secret>,
    api_rate_per_minute: Option<u32>,
    metrics_addr: Option<String>,
    db_max_connections: Option<u32>,
    sqlite_cache_kib: Option<u32>,
    webhook_allow_private: Option<bool>,
    webhook_disable_after_hours: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{key} is not valid: {message}")]
    Invalid { key: &'static str, message: String },
}

impl Config {
    /// Reads the process environment (and the config file it points to).
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::load(|key| std::env::var(key).ok())
    }

    /// Builds the configuration from a variable lookup (tests pass their own).
    pub fn load(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let (path, explicit) = match var("KONTOR_CONFIG") {
            Some(path) => (PathBuf::from(path), true),
            None => (PathBuf::from("kontor.toml"), false),
        };
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::Parse {
                path: path.clone(),
                message: e.message().to_string(),
            })?,
            Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => {
                FileConfig::default()
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };

        let site_addr_text = var("LEPTOS_SITE_ADDR")
            .or(file.site_addr)
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr =
            site_addr_text
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    key: "LEPTOS_SITE_ADDR",
                    message: e.to_string(),
                })?;
        let metrics_addr = match var("KONTOR_METRICS_ADDR").or(file.metrics_addr) {
            Some(text) if !text.trim().is_empty() => {
                let addr: SocketAddr =
                    text.trim().parse().map_err(|e: std::net::AddrParseError| {
                        ConfigError::Invalid {
                            key: "KONTOR_METRICS_ADDR",
                            message: e.to_string(),
                        }
                    })?;
                if addr.port() != 0
                    && addr.port() == site_addr.port()
                    && addr.ip() == site_addr.ip()
                {
                    return Err(ConfigError::Invalid {
                        key: "KONTOR_METRICS_ADDR",
                        message: "must differ from LEPTOS_SITE_ADDR".into(),
                    });
                }
                Some(addr)
            }
            _ => None,
        };
        let public_url = var("KONTOR_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        let mail = match var("KONTOR_SMTP_URL").map(Secret).or(file.smtp_url) {
            Some(url) => MailTransport::Smtp(url),
            None => MailTransport::Files(
                var("KONTOR_MAIL_DIR")
                    .map(PathBuf::from)
                    .or(file.mail_dir)
                    .unwrap_or_else(|| "data/mail".into()),
            ),
        };
        let mail_from = var("KONTOR_MAIL_FROM")
            .or(file.mail_from)
            .unwrap_or_else(|| "Nordhydraulik Kontor <kontor@nordhydraulik.example>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid {
                key: "KONTOR_MAIL_FROM",
                message: "not a mailbox".into(),
            });
        }
        let vendor_inbox = var("KONTOR_VENDOR_INBOX")
            .or(file.vendor_inbox)
            .unwrap_or_else(|| "sales@nordhydraulik.example".into());
        let demo = match var("KONTOR_DEMO") {
            Some(v) => matches!(v.trim(), "1" | "true" | "yes"),
            None => file.demo.unwrap_or(false),
        };
        let demo_history_months = whole_number(
            var("KONTOR_DEMO_HISTORY_MONTHS"),
            "KONTOR_DEMO_HISTORY_MONTHS",
            0..=36,
            "a whole number of months from 0 to 36",
        )?
        .or(file.demo_history_months)
        .unwrap_or(24);
        let upload_limit_mb = whole_number(
            var("KONTOR_UPLOAD_LIMIT_MB"),
            "KONTOR_UPLOAD_LIMIT_MB",
            1..=u64::MAX,
            "a whole number of megabytes above 0",
        )?
        .or(file.upload_limit_mb)
        .unwrap_or(512);
        let extra_holidays = var("KONTOR_HOLIDAYS").or(file.holidays).unwrap_or_default();
        let holidays =
            Holidays::parse_extra(&extra_holidays).map_err(|entry| ConfigError::Invalid {
                key: "KONTOR_HOLIDAYS",
                message: format!("{entry:?} is not a date (2026-12-24 or 24.12.2026)"),
            })?;
        let reopen_days = whole_number(
            var("KONTOR_REOPEN_DAYS"),
            "KONTOR_REOPEN_DAYS",
            1..=365,
            "a whole number of days from 1 to 365",
        )?
        .or(file.reopen_days)
        .unwrap_or(14);
        let nps_survey_day = whole_number(
            var("KONTOR_NPS_SURVEY_DAY"),
            "KONTOR_NPS_SURVEY_DAY",
            0..=LAST_START_DAY,
            "a day of the quarter from 1 to 90, or 0 for no survey",
        )?
        .or(file.nps_survey_day)
        .unwrap_or(DEFAULT_START_DAY);
        let trusted_proxies = parse_proxies(
            &var("KONTOR_TRUSTED_PROXIES")
                .or(file.trusted_proxies)
                .unwrap_or_default(),
        )?;
        let request_timeout_secs = whole_number(
            var("KONTOR_REQUEST_TIMEOUT_SECS"),
            "KONTOR_REQUEST_TIMEOUT_SECS",
            1..=3600,
            "a whole number of seconds from 1 to 3600",
        )?
        .or(file.request_timeout_secs)
        .unwrap_or(30);
        let api_requests_per_minute = whole_number(
            var("KONTOR_API_RATE_PER_MINUTE"),
            "KONTOR_API_RATE_PER_MINUTE",
            1..=1_000_000,
            "a whole number of requests from 1 to 1000000",
        )?
        .or(file.api_rate_per_minute)
        .unwrap_or(600);
        let database_pool = kontor_store::PoolSettings {
            max_connections: whole_number(
                var("KONTOR_DB_MAX_CONNECTIONS"),
                "KONTOR_DB_MAX_CONNECTIONS",
                1..=1000,
                "a whole number of connections from 1 to 1000",
            )?
            .or(file.db_max_connections),
            sqlite_cache_kib: whole_number(
                var("KONTOR_SQLITE_CACHE_KIB"),
                "KONTOR_SQLITE_CACHE_KIB",
                64..=1_048_576,
                "a whole number of KiB from 64 to 1048576",
            )?
            .or(file.sqlite_cache_kib),
        };
        let webhook_disable_after_hours = whole_number(
            var("KONTOR_WEBHOOK_DISABLE_AFTER_HOURS"),
            "KONTOR_WEBHOOK_DISABLE_AFTER_HOURS",
            1..=8760,
            "a whole number of hours from 1 to 8760",
        )?
        .or(file.webhook_disable_after_hours)
        .unwrap_or(72);
        let webhook_allow_private = match var("KONTOR_WEBHOOK_ALLOW_PRIVATE").as_deref() {
            Some("1" | "true") => true,
            Some("0" | "false" | "") => false,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    key: "KONTOR_WEBHOOK_ALLOW_PRIVATE",
                    message: format!("{other:?} is not 1 or 0"),
                });
            }
            None => file.webhook_allow_private.unwrap_or(false),
        };
        Ok(Config {
            webhooks: kontor_app::services::webhooks::WebhookSettings {
                allow_private: webhook_allow_private,
                disable_after_ms: i64::from(webhook_disable_after_hours) * 3_600_000,
            },
            api_requests_per_minute,
            metrics_addr,
            database_pool,
            trusted_proxies,
            request_timeout: std::time::Duration::from_secs(request_timeout_secs),
            secret_key: var("KONTOR_SECRET_KEY").map(Secret).or(file.secret_key),
            service: ServiceSettings {
                holidays: Holidays::german(holidays),
                reopen_days,
                relationship_survey: match nps_survey_day {
                    0 => SurveySchedule::Off,
                    day => SurveySchedule::FromDay(day),
                },
            },
            files_url: var("KONTOR_FILES_URL")
                .or(file.files_url)
                .unwrap_or_else(|| "data/files".into()),
            upload_limit_bytes: upload_limit_mb * 1024 * 1024,
            database_url: var("DATABASE_URL")
                .or(file.database_url)
                .unwrap_or_else(|| "sqlite://data/kontor.db?mode=rwc".into()),
            site_addr,
            public_url,
            mail,
            mail_from,
            vendor_inbox,
            demo,
            demo_password: var("KONTOR_DEMO_PASSWORD")
                .map(Secret)
                .or(file.demo_password),
            demo_history_months,
            log_format: var("KONTOR_LOG_FORMAT")
                .or(file.log_format)
                .unwrap_or_else(|| "text".into()),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
        })
    }
}

impl Config {
    /// Served over HTTPS: a production deployment (secure `__Host-` cookie; the
    /// secret key must be configured).
    pub fn serves_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// A whole number from an environment variable, within `range`; `None` when unset.
fn whole_number<T>(
    text: Option<String>,
    key: &'static str,
    range: std::ops::RangeInclusive<T>,
    expected: &str,
) -> Result<Option<T>, ConfigError>
where
    T: std::str::FromStr + PartialOrd,
{
    text.map(|text| {
        text.trim()
            .parse()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| ConfigError::Invalid {
                key,
                message: expected.into(),
            })
    })
    .transpose()
}

/// `10.0.0.0/8, 192.0.2.7` → networks; a bare address is a network of one.
fn parse_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    text.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError::Invalid {
                    key: "KONTOR_TRUSTED_PROXIES",
                    message: format!("{entry:?} is neither a CIDR (10.0.0.0/8) nor an address"),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::load(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_the_embedded_development_setup() {
        let config = load(&[("KONTOR_CONFIG", "/dev/null")]).unwrap();
        assert_eq!(config.database_url, "sqlite://data/kontor.db?mode=rwc");
        assert_eq!(config.mail, MailTransport::Files("data/mail".into()));
        assert!(!config.demo);
        assert_eq!(config.files_url, "data/files");
        assert_eq!(config.upload_limit_bytes, 512 * 1024 * 1024);
    }

    #[test]
    fn secrets_are_never_printed() {
        let config = load(&[
            ("KONTOR_CONFIG", "/dev/null"),
            ("KONTOR_SMTP_URL", "smtp://kontor:hunter2@mail.example:587"),
            ("KONTOR_DEMO_PASSWORD", "sesame-open"),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains("sesame-open"),
            "{printed}"
        );
    }

    #[test]
    fn the_file_is_read_and_the_environment_wins() {
        let dir = std::env::temp_dir().join(format!("kontor-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("kontor.toml");
        std::fs::write(&path, "public_url = \"https://portal.example/\"\nvendor_inbox = \"vera@nordhydraulik.example\"\ndemo = true\n").unwrap();
        let config = load(&[
            ("KONTOR_CONFIG", path.to_str().unwrap()),
            ("KONTOR_DEMO", "0"),
        ])
        .unwrap();
        assert_eq!(config.public_url, "https://portal.example");
        assert_eq!(config.vendor_inbox, "vera@nordhydraulik.example");
        assert!(!config.demo, "environment overrides the file");
        std::fs::write(&path, "smtp = \"typo\"\n").unwrap();
        assert!(matches!(
            load(&[("KONTOR_CONFIG", path.to_str().unwrap())]),
            Err(ConfigError::Parse { .. })
        ));
    }

    #[test]
    fn bad_values_are_refused_by_name() {
        let error = load(&[
            ("KONTOR_CONFIG", "/dev/null"),
            ("LEPTOS_SITE_ADDR", "localhost"),
        ])
        .unwrap_err();
        assert!(error.to_string().starts_with("LEPTOS_SITE_ADDR"), "{error}");
    }

    #[test]
    fn the_relationship_survey_day_is_a_day_of_the_quarter_or_off() {
        let schedule = |day: &str| {
            load(&[
                ("KONTOR_CONFIG", "/dev/null"),
                ("KONTOR_NPS_SURVEY_DAY", day),
            ])
            .map(|c| c.service.relationship_survey)
        };
        assert_eq!(
            load(&[("KONTOR_CONFIG", "/dev/null")])
                .unwrap()
                .service
                .relationship_survey,
            SurveySchedule::FromDay(DEFAULT_START_DAY)
        );
        assert_eq!(schedule("1").unwrap(), SurveySchedule::FromDay(1));
        assert_eq!(schedule("0").unwrap(), SurveySchedule::Off);
        for bad in ["91", "-1", "soon"] {
            let error = schedule(bad).unwrap_err();
            assert!(
                error.to_string().starts_with("KONTOR_NPS_SURVEY_DAY"),
                "{error}"
            );
        }
    }

    #[test]
    fn the_database_pool_is_sized_by_the_operator() {
        let pool = |pairs: &[(&str, &str)]| {
            let mut all = vec![("KONTOR_CONFIG", "/dev/null")];
            all.extend_from_slice(pairs);
            load(&all).map(|c| c.database_pool)
        };
        assert_eq!(pool(&[]).unwrap(), kontor_store::PoolSettings::default());
        assert_eq!(
            pool(&[
                ("KONTOR_DB_MAX_CONNECTIONS", "4"),
                ("KONTOR_SQLITE_CACHE_KIB", "1024")
            ])
            .unwrap(),
            kontor_store::PoolSettings {
                max_connections: Some(4),
                sqlite_cache_kib: Some(1024),
            }
        );
        for (key, bad) in [
            ("KONTOR_DB_MAX_CONNECTIONS", "0"),
            ("KONTOR_DB_MAX_CONNECTIONS", "many"),
            ("KONTOR_SQLITE_CACHE_KIB", "10"),
            ("KONTOR_SQLITE_CACHE_KIB", "-2000"),
        ] {
            let error = pool(&[(key, bad)]).unwrap_err();
            assert!(error.to_string().starts_with(key), "{error}");
        }
    }

    #[test]
    fn the_upload_limit_is_whole_megabytes() {
        let config = load(&[
            ("KONTOR_CONFIG", "/dev/null"),
            ("KONTOR_UPLOAD_LIMIT_MB", "2048"),
            ("KONTOR_FILES_URL", "s3://kontor-documents"),
        ])
        .unwrap();
        assert_eq!(config.upload_limit_bytes, 2048 * 1024 * 1024);
        assert_eq!(config.files_url, "s3://kontor-documents");
        for bad in ["0", "-1", "lots", "1.5"] {
            let error = load(&[
                ("KONTOR_CONFIG", "/dev/null"),
                ("KONTOR_UPLOAD_LIMIT_MB", bad),
            ])
            .unwrap_err();
            assert!(
                error.to_string().starts_with("KONTOR_UPLOAD_LIMIT_MB"),
                "{error}"
            );
        }
    }
}
