-- v13 notification digests (SpatiaLite). Never edit a shipped migration: add a new file.
-- Daily digests: a contact may ask for one, a digest is an outbox row about no single case
-- (so case_id may be NULL; SQLite needs the table rebuilt for that) and its members point to it.

CREATE TABLE notice_outbox_new (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    case_id INTEGER REFERENCES "case"(id),  -- NULL for a digest
    recipient TEXT NOT NULL,
    role TEXT NOT NULL,
    note TEXT,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, dead, digested
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    digest_id TEXT                          -- the digest that gathered this notice
);
INSERT INTO notice_outbox_new (id, kind, case_id, recipient, role, note, state, attempts, next_attempt, last_error, created_at, sent_at)
    SELECT id, kind, case_id, recipient, role, note, state, attempts, next_attempt, last_error, created_at, sent_at FROM notice_outbox;
DROP TABLE notice_outbox;
ALTER TABLE notice_outbox_new RENAME TO notice_outbox;
CREATE INDEX notice_outbox_due ON notice_outbox(state, next_attempt);
CREATE INDEX notice_outbox_digest ON notice_outbox(digest_id);
ALTER TABLE grid_contact ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
