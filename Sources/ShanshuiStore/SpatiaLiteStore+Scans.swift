import Foundation
import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: ScanStore {
    public func addEpoch(_ e: Epoch) async throws -> Int64 {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM epoch WHERE name = ?", arguments: [e.name]) == true {
                throw StoreError.constraint("an epoch named '\(e.name)' exists already; choose another name")
            }
            try db.execute(sql: """
                INSERT INTO epoch (name, date, sensor, paths, bands, mask, crs, width, height, band_count, footprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326))
                """, arguments: [e.name, e.date.description, e.sensor, JSONValue.array(e.paths.map(JSONValue.string)).serialized(),
                                 e.bands, e.mask, e.crs, e.width, e.height, e.bandCount, Data(try e.footprint.wkb)])
            return db.lastInsertedRowID
        }
    }

    public func epoch(_ nameOrID: String) async throws -> Epoch? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT *, AsBinary(footprint) AS wkb FROM epoch WHERE name = ? OR id = ?",
                             arguments: [nameOrID, Int64(nameOrID)]).map(Self.epoch)
        }
    }

    public func epochs() async throws -> [Epoch] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT *, AsBinary(footprint) AS wkb FROM epoch ORDER BY date, id").map(Self.epoch)
        }
    }

    public func createScan(_ s: ScanRecord, expectedScansOfPair: Int?) async throws -> Int64 {
        try await pool.write { db in  // IMMEDIATE: the count cannot change before the commit
            if let expected = expectedScansOfPair {
                let found = try Int.fetchOne(db, sql: "SELECT count(*) FROM scan WHERE before_epoch = ? AND after_epoch = ?",
                                             arguments: [s.beforeEpoch, s.afterEpoch]) ?? 0
                let pair = "\(s.beforeEpoch)→\(s.afterEpoch)"
                try ConcurrentChangeError.check(expected: [pair: expected], found: [pair: found], noun: "the scans of epochs")
            }
            try db.execute(sql: "INSERT INTO scan (before_epoch, after_epoch, status, started_at, parameters) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.beforeEpoch, s.afterEpoch, s.status.rawValue, s.startedAt, s.parameters.serialized()])
            let id = db.lastInsertedRowID
            for a in s.areas {
                try db.execute(sql: "INSERT INTO scan_area (scan_id, area_id, status) VALUES (?, ?, 'pending')", arguments: [id, a.areaID])
            }
            return id
        }
    }

    public func scan(_ id: Int64) async throws -> ScanRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scan WHERE id = ?", arguments: [id]).map { try Self.scan($0, db) }
        }
    }

    public func scans() async throws -> [ScanRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scan ORDER BY id DESC").map { try Self.scan($0, db) }
        }
    }

    public func earlierPatches(before scanID: Int64, intersecting box: Envelope) async throws -> [ScanPatch] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.*, AsBinary(p.geom) AS wkb FROM patch p
                WHERE p.scan_id < ? AND p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'patch'
                    AND search_frame = BuildMbr(?, ?, ?, ?, 4326))
                ORDER BY p.id
                """, arguments: [scanID, box.minX, box.minY, box.maxX, box.maxY]).map(Self.patch)
        }
    }

    public func patches(scanID: Int64?) async throws -> [ScanPatch] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT p.*, AsBinary(p.geom) AS wkb FROM patch p WHERE (?1 IS NULL OR scan_id = ?1) ORDER BY id",
                             arguments: [scanID]).map(Self.patch)
        }
    }

    public func commitArea(_ r: AreaScanResult) async throws {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in try await AreaCommit.run(r, in: SpatiaLiteAreaCommit(steps: steps)) }
        }
    }

    public func finishScan(_ id: Int64, status: ScanRecord.Status, at: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE scan SET status = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, at, id])
        }
    }

    private static func epoch(_ row: Row) throws -> Epoch {
        let r = StoredRow(row, table: "epoch")
        // crs, size and band count are NULL for an epoch whose rasters were not read (unknown, not unreadable).
        return try Epoch(id: r["id"], name: r["name"], date: r.day("date"), sensor: r["sensor"], paths: r.requiredJSON([String].self, "paths"),
                         bands: r["bands"], mask: r["mask"], crs: r["crs"] ?? "", width: r["width"] ?? 0, height: r["height"] ?? 0,
                         bandCount: r["band_count"] ?? 0, footprint: r.geometry("wkb") ?? .multiPolygon([]))
    }

    private static func scan(_ row: Row, _ db: Database) throws -> ScanRecord {
        let r = StoredRow(row, table: "scan")
        let id: Int64 = try r["id"]
        let areas = try Row.fetchAll(db, sql: "SELECT * FROM scan_area WHERE scan_id = ? ORDER BY area_id", arguments: [id]).map {
            let a = StoredRow($0, table: "scan_area")
            return try ScanAreaProgress(areaID: a["area_id"], done: (a["status"] as String) == "done", patches: a["patches"], damageM2: a["damage_m2"])
        }
        return try ScanRecord(id: id, beforeEpoch: r["before_epoch"], afterEpoch: r["after_epoch"], status: r.value("status"),
                              startedAt: r["started_at"], finishedAt: r["finished_at"], parameters: r.jsonValue("parameters"),
                              areas: areas)
    }

    static func patch(_ row: Row) throws -> ScanPatch {
        let r = StoredRow(row, table: "patch")
        guard let geometry = try r.geometry("wkb") else {
            throw StoredValueError(table: "patch", column: "geom", value: "NULL", expected: "a patch outline")
        }
        return try ScanPatch(id: r["id"], scanID: r["scan_id"], areaID: r["area_id"], geometry: geometry,
                             activity: r["activity"], lineage: r.value("change"), areaM2: r["area_m2"],
                             perimeterM: r["perimeter_m"], confidence: r["confidence"], properties: r.jsonValue("properties"),
                             previousPatchID: r["previous_patch_id"], caseID: r["case_id"])
    }
}
