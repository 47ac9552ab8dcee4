-- v13 notification digests (PostGIS). Never edit a shipped migration: add a new file.
-- Daily digests: a contact may ask for one, a digest is an outbox row about no single case
-- (case_id may be NULL) and its members point to it.

ALTER TABLE notice_outbox ALTER COLUMN case_id DROP NOT NULL;

ALTER TABLE notice_outbox ADD COLUMN digest_id TEXT;

CREATE INDEX notice_outbox_digest ON notice_outbox(digest_id);

ALTER TABLE grid_contact ADD COLUMN digest BOOLEAN NOT NULL DEFAULT false;
