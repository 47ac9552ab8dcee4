-- v12 grid write version (SpatiaLite). Never edit a shipped migration: add a new file.
-- A write version per data set, bumped by triggers in the writing transaction, so a cache
-- (the server's grid lookup index) sees any change, whichever process made it.

CREATE TABLE write_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO write_version (name, version) VALUES ('grid', 0);
CREATE TRIGGER grid_cell_insert_version AFTER INSERT ON grid_cell
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_cell_update_version AFTER UPDATE ON grid_cell
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_cell_delete_version AFTER DELETE ON grid_cell
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_assignment_insert_version AFTER INSERT ON grid_assignment
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_assignment_update_version AFTER UPDATE ON grid_assignment
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_assignment_delete_version AFTER DELETE ON grid_assignment
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_person_insert_version AFTER INSERT ON grid_person
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_person_update_version AFTER UPDATE ON grid_person
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
CREATE TRIGGER grid_person_delete_version AFTER DELETE ON grid_person
    BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
