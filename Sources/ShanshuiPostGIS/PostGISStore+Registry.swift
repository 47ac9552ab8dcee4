import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: RegistryStore {
    public func protectedAreas(kind: ProtectedAreaKind?) async throws -> [ProtectedArea] {
        try await read { db in
            try await db.rows("SELECT * FROM protected_area WHERE (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)) ORDER BY id")
                .map(Self.area)
        }
    }

    public func protectedArea(id: Int64) async throws -> ProtectedArea? {
        try await read { db in try await db.rows("SELECT * FROM protected_area WHERE id = \(id)").first.map(Self.area) }
    }

    public func protectedArea(code: String) async throws -> ProtectedArea? {
        try await read { db in try await db.rows("SELECT * FROM protected_area WHERE code = \(code)").first.map(Self.area) }
    }

    public func versions(areaID: Int64) async throws -> [BoundaryVersion] {
        try await read { db in
            let rows = try await db.rows("\(unescaped: Self.selectVersion) WHERE v.area_id = \(areaID) ORDER BY v.valid_from, v.id")
            return try await Self.versions(rows, db)
        }
    }

    public func versions(asOf day: Day) async throws -> [AreaVersion] {
        try await read { db in
            let rows = try await db.rows("""
                SELECT a.id AS a_id, a.code, a.name, a.kind, a.level, a.authority, v.*, ST_AsBinary(v.geom) AS wkb
                FROM boundary_version v JOIN protected_area a ON a.id = v.area_id
                WHERE v.valid_from <= \(day.description) AND (v.valid_to IS NULL OR \(day.description) < v.valid_to) AND v.change <> 'withdraw'
                ORDER BY a.id
                """)
            let versions = try await Self.versions(rows, db)
            return try zip(rows, versions).map { row, version in
                let area = ProtectedArea(id: try row.get("a_id"), code: try row.get("code"), name: try row.get("name"),
                                         kind: try row.value("kind", in: "protected_area"), level: try row.get("level"),
                                         authority: try row.get("authority"))
                return AreaVersion(area: area, version: version)
            }
        }
    }

    @discardableResult
    public func commit(_ batch: RegistryBatch) async throws -> [Int64] {
        try await write { db in
            // Writers of the same areas (new ones too: there is no row to lock yet) queue on their locks.
            let codes = Array(batch.expectedVersionCounts.keys)
            try await db.lock(codes.map { "protected_area:" + $0 })
            let found = try await db.counts(codes) {
                "SELECT a.code, count(*) FROM boundary_version v JOIN protected_area a ON a.id = v.area_id WHERE a.code = ANY(\($0)) GROUP BY a.code"
            }
            try ConcurrentChangeError.check(expected: batch.expectedVersionCounts, found: found, noun: "protected area")
            var created: [Int64] = []
            for item in batch.newAreas {
                let a = item.area
                let id = try await db.column("""
                    INSERT INTO protected_area (code, name, kind, level, authority)
                    VALUES (\(a.code), \(a.name), \(a.kind.rawValue), \(a.level), \(a.authority)) RETURNING id
                    """, Int64.self)[0]
                created.append(id)
                var version = item.version
                version.areaID = id
                try await Self.insert(version, db)
            }
            for a in batch.updatedAreas {
                try await db.run("""
                    UPDATE protected_area SET name = \(a.name), kind = \(a.kind.rawValue), level = \(a.level), authority = \(a.authority)
                    WHERE id = \(a.id)
                    """)
            }
            for version in batch.newVersions {
                let from = version.validFrom.description
                try await db.run("""
                    UPDATE boundary_version SET valid_to = \(from)
                    WHERE area_id = \(version.areaID) AND valid_to IS NULL AND valid_from < \(from)
                    """)
                try await Self.insert(version, db)
            }
            return created
        }
    }

    // MARK: SQL (PostGIS dialect)

    private static let selectVersion = "SELECT v.*, ST_AsBinary(v.geom) AS wkb FROM boundary_version v"

    private static func insert(_ version: BoundaryVersion, _ db: PostgresConnection) async throws {
        let wkb = try version.geometry.map { Data(try $0.wkb) }
        let versionID = try await db.column(try """
            INSERT INTO boundary_version (area_id, valid_from, valid_to, change, instrument_number, instrument_text,
                                          area_km2, source, source_hash, geom)
            VALUES (\(version.areaID), \(version.validFrom.description), \(version.validTo?.description), \(version.change.rawValue),
                    \(version.instrument.number), \(version.instrument.text), \(version.areaKm2), \(version.source),
                    \(version.sourceHash), ST_Multi(ST_GeomFromWKB(\(wkb)::bytea, 4326)))
            RETURNING id
            """, Int64.self)[0]
        for zone in version.zones {
            try await db.run(try """
                INSERT INTO zone (version_id, kind, area_km2, geom)
                VALUES (\(versionID), \(zone.kind.rawValue), \(zone.areaKm2), ST_Multi(ST_GeomFromWKB(\(Data(try zone.geometry.wkb)), 4326)))
                """)
        }
    }

    /// Versions from their rows, with the zones of all of them read in one query.
    private static func versions(_ rows: [PostgresRandomAccessRow], _ db: PostgresConnection) async throws -> [BoundaryVersion] {
        let ids = try rows.map { try $0.get("id", as: Int64.self) }
        var zones: [Int64: [Zone]] = [:]
        if !ids.isEmpty {
            for z in try await db.rows("SELECT version_id, kind, area_km2, ST_AsBinary(geom) AS wkb FROM zone WHERE version_id = ANY(\(ids)) ORDER BY id") {
                zones[try z.get("version_id"), default: []].append(Zone(kind: try z.value("kind", in: "zone"), geometry: try geometry(try z.get("wkb")) ?? .multiPolygon([]),
                                                                        areaKm2: try z.get("area_km2")))
            }
        }
        return try zip(rows, ids).map { row, id in try version(row, zones: zones[id] ?? []) }
    }

    /// A version from its row (`v.*` and its outline as `wkb`, which may be null) with the zones given.
    static func version(_ row: PostgresRandomAccessRow, zones: [Zone]) throws -> BoundaryVersion {
        let validTo: String? = try row.get("valid_to")
        return BoundaryVersion(
            id: try row.get("id"), areaID: try row.get("area_id"), validFrom: try Day(try row.get("valid_from")), validTo: try validTo.map(Day.init),
            change: try row.value("change", in: "boundary_version"),
            instrument: LegalInstrument(number: try row.get("instrument_number"), text: try row.get("instrument_text")),
            geometry: try geometry(try row.get("wkb")), zones: zones, source: try row.get("source"),
            sourceHash: try row.get("source_hash"), areaKm2: try row.get("area_km2"))
    }

    private static func area(_ row: PostgresRandomAccessRow) throws -> ProtectedArea {
        ProtectedArea(id: try row.get("id"), code: try row.get("code"), name: try row.get("name"), kind: try row.value("kind", in: "protected_area"),
                      level: try row.get("level"), authority: try row.get("authority"))
    }

    static func geometry(_ wkb: Data?) throws -> Geometry? {
        guard let wkb, !wkb.isEmpty else { return nil }
        return try Geometry(wkb: [UInt8](wkb))
    }
}
