-- Follow-ups: what a member of the vendor's staff means to do about a customer on a
-- given day. `due_day` is a Berlin calendar day (days since 1970-01-01); `mailed_at`
-- marks the one reminder mail on that day; `done_at` closes it.
CREATE TABLE follow_ups (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    owner_id         TEXT NOT NULL REFERENCES users (id),
    note             TEXT NOT NULL,
    due_day          BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    done_at          BIGINT,
    done_by          TEXT,
    mailed_at        BIGINT
);
-- A person's open follow-ups, soonest first (the start page).
CREATE INDEX follow_ups_open_by_owner ON follow_ups (owner_id, due_day) WHERE done_at IS NULL;
-- A customer's follow-ups.
CREATE INDEX follow_ups_by_customer ON follow_ups (organization_id, due_day);
-- The notice loop's look for reminders to mail.
CREATE INDEX follow_ups_to_mail ON follow_ups (due_day) WHERE done_at IS NULL AND mailed_at IS NULL;
