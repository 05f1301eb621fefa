-- Conditions may be changed by an API client (the ERP), which is not a user: the
-- change keeps who made it by id and by name, without a reference to users.
-- SQLite cannot drop a foreign key, so the table is rebuilt.
CREATE TABLE condition_changes_rebuilt (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    version          BIGINT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('terms', 'price')),
    product_id       TEXT REFERENCES products (id),
    effective_at     BIGINT NOT NULL,
    terms            TEXT,
    changes          TEXT NOT NULL,
    reason           TEXT,
    -- A user's id, or an API client's.
    changed_by       TEXT NOT NULL,
    -- The name at the time (NULL for changes recorded before names were kept).
    changed_by_name  TEXT,
    created_at       BIGINT NOT NULL
);
INSERT INTO condition_changes_rebuilt (id, organization_id, version, kind, product_id,
        effective_at, terms, changes, reason, changed_by, changed_by_name, created_at)
SELECT c.id, c.organization_id, c.version, c.kind, c.product_id, c.effective_at, c.terms,
       c.changes, c.reason, c.changed_by, u.display_name, c.created_at
  FROM condition_changes c LEFT JOIN users u ON u.id = c.changed_by;
DROP TABLE condition_changes;
ALTER TABLE condition_changes_rebuilt RENAME TO condition_changes;
CREATE UNIQUE INDEX condition_changes_version ON condition_changes (organization_id, version);
CREATE INDEX condition_changes_terms ON condition_changes (organization_id, kind, effective_at);
