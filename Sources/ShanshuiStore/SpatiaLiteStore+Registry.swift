import Foundation
import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: RegistryStore {
    public func protectedAreas(kind: ProtectedAreaKind?) async throws -> [ProtectedArea] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM protected_area WHERE (?1 IS NULL OR kind = ?1) ORDER BY id",
                                        arguments: [kind?.rawValue])
            return try rows.map { try Self.area($0) }
        }
    }

    public func protectedArea(id: Int64) async throws -> ProtectedArea? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM protected_area WHERE id = ?", arguments: [id]).map { try Self.area($0) }
        }
    }

    public func protectedArea(code: String) async throws -> ProtectedArea? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM protected_area WHERE code = ?", arguments: [code]).map { try Self.area($0) }
        }
    }

    public func versions(areaID: Int64) async throws -> [BoundaryVersion] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "\(Self.selectVersion) WHERE v.area_id = ? ORDER BY v.valid_from, v.id",
                                        arguments: [areaID])
            return try rows.map { try Self.version($0, db) }
        }
    }

    public func versions(asOf day: Day) async throws -> [AreaVersion] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id AS a_id, a.code, a.name, a.kind, a.level, a.authority, v.*, AsBinary(v.geom) AS wkb
                FROM boundary_version v JOIN protected_area a ON a.id = v.area_id
                WHERE v.valid_from <= ?1 AND (v.valid_to IS NULL OR ?1 < v.valid_to) AND v.change <> 'withdraw'
                ORDER BY a.id
                """, arguments: [day.description])
            return try rows.map { row in
                let r = StoredRow(row, table: "protected_area")
                let area = try ProtectedArea(id: r["a_id"], code: r["code"], name: r["name"], kind: r.value("kind"), level: r["level"],
                                             authority: r["authority"])
                return AreaVersion(area: area, version: try Self.version(row, db))
            }
        }
    }

    @discardableResult
    public func commit(_ batch: RegistryBatch) async throws -> [Int64] {
        // IMMEDIATE (GRDB's default for writes): the counts read here cannot change before the commit.
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in try await RegistryCommit.run(batch, in: SpatiaLiteRegistryCommit(steps: steps)) }
        }
    }

    // MARK: SQL (SpatiaLite dialect)

    private static let selectVersion = "SELECT v.*, AsBinary(v.geom) AS wkb FROM boundary_version v"

    /// An area from its row; `prefix` comes before each column name (`a_` in joined pages).
    static func area(_ row: Row, prefix: String = "") throws -> ProtectedArea {
        let r = StoredRow(row, table: "protected_area")
        return try ProtectedArea(id: r[prefix + "id"], code: r[prefix + "code"], name: r[prefix + "name"], kind: r.value(prefix + "kind"),
                                 level: r[prefix + "level"], authority: r[prefix + "authority"])
    }

    private static func version(_ row: Row, _ db: Database) throws -> BoundaryVersion {
        let zoneRows = try Row.fetchAll(db, sql: "SELECT kind, area_km2, AsBinary(geom) AS wkb FROM zone WHERE version_id = ? ORDER BY id",
                                        arguments: [try StoredRow(row, table: "boundary_version")["id"] as Int64])
        return try version(row, zones: try zoneRows.map { try zone($0, prefix: "") })
    }

    /// A version from its row (`v.*` and, unless left out, its outline as `wkb`) with the zones given.
    static func version(_ row: Row, zones: [Zone]) throws -> BoundaryVersion {
        let r = StoredRow(row, table: "boundary_version")
        return try BoundaryVersion(
            id: r["id"], areaID: r["area_id"], validFrom: r.day("valid_from"), validTo: r.optionalDay("valid_to"), change: r.value("change"),
            instrument: LegalInstrument(number: r["instrument_number"], text: r["instrument_text"]),
            geometry: r.geometry("wkb"), zones: zones, source: r["source"], sourceHash: r["source_hash"], areaKm2: r["area_km2"])
    }

    /// A zone from the columns `kind`, `area_km2` and `wkb`, each name after `prefix`.
    static func zone(_ row: Row, prefix: String) throws -> Zone {
        let z = StoredRow(row, table: "zone")
        return try Zone(kind: z.value(prefix + "kind"), geometry: z.geometry(prefix + "wkb") ?? .multiPolygon([]), areaKm2: z[prefix + "area_km2"])
    }
}
