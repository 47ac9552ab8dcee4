import GRDB
import Shanshui

extension SpatiaLiteStore: TokenStore {
    public func addToken(_ token: APIToken) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_token (name, role, hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [token.name, token.role.rawValue, token.hash, token.createdAt])
            return db.lastInsertedRowID
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try requestReads.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_token WHERE hash = ? AND revoked_at IS NULL"), arguments: [hash]).map(Self.token)
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id").map(Self.token) }
    }

    public func revokeToken(id: Int64, at: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at, id])
            return db.changesCount > 0
        }
    }

    private static func token(_ row: Row) throws -> APIToken {
        let r = StoredRow(row, table: "api_token")
        return try APIToken(id: r["id"], name: r["name"], role: r.value("role"), hash: r["hash"], createdAt: r["created_at"],
                            revokedAt: r["revoked_at"])
    }
}

extension SpatiaLiteStore: PatchPageStore {
    public func patchCount(_ query: PatchQuery) async throws -> Int {
        try await pool.read { db in
            let (filter, arguments) = Self.patchFilter(query)
            return try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM patch p WHERE \(filter)"), arguments: arguments) ?? 0
        }
    }

    public func patches(_ query: PatchQuery, offset: Int, limit: Int) async throws -> [ScanPatch] {
        try await pool.read { db in
            var (filter, arguments) = Self.patchFilter(query)
            arguments += [limit, offset]
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT p.*, AsBinary(p.geom) AS wkb FROM patch p WHERE \(filter) ORDER BY p.id LIMIT ? OFFSET ?"),
                                    arguments: arguments).map(Self.patch)
        }
    }

    public func patch(id: Int64) async throws -> ScanPatch? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT p.*, AsBinary(p.geom) AS wkb FROM patch p WHERE p.id = ?"), arguments: [id]).map(Self.patch)
        }
    }

    /// The WHERE clause of a patch query: the box goes through the spatial index, then the
    /// outline itself must meet it (an envelope that meets the box is not enough).
    private static func patchFilter(_ q: PatchQuery) -> (String, StatementArguments) {
        var clauses = ["1"]
        var arguments: StatementArguments = []
        if let scanID = q.scanID {
            clauses.append("p.scan_id = ?")
            arguments += [scanID]
        }
        if let day = q.asOf {
            // `+` keeps the planner off the scan index here: it would read and sort every patch
            // to page them by id, where walking the ids stops at the page's end.
            clauses.append("+p.scan_id IN (SELECT s.id FROM scan s JOIN epoch e ON e.id = s.after_epoch WHERE e.date <= ?)")
            arguments += [day.description]
        }
        boxClause(q.box, table: "patch", alias: "p", &clauses, &arguments)
        return (clauses.joined(separator: " AND "), arguments)
    }
}
