import GRDB

/// The workspace schema as an ordered list of migrations. Never edit a shipped migration:
/// add a new one, so older workspaces move forward on open.
enum SpatiaLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 registry") { db in
            // Only the WGS84 reference systems: the full EPSG table is not needed, geometry is 4326.
            try db.execute(sql: "SELECT InitSpatialMetadata(0, 'WGS84')")
            try db.execute(sql: """
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
                """)
            for table in ["boundary_version", "zone"] {
                try db.execute(sql: "SELECT AddGeometryColumn('\(table)', 'geom', 4326, 'MULTIPOLYGON', 'XY')")
                try db.execute(sql: "SELECT CreateSpatialIndex('\(table)', 'geom')")
            }
        }
        migrator.registerMigration("v2 grid") { db in
            // People live in their own table, so cells and units can be published without them.
            try db.execute(sql: """
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
                """)
            try db.execute(sql: "SELECT AddGeometryColumn('grid_cell', 'geom', 4326, 'MULTIPOLYGON', 'XY')")
            try db.execute(sql: "SELECT CreateSpatialIndex('grid_cell', 'geom')")
        }
        registerLedger(&migrator)
        registerTokens(&migrator)
        registerInspections(&migrator)
        registerUsers(&migrator)
        registerRouting(&migrator)
        registerNotifications(&migrator)
        registerAuditLog(&migrator)
        registerWriteVersion(&migrator)
        registerDigests(&migrator)
        return migrator
    }
}
