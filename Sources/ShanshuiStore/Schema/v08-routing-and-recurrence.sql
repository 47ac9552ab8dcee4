-- v8 routing and recurrence (SpatiaLite). Never edit a shipped migration: add a new file.
-- Routing (who each case goes to now, apart from who answered for it on the detection day)
-- and re-detection (recurrences linked to the closed case; cases replaced by a rescan).

ALTER TABLE "case" ADD COLUMN routing TEXT;          -- JSON, personal data: the people responsible now
ALTER TABLE "case" ADD COLUMN routed_on TEXT;
ALTER TABLE "case" ADD COLUMN routed INTEGER NOT NULL DEFAULT 0;  -- 1 when routing names a grid head
-- Cases made before routing existed go to the people recorded on their detection day.
UPDATE "case" SET routing = responsibility, routed = COALESCE(responsibility LIKE '%"head"%', 0);
CREATE INDEX case_unrouted ON "case"(routed, status);
ALTER TABLE "case" ADD COLUMN recurrence_of INTEGER REFERENCES "case"(id);  -- the closed case this one recurs
ALTER TABLE "case" ADD COLUMN replaced_by INTEGER;  -- the rescan that took it out of the ledger (history kept)
