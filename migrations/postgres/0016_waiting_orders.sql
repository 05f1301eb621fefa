-- Waiting orders. Expiry: an organization may set that orders still waiting for
-- approval this many days after placement expire (NULL: never, the default).
ALTER TABLE organizations ADD COLUMN order_expiry_days BIGINT;
-- Changes by the purchaser while an order waits: how many so far. Mails and
-- decision links of an earlier revision never stand for the current one.
ALTER TABLE orders ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
-- A step is decided once per revision: after a change the chain starts again.
ALTER TABLE order_events ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
DROP INDEX order_events_decision;
CREATE UNIQUE INDEX order_events_decision ON order_events (order_id, revision, step)
    WHERE kind IN ('approved', 'rejected');
