import Foundation

/// Who answers for a grid cell from one day (inclusive) to another (exclusive, nil = still in
/// force): the responsible unit (责任单位), the grid head (网格长) and the grid staff (网格员).
///
/// Assignments are never edited: a reassignment closes the one in force on its first day,
/// so "who was responsible on day X" has one answer for every day.
public struct Assignment: Hashable, Sendable {
    /// The cell answered for.
    public var cellCode: String
    /// The responsible unit (责任单位), e.g. 城东街道办事处.
    public var unit: String
    /// The grid head (网格长).
    public var head: Person
    /// At least two are expected (`grid check` reports fewer).
    public var staff: [Person]
    /// First day in force.
    public var validFrom: Day
    /// First day no longer in force (set when the cell is reassigned); nil while in force.
    public var validTo: Day?

    /// Makes an assignment.
    /// - Throws: `DomainError.invalidValue` when the unit is empty.
    public init(cellCode: String, unit: String, head: Person, staff: [Person], validFrom: Day, validTo: Day? = nil) throws {
        let u = unit.trimmingCharacters(in: .whitespaces)
        guard !u.isEmpty else { throw DomainError.invalidValue("cell \(cellCode): the responsible unit is empty; give --unit") }
        self.cellCode = cellCode
        self.unit = u
        self.head = head
        self.staff = staff
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// True when the assignment is in force on `day`.
    public func isValid(on day: Day) -> Bool {
        validFrom <= day && (validTo.map { day < $0 } ?? true)
    }
}
