import Foundation
import GRDB
import Shanshui

extension SpatiaLiteStore: InspectionStore {
    public func addDraw(_ d: InspectionDraw) async throws -> Int64 {
        let filter = try CaseRow.json(d.filter) ?? "[]"
        let picks = try CaseRow.json(d.picks.map(DrawPickRecord.init)) ?? "[]"
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO inspection_draw (created_at, target_kind, filter, inspector_source, seed, inputs, inputs_hash, picks)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [d.createdAt, d.kind.rawValue, filter, d.inspectorSource, d.seed, d.inputs, d.inputsHash, picks])
            return db.lastInsertedRowID
        }
    }

    public func draws() async throws -> [InspectionDraw] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inspection_draw ORDER BY id DESC").map(Self.decodeDraw)
        }
    }

    public func draw(id: Int64) async throws -> InspectionDraw? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inspection_draw WHERE id = ?", arguments: [id]).map(Self.decodeDraw)
        }
    }

    private static func decodeDraw(_ row: Row) throws -> InspectionDraw {
        let r = StoredRow(row, table: "inspection_draw")
        let picks = try r.requiredJSON([DrawPickRecord].self, "picks")
        return try InspectionDraw(id: r["id"], createdAt: r["created_at"], kind: r.value("target_kind"),
                                  filter: r.requiredJSON([String].self, "filter"), inspectorSource: r["inspector_source"], seed: r["seed"],
                                  inputs: r["inputs"], inputsHash: r["inputs_hash"], picks: picks.map { try $0.pick() })
    }
}
