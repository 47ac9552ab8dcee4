-- v10 audit log refuses replace (PostGIS). Never edit a shipped migration: add a new file.
-- As in the SpatiaLite store: an insert naming an existing event id is refused before any
-- conflict handling, so no form of upsert can rewrite an audit entry (UPDATE, DELETE and TRUNCATE
-- are refused since v3; ON CONFLICT DO UPDATE also fires that UPDATE trigger).

CREATE FUNCTION case_event_no_replace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'the case audit log is append-only: an event is never replaced';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_no_replace();
