/// Store failures a user can meet: a missing or foreign workspace, a constraint the data broke,
/// a database server that failed or cannot be reached.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case unusable(String)
    case constraint(String)
    /// Another writer held the database past the wait (SQLite lock, PostgreSQL lock or
    /// serialisation failure): nothing was written, and trying again shortly will do.
    case busy(String)
    /// The database server refused a statement for a reason other than the data's constraints
    /// (a missing table, a broken query, a full disk): the server's own message (HTTP 500).
    case server(String)
    /// The database server cannot be reached, or went away (HTTP 503): nothing was written.
    case unavailable(String)

    public var description: String {
        switch self {
        case .missing(let m), .unusable(let m), .constraint(let m), .busy(let m), .server(let m), .unavailable(let m): m
        }
    }
}

/// A stored value that cannot be decoded, named by table, column and the value itself, so the
/// row can be found and repaired; never replaced by a default.
public struct StoredValueError: Error, CustomStringConvertible, Sendable, Hashable {
    public var table: String
    public var column: String
    /// The stored value as text (`NULL` for a missing one).
    public var value: String
    /// The value's SQL type as the database reports it (`text`, `integer`, ...), when the value
    /// is of the wrong type; nil when the type was right but the content was not.
    public var storedType: String?
    /// What was expected, e.g. "a case status (flagged, dispatched, ...)".
    public var expected: String

    /// Names the unreadable value.
    public init(table: String, column: String, value: String, storedType: String? = nil, expected: String) {
        self.table = table
        self.column = column
        self.value = value
        self.storedType = storedType
        self.expected = expected
    }

    public var description: String {
        let value = storedType.map { "'\(self.value)' (\($0))" } ?? "'\(self.value)'"
        return "the workspace holds an unreadable value in \(table).\(column): \(value) is not \(expected); repair that row or restore a backup"
    }
}

extension StoredValueError {
    /// What a column read as `type` expects, in the same words on every store: "a value of
    /// type Int64" (an optional type also takes NULL).
    public static func expected<T>(_ type: T.Type) -> String {
        let name = "\(T.self)"
        guard name.hasPrefix("Optional<"), name.hasSuffix(">") else { return "a value of type \(name)" }
        return "a value of type \(name.dropFirst(9).dropLast()) or NULL"
    }

    /// The enum case a stored text names.
    /// - Throws: `StoredValueError` naming the table, column and text when it names none (or is NULL).
    public static func decode<T: RawRepresentable>(_ type: T.Type, _ text: String?, table: String, column: String) throws -> T
    where T.RawValue == String {
        guard let text, let value = T(rawValue: text) else {
            throw StoredValueError(table: table, column: column, value: text ?? "NULL", expected: "a \(T.self) value")
        }
        return value
    }

    /// The value a stored JSON text holds (nil for NULL).
    /// - Throws: `StoredValueError` naming the table, column and text when it is not JSON of that shape.
    public static func decodeJSON<T: Decodable & Sendable>(_ type: T.Type, _ text: String?, table: String, column: String) throws -> T? {
        do {
            return try JSONColumn.decode(type, text)
        } catch {
            throw StoredValueError(table: table, column: column, value: text ?? "NULL", expected: "JSON of a \(T.self)")
        }
    }
}
