-- Decide from the mail: a single-use link per approver and step of a waiting order.
-- Only the token's hash is stored. The link holds the order's content as it was
-- mailed (a hash of its lines and total), so a changed order voids it.
CREATE TABLE approval_links (
    token_hash       TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    order_id         TEXT NOT NULL REFERENCES orders (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    step             BIGINT NOT NULL,
    content_hash     TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    used_at          BIGINT
);
CREATE INDEX approval_links_order ON approval_links (order_id);
