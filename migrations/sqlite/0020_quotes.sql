-- Quotes (issue 19): requests, offered versions, the conversation; orders made
-- from an accepted quote, whose free-text lines have no product.
-- The postgres folder holds the same schema.

-- A buyer's request for a quotation, what it is now and whose move it is.
CREATE TABLE quotes (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    -- Per organization, from 1: "quote #3" on the phone and on the order.
    number           BIGINT NOT NULL,
    requester_id     TEXT NOT NULL REFERENCES users (id),
    requester_name   TEXT NOT NULL,
    -- The same request submitted twice (double click, retry) finds the first.
    idempotency_key  TEXT NOT NULL,
    -- requested | offered | changes_requested | accepted | declined | expired | withdrawn
    state            TEXT NOT NULL,
    wished_date      BIGINT,
    -- The version on the table (0: none offered yet) and its last valid day.
    version          BIGINT NOT NULL DEFAULT 0,
    valid_until      BIGINT,
    -- The order an accepted version became (no foreign key: orders point back here).
    order_id         TEXT,
    -- Since when the side whose move it is has been waiting: the queue's order.
    waiting_since    BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX quotes_number ON quotes (organization_id, number);
CREATE UNIQUE INDEX quotes_idempotency ON quotes (requester_id, idempotency_key);
-- A customer's quotes, newest first (all, or one requester's).
CREATE INDEX quotes_by_customer ON quotes (organization_id, created_at, id, requester_id, state);
-- The vendor's queue by state, oldest waiting first; the expiry sweep.
CREATE INDEX quotes_by_state ON quotes (state, waiting_since, id, organization_id);

-- The lines of each version: version 0 is the request as asked (no prices), each
-- offer a new version. A line is a catalog product (product_id, sku) or an item
-- described in words (both NULL, the description in name_en and name_de).
CREATE TABLE quote_lines (
    quote_id          TEXT NOT NULL REFERENCES quotes (id),
    version           BIGINT NOT NULL,
    line_no           BIGINT NOT NULL,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    product_id        TEXT REFERENCES products (id),
    sku               TEXT,
    name_en           TEXT NOT NULL,
    name_de           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity > 0),
    -- The list and contract price when offered (NULL: free text, or as requested).
    list_price_cents  BIGINT,
    unit_price_cents  BIGINT CHECK (unit_price_cents >= 0),
    PRIMARY KEY (quote_id, version, line_no)
);

-- What each offered version says besides its lines.
CREATE TABLE quote_versions (
    quote_id          TEXT NOT NULL REFERENCES quotes (id),
    version           BIGINT NOT NULL,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    goods_cents       BIGINT NOT NULL,
    shipping_cents    BIGINT NOT NULL,
    total_cents       BIGINT NOT NULL,
    -- NULL: as in the contract.
    payment_net_days  BIGINT,
    delivery_terms    TEXT,
    valid_until       BIGINT NOT NULL,
    offered_by        TEXT,
    offered_by_name   TEXT NOT NULL,
    offered_at        BIGINT NOT NULL,
    PRIMARY KEY (quote_id, version)
);

-- The conversation and history: each step with its words. Internal notes
-- (internal = 1) are for vendor staff only.
CREATE TABLE quote_messages (
    id               TEXT PRIMARY KEY,
    quote_id         TEXT NOT NULL REFERENCES quotes (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    author_id        TEXT,
    author_name      TEXT NOT NULL,
    -- customer | vendor | system
    side             TEXT NOT NULL,
    internal         BIGINT NOT NULL DEFAULT 0,
    -- requested | offered | changes_requested | accepted | declined | withdrawn |
    -- expired | note
    event            TEXT NOT NULL,
    version          BIGINT,
    body             TEXT,
    at               BIGINT NOT NULL
);
CREATE INDEX quote_messages_by_quote ON quote_messages (quote_id, at);

-- Files on a quote (drawings, specifications, the buyer's own RFQ), kept in the
-- document storage; an internal one (internal = 1) only for vendor staff.
CREATE TABLE quote_attachments (
    id               TEXT PRIMARY KEY,
    quote_id         TEXT NOT NULL REFERENCES quotes (id),
    message_id       TEXT NOT NULL REFERENCES quote_messages (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    internal         BIGINT NOT NULL DEFAULT 0,
    object_key       TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL,
    sha256           TEXT NOT NULL,
    uploaded_at      BIGINT NOT NULL
);
CREATE INDEX quote_attachments_by_quote ON quote_attachments (quote_id, uploaded_at);

-- An order made from an accepted quote names it (the approvers see where it came from).
ALTER TABLE orders ADD COLUMN quote_id TEXT REFERENCES quotes (id);
ALTER TABLE orders ADD COLUMN quote_version BIGINT;

-- A free-text line of a quote becomes an order line without a product: SQLite
-- cannot drop NOT NULL in place, so the table is rebuilt (nothing refers to it).
CREATE TABLE order_lines_new (
    order_id          TEXT NOT NULL REFERENCES orders (id),
    line_no           BIGINT NOT NULL,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    product_id        TEXT REFERENCES products (id),
    sku               TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    name_de           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity > 0),
    list_price_cents  BIGINT NOT NULL,
    unit_price_cents  BIGINT NOT NULL,
    -- list | agreement | tier:<min quantity> | quote
    price_source      TEXT NOT NULL,
    line_total_cents  BIGINT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
INSERT INTO order_lines_new SELECT order_id, line_no, organization_id, product_id, sku, name_en,
    name_de, unit, quantity, list_price_cents, unit_price_cents, price_source, line_total_cents
    FROM order_lines;
DROP TABLE order_lines;
ALTER TABLE order_lines_new RENAME TO order_lines;
