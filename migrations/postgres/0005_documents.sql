-- Documents (issue 6): data sheets, CAD models, certificates, manuals for every
-- customer, and contracts, invoices and delivery notes for one. The postgres folder
-- holds the same schema.

CREATE TABLE documents (
    id                 TEXT PRIMARY KEY,
    -- The one customer organization that may see it; NULL: every customer.
    organization_id    TEXT REFERENCES organizations (id),
    product_id         TEXT REFERENCES products (id),
    -- Invoices and delivery notes: the order they belong to (of organization_id).
    order_id           TEXT REFERENCES orders (id),
    kind               TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    title_de           TEXT NOT NULL,
    -- Titles, file name, SKU and product names in lower case; search matches here.
    search_text        TEXT NOT NULL,
    -- The newest version (written with it).
    current_version_id TEXT,
    version_count      BIGINT NOT NULL DEFAULT 0,
    created_by         TEXT NOT NULL REFERENCES users (id),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
-- Lists walk this newest first and test visibility and filters in the index alone
-- (organization, kind, product, order, search text), so a page reads only its rows.
CREATE INDEX documents_by_time ON documents (updated_at, id, organization_id, kind, product_id, order_id, search_text);
CREATE INDEX documents_by_product ON documents (product_id, organization_id);
CREATE INDEX documents_by_order ON documents (order_id);

-- Every file ever uploaded for a document; never updated. organization_id repeats the
-- document's so that a version found by its id is scoped without a join.
CREATE TABLE document_versions (
    id               TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL REFERENCES documents (id),
    organization_id  TEXT REFERENCES organizations (id),
    version          BIGINT NOT NULL,
    object_key       TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256           TEXT NOT NULL,
    uploaded_by      TEXT NOT NULL REFERENCES users (id),
    uploaded_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX document_versions_number ON document_versions (document_id, version);

-- Every download: who, which version, when (a resumed range is not a new one).
CREATE TABLE document_downloads (
    id               TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL REFERENCES documents (id),
    version_id       TEXT NOT NULL REFERENCES document_versions (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    -- The downloader's organization (the vendor's for its staff).
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    downloaded_at    BIGINT NOT NULL
);
CREATE INDEX document_downloads_by_document ON document_downloads (document_id, organization_id);
