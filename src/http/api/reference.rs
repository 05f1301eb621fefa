//! The API's reference page (`/api/v1/reference`): the OpenAPI document rendered once,
//! at start-up, as plain HTML — every operation with its scope, parameters, body and
//! answers, and every schema. No script and nothing fetched from elsewhere, so it
//! works offline and under a CSP that allows only its own stylesheet (by hash).
//!
//! Hand-written rather than an embedded Swagger UI or Redoc: those are megabytes of
//! JavaScript that need `script-src` and, for most builds, a CDN.

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;\
padding:1rem;color:#1a1a1a}h1,h2,h3{line-height:1.2}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}\
section.op{border:1px solid #ddd;border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}\
code,.path{font-family:ui-monospace,monospace;font-size:.92em}.method{font-weight:700;\
text-transform:uppercase;margin-right:.5rem}table{border-collapse:collapse;width:100%;\
margin:.5rem 0}th,td{text-align:left;vertical-align:top;border-bottom:1px solid #eee;\
padding:.25rem .5rem}.scope{background:#eef;border-radius:4px;padding:0 .3rem}\
nav ul{columns:2}@media (max-width:40rem){nav ul{columns:1}}";

/// The page and the CSP that goes with it.
pub struct ReferencePage {
    pub html: String,
    pub csp: String,
}

/// Renders the document (as JSON) into the page.
pub fn render(doc: &Value) -> ReferencePage {
    let mut html = String::with_capacity(64 * 1024);
    let title = text(&doc["info"]["title"]);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} reference</title><style>{STYLE}</style></head><body>\
         <h1>{t} v{v}</h1><p>{d}</p><p>Machine-readable: <a href=\"/api/v1/openapi.json\">\
         /api/v1/openapi.json</a> (OpenAPI 3.1).</p>",
        t = escape(&title),
        v = escape(&text(&doc["info"]["version"])),
        d = escape(&text(&doc["info"]["description"])),
    );
    let operations = operations(doc);
    html.push_str("<nav><h2>Operations</h2><ul>");
    for op in &operations {
        let _ = write!(
            html,
            "<li><a href=\"#{a}\"><span class=\"method\">{m}</span><span class=\"path\">{p}</span></a></li>",
            a = op.anchor(),
            m = op.method,
            p = escape(&op.path)
        );
    }
    html.push_str("</ul></nav>");
    let mut tag = String::new();
    for op in &operations {
        if op.tag != tag {
            tag = op.tag.clone();
            let _ = write!(html, "<h2>{}</h2>", escape(&tag));
        }
        operation(&mut html, op);
    }
    html.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<section id=\"schema-{n}\"><h3>{n}</h3>",
                n = escape(name)
            );
            schema_table(&mut html, schema);
            html.push_str("</section>");
        }
    }
    html.push_str("</body></html>");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    ReferencePage {
        html,
        csp: format!(
            "default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'none'"
        ),
    }
}

struct Operation<'a> {
    tag: String,
    method: &'static str,
    path: String,
    body: &'a Value,
}

impl Operation<'_> {
    fn anchor(&self) -> String {
        let path: String = self
            .path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{}{path}", self.method)
    }
}

/// Every operation, grouped by its first tag (in the document's tag order).
fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let tags: Vec<String> = doc["tags"]
        .as_array()
        .map(|t| t.iter().map(|t| text(&t["name"])).collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                let body = &item[method];
                if body.is_object() {
                    found.push(Operation {
                        tag: text(&body["tags"][0]),
                        method,
                        path: path.clone(),
                        body,
                    });
                }
            }
        }
    }
    let rank = |tag: &str| tags.iter().position(|t| t == tag).unwrap_or(usize::MAX);
    found.sort_by(|a, b| (rank(&a.tag), &a.path, a.method).cmp(&(rank(&b.tag), &b.path, b.method)));
    found
}

fn operation(html: &mut String, op: &Operation<'_>) {
    let body = op.body;
    let _ = write!(
        html,
        "<section class=\"op\" id=\"{a}\"><h3><span class=\"method\">{m}</span>\
         <span class=\"path\">{p}</span></h3>",
        a = op.anchor(),
        m = op.method,
        p = escape(&op.path)
    );
    for key in ["summary", "description"] {
        if let Some(t) = body[key].as_str() {
            let _ = write!(html, "<p>{}</p>", escape(t));
        }
    }
    let scopes: Vec<String> = body["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["bearer"].as_array())
        .flatten()
        .map(text)
        .collect();
    if !scopes.is_empty() {
        html.push_str("<p>Scope: ");
        for s in scopes {
            let _ = write!(html, "<code class=\"scope\">{}</code> ", escape(&s));
        }
        html.push_str("</p>");
    }
    if let Some(params) = body["parameters"].as_array().filter(|p| !p.is_empty()) {
        html.push_str("<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>");
        for p in params {
            let _ = write!(
                html,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&text(&p["name"])),
                if p["required"] == true { " *" } else { "" },
                escape(&text(&p["in"])),
                escape(&text(&p["description"]))
            );
        }
        html.push_str("</table>");
    }
    if let Some(content) = body["requestBody"]["content"].as_object() {
        for (media, media_body) in content {
            let _ = write!(
                html,
                "<p>Body (<code>{}</code>): {}</p>",
                escape(media),
                schema_link(&media_body["schema"])
            );
        }
    }
    if let Some(responses) = body["responses"].as_object() {
        html.push_str("<table><tr><th>Answer</th><th>Meaning</th><th>Body</th></tr>");
        for (status, response) in responses {
            let schema = response["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|m| schema_link(&m["schema"]))
                .unwrap_or_default();
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{schema}</td></tr>",
                escape(status),
                escape(&text(&response["description"]))
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</section>");
}

/// A schema as a link to its section (`$ref`), or its type.
fn schema_link(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return format!(
            "<a href=\"#schema-{n}\"><code>{n}</code></a>",
            n = escape(name)
        );
    }
    if schema["type"] == "array" {
        return format!("array of {}", schema_link(&schema["items"]));
    }
    format!("<code>{}</code>", escape(&type_of(schema)))
}

fn type_of(schema: &Value) -> String {
    match &schema["type"] {
        Value::String(t) => match schema["format"].as_str() {
            Some(f) => format!("{t} ({f})"),
            None => t.clone(),
        },
        Value::Array(types) => types.iter().map(text).collect::<Vec<_>>().join(" | "),
        _ if schema["oneOf"].is_array() || schema["anyOf"].is_array() => "one of several".into(),
        _ => "object".into(),
    }
}

fn schema_table(html: &mut String, schema: &Value) {
    if let Some(t) = schema["description"].as_str() {
        let _ = write!(html, "<p>{}</p>", escape(t));
    }
    if let Some(values) = schema["enum"].as_array() {
        let list: Vec<String> = values.iter().map(|v| escape(&text(v))).collect();
        let _ = write!(
            html,
            "<p>One of: <code>{}</code></p>",
            list.join("</code>, <code>")
        );
    }
    let Some(properties) = schema["properties"].as_object() else {
        return;
    };
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    html.push_str("<table><tr><th>Field</th><th>Type</th><th>Description</th></tr>");
    for (name, property) in properties {
        // Optional fields are `oneOf [null, X]` or `type: [X, null]` in OpenAPI 3.1.
        let shown = property["oneOf"]
            .as_array()
            .and_then(|alts| alts.iter().find(|a| a["type"] != "null"))
            .unwrap_or(property);
        let _ = write!(
            html,
            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            if required.contains(name) { " *" } else { "" },
            schema_link(shown),
            escape(&text(&property["description"]))
        );
    }
    html.push_str("</table><p>* required</p>");
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_the_style_is_allowed_by_its_hash() {
        let doc = serde_json::json!({
            "info": { "title": "T<script>", "version": "1", "description": "a & b" },
            "paths": {}, "tags": []
        });
        let page = render(&doc);
        assert!(page.html.contains("T&lt;script&gt;"));
        assert!(!page.html.contains("<script"));
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
        assert!(page.csp.contains(&format!("'sha256-{hash}'")));
        assert!(!page.csp.contains("unsafe"));
    }
}
