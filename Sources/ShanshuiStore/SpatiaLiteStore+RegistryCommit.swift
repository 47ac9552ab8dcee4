import Foundation
import GRDB
import Shanshui

/// The SpatiaLite dialect of `RegistryCommit`: each statement run on the writer's connection
/// inside its transaction (`WriterSteps`); SQLite has one writer at a time, so nothing needs a lock.
struct SpatiaLiteRegistryCommit: RegistryCommitTransaction {
    let steps: WriterSteps

    func versionCounts(areaCodes: [String]) async throws -> [String: Int] {
        try await steps.run { db in
            var found: [String: Int] = [:]
            for code in areaCodes {
                found[code] = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM boundary_version v JOIN protected_area a ON a.id = v.area_id WHERE a.code = ?
                    """, arguments: [code])
            }
            return found
        }
    }

    func insertArea(_ area: ProtectedArea) async throws -> Int64 {
        try await steps.run { db in
            try db.execute(sql: "INSERT INTO protected_area (code, name, kind, level, authority) VALUES (?, ?, ?, ?, ?)",
                           arguments: [area.code, area.name, area.kind.rawValue, area.level, area.authority])
            return db.lastInsertedRowID
        }
    }

    func updateArea(_ area: ProtectedArea) async throws {
        try await steps.run { db in
            try db.execute(sql: "UPDATE protected_area SET name = ?, kind = ?, level = ?, authority = ? WHERE id = ?",
                           arguments: [area.name, area.kind.rawValue, area.level, area.authority, area.id])
        }
    }

    func closeVersions(areaID: Int64, on day: Day) async throws {
        try await steps.run { db in
            try db.execute(sql: "UPDATE boundary_version SET valid_to = ?1 WHERE area_id = ?2 AND valid_to IS NULL AND valid_from < ?1",
                           arguments: [day.description, areaID])
        }
    }

    func insertVersion(_ version: BoundaryVersion) async throws -> Int64 {
        try await steps.run { db in
            try db.execute(sql: """
                INSERT INTO boundary_version (area_id, valid_from, valid_to, change, instrument_number, instrument_text,
                                              area_km2, source, source_hash, geom)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)))
                """, arguments: [version.areaID, version.validFrom.description, version.validTo?.description,
                                 version.change.rawValue, version.instrument.number, version.instrument.text,
                                 version.areaKm2, version.source, version.sourceHash, try version.geometry.map { Data(try $0.wkb) }])
            return db.lastInsertedRowID
        }
    }

    func insertZone(_ zone: Zone, versionID: Int64) async throws {
        try await steps.run { db in
            try db.execute(sql: "INSERT INTO zone (version_id, kind, area_km2, geom) VALUES (?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)))",
                           arguments: [versionID, zone.kind.rawValue, zone.areaKm2, Data(try zone.geometry.wkb)])
        }
    }
}
