-- v3 ledger (SpatiaLite). Never edit a shipped migration: add a new file.
-- Epochs, scans, patches, cases and their append-only audit log.

CREATE TABLE epoch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    date TEXT NOT NULL,
    sensor TEXT,
    paths TEXT NOT NULL,          -- JSON array of raster paths or URLs
    bands TEXT,                   -- band roles, e.g. blue=1,green=2,red=3,nir=4
    mask TEXT,
    crs TEXT,
    width INTEGER, height INTEGER, band_count INTEGER
);
CREATE TABLE scan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    before_epoch INTEGER NOT NULL REFERENCES epoch(id),
    after_epoch INTEGER NOT NULL REFERENCES epoch(id),
    status TEXT NOT NULL,         -- running, finished, failed
    started_at TEXT NOT NULL,
    finished_at TEXT,
    parameters TEXT NOT NULL      -- JSON: reserves, kinds, buffer, min area...
);
CREATE TABLE scan_area (
    scan_id INTEGER NOT NULL REFERENCES scan(id),
    area_id INTEGER NOT NULL REFERENCES protected_area(id),
    status TEXT NOT NULL,         -- pending, done
    patches INTEGER NOT NULL DEFAULT 0,
    damage_m2 REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, area_id)
);
CREATE TABLE patch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id INTEGER NOT NULL REFERENCES scan(id),
    area_id INTEGER NOT NULL REFERENCES protected_area(id),
    activity TEXT NOT NULL,
    change TEXT NOT NULL,         -- new, expanded, persisting, restored
    area_m2 REAL NOT NULL,
    perimeter_m REAL NOT NULL,
    confidence REAL NOT NULL,
    properties TEXT NOT NULL,     -- JSON: index changes, elongation, provenance
    previous_patch_id INTEGER REFERENCES patch(id),
    case_id INTEGER
);
CREATE INDEX patch_scan ON patch(scan_id, area_id);
CREATE TABLE "case" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    area_id INTEGER NOT NULL REFERENCES protected_area(id),
    area TEXT NOT NULL,           -- JSON CaseArea as on detection
    activity TEXT NOT NULL,
    overlap_m2 REAL NOT NULL,
    expanded INTEGER NOT NULL DEFAULT 0,
    responsibility TEXT,          -- JSON, personal data
    cell_codes TEXT NOT NULL DEFAULT '',  -- ' code code ' for filtering by cell
    detected_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    verdict TEXT,                 -- JSON
    rectification TEXT,           -- JSON
    transfer TEXT,                -- JSON
    supervision TEXT,             -- JSON
    scan_id INTEGER REFERENCES scan(id),
    revision INTEGER NOT NULL
);
CREATE INDEX case_status ON "case"(status);
CREATE TABLE case_patch (
    case_id INTEGER NOT NULL REFERENCES "case"(id),
    patch_id INTEGER NOT NULL REFERENCES patch(id),
    PRIMARY KEY (case_id, patch_id)
);
CREATE TABLE case_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES "case"(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX case_event_case ON case_event(case_id, id);
-- The audit log is append-only: no row is ever changed or removed.
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
    BEGIN SELECT RAISE(ABORT, 'the case audit log is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
    BEGIN SELECT RAISE(ABORT, 'the case audit log is append-only'); END;
CREATE TABLE case_attachment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES "case"(id),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    lon REAL, lat REAL,
    distance_m REAL
);
SELECT AddGeometryColumn('epoch', 'footprint', 4326, 'POLYGON', 'XY');
SELECT AddGeometryColumn('patch', 'geom', 4326, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('patch', 'geom');
SELECT AddGeometryColumn('case', 'geom', 4326, 'MULTIPOLYGON', 'XY');
SELECT CreateSpatialIndex('case', 'geom');
