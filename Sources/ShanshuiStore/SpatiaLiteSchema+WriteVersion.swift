import GRDB

extension SpatiaLiteSchema {
    /// v12: a write version per data set, bumped by triggers in the writing transaction, so a
    /// cache (the server's grid lookup index) sees any change, whichever process made it.
    static func registerWriteVersion(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12 grid write version") { db in
            try db.execute(sql: """
                CREATE TABLE write_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
                INSERT INTO write_version (name, version) VALUES ('grid', 0);
                """)
            for table in ["grid_cell", "grid_assignment", "grid_person"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_version AFTER \(event) ON \(table)
                            BEGIN UPDATE write_version SET version = version + 1 WHERE name = 'grid'; END;
                        """)
                }
            }
        }
    }
}
