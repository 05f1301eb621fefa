-- The operations metrics count mail given up on every scrape: a partial index keeps
-- that a look at the few failed rows instead of a scan of all mail ever sent.
CREATE INDEX outbox_failed ON outbox (failed_at) WHERE failed_at IS NOT NULL;
