-- Attempt limits reserve before they work: one counter per key (account + client,
-- client, recipient …), locked and updated in one transaction.
DROP TABLE sign_in_failures;
CREATE TABLE attempt_counters (
    limit_key TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    window_started_at BIGINT NOT NULL,
    strikes BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);
-- Secrets in mail are substituted when the mail is sent and forgotten afterwards.
ALTER TABLE outbox ADD COLUMN secret TEXT;
