//! `kontor api-client …`: API clients for automation and first set-up, through the
//! same service functions the vendor admins' pages use (the operator at the server's
//! command line is the actor; the audit trail says so).

use crate::config::Config;
use kontor_app::services::integration::{self, CreateOutcome, NewClient};
use kontor_app::services::{Actor, ServiceError};
use kontor_store::Store;
use std::sync::Arc;

pub const API_CLIENT_USAGE: &str = "usage:
  kontor api-client create --name NAME --scopes SCOPE[,SCOPE…] [--customers ID[,ID…]] [--expires-in-days N]
  kontor api-client list
  kontor api-client rotate ID      (a new token, printed once; the old one stops working)
  kontor api-client revoke ID

Scopes: catalog:read catalog:write prices:write customers:read customers:write
        orders:read orders:write documents:write service:read webhooks:write
The token is printed once, on standard output; only its hash is stored.";

/// Runs `kontor api-client <args>`; the text to print on success.
pub async fn api_client(mut config: Config, args: &[String]) -> anyhow::Result<String> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("{API_CLIENT_USAGE}"))?;
    crate::secret_key::resolve(&mut config)?;
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    let files = crate::open_files(&config)?;
    let context = crate::server_context(&config, store.clone(), files, Arc::default());
    let actor = Actor::Operator;
    let result = match command.as_str() {
        "create" => create(&context, &actor, rest).await,
        "list" => list(&context, &actor).await,
        "rotate" => match rest {
            [id] => match integration::rotate(&context, &actor, id).await {
                Ok(token) => Ok(token.expose().to_string()),
                Err(ServiceError::NotFound) => Err(anyhow::anyhow!("no live API client {id}")),
                Err(e) => Err(anyhow::anyhow!("{e}")),
            },
            _ => Err(anyhow::anyhow!("{API_CLIENT_USAGE}")),
        },
        "revoke" => match rest {
            [id] => match integration::revoke(&context, &actor, id).await {
                Ok(true) => Ok(format!("revoked {id}")),
                Ok(false) => Ok(format!("{id} was revoked already")),
                Err(ServiceError::NotFound) => Err(anyhow::anyhow!("no API client {id}")),
                Err(e) => Err(anyhow::anyhow!("{e}")),
            },
            _ => Err(anyhow::anyhow!("{API_CLIENT_USAGE}")),
        },
        _ => Err(anyhow::anyhow!("{API_CLIENT_USAGE}")),
    };
    store.close().await;
    result
}

fn flags(args: &[String]) -> anyhow::Result<Vec<(&str, &str)>> {
    let mut found = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let Some(name) = flag.strip_prefix("--") else {
            anyhow::bail!("unexpected {flag:?}\n\n{API_CLIENT_USAGE}");
        };
        let value = rest
            .next()
            .ok_or_else(|| anyhow::anyhow!("--{name} needs a value"))?;
        found.push((name, value.as_str()));
    }
    Ok(found)
}

async fn create(
    context: &kontor_app::server::ServerContext,
    actor: &Actor,
    args: &[String],
) -> anyhow::Result<String> {
    let mut input = NewClient::default();
    for (name, value) in flags(args)? {
        match name {
            "name" => input.name = value.to_string(),
            "scopes" => input.scopes = value.to_string(),
            "customers" => input.customers = value.split(',').map(str::to_string).collect(),
            "expires-in-days" => input.expires_in_days = value.to_string(),
            other => anyhow::bail!("unknown option --{other}\n\n{API_CLIENT_USAGE}"),
        }
    }
    match integration::create(context, actor, input)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        CreateOutcome::Created { client, token } => Ok(format!(
            "API client {} created ({}; scopes {}).\nToken (shown only now):\n{}",
            client.id,
            client.name,
            client.scopes,
            token.expose()
        )),
        CreateOutcome::Invalid(problems) => {
            let list: Vec<String> = problems
                .0
                .iter()
                .map(|(field, problem)| format!("--{field}: {problem:?}"))
                .collect();
            anyhow::bail!("not created: {}", list.join(", "))
        }
    }
}

async fn list(
    context: &kontor_app::server::ServerContext,
    actor: &Actor,
) -> anyhow::Result<String> {
    let clients = integration::list(context, actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = String::from("id\tname\ttoken\tscopes\tcustomers\tstatus\tlast used\n");
    for c in clients {
        let status = match (c.revoked_at, c.expires_at) {
            (Some(_), _) => "revoked".to_string(),
            (None, Some(at)) if at <= context.now() => "expired".to_string(),
            (None, Some(at)) => format!("expires {}", crate::http::api::rfc3339(at)),
            (None, None) => "active".to_string(),
        };
        out.push_str(&format!(
            "{}\t{}\t{}…\t{}\t{}\t{}\t{}\n",
            c.id,
            c.name,
            c.token_hint,
            c.scopes,
            c.customers.as_deref().unwrap_or("all"),
            status,
            c.last_used_at
                .map_or_else(|| "never".into(), crate::http::api::rfc3339)
        ));
    }
    Ok(out)
}
