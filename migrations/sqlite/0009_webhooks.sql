-- Webhooks: endpoints the vendor registers, the messages its changes announce (written
-- in the same transaction as the change), and one delivery per message and endpoint.
-- The postgres folder holds the same schema.

CREATE TABLE webhook_endpoints (
    id               TEXT PRIMARY KEY,
    url              TEXT NOT NULL,
    -- "*" or event type names separated by commas.
    event_types      TEXT NOT NULL,
    -- The signing secret, sealed with the server's secret key (it must be read to sign).
    secret           TEXT NOT NULL,
    enabled          BIGINT NOT NULL,
    -- Since when every delivery has failed (NULL: the last one succeeded).
    failing_since    BIGINT,
    disabled_reason  TEXT,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE webhook_messages (
    -- The `webhook-id` every delivery (and re-send) of the message carries.
    id          TEXT PRIMARY KEY,
    event_type  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    message_id       TEXT NOT NULL REFERENCES webhook_messages (id),
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id),
    -- pending | delivered | failed
    state            TEXT NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    locked_until     BIGINT,
    -- The last attempt: HTTP status (NULL: no answer), time taken, first bytes of the
    -- answer or the error.
    last_status      BIGINT,
    last_duration_ms BIGINT,
    last_response    TEXT,
    last_attempt_at  BIGINT,
    delivered_at     BIGINT,
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (message_id, endpoint_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_of_endpoint ON webhook_deliveries (endpoint_id, created_at);
