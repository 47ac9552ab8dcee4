-- v1 registry (SpatiaLite). Never edit a shipped migration: add a new file.
-- Protected areas, their boundary versions and zones.

-- Only the WGS84 reference systems: the full EPSG table is not needed, geometry is 4326.
SELECT InitSpatialMetadata(0, 'WGS84');
CREATE TABLE protected_area (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT,
    authority TEXT
);
CREATE TABLE boundary_version (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    area_id INTEGER NOT NULL REFERENCES protected_area(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    change TEXT NOT NULL,
    instrument_number TEXT,
    instrument_text TEXT,
    area_km2 REAL NOT NULL,
    source TEXT,
    source_hash TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX boundary_version_area ON boundary_version(area_id, valid_from);
CREATE TABLE zone (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id INTEGER NOT NULL REFERENCES boundary_version(id),
    kind TEXT NOT NULL,
    area_km2 REAL NOT NULL,
    UNIQUE (version_id, kind)
);
SELECT AddGeometryColumn('boundary_version', 'geom', 4326, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('boundary_version', 'geom');
SELECT AddGeometryColumn('zone', 'geom', 4326, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('zone', 'geom');
