-- v2 grid (SpatiaLite). Never edit a shipped migration: add a new file.
-- Grid cells, assignments and their people.

-- People live in their own table, so cells and units can be published without them.
CREATE TABLE grid_cell (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT,
    area_km2 REAL NOT NULL,
    source TEXT
);
CREATE INDEX grid_cell_parent ON grid_cell(parent_code);
CREATE TABLE grid_assignment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cell_code TEXT NOT NULL REFERENCES grid_cell(code),
    unit TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX grid_assignment_cell ON grid_assignment(cell_code, valid_from);
CREATE TABLE grid_person (
    assignment_id INTEGER NOT NULL REFERENCES grid_assignment(id),
    role TEXT NOT NULL CHECK (role IN ('head', 'staff')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    PRIMARY KEY (assignment_id, role, position)
);
SELECT AddGeometryColumn('grid_cell', 'geom', 4326, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('grid_cell', 'geom');
