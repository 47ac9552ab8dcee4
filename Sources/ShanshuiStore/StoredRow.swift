import Foundation
import GeoKit
import GRDB
import Shanshui

/// A row read from one table, decoded column by column through GRDB's throwing API: a value of
/// the wrong type, an unknown enum text or broken JSON throws `StoredValueError` naming the
/// table, column and value (GRDB's plain subscript would trap; a default would hide it). Enum
/// texts, JSON and days decode as on every store (`StoredColumns`).
struct StoredRow: StoredColumns {
    let row: Row
    let table: String

    init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    /// The value of `column` as the caller's type (an optional type reads NULL as nil).
    subscript<T: DatabaseValueConvertible>(_ column: String) -> T {
        get throws {
            do {
                return try row.decode(T.self, forColumn: column)
            } catch {
                throw StoredValueError(table: table, column: column, value: text(column), storedType: sqlType(column),
                                       expected: StoredValueError.expected(T.self))
            }
        }
    }

    func optionalText(_ column: String) throws -> String? { try self[column] }

    /// The JSON value of a text column that must hold one.
    func jsonValue(_ column: String) throws -> JSONValue {
        let text: String = try self[column]
        do { return try JSONValue.parse(Array(text.utf8)) } catch {
            throw StoredValueError(table: table, column: column, value: text, expected: "JSON")
        }
    }

    /// The geometry of a WKB column (nil for NULL or empty).
    func geometry(_ column: String) throws -> Geometry? {
        guard let wkb = try self[column] as Data?, !wkb.isEmpty else { return nil }
        do {
            return try Geometry(wkb: [UInt8](wkb))
        } catch {
            throw StoredValueError(table: table, column: column, value: "\(wkb.count)-byte blob", expected: "WKB geometry")
        }
    }

    /// The stored value's SQLite storage class, for messages.
    private func sqlType(_ column: String) -> String? {
        guard row.hasColumn(column) else { return nil }
        switch (row[column] as DatabaseValue).storage {
        case .null: return "null"
        case .int64: return "integer"
        case .double: return "real"
        case .string: return "text"
        case .blob: return "blob"
        }
    }

    /// The stored value as text, for messages.
    private func text(_ column: String) -> String {
        guard row.hasColumn(column) else { return "(no such column)" }
        switch (row[column] as DatabaseValue).storage {
        case .null: return "NULL"
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let b): return "\(b.count)-byte blob"
        }
    }
}
