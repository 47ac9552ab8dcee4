import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: TokenStore {
    public func addToken(_ token: APIToken) async throws -> Int64 {
        try await write { db in
            try await db.column("""
                INSERT INTO api_token (name, role, hash, created_at) VALUES (\(token.name), \(token.role.rawValue), \(token.hash), \(token.createdAt))
                RETURNING id
                """, Int64.self, of: "api_token")[0]
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await read { db in try await db.rows("SELECT * FROM api_token WHERE hash = \(hash) AND revoked_at IS NULL", of: "api_token").first.map(Self.token) }
    }

    public func tokens() async throws -> [APIToken] {
        try await read { db in try await db.rows("SELECT * FROM api_token ORDER BY id", of: "api_token").map(Self.token) }
    }

    public func revokeToken(id: Int64, at: String) async throws -> Bool {
        try await write { db in
            try await !db.rows("UPDATE api_token SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING id", of: "api_token").isEmpty
        }
    }

    private static func token(_ r: StoredPostgresRow) throws -> APIToken {
        APIToken(id: try r.get("id"), name: try r.get("name"), role: try r.value("role"), hash: try r.get("hash"),
                 createdAt: try r.get("created_at"), revokedAt: try r.get("revoked_at"))
    }
}

extension PostGISStore: InspectionStore {
    public func addDraw(_ d: InspectionDraw) async throws -> Int64 {
        let filter = try CaseRow.json(d.filter) ?? "[]"
        let picks = try CaseRow.json(d.picks.map(DrawPickRecord.init)) ?? "[]"
        return try await write { db in
            try await db.column("""
                INSERT INTO inspection_draw (created_at, target_kind, filter, inspector_source, seed, inputs, inputs_hash, picks)
                VALUES (\(d.createdAt), \(d.kind.rawValue), \(filter), \(d.inspectorSource), \(d.seed), \(d.inputs), \(d.inputsHash), \(picks))
                RETURNING id
                """, Int64.self, of: "inspection_draw")[0]
        }
    }

    public func draws() async throws -> [InspectionDraw] {
        try await read { db in try await db.rows("SELECT * FROM inspection_draw ORDER BY id DESC", of: "inspection_draw").map(Self.draw) }
    }

    public func draw(id: Int64) async throws -> InspectionDraw? {
        try await read { db in try await db.rows("SELECT * FROM inspection_draw WHERE id = \(id)", of: "inspection_draw").first.map(Self.draw) }
    }

    private static func draw(_ r: StoredPostgresRow) throws -> InspectionDraw {
        let picks = try r.requiredJSON([DrawPickRecord].self, "picks")
        return InspectionDraw(id: try r.get("id"), createdAt: try r.get("created_at"), kind: try r.value("target_kind"),
                              filter: try r.requiredJSON([String].self, "filter"),
                              inspectorSource: try r.get("inspector_source"), seed: try r.get("seed"), inputs: try r.get("inputs"),
                              inputsHash: try r.get("inputs_hash"), picks: try picks.map { try $0.pick() })
    }
}

extension PostGISStore: PatchPageStore {
    public func patchCount(_ query: PatchQuery) async throws -> Int {
        try await read { db in try await db.column(Self.patchQuery("SELECT COUNT(*) FROM patch p", query, tail: ""), Int.self, of: "patch")[0] }
    }

    public func patches(_ query: PatchQuery, offset: Int, limit: Int) async throws -> [ScanPatch] {
        // Each call is planned with its values, so a given box goes through the GiST index; ST_Intersects
        // then tests the outline itself, not only its box.
        try await read { db in
            try await db.rows(Self.patchQuery("SELECT p.*, ST_AsBinary(p.geom) AS wkb FROM patch p", query,
                                              tail: "ORDER BY p.id LIMIT \(limit) OFFSET \(offset)"), of: "patch").map(Self.patch)
        }
    }

    public func patch(id: Int64) async throws -> ScanPatch? {
        try await read { db in try await db.rows("SELECT p.*, ST_AsBinary(p.geom) AS wkb FROM patch p WHERE p.id = \(id)", of: "patch").first.map(Self.patch) }
    }

    /// A patch query (`select` names `patch p`) narrowed by scan, as-of day (the after-epoch's date) and box.
    private static func patchQuery(_ select: String, _ query: PatchQuery, tail: String) -> PostgresQuery {
        let b = query.box, day = query.asOf?.description
        return """
            \(unescaped: select)
            WHERE (\(query.scanID)::bigint IS NULL OR p.scan_id = \(query.scanID))
              AND (\(day)::text IS NULL OR p.scan_id IN (SELECT s.id FROM scan s JOIN epoch e ON e.id = s.after_epoch WHERE e.date <= \(day)))
              AND (\(b?.minX)::float8 IS NULL OR ST_Intersects(p.geom, ST_MakeEnvelope(\(b?.minX), \(b?.minY), \(b?.maxX), \(b?.maxY), 4326)))
            \(unescaped: tail)
            """
    }
}
