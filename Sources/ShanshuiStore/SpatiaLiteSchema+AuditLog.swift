import GRDB

extension SpatiaLiteSchema {
    /// v10: the case audit log refuses `REPLACE INTO` and UPSERT. SQLite's REPLACE deletes the old
    /// row without firing DELETE triggers, so the append-only triggers of v3 alone let an entry be
    /// rewritten; an insert naming an event id that exists is now refused before any conflict runs.
    static func registerAuditLog(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10 audit log refuses replace") { db in
            try db.execute(sql: """
                CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
                    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'the case audit log is append-only: an event is never replaced'); END;
                """)
        }
        // v11: each event's link in its case's hash chain (`AuditChain`); older events keep none.
        migrator.registerMigration("v11 audit hash chain") { db in
            try db.execute(sql: "ALTER TABLE case_event ADD COLUMN hash TEXT")
        }
    }
}
