-- The ERP integration: API clients with hashed tokens, remembered answers for
-- idempotent POSTs, external ids, and the orders' change feed. The postgres folder
-- holds the same schema.

CREATE TABLE api_clients (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    -- Stored form of the domain's Scopes: "orders:read,orders:write".
    scopes        TEXT NOT NULL,
    -- Comma-separated customer organization ids; NULL: every customer.
    customers     TEXT,
    -- SHA-256 (hex) of the token. A token is 32 random bytes, so a fast hash is as
    -- safe as a slow one and lets a request find its client by equality.
    token_hash    TEXT NOT NULL,
    -- The token's first characters: tells tokens apart in lists, useless to an attacker.
    token_hint    TEXT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX api_clients_token ON api_clients (token_hash);

-- The first answer to a POST with an Idempotency-Key, replayed for the same key.
CREATE TABLE api_idempotency (
    client_id        TEXT NOT NULL REFERENCES api_clients (id),
    idempotency_key  TEXT NOT NULL,
    -- Method, path and a hash of the body: the same key with another request is refused.
    fingerprint      TEXT NOT NULL,
    -- NULL while the first request runs.
    status           BIGINT,
    body             TEXT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX api_idempotency_age ON api_idempotency (created_at);

-- One counter per change feed. A writer takes the next value as the last step of its
-- transaction: the row stays locked until commit, so values become visible in the
-- order they were taken and a reader that has seen value n has seen every value below.
CREATE TABLE change_counters (
    feed   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);

ALTER TABLE orders ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
-- The ERP's own number for the order, given when it confirms it.
ALTER TABLE orders ADD COLUMN external_id TEXT;
-- Who carries the shipment and its tracking number, given when it ships.
ALTER TABLE orders ADD COLUMN carrier TEXT;
ALTER TABLE orders ADD COLUMN tracking_number TEXT;
UPDATE orders SET change_seq = ranked.n
  FROM (SELECT id, row_number() OVER (ORDER BY updated_at, id) AS n FROM orders) AS ranked
 WHERE orders.id = ranked.id;
INSERT INTO change_counters (feed, value) SELECT 'orders', COALESCE(MAX(change_seq), 0) FROM orders;
CREATE INDEX orders_changes ON orders (change_seq);
-- The feed of a client limited to some customers.
CREATE INDEX orders_changes_by_customer ON orders (organization_id, change_seq);
CREATE INDEX orders_external ON orders (external_id) WHERE external_id IS NOT NULL;

-- The ERP's own key for a customer.
ALTER TABLE organizations ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX organizations_external ON organizations (external_id) WHERE external_id IS NOT NULL;
