-- A person's phone number (optional), kept as they typed it.
ALTER TABLE users ADD COLUMN phone TEXT;
-- An organization's default delivery per kind of notification, set by its admins.
-- A person's own choice (notification_settings) wins; neither: at once.
CREATE TABLE organization_notification_defaults (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL,
    delivery        TEXT NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
-- The browsers a person has signed in from: the hash of the browser's device token
-- (a long-lived cookie) and how the browser named itself. A sign-in from a browser
-- not listed here mails the person (except their very first).
CREATE TABLE known_devices (
    user_id       TEXT NOT NULL REFERENCES users (id),
    device_hash   TEXT NOT NULL,
    label         TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_hash)
);
