-- Service requests (issue 7): requests with due times from the contract, their
-- conversation (replies and internal notes), attachments, satisfaction surveys and
-- the relationship NPS. The postgres folder holds the same schema.

CREATE TABLE service_requests (
    id                      TEXT PRIMARY KEY,
    organization_id         TEXT NOT NULL REFERENCES organizations (id),
    -- Per organization, from 1: what people quote on the phone.
    number                  BIGINT NOT NULL,
    kind                    TEXT NOT NULL,
    priority                TEXT NOT NULL,
    -- open | in_progress | waiting | resolved | closed
    status                  TEXT NOT NULL,
    -- 1 while being worked (open, in progress, waiting): the queue's requests.
    active                  BIGINT NOT NULL,
    subject                 TEXT NOT NULL,
    opened_by               TEXT NOT NULL REFERENCES users (id),
    opened_by_name          TEXT NOT NULL,
    order_id                TEXT REFERENCES orders (id),
    order_line_no           BIGINT,
    product_id              TEXT REFERENCES products (id),
    quantity                BIGINT,
    assignee_id             TEXT REFERENCES users (id),
    opened_at               BIGINT NOT NULL,
    -- Due times (UTC ms) computed from the contract's service level when opened;
    -- the resolution due time moves on when a paused clock resumes.
    first_response_due      BIGINT NOT NULL,
    first_response_warn_at  BIGINT NOT NULL,
    resolution_due          BIGINT NOT NULL,
    resolution_warn_at      BIGINT NOT NULL,
    first_response_at       BIGINT,
    -- Set while waiting on the customer: the clock stands still from here.
    paused_at               BIGINT,
    resolved_at             BIGINT,
    closed_at               BIGINT,
    -- A breach warning goes out once per due time.
    response_warned_at      BIGINT,
    resolution_warned_at    BIGINT,
    -- The due time that matters now (first response until it is given, then the
    -- resolution): the queue sorts by it.
    next_due                BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL
);
CREATE UNIQUE INDEX service_requests_number ON service_requests (organization_id, number);
-- Lists pick a page's ids from one of these alone (the filters' columns are in them),
-- then join only those rows: the queue (active ones, soonest due first), the queue
-- of every status, and a customer's requests (newest first).
CREATE INDEX service_requests_queue
    ON service_requests (active, next_due, id, organization_id, priority, assignee_id, status);
CREATE INDEX service_requests_by_due
    ON service_requests (next_due, id, organization_id, priority, assignee_id, status);
CREATE INDEX service_requests_by_customer
    ON service_requests (organization_id, opened_at, id, status, priority, assignee_id);
CREATE INDEX service_requests_by_order ON service_requests (order_id, order_line_no);

-- The conversation. Internal notes (internal = 1) are for vendor staff only.
CREATE TABLE service_messages (
    id                TEXT PRIMARY KEY,
    request_id        TEXT NOT NULL REFERENCES service_requests (id),
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    author_id         TEXT REFERENCES users (id),
    author_name       TEXT NOT NULL,
    -- customer | vendor | system
    side              TEXT NOT NULL,
    internal          BIGINT NOT NULL DEFAULT 0,
    body              TEXT NOT NULL,
    -- The status this message moved the request to, if any.
    status_after      TEXT,
    at                BIGINT NOT NULL
);
CREATE INDEX service_messages_by_request ON service_messages (request_id, at);

-- Files attached to a message, kept in the document storage.
CREATE TABLE service_attachments (
    id                TEXT PRIMARY KEY,
    request_id        TEXT NOT NULL REFERENCES service_requests (id),
    message_id        TEXT NOT NULL REFERENCES service_messages (id),
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    internal          BIGINT NOT NULL DEFAULT 0,
    object_key        TEXT NOT NULL,
    file_name         TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    size_bytes        BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256            TEXT NOT NULL,
    uploaded_by       TEXT NOT NULL REFERENCES users (id),
    uploaded_at       BIGINT NOT NULL
);
CREATE INDEX service_attachments_by_request ON service_attachments (request_id);

-- One survey per resolution, answered once through its link. Only the SHA-256 of
-- the link's token is kept.
CREATE TABLE service_surveys (
    id                TEXT PRIMARY KEY,
    request_id        TEXT NOT NULL REFERENCES service_requests (id),
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    token_hash        TEXT NOT NULL,
    sent_at           BIGINT NOT NULL,
    answered_at       BIGINT,
    score             BIGINT CHECK (score BETWEEN 1 AND 5),
    comment           TEXT,
    -- "2026-Q4": the quarter of the answer, for the trend.
    quarter           TEXT
);
CREATE UNIQUE INDEX service_surveys_token ON service_surveys (token_hash);
CREATE INDEX service_surveys_by_customer ON service_surveys (organization_id, quarter);

-- The relationship question, at most once per quarter per person.
CREATE TABLE nps_answers (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    quarter           TEXT NOT NULL,
    score             BIGINT NOT NULL CHECK (score BETWEEN 0 AND 10),
    answered_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX nps_answers_once ON nps_answers (user_id, quarter);
CREATE INDEX nps_answers_by_customer ON nps_answers (organization_id, quarter);
