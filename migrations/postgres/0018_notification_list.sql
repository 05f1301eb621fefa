-- The notification list in the portal's header: a person's notifications are the
-- outbox rows of a notification kind addressed to them (whether mailed, held for
-- the digest or not mailed at all), newest first; read_at marks them read.
ALTER TABLE outbox ADD COLUMN read_at BIGINT;
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
