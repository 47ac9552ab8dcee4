import GeoKit

/// The responsible unit and people of a cell as flat text columns, the form exports and bulk
/// lookups share. People (head, staff) are separate columns so public outputs can drop them.
public enum ResponsibilityColumns {
    /// The column names, in order.
    public static let cell = ["cell_code", "cell_name", "cell_level", "chain"]
    /// The assignment columns; `head` and `staff` hold personal data.
    public static let assignment = ["unit", "head", "staff", "assigned_from"]
    /// The columns that hold personal data.
    public static let personal: Set<String> = ["head", "staff"]

    /// The values for a lookup answer (all empty when nothing was found).
    public static func values(_ r: CellResponsibility?) -> [String] {
        guard let r else { return Array(repeating: "", count: cell.count + assignment.count) }
        let chain = r.chain.map(\.cell.code).joined(separator: ";")
        return [r.cell.code, r.cell.name, r.cell.level.name, chain] + values(r.assignment)
    }

    /// The assignment values (all empty when nobody is assigned).
    public static func values(_ a: Assignment?) -> [String] {
        guard let a else { return Array(repeating: "", count: assignment.count) }
        return [a.unit, a.head.description, a.staff.map(\.description).joined(separator: ","), a.validFrom.description]
    }
}

extension Grid {
    /// The cells (optionally of one level) with the unit, head and staff in force on `day` as
    /// properties, for any vector format.
    /// - Parameter people: include the head and staff columns (personal data).
    public func features(level: GridLevel? = nil, asOf day: Day, people: Bool = true) async throws -> [Feature] {
        let grid = try await snapshot(on: day)
        return grid.cells.filter { level == nil || $0.level == level }.map { Self.feature($0, grid.assignments[$0.code], people: people) }
    }

    /// A cell with the unit (and, with `people`, head and staff) of its assignment as a feature (id: the code).
    public static func feature(_ cell: GridCell, _ assignment: Assignment?, people: Bool) -> Feature {
        var properties = Properties(CellShape(cell).json.objectValue ?? [])
        for (key, value) in zip(ResponsibilityColumns.assignment, ResponsibilityColumns.values(assignment))
        where people || !ResponsibilityColumns.personal.contains(key) {
            properties[key] = assignment == nil ? .null : .string(value)
        }
        return Feature(id: .string(cell.code), geometry: cell.geometry, properties: properties)
    }
}
