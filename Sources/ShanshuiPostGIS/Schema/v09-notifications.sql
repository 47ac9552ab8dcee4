-- v9 notifications (PostGIS). Never edit a shipped migration: add a new file.
-- The notification outbox (written with the ledger changes) and grid people's contacts.

CREATE TABLE notice_outbox (
    id TEXT PRIMARY KEY,            -- the idempotency id receivers de-duplicate on
    kind TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES "case"(id),
    recipient TEXT NOT NULL,        -- NAME:PHONE, personal data
    role TEXT NOT NULL,
    note TEXT,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, dead
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt DOUBLE PRECISION NOT NULL DEFAULT 0,  -- seconds since 1970: next try, or end of a worker's lease
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);

CREATE INDEX notice_outbox_due ON notice_outbox(state, next_attempt);

CREATE TABLE grid_contact (
    phone TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    channel TEXT NOT NULL,          -- webhook, email, sms
    address TEXT NOT NULL
);
