import GeoKit

/// A person on the grid: a name and a phone number (structured, never "NAME:PHONE").
public struct PersonShape: Shape, Equatable {
    public var name: String
    public var phone: String

    /// Shapes the domain value(s) given.
    public init(_ p: Person) { (name, phone) = (p.name, p.phone) }
}

/// A grid cell without its outline.
public struct CellShape: Shape {
    public var code: String
    public var name: String
    public var level: String
    public var parentCode: String?
    public var areaKm2: Double

    /// Shapes the domain value(s) given.
    public init(_ c: GridCell) {
        (code, name, level, parentCode) = (c.code, c.name, c.level.name, c.parentCode)
        areaKm2 = rounded(c.areaKm2, places: 4)
    }
}

/// Who answers for a cell from a day on: the unit, its head and staff (people for signed-in
/// callers only: the public view keeps the unit and the days).
public struct AssignmentShape: RedactableShape {
    public var cellCode: String
    public var unit: String
    public var head: PersonShape
    public var staff: [PersonShape]
    public var validFrom: Day
    public var validTo: Day?

    public static let publicFields: Set<String> = ["cell_code", "unit", "valid_from", "valid_to"]

    /// Shapes the domain value(s) given.
    public init(_ a: Assignment) {
        (cellCode, unit, validFrom, validTo) = (a.cellCode, a.unit, a.validFrom, a.validTo)
        head = PersonShape(a.head)
        staff = a.staff.map(PersonShape.init)
    }
}

/// One cell with every assignment it had, oldest first.
public struct CellHistoryShape: Shape {
    public var code: String
    public var name: String
    public var level: String
    public var parentCode: String?
    public var areaKm2: Double
    public var assignments: [JSONValue]

    /// Shapes the domain value(s) given.
    public init(_ cell: GridCell, _ assignments: [Assignment], audience: Audience) {
        let c = CellShape(cell)
        (code, name, level, parentCode, areaKm2) = (c.code, c.name, c.level, c.parentCode, c.areaKm2)
        self.assignments = assignments.map { audience.view(AssignmentShape($0)).json }
    }
}

/// Who answered for a place on a day: the chain of cells from the smallest up, each with its
/// assignment (null where nobody was assigned).
public struct ResponsibilityShape: Shape {
    public var asOf: Day
    public var chain: [JSONValue]

    /// Shapes the domain value(s) given.
    public init(_ r: CellResponsibility, audience: Audience) {
        asOf = r.day
        chain = r.chain.map { link in
            var members = CellShape(link.cell).json.objectValue ?? []
            members.append(("assignment", link.assignment.map { audience.view(AssignmentShape($0)).json } ?? .null))
            return .object(members)
        }
    }
}

/// A finding of the grid check: a gap, an overlap, an orphan, a sliver or a missing person.
public struct GridFindingShape: Shape {
    public var kind: String
    public var cells: [String]
    public var detail: String
    public var error: Bool
    public var areaM2: Double?
    /// Lon/lat of the finding.
    public var location: [Double]?

    /// Shapes the domain value(s) given.
    public init(_ f: GridFinding) {
        (kind, cells, detail, error, areaM2) = (f.kind.rawValue, f.cells, f.detail, f.isError, f.areaM2)
        location = f.location.map { [$0.x, $0.y] }
    }
}

/// The grid check's answer: how many errors, and every finding.
public struct GridCheckShape: Shape {
    public var errors: Int
    public var findings: [GridFindingShape]

    /// Shapes the domain value(s) given.
    public init(_ findings: [GridFinding]) {
        errors = findings.filter(\.isError).count
        self.findings = findings.map(GridFindingShape.init)
    }
}

/// A cell a polygon overlaps: how much of it, and who answers for the cell.
public struct CellOverlapShape: Shape {
    public var code: String
    public var name: String
    public var areaM2: Double
    public var share: Double
    public var responsibility: ResponsibilityShape

    /// Shapes the domain value(s) given.
    public init(_ o: CellOverlap, responsibility: CellResponsibility) {
        (code, name, areaM2, share) = (o.cell.code, o.cell.name, o.areaM2, o.share)
        self.responsibility = ResponsibilityShape(responsibility, audience: .signedIn)
    }
}
