-- v12 grid write version (PostGIS). Never edit a shipped migration: add a new file.
-- As in the SpatiaLite store: a write version per data set, bumped by statement triggers in the
-- writing transaction, so a cache (the server's grid lookup index) sees any change, whichever
-- process or connection made it.

CREATE TABLE write_version (name TEXT PRIMARY KEY, version BIGINT NOT NULL);

INSERT INTO write_version (name, version) VALUES ('grid', 0);

CREATE FUNCTION bump_grid_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE write_version SET version = version + 1 WHERE name = 'grid';
    RETURN NULL;
END $$;

CREATE TRIGGER grid_cell_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grid_cell
    FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_version();

CREATE TRIGGER grid_assignment_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grid_assignment
    FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_version();

CREATE TRIGGER grid_person_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grid_person
    FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_version();
