/// A stored row of one table, read column by column, on any store: the store reads a column's
/// text (its own SQL types), and the decoding of enum texts, JSON and days, with errors naming
/// table, column and value (never a default), lives here once.
public protocol StoredColumns {
    /// The table named in errors.
    var table: String { get }
    /// The text of a column; nil for NULL.
    /// - Throws: `StoredValueError` when the column holds something other than text.
    func optionalText(_ column: String) throws -> String?
}

extension StoredColumns {
    /// The enum case a text column names.
    /// - Throws: `StoredValueError` naming the table, column and text when it names none (or is NULL).
    public func value<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        try StoredValueError.decode(T.self, try optionalText(column), table: table, column: column)
    }

    /// The value a JSON text column holds (nil for NULL).
    /// - Throws: `StoredValueError` naming the table, column and text when it is not JSON of that shape.
    public func json<T: Decodable & Sendable>(_ type: T.Type, _ column: String) throws -> T? {
        try StoredValueError.decodeJSON(T.self, try optionalText(column), table: table, column: column)
    }

    /// The value of a JSON text column that must hold one.
    public func requiredJSON<T: Decodable & Sendable>(_ type: T.Type, _ column: String) throws -> T {
        guard let value = try json(T.self, column) else {
            throw StoredValueError(table: table, column: column, value: "NULL", expected: "JSON of a \(T.self)")
        }
        return value
    }

    /// The day of a `YYYY-MM-DD` column.
    public func day(_ column: String) throws -> Day {
        guard let day = try optionalDay(column) else {
            throw StoredValueError(table: table, column: column, value: "NULL", expected: "a day (YYYY-MM-DD)")
        }
        return day
    }

    /// The day of a nullable `YYYY-MM-DD` column.
    public func optionalDay(_ column: String) throws -> Day? {
        guard let text = try optionalText(column) else { return nil }
        do { return try Day(text) } catch {
            throw StoredValueError(table: table, column: column, value: text, expected: "a day (YYYY-MM-DD)")
        }
    }
}
