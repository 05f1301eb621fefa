-- Leads from technical downloads. A document for every customer may also be offered
-- to registered prospects ("after registration": data sheets and CAD models).
ALTER TABLE documents ADD COLUMN for_prospects BIGINT NOT NULL DEFAULT 0;

-- An engineer who registered for the downloads; the vendor's lead until converted
-- into a customer organization or closed.
CREATE TABLE prospects (
    id               TEXT PRIMARY KEY,
    email            TEXT NOT NULL,
    name             TEXT NOT NULL,
    company          TEXT NOT NULL,
    locale           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    -- Set by the first confirmation link used: the address is the person's.
    confirmed_at     BIGINT,
    status           TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'converted', 'closed')),
    assigned_to      TEXT REFERENCES users (id),
    -- The customer organization it became.
    organization_id  TEXT REFERENCES organizations (id),
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX prospects_email ON prospects (email);
-- The leads list, newest first.
CREATE INDEX prospects_by_time ON prospects (created_at, id);

-- Confirmation links (their tokens' SHA-256 only), each used once.
CREATE TABLE prospect_links (
    token_hash   TEXT PRIMARY KEY,
    prospect_id  TEXT NOT NULL REFERENCES prospects (id),
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

-- A confirmed prospect's browser (the cookie's SHA-256).
CREATE TABLE prospect_sessions (
    token_hash   TEXT PRIMARY KEY,
    prospect_id  TEXT NOT NULL REFERENCES prospects (id),
    expires_at   BIGINT NOT NULL
);

-- What a prospect downloaded: the lead's interest.
CREATE TABLE prospect_downloads (
    id            TEXT PRIMARY KEY,
    prospect_id   TEXT NOT NULL REFERENCES prospects (id),
    document_id   TEXT NOT NULL REFERENCES documents (id),
    version_id    TEXT NOT NULL,
    downloaded_at BIGINT NOT NULL
);
CREATE INDEX prospect_downloads_by_prospect ON prospect_downloads (prospect_id, downloaded_at);
CREATE INDEX prospect_downloads_by_time ON prospect_downloads (downloaded_at);

-- The account managers' notes on a lead ("called: wants an offer").
CREATE TABLE lead_notes (
    id           TEXT PRIMARY KEY,
    prospect_id  TEXT NOT NULL REFERENCES prospects (id),
    author_id    TEXT NOT NULL REFERENCES users (id),
    author_name  TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX lead_notes_by_prospect ON lead_notes (prospect_id, created_at);
