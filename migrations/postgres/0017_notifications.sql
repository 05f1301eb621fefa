-- Notification settings: per person and kind of notification, how it reaches them
-- (now | digest | off); no row: at once.
CREATE TABLE notification_settings (
    user_id   TEXT NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL,
    delivery  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
-- The hour (Berlin time) of a person's daily digest.
ALTER TABLE users ADD COLUMN digest_hour BIGINT NOT NULL DEFAULT 7;
-- How a mail goes out: now (the worker sends it), digest (held for the recipient's
-- daily digest, then named by it) or off (kept as a record, never sent).
ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'now';
ALTER TABLE outbox ADD COLUMN kind TEXT;
ALTER TABLE outbox ADD COLUMN digest_key TEXT;
CREATE INDEX outbox_held ON outbox (recipient, created_at)
    WHERE delivery = 'digest' AND digest_key IS NULL;
