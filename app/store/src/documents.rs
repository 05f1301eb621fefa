//! Documents, their versions and downloads. The files themselves live in object
//! storage (the server's business); this module holds what is known about them.
//!
//! Every read takes a [`Reader`]: who asks decides which rows exist at all. A
//! document of one customer is never a row for anyone else — not in a list, not by
//! its id, not by a version's id.

use crate::audit::{self, AuditEntry};
use crate::filter::Filter;
use crate::{Result, Store, new_id};
use kontor_domain::documents::{DocumentKind, Visibility};

/// Who reads, as far as documents go.
#[derive(Clone, Copy, Debug)]
pub enum Reader<'a> {
    /// A member of a customer organization. `all_orders`: may see every order of the
    /// organization (else only their own; documents of others' orders are hidden).
    Customer {
        organization_id: &'a str,
        user_id: &'a str,
        all_orders: bool,
    },
    /// Vendor staff who see every customer (admins, service agents).
    AllCustomers,
    /// An account manager: everyone's documents and those of their customers.
    AccountManager { user_id: &'a str },
    /// A registered prospect: documents for every customer that the vendor offers
    /// after registration, nothing else.
    Prospect,
}

/// Only rows `reader` may see. Conditions on `d` (documents) alone, so a page's
/// ids can be picked from one index before any row is joined.
fn visible_to<'a>(reader: Reader<'a>) -> Filter<'a> {
    let mut filter = Filter::default();
    match reader {
        Reader::Customer {
            organization_id,
            user_id,
            all_orders,
        } => {
            let org = filter.text(organization_id);
            let mut clause = format!("(d.organization_id IS NULL OR d.organization_id = {org})");
            if !all_orders {
                let user = filter.text(user_id);
                clause.push_str(&format!(
                    " AND (d.order_id IS NULL OR EXISTS (SELECT 1 FROM orders mine
                       WHERE mine.id = d.order_id AND mine.purchaser_id = {user}))"
                ));
            }
            filter.sql.push(clause);
        }
        Reader::AllCustomers => {}
        Reader::Prospect => filter
            .sql
            .push("(d.organization_id IS NULL AND d.for_prospects = 1)".into()),
        Reader::AccountManager { user_id } => {
            let user = filter.text(user_id);
            filter.sql.push(format!(
                "(d.organization_id IS NULL OR d.organization_id IN
                    (SELECT c.id FROM organizations c WHERE c.account_manager_id = {user}))"
            ));
        }
    }
    filter
}

/// A document as listed, with its newest version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: String,
    pub kind: DocumentKind,
    pub title_en: String,
    pub title_de: String,
    /// `None`: every customer.
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
    pub product_sku: Option<String>,
    pub product_name_en: Option<String>,
    pub product_name_de: Option<String>,
    pub order_id: Option<String>,
    pub order_number: Option<i64>,
    pub version_count: i64,
    pub updated_at: i64,
    pub current: VersionRecord,
    pub downloads: i64,
    /// Offered to registered prospects too (technical downloads).
    pub for_prospects: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRecord {
    pub id: String,
    pub document_id: String,
    pub version: i64,
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
    pub downloads: i64,
}

/// Which documents: every filter optional; newest first, by keyset.
#[derive(Clone, Debug, Default)]
pub struct DocumentQuery<'a> {
    pub kind: Option<DocumentKind>,
    pub product_sku: Option<&'a str>,
    pub order_id: Option<&'a str>,
    /// Lower-case words; each must occur in a title, the file name or the product.
    pub words: Vec<String>,
    /// Only one customer's own documents (vendor view of a customer).
    pub customer_id: Option<&'a str>,
    pub before: Option<(i64, &'a str)>,
    pub limit: i64,
}

/// A stored file, described.
#[derive(Clone, Debug)]
pub struct NewFile {
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// What a new document links to, found by [`Store::document_links`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    pub organization_id: Option<String>,
    pub product_id: Option<String>,
    pub order_id: Option<String>,
}

/// The uploader, as the history names them.
pub struct Uploader<'a> {
    pub user_id: &'a str,
    pub name: &'a str,
    /// Whose audit trail records it: the customer's, or the vendor's for documents of
    /// every customer.
    pub vendor_organization_id: &'a str,
    /// The mails that tell the customer's people, written with the document.
    pub tell: &'a [crate::outbox::NewMail],
}

/// Downloads of one document by one organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadCount {
    pub organization_id: String,
    pub organization_name: String,
    pub downloads: i64,
    pub last_at: i64,
}

const DOCUMENT_COLUMNS: &str = "d.id, d.kind, d.title_en, d.title_de, d.organization_id, o.name,
    p.sku, p.name_en, p.name_de, d.order_id, ord.number, d.version_count, d.updated_at,
    v.id, v.version, v.object_key, v.file_name, v.content_type, v.size_bytes, v.sha256,
    v.uploaded_by_name, v.uploaded_at,
    (SELECT COUNT(*) FROM document_downloads dd WHERE dd.document_id = d.id) AS downloads,
    d.for_prospects";

const DOCUMENT_JOINS: &str = "FROM documents d
    JOIN document_versions v ON v.id = d.current_version_id
    LEFT JOIN organizations o ON o.id = d.organization_id
    LEFT JOIN products p ON p.id = d.product_id
    LEFT JOIN orders ord ON ord.id = d.order_id";

fn document_from_row(row: &sqlx::any::AnyRow) -> std::result::Result<DocumentRecord, sqlx::Error> {
    use sqlx::Row;
    let id: String = row.try_get(0)?;
    Ok(DocumentRecord {
        kind: DocumentKind::parse(&row.try_get::<String, _>(1)?).unwrap_or(DocumentKind::Other),
        title_en: row.try_get(2)?,
        title_de: row.try_get(3)?,
        customer_id: row.try_get(4)?,
        customer_name: row.try_get(5)?,
        product_sku: row.try_get(6)?,
        product_name_en: row.try_get(7)?,
        product_name_de: row.try_get(8)?,
        order_id: row.try_get(9)?,
        order_number: row.try_get(10)?,
        version_count: row.try_get(11)?,
        updated_at: row.try_get(12)?,
        current: VersionRecord {
            id: row.try_get(13)?,
            document_id: id.clone(),
            version: row.try_get(14)?,
            object_key: row.try_get(15)?,
            file_name: row.try_get(16)?,
            content_type: row.try_get(17)?,
            size_bytes: row.try_get(18)?,
            sha256: row.try_get(19)?,
            uploaded_by: row.try_get(20)?,
            uploaded_at: row.try_get(21)?,
            downloads: 0,
        },
        downloads: row.try_get(22)?,
        for_prospects: row.try_get::<i64, _>(23)? != 0,
        id,
    })
}

impl Store {
    /// The ids a new document links to: the customer must exist, the SKU must be a
    /// product, the order number an order of that customer. Each missing one is
    /// named.
    pub async fn document_links(
        &self,
        visibility: &Visibility,
        product_sku: Option<&str>,
        order_number: Option<i64>,
    ) -> Result<std::result::Result<Links, Vec<&'static str>>> {
        let mut missing = Vec::new();
        let mut links = Links::default();
        if let Visibility::Customer(id) = visibility {
            let found: Option<(String,)> =
                sqlx::query_as("SELECT id FROM organizations WHERE id = $1 AND kind = 'customer'")
                    .bind(id.as_str())
                    .fetch_optional(self.pool())
                    .await?;
            match found {
                Some((id,)) => links.organization_id = Some(id),
                None => missing.push("visibility"),
            }
        }
        if let Some(sku) = product_sku {
            let found: Option<(String,)> = sqlx::query_as("SELECT id FROM products WHERE sku = $1")
                .bind(sku)
                .fetch_optional(self.pool())
                .await?;
            match found {
                Some((id,)) => links.product_id = Some(id),
                None => missing.push("product"),
            }
        }
        if let (Some(number), Some(organization_id)) = (order_number, &links.organization_id) {
            let found: Option<(String,)> =
                sqlx::query_as("SELECT id FROM orders WHERE organization_id = $1 AND number = $2")
                    .bind(organization_id.as_str())
                    .bind(number)
                    .fetch_optional(self.pool())
                    .await?;
            match found {
                Some((id,)) => links.order_id = Some(id),
                None => missing.push("order"),
            }
        }
        Ok(if missing.is_empty() {
            Ok(links)
        } else {
            Err(missing)
        })
    }

    /// A new document with its first version, and the audit entry, in one
    /// transaction. `document_id` and `version_id` were chosen before the file was
    /// stored (its key names them).
    #[allow(clippy::too_many_arguments)]
    pub async fn create_document(
        &self,
        document_id: &str,
        version_id: &str,
        kind: DocumentKind,
        title_en: &str,
        title_de: &str,
        links: &Links,
        search_text: &str,
        file: &NewFile,
        by: &Uploader<'_>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO documents (id, organization_id, product_id, order_id, kind, title_en,
                title_de, search_text, current_version_id, version_count, created_by,
                created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $11)",
        )
        .bind(document_id)
        .bind(links.organization_id.as_deref())
        .bind(links.product_id.as_deref())
        .bind(links.order_id.as_deref())
        .bind(kind.as_str())
        .bind(title_en)
        .bind(title_de)
        .bind(format!("{search_text} {}", file.file_name.to_lowercase()))
        .bind(version_id)
        .bind(by.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_version(
            &mut tx,
            version_id,
            document_id,
            links.organization_id.as_deref(),
            1,
            file,
            by,
            now,
        )
        .await?;
        let entry = upload_entry(
            by,
            links.organization_id.clone(),
            "document.uploaded",
            document_id,
            kind.as_str(),
            1,
            file,
        );
        audit::append(&mut tx, &entry, now).await?;
        for mail in by.tell {
            crate::outbox::enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new version of a document: numbered under the document row's lock, so two
    /// uploads at once get two numbers. `None` when the document does not exist.
    pub async fn add_document_version(
        &self,
        document_id: &str,
        version_id: &str,
        file: &NewFile,
        by: &Uploader<'_>,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let bumped: Option<(i64, Option<String>, String)> = sqlx::query_as(
            "UPDATE documents SET version_count = version_count + 1,
                    current_version_id = $2, updated_at = $3
              WHERE id = $1
          RETURNING version_count, organization_id, kind",
        )
        .bind(document_id)
        .bind(version_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((version, organization_id, kind)) = bumped else {
            return Ok(None);
        };
        insert_version(
            &mut tx,
            version_id,
            document_id,
            organization_id.as_deref(),
            version,
            file,
            by,
            now,
        )
        .await?;
        let entry = upload_entry(
            by,
            organization_id,
            "document.replaced",
            document_id,
            &kind,
            version,
            file,
        );
        audit::append(&mut tx, &entry, now).await?;
        for mail in by.tell {
            crate::outbox::enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(Some(version))
    }

    /// A page of the documents `reader` may see (one query, no per-row lookups).
    pub async fn documents_page(
        &self,
        reader: Reader<'_>,
        q: &DocumentQuery<'_>,
    ) -> Result<Vec<DocumentRecord>> {
        let mut filter = visible_to(reader);
        if let Some(kind) = q.kind {
            filter.equals("d.kind", kind.as_str());
        }
        if let Some(sku) = q.product_sku {
            let n = filter.text(sku);
            filter.sql.push(format!(
                "d.product_id = (SELECT s.id FROM products s WHERE s.sku = {n})"
            ));
        }
        if let Some(order_id) = q.order_id {
            filter.equals("d.order_id", order_id);
        }
        if let Some(customer_id) = q.customer_id {
            filter.equals("d.organization_id", customer_id);
        }
        // The text index's count and the page on one connection: one checkout.
        let mut connection = self.pool().acquire().await?;
        let words = self
            .words_filter(
                &mut connection,
                crate::backend::TextIndex::Documents,
                "d",
                &q.words,
                filter.args.len() + 1,
            )
            .await?;
        filter.sql.extend(words.conditions);
        filter
            .args
            .extend(words.binds.into_iter().map(crate::filter::Arg::Owned));
        if let Some((at, id)) = q.before {
            let a = filter.int(at);
            let b = filter.text(id);
            filter.sql.push(format!(
                "(d.updated_at < {a} OR (d.updated_at = {a} AND d.id < {b}))"
            ));
        }
        let limit = filter.int(q.limit);
        // The page's ids come from the index on (updated_at, id, …) alone — walked
        // newest first, it stops after `limit` visible rows; only those are joined.
        // In one query SQLite joined and sorted every visible document (1.3 s at
        // 120,000 of them).
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} {DOCUMENT_JOINS}
              WHERE d.id IN (SELECT d.id FROM documents d{}
                             ORDER BY d.updated_at DESC, d.id DESC LIMIT {limit})
              ORDER BY d.updated_at DESC, d.id DESC",
            filter.clause()
        );
        let query = filter.bind_all(sqlx::query_as::<_, RowOf>(&sql));
        let rows = query.fetch_all(&mut *connection).await?;
        rows.into_iter().map(|r| Ok(r.0)).collect()
    }

    /// One document if `reader` may see it.
    pub async fn document(
        &self,
        reader: Reader<'_>,
        document_id: &str,
    ) -> Result<Option<DocumentRecord>> {
        let mut filter = visible_to(reader);
        filter.equals("d.id", document_id);
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} {DOCUMENT_JOINS}{}",
            filter.clause()
        );
        let row = filter
            .bind_all(sqlx::query_as::<_, RowOf>(&sql))
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// Every version of a document, newest first, with its downloads. The caller
    /// has found the document through [`Store::document`].
    pub async fn document_versions(&self, document_id: &str) -> Result<Vec<VersionRecord>> {
        let rows: Vec<VersionColumns> = sqlx::query_as(
            "SELECT v.id, v.version, v.object_key, v.file_name, v.content_type,
                        v.size_bytes, v.sha256, v.uploaded_by_name, v.uploaded_at,
                        (SELECT COUNT(*) FROM document_downloads dd WHERE dd.version_id = v.id)
                   FROM document_versions v
                  WHERE v.document_id = $1 ORDER BY v.version DESC",
        )
        .bind(document_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| VersionRecord {
                id: r.0,
                document_id: document_id.to_string(),
                version: r.1,
                object_key: r.2,
                file_name: r.3,
                content_type: r.4,
                size_bytes: r.5,
                sha256: r.6,
                uploaded_by: r.7,
                uploaded_at: r.8,
                downloads: r.9,
            })
            .collect())
    }

    /// A version by its id, if `reader` may see its document.
    pub async fn document_version(
        &self,
        reader: Reader<'_>,
        version_id: &str,
    ) -> Result<Option<VersionRecord>> {
        let mut filter = visible_to(reader);
        filter.equals("x.id", version_id);
        let sql = format!(
            "SELECT x.id, x.document_id, x.version, x.object_key, x.file_name, x.content_type,
                    x.size_bytes, x.sha256, x.uploaded_at
               FROM document_versions x
               JOIN documents d ON d.id = x.document_id{}",
            filter.clause()
        );
        let row = filter
            .bind_all(sqlx::query_as::<
                _,
                (
                    String,
                    String,
                    i64,
                    String,
                    String,
                    String,
                    i64,
                    String,
                    i64,
                ),
            >(&sql))
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| VersionRecord {
            id: r.0,
            document_id: r.1,
            version: r.2,
            object_key: r.3,
            file_name: r.4,
            content_type: r.5,
            size_bytes: r.6,
            sha256: r.7,
            uploaded_by: String::new(),
            uploaded_at: r.8,
            downloads: 0,
        }))
    }

    pub async fn record_download(
        &self,
        version: &VersionRecord,
        user_id: &str,
        organization_id: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO document_downloads (id, document_id, version_id, user_id,
                organization_id, downloaded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(version.document_id.as_str())
        .bind(version.id.as_str())
        .bind(user_id)
        .bind(organization_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Downloads of a document per downloading organization, most first. An account
    /// manager sees their own customers (and the vendor's own staff) only.
    pub async fn document_downloads(
        &self,
        document_id: &str,
        account_manager: Option<&str>,
    ) -> Result<Vec<DownloadCount>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, COUNT(*), MAX(dd.downloaded_at)
               FROM document_downloads dd JOIN organizations o ON o.id = dd.organization_id
              WHERE dd.document_id = $1
                AND ($2 = '' OR o.kind = 'vendor' OR o.account_manager_id = $2)
              GROUP BY o.id, o.name
              ORDER BY COUNT(*) DESC, o.name",
        )
        .bind(document_id)
        .bind(account_manager.unwrap_or(""))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| DownloadCount {
                organization_id: r.0,
                organization_name: r.1,
                downloads: r.2,
                last_at: r.3,
            })
            .collect())
    }
}

/// id, version, key, file name, type, size, SHA-256, uploader, uploaded at, downloads.
type VersionColumns = (
    String,
    i64,
    String,
    String,
    String,
    i64,
    String,
    String,
    i64,
    i64,
);

/// A document row read by [`document_from_row`].
struct RowOf(DocumentRecord);

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for RowOf {
    fn from_row(row: &'r sqlx::any::AnyRow) -> std::result::Result<Self, sqlx::Error> {
        document_from_row(row).map(RowOf)
    }
}

/// The audit entry of an upload: in the customer's trail, or the vendor's for a
/// document of every customer.
fn upload_entry(
    by: &Uploader<'_>,
    organization_id: Option<String>,
    action: &str,
    document_id: &str,
    kind: &str,
    version: i64,
    file: &NewFile,
) -> AuditEntry {
    AuditEntry {
        organization_id: organization_id.unwrap_or_else(|| by.vendor_organization_id.to_string()),
        actor_id: Some(by.user_id.to_string()),
        actor_name: by.name.to_string(),
        action: action.to_string(),
        target: format!("document:{document_id} {kind}"),
        before: None,
        after: Some(format!(
            "v{version} {} ({} bytes, sha256 {})",
            file.file_name, file.size_bytes, file.sha256
        )),
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_version(
    tx: &mut crate::Tx,
    version_id: &str,
    document_id: &str,
    organization_id: Option<&str>,
    version: i64,
    file: &NewFile,
    by: &Uploader<'_>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_versions (id, document_id, organization_id, version, object_key,
            file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_by_name,
            uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(version_id)
    .bind(document_id)
    .bind(organization_id)
    .bind(version)
    .bind(file.object_key.as_str())
    .bind(file.file_name.as_str())
    .bind(file.content_type.as_str())
    .bind(file.size_bytes)
    .bind(file.sha256.as_str())
    .bind(by.user_id)
    .bind(by.name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
