-- v11 audit hash chain (SpatiaLite). Never edit a shipped migration: add a new file.
-- Each event's link in its case's hash chain (AuditChain); older events keep none.

ALTER TABLE case_event ADD COLUMN hash TEXT;
