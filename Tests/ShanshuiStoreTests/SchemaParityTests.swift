import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Both dialects' schemas (SQL files side by side in each store's `Schema/`) define the same
/// tables and columns: a SpatiaLite file and a PostGIS database are migrated for real and their
/// catalogues read and compared.
@Suite("Schema parity between the stores")
struct SchemaParityTests {
    /// Tables one store has and the other need not: each store's migration record, and the job
    /// queue of distributed scans (v6), which only the shared database keeps.
    static let ownTables: Set<String> = ["grdb_migrations", "schema_migrations", "scan_job", "scan_tile"]

    @Test(.disabled(if: StoreKind.server == nil, StoreKind.skipReason))
    func bothDialectsDefineTheSameTablesAndColumns() async throws {
        var catalogues: [StoreKind: [String: Set<String>]] = [:]
        for kind in [StoreKind.spatiaLite, .postGIS] {
            try await Workspaces.with(kind) { workspaces in
                _ = try await workspaces.make().epochs()  // the first query waits for the migrations
                catalogues[kind] = try workspaces.catalogue().filter { !Self.ownTables.contains($0.key) }
            }
        }
        let spatiaLite = try #require(catalogues[.spatiaLite]), postGIS = try #require(catalogues[.postGIS])
        #expect(spatiaLite.count >= 20, "\(spatiaLite.keys.sorted())")
        #expect(spatiaLite.keys.sorted() == postGIS.keys.sorted())
        for table in Set(spatiaLite.keys).union(postGIS.keys).sorted() {
            #expect(spatiaLite[table] == postGIS[table], "\(table): SpatiaLite \(spatiaLite[table]?.sorted() ?? []), PostGIS \(postGIS[table]?.sorted() ?? [])")
        }
        #expect(spatiaLite["case"]?.isSuperset(of: ["geom", "cell_codes", "routing", "replaced_by"]) == true)
        #expect(spatiaLite["user_session"] == ["id_hash", "user_name", "csrf_token", "created_at", "last_seen_at"])
        #expect(spatiaLite["sign_in_failure"] == ["user_name", "failures", "first_failed_at", "locked_until"])
    }
}

extension Workspaces {
    /// The first workspace's tables and their columns, read from the database's own catalogue
    /// (SpatiaLite's metadata and index tables left out).
    func catalogue() throws -> [String: Set<String>] {
        let sql = kind == .spatiaLite ? """
            SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
            WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'idx_%'
              AND m.name NOT LIKE '%geometry_columns%' AND m.name NOT LIKE 'spatial%' AND m.name NOT IN
              ('ElementaryGeometries', 'KNN', 'KNN2', 'SpatialIndex', 'data_licenses', 'sql_statements_log', 'spatialite_history')
            """ : """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT IN ('spatial_ref_sys', 'geography_columns', 'geometry_columns')
            """
        let run = try shell(sql, sqlite: ["-separator", "|"], psql: ["-A", "-t", "-F", "|"])
        #expect(run.status == 0, "\(run.stderr)")
        let text = run.stdout
        var tables: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "|").map(String.init)
            if parts.count == 2 { tables[parts[0], default: []].insert(parts[1]) }
        }
        return tables
    }
}
