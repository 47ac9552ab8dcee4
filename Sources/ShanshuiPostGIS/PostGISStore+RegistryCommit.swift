import Foundation
import PostgresNIO
import Shanshui

/// The PostGIS dialect of `RegistryCommit`: the statements on one connection inside its
/// transaction, with advisory locks on the areas' codes (new areas have no row to lock yet).
struct PostGISRegistryCommit: RegistryCommitTransaction {
    let db: PostgresConnection

    func versionCounts(areaCodes: [String]) async throws -> [String: Int] {
        try await db.lock(areaCodes.map { "protected_area:" + $0 })
        return try await db.counts(areaCodes) {
            "SELECT a.code, count(*) FROM boundary_version v JOIN protected_area a ON a.id = v.area_id WHERE a.code = ANY(\($0)) GROUP BY a.code"
        }
    }

    func insertArea(_ a: ProtectedArea) async throws -> Int64 {
        try await db.column("""
            INSERT INTO protected_area (code, name, kind, level, authority)
            VALUES (\(a.code), \(a.name), \(a.kind.rawValue), \(a.level), \(a.authority)) RETURNING id
            """, Int64.self, of: "protected_area")[0]
    }

    func updateArea(_ a: ProtectedArea) async throws {
        try await db.run("""
            UPDATE protected_area SET name = \(a.name), kind = \(a.kind.rawValue), level = \(a.level), authority = \(a.authority)
            WHERE id = \(a.id)
            """)
    }

    func closeVersions(areaID: Int64, on day: Day) async throws {
        let from = day.description
        try await db.run("UPDATE boundary_version SET valid_to = \(from) WHERE area_id = \(areaID) AND valid_to IS NULL AND valid_from < \(from)")
    }

    func insertVersion(_ version: BoundaryVersion) async throws -> Int64 {
        let wkb = try version.geometry.map { Data(try $0.wkb) }
        return try await db.column("""
            INSERT INTO boundary_version (area_id, valid_from, valid_to, change, instrument_number, instrument_text,
                                          area_km2, source, source_hash, geom)
            VALUES (\(version.areaID), \(version.validFrom.description), \(version.validTo?.description), \(version.change.rawValue),
                    \(version.instrument.number), \(version.instrument.text), \(version.areaKm2), \(version.source),
                    \(version.sourceHash), ST_Multi(ST_GeomFromWKB(\(wkb)::bytea, 4326)))
            RETURNING id
            """, Int64.self, of: "boundary_version")[0]
    }

    func insertZone(_ zone: Zone, versionID: Int64) async throws {
        try await db.run(try """
            INSERT INTO zone (version_id, kind, area_km2, geom)
            VALUES (\(versionID), \(zone.kind.rawValue), \(zone.areaKm2), ST_Multi(ST_GeomFromWKB(\(Data(try zone.geometry.wkb)), 4326)))
            """)
    }
}
