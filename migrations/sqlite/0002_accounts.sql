-- Accounts, customer organizations, roles, limits, sessions and the audit trail.
-- The postgres folder holds the same schema except for the append-only triggers, which
-- each engine writes in its own dialect; keep the rest in step.

ALTER TABLE organizations ADD COLUMN vat_id TEXT;
ALTER TABLE organizations ADD COLUMN billing_address TEXT;
ALTER TABLE organizations ADD COLUMN shipping_address TEXT;
-- The vendor's account manager for this customer (a vendor staff user).
ALTER TABLE organizations ADD COLUMN account_manager_id TEXT REFERENCES users (id);
CREATE INDEX organizations_account_manager ON organizations (account_manager_id);

-- Optional monthly budget (cents); NULL = no budget.
ALTER TABLE users ADD COLUMN monthly_budget_cents BIGINT CHECK (monthly_budget_cents >= 0);
-- When the password was last set; '' in password_hash means "invited, no password yet".
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
CREATE INDEX users_approver ON users (approver_id);
-- Second factor (vendor staff): the TOTP secret (base32) once enrolled, and the last
-- time step a code was accepted for (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-time recovery codes for the second factor; only their SHA-256 is kept.
CREATE TABLE recovery_codes (
    code_hash   TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Server-side sessions (tower-sessions records). user_id is kept beside the opaque
-- record so that all of a user's sessions can be ended at once.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT,
    data        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Single-use, expiring links (invitation, password reset). Only a SHA-256 of the
-- token is stored: a copy of the database does not open any account.
CREATE TABLE user_tokens (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    purpose          TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    used_at          BIGINT
);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

-- Failed sign-ins per key (an e-mail address or a client address) in a window.
CREATE TABLE sign_in_failures (
    throttle_key       TEXT PRIMARY KEY,
    window_started_at  BIGINT NOT NULL,
    failures           BIGINT NOT NULL
);

-- The audit trail: append-only (triggers below) and hash-chained per organization.
CREATE TABLE audit_log (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    seq              BIGINT NOT NULL,
    actor_id         TEXT,
    actor_name       TEXT NOT NULL,
    action           TEXT NOT NULL,
    target           TEXT NOT NULL,
    before_value     TEXT,
    after_value      TEXT,
    at               BIGINT NOT NULL,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_chain ON audit_log (organization_id, seq);

-- The head of each organization's chain. Updating it first serialises appenders of one
-- organization on PostgreSQL (row lock) as SQLite's write lock does anyway.
CREATE TABLE audit_heads (
    organization_id  TEXT PRIMARY KEY REFERENCES organizations (id),
    seq              BIGINT NOT NULL,
    hash             TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
