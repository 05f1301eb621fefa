-- The quarterly relationship survey: one invitation per person and quarter. The
-- unique index is what keeps two servers from asking anyone twice; the link's token
-- is stored only as its SHA-256.
CREATE TABLE nps_invitations (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    quarter          TEXT NOT NULL,
    token_hash       TEXT NOT NULL,
    sent_at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX nps_invitations_once ON nps_invitations (user_id, quarter);
CREATE UNIQUE INDEX nps_invitations_token ON nps_invitations (token_hash);
