//! The documents area (search by words, kind and product; keyset pages), one
//! document with its versions and downloads, the upload forms of vendor staff, and
//! the document lists on a product's and an order's page.

use crate::AppError;
use crate::address::encode;
use crate::api::documents::{
    DocumentDetail, DocumentRow, UploadChoices, UploadOutcome, get_document, list_documents,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::session::{LoadProblem, LoadRefused};
use crate::sync_html::SyncHtml;
use kontor_domain::Locale;
use kontor_domain::documents::{DocumentKind, TITLE_MAX};
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn title(i18n: I18n, row: &DocumentRow) -> String {
    match i18n.locale.get() {
        Locale::De => row.title_de.clone(),
        Locale::En => row.title_en.clone(),
    }
}

fn product_name(i18n: I18n, row: &DocumentRow) -> Option<String> {
    let name = match i18n.locale.get() {
        Locale::De => row.product_de.clone(),
        Locale::En => row.product_en.clone(),
    };
    Some(format!(
        "{} {}",
        row.product_sku.clone()?,
        name.unwrap_or_default()
    ))
}

/// Who sees a document: the customer's name (for vendor staff), "your organization
/// only" or "all customers".
fn audience(i18n: I18n, row: &DocumentRow) -> String {
    match (&row.customer, row.restricted) {
        (Some(name), _) => name.clone(),
        (None, true) => i18n.d().your_organization.to_string(),
        (None, false) => i18n.d().all_customers.to_string(),
    }
}

fn documents_href(q: &str, kind: &str, product: &str, before: Option<&str>) -> String {
    let params: Vec<String> = [("q", q), ("kind", kind), ("product", product)]
        .into_iter()
        .chain(before.map(|b| ("before", b)))
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if params.is_empty() {
        "/documents".into()
    } else {
        format!("/documents?{}", params.join("&"))
    }
}

/// A download link: plain HTTP (streamed, resumable), not a client-side route.
#[component]
fn DownloadLink(href: String, file_name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="button download" href=href rel="external" download=file_name.clone()
            aria-label=move || format!("{} {}", i18n.d().download, file_name)>
            {move || i18n.d().download}
        </a>
    }
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &'static str| move || query.read().get(name).unwrap_or_default();
    let (q, kind, product, before) = (param("q"), param("kind"), param("product"), param("before"));
    let page = Resource::new(
        move || (q(), kind(), product(), before()),
        |(q, kind, product, before)| list_documents(q, kind, product, String::new(), before),
    );
    view! {
        <PageTitle text=move || i18n.d().title />
        <h1>{move || i18n.d().title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let list = match page.await {
                    Ok(list) => list,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let (q, kind, product) = (q(), kind(), product());
                let next = list.next.as_deref().map(|b| documents_href(&q, &kind, &product, Some(b)));
                let first = (!before().is_empty()).then(|| documents_href(&q, &kind, &product, None));
                let staff = list.staff;
                let selected = kind.clone();
                // Nothing below waits: rendered in one pass (see `SyncHtml`).
                SyncHtml(view! {
                    <p class="lead">{move || if staff { i18n.d().lead_staff } else { i18n.d().lead_customer }}</p>
                    {list.upload.map(|choices| view! { <NewDocumentForm choices /> })}
                    <form method="get" action="/documents" class="search-bar" role="search">
                        <label for="q">{move || i18n.d().search}</label>
                        <input id="q" name="q" type="search" value=q.clone() maxlength="200" />
                        <label for="kind">{move || i18n.d().kind}</label>
                        <select id="kind" name="kind">
                            <option value="">{move || i18n.d().all_kinds}</option>
                            {DocumentKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=k.as_str() == selected>{move || i18n.d().kind(k)}</option>
                            }).collect_view()}
                        </select>
                        <label for="product">{move || i18n.d().product_sku}</label>
                        <input id="product" name="product" type="search" value=product.clone() maxlength="64" />
                        <button type="submit" class="button">{move || i18n.d().search_submit}</button>
                    </form>
                    <DocumentTable rows=list.rows staff />
                    <nav class="pager">
                        {first.map(|href| view! { <A href=href>{move || i18n.d().newest}</A> })}
                        {next.map(|href| view! { <A href=href attr:rel="next">{move || i18n.d().older}</A> })}
                    </nav>
                }).into_any()
            }))}
        </Transition>
    }
}

#[component]
fn DocumentTable(rows: Vec<DocumentRow>, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="documents">
                <thead><tr>
                    <th scope="col">{move || i18n.d().col_title}</th>
                    <th scope="col">{move || i18n.d().kind}</th>
                    <th scope="col">{move || i18n.d().col_product}</th>
                    <th scope="col">{move || i18n.d().col_for}</th>
                    <th scope="col">{move || i18n.d().col_file}</th>
                    <th scope="col">{move || i18n.d().col_updated}</th>
                    {staff.then(|| view! { <th scope="col" class="num">{move || i18n.d().col_downloads}</th> })}
                    <th scope="col"><span class="visually-hidden">{move || i18n.d().download}</span></th>
                </tr></thead>
                <tbody>
                    {rows.is_empty().then(|| view! { <tr><td colspan="8" data-empty="documents">{move || i18n.d().empty}</td></tr> })}
                    {rows.into_iter().map(|row| {
                        let label = { let row = row.clone(); move || title(i18n, &row) };
                        let product = { let row = row.clone(); move || product_name(i18n, &row).unwrap_or_else(|| "—".into()) };
                        let audience = { let row = row.clone(); move || audience(i18n, &row) };
                        let order = row.order_number;
                        let kind = row.kind;
                        view! {
                            <tr data-document=row.id.clone() data-kind=kind.as_str()>
                                <td data-label=move || i18n.d().col_title>
                                    <A href=format!("/documents/{}", row.id)>{label}</A>
                                    {order.map(|n| view! { <small>" · "{move || i18n.d().order_label}" "{move || i18n.o().number(n)}</small> })}
                                </td>
                                <td data-label=move || i18n.d().kind>{move || i18n.d().kind(kind)}</td>
                                <td data-label=move || i18n.d().col_product>{product}</td>
                                <td data-label=move || i18n.d().col_for>{audience}</td>
                                <td data-label=move || i18n.d().col_file>{row.file_name.clone()}" ("{move || i18n.d().size(row.size_bytes)}")"</td>
                                <td data-label=move || i18n.d().col_updated>{move || i18n.c().instant(row.updated_at)}</td>
                                {row.downloads.map(|n| view! { <td class="num" data-label=move || i18n.d().col_downloads>{n}</td> })}
                                <td><DownloadLink href=format!("/files/{}", row.id) file_name=row.file_name.clone() /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn DocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, get_document);
    view! {
        <p><A href="/documents">{move || i18n.d().back}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <DocumentView d /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn DocumentView(d: DocumentDetail) -> impl IntoView {
    let i18n = use_i18n();
    let row = d.document.clone();
    let label = {
        let row = row.clone();
        move || title(i18n, &row)
    };
    let product = {
        let row = row.clone();
        move || product_name(i18n, &row)
    };
    let kind = row.kind;
    view! {
        <PageTitle text=label.clone() />
        <h1>{label}</h1>
        {view! { <section class="panel document" data-document=row.id.clone()>
            <dl class="facts">
                <dt>{move || i18n.d().kind}</dt><dd>{move || i18n.d().kind(kind)}</dd>
                {row.product_sku.clone().map(|sku| view! {
                    <dt>{move || i18n.d().col_product}</dt>
                    <dd><A href=format!("/catalog/{}", encode(&sku))>{product.clone()}</A></dd>
                })}
                {row.order_id.clone().zip(row.order_number).map(|(id, n)| view! {
                    <dt>{move || i18n.d().order_label}</dt>
                    <dd><A href=format!("/orders/{id}")>{move || i18n.o().number(n)}</A></dd>
                })}
                <dt>{move || i18n.d().col_for}</dt>
                <dd>{ let row = row.clone(); move || audience(i18n, &row) }</dd>
            </dl>
            <DownloadLink href=format!("/files/{}", row.id) file_name=row.file_name.clone() />
        </section> }.into_any()}
        {view! { <section class="panel">
            <h2>{move || i18n.d().versions}</h2>
            <div class="table-wrap" tabindex="0"><table class="versions">
                <thead><tr>
                    <th scope="col">{move || i18n.d().versions}</th>
                    <th scope="col">{move || i18n.d().col_file}</th>
                    <th scope="col">{move || i18n.d().col_updated}</th>
                    {d.by_customer.is_some().then(|| view! {
                        <th scope="col">{move || i18n.d().uploaded_by}</th>
                        <th scope="col" class="num">{move || i18n.d().col_downloads}</th>
                    })}
                    <th scope="col">{move || i18n.d().checksum}</th>
                    <th scope="col"><span class="visually-hidden">{move || i18n.d().download}</span></th>
                </tr></thead>
                <tbody>
                    {d.versions.into_iter().map(|v| {
                        let current = v.version == row.version;
                        view! {
                            <tr data-version=v.version>
                                <td data-label=move || i18n.d().versions>
                                    {move || i18n.d().version.replace("{version}", &v.version.to_string())}
                                    {current.then(|| view! { <small>" ("{move || i18n.d().current}")"</small> })}
                                </td>
                                <td data-label=move || i18n.d().col_file>{v.file_name.clone()}" ("{move || i18n.d().size(v.size_bytes)}")"</td>
                                <td data-label=move || i18n.d().col_updated>{move || i18n.c().instant(v.uploaded_at)}</td>
                                {v.downloads.map(|n| view! {
                                    <td data-label=move || i18n.d().uploaded_by>{v.uploaded_by.clone()}</td>
                                    <td class="num" data-label=move || i18n.d().col_downloads>{n}</td>
                                })}
                                <td class="checksum" data-label=move || i18n.d().checksum><code>{v.sha256.chars().take(12).collect::<String>()}"…"</code></td>
                                <td><DownloadLink href=format!("/files/versions/{}", v.id) file_name=v.file_name.clone() /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section> }.into_any()}
        {d.by_customer.map(|counts| view! {
            <section class="panel">
                <h2>{move || i18n.d().downloads_title}</h2>
                {counts.is_empty().then(|| view! { <p>{move || i18n.d().downloads_none}</p> })}
                <ul class="download-counts">
                    {counts.into_iter().map(|c| view! {
                        <li data-organization=c.name.clone()>
                            <strong>{c.name.clone()}</strong>": "{c.downloads}
                            " · "{move || i18n.d().last_download}" "{move || i18n.c().instant(c.last_at)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }.into_any())}
        {d.for_prospects.map(|offered| view! { <ProspectOffer document_id=row.id.clone() offered /> })}
        {d.can_replace.then(|| view! { <ReplaceForm document_id=row.id.clone() max_mb=d.max_mb /> }.into_any())}
    }
}

/// The vendor admin's switch: offer a technical document to registered prospects
/// (the technical downloads), or stop.
#[component]
fn ProspectOffer(document_id: String, offered: bool) -> impl IntoView {
    use crate::api::leads::OfferToProspects;
    let i18n = use_i18n();
    let action = ServerAction::<OfferToProspects>::new();
    let now = move || match action.value().get() {
        Some(Ok(state)) => state,
        _ => offered,
    };
    view! {
        <section class="panel" data-prospects=move || if now() { "offered" } else { "not-offered" }>
            {move || now().then(|| view! { <p>{move || i18n.l().offered_to_prospects}</p> })}
            <ActionForm action attr:class="inline-actions">
                <input type="hidden" name="document_id" value=document_id />
                <input type="hidden" name="offered" value=move || if now() { "0" } else { "1" } />
                <button type="submit" class="button secondary" disabled=move || action.pending().get()>
                    {move || if now() { i18n.l().withdraw_from_prospects } else { i18n.l().offer_to_prospects }}
                </button>
            </ActionForm>
        </section>
    }
}

/// An upload form's answer. The upload forms are plain multipart posts (the file
/// streams up); the server answers with the outcome in the address.
type UploadAnswer = Signal<Option<Result<UploadOutcome, AppError>>>;

fn upload_answer() -> UploadAnswer {
    crate::plain_form::answer_signal::<crate::api::documents::UploadDocument>()
}

fn problems_of(value: Option<Result<UploadOutcome, AppError>>) -> FormProblems {
    match value {
        Some(Ok(UploadOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

#[component]
fn UploadStatus(answer: UploadAnswer) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match answer.get()? {
        Ok(UploadOutcome::Stored { version, .. }) => Some(view! {
            <p class="success" role="status">{move || i18n.d().uploaded.replace("{version}", &version.to_string())}</p>
        }.into_any()),
        Ok(UploadOutcome::Invalid(_)) => Some(view! { <p class="field-error" role="alert">{move || i18n.d().fix_fields}</p> }.into_any()),
        Err(_) => Some(view! { <p class="field-error" role="alert">{move || i18n.d().failed}</p> }.into_any()),
    }
    }
}

#[component]
fn FileInput(answer: UploadAnswer, max_mb: u64) -> impl IntoView {
    let i18n = use_i18n();
    let problem = Signal::derive(move || problems_of(answer.get()).get("file"));
    view! {
        <label for="file">{move || i18n.d().file}</label>
        <small class="hint">{move || i18n.d().file_hint.replace("{max}", &max_mb.to_string())}</small>
        <input id="file" name="file" type="file" required=true
            aria-invalid=move || problem.get().is_some().to_string() aria-describedby="file-error" />
        <FieldMessage problem id="file-error".to_string() />
    }
}

#[component]
fn NewDocumentForm(choices: UploadChoices) -> impl IntoView {
    let i18n = use_i18n();
    let answer = upload_answer();
    let field =
        move |name: &'static str| Signal::derive(move || problems_of(answer.get()).get(name));
    // A refused plain post comes back with what was typed (the file is chosen again).
    let kept = |name: &str| crate::plain_form::kept(name).unwrap_or_default();
    let refused = matches!(answer.get_untracked(), Some(Ok(UploadOutcome::Invalid(_))));
    let (kind, visibility) = (kept("kind"), kept("visibility"));
    view! {
        <details class="panel upload" open=refused>
            <summary><h2>{move || i18n.d().upload_title}</h2></summary>
            <form method="post" action="/api/upload_document" enctype="multipart/form-data">
                <TextField name="title_en" label=Signal::derive(move || i18n.d().title_en) problem=field("title_en") max_chars=TITLE_MAX required=true
                    value=kept("title_en") />
                <TextField name="title_de" label=Signal::derive(move || i18n.d().title_de) problem=field("title_de") max_chars=TITLE_MAX
                    hint=Signal::derive(move || i18n.d().title_de_hint) value=kept("title_de") />
                <label for="doc-kind">{move || i18n.d().kind}</label>
                <select id="doc-kind" name="kind" required=true>
                    {DocumentKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=k.as_str() == kind>{move || i18n.d().kind(k)}</option> }).collect_view()}
                </select>
                <FieldMessage problem=field("kind") id="kind-error".to_string() />
                <label for="visibility">{move || i18n.d().visibility}</label>
                <select id="visibility" name="visibility" required=true
                    aria-invalid=move || field("visibility").get().is_some().to_string() aria-describedby="visibility-error">
                    {choices.for_all.then(|| view! { <option value="all">{move || i18n.d().all_customers}</option> })}
                    {choices.customers.into_iter().map(|c| {
                        let chosen = c.id == visibility;
                        view! { <option value=c.id selected=chosen>{c.name}</option> }
                    }).collect_view()}
                </select>
                <FieldMessage problem=field("visibility") id="visibility-error".to_string() />
                <TextField name="product" label=Signal::derive(move || i18n.d().product_optional) problem=field("product") max_chars=64
                    value=kept("product") />
                <TextField name="order" label=Signal::derive(move || i18n.d().order_optional) problem=field("order") max_chars=12
                    value=kept("order") />
                <FileInput answer max_mb=choices.max_mb />
                <button type="submit" class="button primary">{move || i18n.d().upload_submit}</button>
                <UploadStatus answer />
            </form>
        </details>
    }
}

#[component]
fn ReplaceForm(document_id: String, max_mb: u64) -> impl IntoView {
    let i18n = use_i18n();
    let answer = upload_answer();
    view! {
        <section class="panel upload">
            <h2>{move || i18n.d().replace_title}</h2>
            <p class="note">{move || i18n.d().replace_hint}</p>
            <form method="post" action="/api/upload_document" enctype="multipart/form-data">
                <input type="hidden" name="document_id" value=document_id />
                <FileInput answer max_mb />
                <button type="submit" class="button primary">{move || i18n.d().replace_submit}</button>
                <UploadStatus answer />
            </form>
        </section>
    }
}

/// The documents of a product or an order (`key`: SKU, order id), for its page;
/// none for callers who may not see any (signed out, for instance). Created at the
/// page's top level: a resource made inside another's `Suspend` may outlive the
/// request's context on the server.
pub fn related_documents(
    key: impl Fn() -> (String, String) + Send + Sync + 'static,
) -> Resource<Vec<DocumentRow>> {
    let session = crate::session::use_session();
    Resource::new(
        move || (session.viewer.get().flatten().is_some(), key()),
        |(signed_in, (product, order))| async move {
            if !signed_in {
                return Vec::new();
            }
            list_documents(String::new(), String::new(), product, order, String::new())
                .await
                .map(|list| list.rows)
                .unwrap_or_default()
        },
    )
}

#[component]
pub fn RelatedDocuments(
    documents: Resource<Vec<DocumentRow>>,
    #[prop(optional)] for_order: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| ()>
            {suspended(move || Suspend::new(async move {
                let rows = documents.await;
                (!rows.is_empty()).then(|| view! {
                    <section class="panel related-documents">
                        <h2>{move || if for_order { i18n.d().order_documents } else { i18n.d().product_documents }}</h2>
                        <ul class="document-list">
                            {rows.into_iter().map(|row| {
                                let kind = row.kind;
                                let label = { let row = row.clone(); move || title(i18n, &row) };
                                view! {
                                    <li data-document=row.id.clone() data-kind=kind.as_str()>
                                        <A href=format!("/documents/{}", row.id)>{label}</A>
                                        " · "{move || i18n.d().kind(kind)}" · "{move || i18n.d().size(row.size_bytes)}" "
                                        <DownloadLink href=format!("/files/{}", row.id) file_name=row.file_name.clone() />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }))}
        </Transition>
    }
}
