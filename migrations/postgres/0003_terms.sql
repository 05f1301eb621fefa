-- Catalog details and negotiated terms (issue 4). The postgres folder holds the same.

ALTER TABLE products ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN description_de TEXT NOT NULL DEFAULT '';
-- SKU and both names in lower case, written by the application with every product
-- change; catalog search matches against it.
ALTER TABLE products ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN archived_at BIGINT;
ALTER TABLE products ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE products SET search_text = lower(sku || ' ' || name_en || ' ' || name_de), updated_at = created_at;
-- Catalog pages walk SKU order (within a category) and skip archived products; search
-- tests search_text. With those columns in the index, a page's filtering needs no table
-- rows, only the rows shown are read. The category index also serves the category list
-- (a loose index scan, see the store).
CREATE INDEX products_category_sku ON products (category, sku, archived_at, search_text);
CREATE INDEX products_sku_search ON products (sku, archived_at, search_text);

-- Every change to a customer's conditions is one numbered version (per organization):
-- new terms (kind 'terms', with the complete terms in force from effective_at on) or
-- a price change for one product (kind 'price'). Rows are never updated: this is the
-- history customers and vendor staff read, and what orders refer to.
CREATE TABLE condition_changes (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    version          BIGINT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('terms', 'price')),
    product_id       TEXT REFERENCES products (id),
    effective_at     BIGINT NOT NULL,
    -- kind 'terms': the domain's Terms as JSON (an immutable snapshot, never queried
    -- inside; the domain type defines it).
    terms            TEXT,
    -- What changed, old -> new, as the domain's Change list in JSON.
    changes          TEXT NOT NULL,
    reason           TEXT,
    changed_by       TEXT NOT NULL REFERENCES users (id),
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX condition_changes_version ON condition_changes (organization_id, version);
CREATE INDEX condition_changes_terms ON condition_changes (organization_id, kind, effective_at);

-- A negotiated price for one product and customer, valid from valid_from to valid_to
-- (days in the organization's time zone, valid_to exclusive, NULL = open). Windows of
-- one product never overlap among rows that are not replaced. A later change ends a
-- row (sets valid_to) or replaces one that begins on the same day.
CREATE TABLE price_agreements (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    product_id        TEXT NOT NULL REFERENCES products (id),
    version           BIGINT NOT NULL,
    valid_from        BIGINT NOT NULL,
    valid_to          BIGINT,
    base_price_cents  BIGINT NOT NULL CHECK (base_price_cents >= 0),
    -- "min_quantity:cents" pairs separated by ';', ascending.
    tiers             TEXT NOT NULL,
    replaced_at       BIGINT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX price_agreements_product ON price_agreements (organization_id, product_id, valid_from);
