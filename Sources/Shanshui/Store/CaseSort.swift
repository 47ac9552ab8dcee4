/// The order of a case listing: one column, ascending or descending, then newest first among
/// equals. Statuses sort in lifecycle order and severities from low to high, not alphabetically.
public struct CaseSort: Sendable, Hashable {
    /// The columns a listing can be sorted by, named as in the case record.
    public enum Key: String, CaseIterable, Sendable {
        case number, status, severity, activity
        case detectedOn = "detected_on", dueOn = "due_on", overlapM2 = "overlap_m2", areaName = "area_name"
    }

    public var key: Key
    public var descending: Bool

    /// Sorts by `key`.
    public init(_ key: Key, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    /// Parses `due_on` (ascending) or `-due_on` (descending).
    /// - Throws: `DomainError.invalidValue` listing the accepted columns.
    public init(parsing text: String) throws {
        let descending = text.hasPrefix("-")
        guard let key = Key(rawValue: descending ? String(text.dropFirst()) : text) else {
            throw DomainError.invalidValue("unknown sort '\(text)'; accepted: \(Key.allCases.map(\.rawValue).joined(separator: ", ")), each with '-' before it for descending")
        }
        self.init(key, descending: descending)
    }

    /// The ORDER BY expression over the case table `c` (the same in SQLite and PostgreSQL).
    public var orderBy: String {
        let column: String
        switch key {
        case .number: column = "c.number"
        case .activity: column = "c.activity"
        case .detectedOn: column = "c.detected_on"
        case .dueOn: column = "c.due_on"
        case .overlapM2: column = "c.overlap_m2"
        case .areaName: column = "(SELECT a.name FROM protected_area a WHERE a.id = c.area_id)"
        case .status: column = Self.rank("c.status", CaseStatus.allCases.map(\.rawValue))
        case .severity: column = Self.rank("c.severity", Severity.allCases.map(\.rawValue))
        }
        return "\(column) \(descending ? "DESC" : "ASC"), c.id DESC"
    }

    /// The ORDER BY of a filter: its sort, or newest first.
    public static func orderBy(_ sort: CaseSort?) -> String { sort?.orderBy ?? "c.id DESC" }

    private static func rank(_ column: String, _ words: [String]) -> String {
        "CASE \(column) " + words.enumerated().map { "WHEN '\($0.element)' THEN \($0.offset)" }.joined(separator: " ") + " END"
    }
}
