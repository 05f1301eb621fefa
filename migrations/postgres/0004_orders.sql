-- Carts, orders with their approval chains, order history, deputies and the
-- organization's approval times. The postgres folder holds the same schema.

-- Hours from when an order reached an approver to the reminder and to escalation.
ALTER TABLE organizations ADD COLUMN approval_reminder_hours BIGINT NOT NULL DEFAULT 24;
ALTER TABLE organizations ADD COLUMN approval_escalation_hours BIGINT NOT NULL DEFAULT 72;

-- A persistent cart per user: product ids and quantities only; prices are computed
-- whenever the cart is shown and again when the order is placed.
CREATE TABLE cart_lines (
    user_id          TEXT NOT NULL REFERENCES users (id),
    product_id       TEXT NOT NULL REFERENCES products (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    added_at         BIGINT NOT NULL,
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT NOT NULL REFERENCES organizations (id),
    -- Per organization, from 1: what people quote on the phone.
    number             BIGINT NOT NULL,
    purchaser_id       TEXT NOT NULL REFERENCES users (id),
    purchaser_name     TEXT NOT NULL,
    -- The same submission twice (double click, retry) finds the first order.
    idempotency_key    TEXT NOT NULL,
    state              TEXT NOT NULL,
    po_number          TEXT,
    cost_center        TEXT,
    delivery_address   TEXT NOT NULL,
    requested_date     BIGINT,
    note               TEXT,
    goods_cents        BIGINT NOT NULL CHECK (goods_cents >= 0),
    shipping_cents     BIGINT NOT NULL CHECK (shipping_cents >= 0),
    total_cents        BIGINT NOT NULL CHECK (total_cents >= 0),
    -- The terms in force when it was placed: the change's id (NULL: the standard
    -- terms) and a snapshot (JSON of the domain's Terms).
    terms_version_id   TEXT,
    terms              TEXT NOT NULL,
    -- The approval chain fixed at placement (JSON of the domain's steps), the step
    -- it waits for and since when.
    chain              TEXT NOT NULL,
    current_step       BIGINT NOT NULL,
    step_since         BIGINT NOT NULL,
    -- The last step a reminder / an escalation notice was sent for (-1: none).
    reminded_step      BIGINT NOT NULL DEFAULT -1,
    escalated_step     BIGINT NOT NULL DEFAULT -1,
    placed_at          BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX orders_idempotency ON orders (purchaser_id, idempotency_key);
CREATE UNIQUE INDEX orders_number ON orders (organization_id, number);
-- Keyset pages, newest first: all orders, by state, by purchaser. The first and the
-- last also cover the month's spend (team and purchaser) without reading the rows.
CREATE INDEX orders_by_placed ON orders (organization_id, placed_at, id, purchaser_id, state, total_cents);
CREATE INDEX orders_by_state ON orders (organization_id, state, placed_at, id);
CREATE INDEX orders_by_purchaser ON orders (organization_id, purchaser_id, placed_at, id, state, total_cents);
-- Vendor lists across customers, and the reminder sweep over waiting orders.
CREATE INDEX orders_placed ON orders (placed_at, id);
CREATE INDEX orders_waiting ON orders (step_since) WHERE state = 'pending_approval';

-- Lines as placed: prices snapshotted, never changed afterwards.
CREATE TABLE order_lines (
    order_id          TEXT NOT NULL REFERENCES orders (id),
    line_no           BIGINT NOT NULL,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    product_id        TEXT NOT NULL REFERENCES products (id),
    sku               TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    name_de           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity > 0),
    list_price_cents  BIGINT NOT NULL,
    unit_price_cents  BIGINT NOT NULL,
    -- list | agreement | tier:<min quantity>
    price_source      TEXT NOT NULL,
    line_total_cents  BIGINT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- Everything that happened to an order, for its timeline.
CREATE TABLE order_events (
    id               TEXT PRIMARY KEY,
    order_id         TEXT NOT NULL REFERENCES orders (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    at               BIGINT NOT NULL,
    -- placed | approved | rejected | withdrawn | confirmed | shipped | delivered |
    -- cancelled | reminded | escalated
    kind             TEXT NOT NULL,
    step             BIGINT,
    actor_id         TEXT,
    actor_name       TEXT NOT NULL,
    -- own | admin | deputy | escalation (for decisions)
    capacity         TEXT,
    -- The name of the approver decided for (deputy, escalation).
    on_behalf_of     TEXT,
    comment          TEXT
);
CREATE INDEX order_events_order ON order_events (order_id, at);
-- A step is decided once, whatever races above.
CREATE UNIQUE INDEX order_events_decision ON order_events (order_id, step)
    WHERE kind IN ('approved', 'rejected');

-- "While I am away, my deputy decides": one entry per approver.
CREATE TABLE deputies (
    user_id          TEXT PRIMARY KEY REFERENCES users (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    deputy_id        TEXT NOT NULL REFERENCES users (id),
    from_day         BIGINT NOT NULL,
    to_day           BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX deputies_organization ON deputies (organization_id);
