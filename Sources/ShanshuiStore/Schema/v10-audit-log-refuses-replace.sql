-- v10 audit log refuses replace (SpatiaLite). Never edit a shipped migration: add a new file.
-- The case audit log refuses REPLACE INTO and UPSERT. SQLite's REPLACE deletes the old row
-- without firing DELETE triggers, so the append-only triggers of v3 alone let an entry be rewritten;
-- an insert naming an event id that exists is now refused before any conflict runs.

CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the case audit log is append-only: an event is never replaced'); END;
