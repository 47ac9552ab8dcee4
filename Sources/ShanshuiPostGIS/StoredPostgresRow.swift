import Foundation
import PostgresNIO
import Shanshui

/// A row read from one table, decoded column by column: a value of the wrong SQL type, an
/// unknown enum text or broken JSON throws `StoredValueError` naming the table, column, value
/// and its type (postgres-nio's own decoding error names neither table nor value). Enum texts,
/// JSON and days decode as on every store (`StoredColumns`); the PostGIS twin of `StoredRow`.
struct StoredPostgresRow: StoredColumns {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRandomAccessRow, table: String) {
        self.row = row
        self.table = table
    }

    /// The same row, its columns named as `table`'s in errors (a join's columns of another table).
    func of(_ table: String) -> StoredPostgresRow { StoredPostgresRow(row, table: table) }

    /// The value of a column, decoded to the type the caller expects (an optional type reads NULL as nil).
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard row.contains(column) else {
            throw StoredValueError(table: table, column: column, value: "(no such column)", expected: StoredValueError.expected(T.self))
        }
        return try decode(row[column], as: T.self)
    }

    /// The value of the column at `index` (a query's unnamed columns: counts, extents).
    func get<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        try decode(row[index], as: T.self)
    }

    func optionalText(_ column: String) throws -> String? { try get(column, as: String?.self) }

    private func decode<T: PostgresDecodable>(_ cell: PostgresCell, as type: T.Type) throws -> T {
        do {
            return try cell.decode(T.self)
        } catch {
            throw StoredValueError(table: table, column: cell.columnName, value: Self.text(cell),
                                   storedType: cell.dataType.knownSQLName?.lowercased() ?? "type \(cell.dataType.rawValue)",
                                   expected: StoredValueError.expected(T.self))
        }
    }

    /// The cell's value as text, for messages: text and numbers as themselves, anything else by size.
    private static func text(_ cell: PostgresCell) -> String {
        guard let bytes = cell.bytes else { return "NULL" }
        if let s = try? cell.decode(String.self) { return s }
        if let i = try? cell.decode(Int64.self) { return String(i) }
        if let d = try? cell.decode(Double.self) { return String(d) }
        if let b = try? cell.decode(Bool.self) { return String(b) }
        return "\(bytes.readableBytes)-byte value"
    }
}

extension PostgresConnection {
    /// All rows of a query over `table` (the table its columns come from, named in errors),
    /// each open for access by column name.
    func rows(_ query: PostgresQuery, of table: String, logger: Logger = PostGISStore.quiet) async throws -> [StoredPostgresRow] {
        PostGISStore.roundTripCounter.add(1, ordering: .relaxed)
        var rows: [StoredPostgresRow] = []
        for try await row in try await self.query(query, logger: logger) {
            rows.append(StoredPostgresRow(row.makeRandomAccess(), table: table))
        }
        return rows
    }

    /// The first column of every row of a query over `table`.
    func column<T: PostgresDecodable>(_ query: PostgresQuery, _ type: T.Type, of table: String) async throws -> [T] {
        try await rows(query, of: table).map { try $0.get(at: 0, as: T.self) }
    }
}
