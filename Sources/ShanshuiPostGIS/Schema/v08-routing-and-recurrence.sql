-- v8 routing and recurrence (PostGIS). Never edit a shipped migration: add a new file.
-- Routing (who each case goes to now, apart from who answered for it on the detection day)
-- and re-detection (recurrences linked to the closed case; cases replaced by a rescan).
-- routing: JSON, personal data: the people responsible now; routed: true when routing names a
-- grid head. Cases made before routing existed go to the people recorded on their detection day.
-- recurrence_of: the closed case this one recurs; replaced_by: the rescan that took it out of the
-- ledger (history kept).

ALTER TABLE "case" ADD COLUMN routing TEXT;

ALTER TABLE "case" ADD COLUMN routed_on TEXT;

ALTER TABLE "case" ADD COLUMN routed BOOLEAN NOT NULL DEFAULT false;

UPDATE "case" SET routing = responsibility, routed = COALESCE(responsibility LIKE '%"head"%', false);

CREATE INDEX case_unrouted ON "case"(routed, status);

ALTER TABLE "case" ADD COLUMN recurrence_of BIGINT REFERENCES "case"(id);

ALTER TABLE "case" ADD COLUMN replaced_by BIGINT;
