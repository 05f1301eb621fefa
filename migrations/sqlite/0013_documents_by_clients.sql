-- Documents may be uploaded by an API client (the ERP attaches invoices), which is not
-- a user: a document keeps its creator's id and a version its uploader's id and name,
-- without a reference to users. SQLite cannot drop a foreign key, so both tables are
-- rebuilt; the store runs migrations with foreign keys off and checks them after.
CREATE TABLE documents_rebuilt (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT REFERENCES organizations (id),
    product_id         TEXT REFERENCES products (id),
    order_id           TEXT REFERENCES orders (id),
    kind               TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    title_de           TEXT NOT NULL,
    search_text        TEXT NOT NULL,
    current_version_id TEXT,
    version_count      BIGINT NOT NULL DEFAULT 0,
    -- A user's id, or an API client's.
    created_by         TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
INSERT INTO documents_rebuilt SELECT id, organization_id, product_id, order_id, kind,
       title_en, title_de, search_text, current_version_id, version_count, created_by,
       created_at, updated_at FROM documents;

CREATE TABLE document_versions_rebuilt (
    id               TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL REFERENCES documents (id),
    organization_id  TEXT REFERENCES organizations (id),
    version          BIGINT NOT NULL,
    object_key       TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256           TEXT NOT NULL,
    -- A user's id, or an API client's; and the name at the time.
    uploaded_by      TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    uploaded_at      BIGINT NOT NULL
);
INSERT INTO document_versions_rebuilt
SELECT v.id, v.document_id, v.organization_id, v.version, v.object_key, v.file_name,
       v.content_type, v.size_bytes, v.sha256, v.uploaded_by,
       COALESCE(u.display_name, ''), v.uploaded_at
  FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by;

DROP TABLE document_versions;
DROP TABLE documents;
ALTER TABLE documents_rebuilt RENAME TO documents;
ALTER TABLE document_versions_rebuilt RENAME TO document_versions;
CREATE INDEX documents_by_time ON documents (updated_at, id, organization_id, kind, product_id, order_id, search_text);
CREATE INDEX documents_by_product ON documents (product_id, organization_id);
CREATE INDEX documents_by_order ON documents (order_id);
CREATE UNIQUE INDEX document_versions_number ON document_versions (document_id, version);
