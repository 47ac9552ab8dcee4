import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: ScanStore {
    public func addEpoch(_ e: Epoch) async throws -> Int64 {
        try await write { db in
            try await db.lock(["epoch:" + e.name])  // two adds of one name: the second waits, then finds it taken
            if try await !db.rows("SELECT 1 FROM epoch WHERE name = \(e.name)", of: "epoch").isEmpty {
                throw StoreError.constraint("an epoch named '\(e.name)' exists already; choose another name")
            }
            let paths = JSONValue.array(e.paths.map(JSONValue.string)).serialized()
            return try await db.column(try """
                INSERT INTO epoch (name, date, sensor, paths, bands, mask, crs, width, height, band_count, footprint)
                VALUES (\(e.name), \(e.date.description), \(e.sensor), \(paths), \(e.bands), \(e.mask), \(e.crs), \(e.width), \(e.height),
                        \(e.bandCount), ST_GeomFromWKB(\(Data(try e.footprint.wkb)), 4326))
                RETURNING id
                """, Int64.self, of: "epoch")[0]
        }
    }

    public func epoch(_ nameOrID: String) async throws -> Epoch? {
        try await read { db in
            try await db.rows("SELECT *, ST_AsBinary(footprint) AS wkb FROM epoch WHERE name = \(nameOrID) OR id = \(Int64(nameOrID))", of: "epoch")
                .first.map(Self.epoch)
        }
    }

    public func epochs() async throws -> [Epoch] {
        try await read { db in try await db.rows("SELECT *, ST_AsBinary(footprint) AS wkb FROM epoch ORDER BY date, id", of: "epoch").map(Self.epoch) }
    }

    public func createScan(_ s: ScanRecord, expectedScansOfPair: Int?) async throws -> Int64 {
        try await write { db in
            if let expected = expectedScansOfPair {
                let pair = "\(s.beforeEpoch)→\(s.afterEpoch)"
                try await db.lock(["scan:" + pair])  // scans of one epoch pair start one at a time
                let found = try await db.column("SELECT count(*) FROM scan WHERE before_epoch = \(s.beforeEpoch) AND after_epoch = \(s.afterEpoch)",
                                                Int64.self, of: "scan").first ?? 0
                try ConcurrentChangeError.check(expected: [pair: expected], found: [pair: Int(found)], noun: "the scans of epochs")
            }
            let id = try await db.column("""
                INSERT INTO scan (before_epoch, after_epoch, status, started_at, parameters)
                VALUES (\(s.beforeEpoch), \(s.afterEpoch), \(s.status.rawValue), \(s.startedAt), \(s.parameters.serialized())) RETURNING id
                """, Int64.self, of: "scan")[0]
            for a in s.areas {
                try await db.run("INSERT INTO scan_area (scan_id, area_id, status) VALUES (\(id), \(a.areaID), 'pending')")
            }
            return id
        }
    }

    public func scan(_ id: Int64) async throws -> ScanRecord? {
        try await read { db in try await Self.scans(db, "SELECT * FROM scan WHERE id = \(id)").first }
    }

    public func scans() async throws -> [ScanRecord] {
        try await read { db in try await Self.scans(db, "SELECT * FROM scan ORDER BY id DESC") }
    }

    public func earlierPatches(before scanID: Int64, intersecting box: Envelope) async throws -> [ScanPatch] {
        try await read { db in
            try await db.rows("""
                SELECT p.*, ST_AsBinary(p.geom) AS wkb FROM patch p
                WHERE p.scan_id < \(scanID) AND p.geom && ST_MakeEnvelope(\(box.minX), \(box.minY), \(box.maxX), \(box.maxY), 4326)
                ORDER BY p.id
                """, of: "patch").map(Self.patch)
        }
    }

    public func patches(scanID: Int64?) async throws -> [ScanPatch] {
        try await read { db in
            try await db.rows("""
                SELECT p.*, ST_AsBinary(p.geom) AS wkb FROM patch p WHERE (\(scanID)::bigint IS NULL OR scan_id = \(scanID)) ORDER BY id
                """, of: "patch").map(Self.patch)
        }
    }

    public func commitArea(_ r: AreaScanResult) async throws {
        try await write { db in try await AreaCommit.run(r, in: PostGISAreaCommit(db: db)) }
    }

    public func finishScan(_ id: Int64, status: ScanRecord.Status, at: String) async throws {
        try await write { db in
            try await db.run("UPDATE scan SET status = \(status.rawValue), finished_at = \(at) WHERE id = \(id)")
        }
    }

    // MARK: SQL (PostGIS dialect)

    private static func epoch(_ r: StoredPostgresRow) throws -> Epoch {
        let paths = try r.requiredJSON([String].self, "paths")
        // crs, size and band count are NULL for an epoch whose rasters were not read (unknown, not unreadable).
        return Epoch(id: try r.get("id"), name: try r.get("name"), date: try r.day("date"), sensor: try r.get("sensor"),
                     paths: paths, bands: try r.get("bands"), mask: try r.get("mask"), crs: try r.get("crs") ?? "",
                     width: try r.get("width") ?? 0, height: try r.get("height") ?? 0, bandCount: try r.get("band_count") ?? 0,
                     footprint: try geometry(try r.get("wkb")) ?? .multiPolygon([]))
    }

    /// The scans a query selects, each with its per-area progress.
    private static func scans(_ db: PostgresConnection, _ query: PostgresQuery) async throws -> [ScanRecord] {
        var scans: [ScanRecord] = []
        for r in try await db.rows(query, of: "scan") {
            let id: Int64 = try r.get("id")
            let areas = try await db.rows("SELECT * FROM scan_area WHERE scan_id = \(id) ORDER BY area_id", of: "scan_area").map {
                ScanAreaProgress(areaID: try $0.get("area_id"), done: try $0.get("status", as: String.self) == "done",
                                 patches: try $0.get("patches"), damageM2: try $0.get("damage_m2"))
            }
            scans.append(ScanRecord(id: id, beforeEpoch: try r.get("before_epoch"), afterEpoch: try r.get("after_epoch"),
                                    status: try r.value("status"), startedAt: try r.get("started_at"),
                                    finishedAt: try r.get("finished_at"),
                                    parameters: try JSONValue.parse(Array(try r.get("parameters", as: String.self).utf8)), areas: areas))
        }
        return scans
    }

    static func patch(_ r: StoredPostgresRow) throws -> ScanPatch {
        ScanPatch(id: try r.get("id"), scanID: try r.get("scan_id"), areaID: try r.get("area_id"),
                  geometry: try geometry(try r.get("wkb")) ?? .multiPolygon([]), activity: try r.get("activity"),
                  lineage: try r.value("change"), areaM2: try r.get("area_m2"),
                  perimeterM: try r.get("perimeter_m"), confidence: try r.get("confidence"),
                  properties: try JSONValue.parse(Array(try r.get("properties", as: String.self).utf8)),
                  previousPatchID: try r.get("previous_patch_id"), caseID: try r.get("case_id"))
    }
}
