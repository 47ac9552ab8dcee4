import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: RegistryStore {
    public func protectedAreas(kind: ProtectedAreaKind?) async throws -> [ProtectedArea] {
        try await read { db in
            try await db.rows("SELECT * FROM protected_area WHERE (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)) ORDER BY id", of: "protected_area")
                .map(Self.area)
        }
    }

    public func protectedArea(id: Int64) async throws -> ProtectedArea? {
        try await read { db in try await db.rows("SELECT * FROM protected_area WHERE id = \(id)", of: "protected_area").first.map(Self.area) }
    }

    public func protectedArea(code: String) async throws -> ProtectedArea? {
        try await read { db in try await db.rows("SELECT * FROM protected_area WHERE code = \(code)", of: "protected_area").first.map(Self.area) }
    }

    public func versions(areaID: Int64) async throws -> [BoundaryVersion] {
        try await read { db in
            let rows = try await db.rows("\(unescaped: Self.selectVersion) WHERE v.area_id = \(areaID) ORDER BY v.valid_from, v.id", of: "boundary_version")
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
                """, of: "boundary_version")
            let versions = try await Self.versions(rows, db)
            return try zip(rows, versions).map { row, version in
                let area = ProtectedArea(id: try row.get("a_id"), code: try row.get("code"), name: try row.get("name"),
                                         kind: try row.value("kind"), level: try row.get("level"),
                                         authority: try row.get("authority"))
                return AreaVersion(area: area, version: version)
            }
        }
    }

    @discardableResult
    public func commit(_ batch: RegistryBatch) async throws -> [Int64] {
        try await write { db in try await RegistryCommit.run(batch, in: PostGISRegistryCommit(db: db)) }
    }

    // MARK: SQL (PostGIS dialect)

    private static let selectVersion = "SELECT v.*, ST_AsBinary(v.geom) AS wkb FROM boundary_version v"

    /// Versions from their rows, with the zones of all of them read in one query.
    private static func versions(_ rows: [StoredPostgresRow], _ db: PostgresConnection) async throws -> [BoundaryVersion] {
        let ids = try rows.map { try $0.get("id", as: Int64.self) }
        var zones: [Int64: [Zone]] = [:]
        if !ids.isEmpty {
            for z in try await db.rows("SELECT version_id, kind, area_km2, ST_AsBinary(geom) AS wkb FROM zone WHERE version_id = ANY(\(ids)) ORDER BY id", of: "zone") {
                zones[try z.get("version_id"), default: []].append(Zone(kind: try z.value("kind"), geometry: try geometry(try z.get("wkb")) ?? .multiPolygon([]),
                                                                        areaKm2: try z.get("area_km2")))
            }
        }
        return try zip(rows, ids).map { row, id in try version(row, zones: zones[id] ?? []) }
    }

    /// A version from its row (`v.*` and its outline as `wkb`, which may be null) with the zones given.
    static func version(_ row: StoredPostgresRow, zones: [Zone]) throws -> BoundaryVersion {
        return BoundaryVersion(
            id: try row.get("id"), areaID: try row.get("area_id"), validFrom: try row.day("valid_from"), validTo: try row.optionalDay("valid_to"),
            change: try row.value("change"),
            instrument: LegalInstrument(number: try row.get("instrument_number"), text: try row.get("instrument_text")),
            geometry: try geometry(try row.get("wkb")), zones: zones, source: try row.get("source"),
            sourceHash: try row.get("source_hash"), areaKm2: try row.get("area_km2"))
    }

    private static func area(_ row: StoredPostgresRow) throws -> ProtectedArea {
        ProtectedArea(id: try row.get("id"), code: try row.get("code"), name: try row.get("name"), kind: try row.value("kind"),
                      level: try row.get("level"), authority: try row.get("authority"))
    }

    static func geometry(_ wkb: Data?) throws -> Geometry? {
        guard let wkb, !wkb.isEmpty else { return nil }
        return try Geometry(wkb: [UInt8](wkb))
    }
}
