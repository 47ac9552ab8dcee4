import GeoKit

/// "My cases" for a grid person in the field: the cases of the cells where they are head or
/// staff on a day, by due date and then by distance from where they stand.
public struct MyCases: Sendable {
    public let grid: any GridStore
    public let cases: any CaseStore

    /// My cases over the grid's assignments and the ledger.
    public init(grid: any GridStore, cases: any CaseStore) {
        self.grid = grid
        self.cases = cases
    }

    /// One case with where it lies from the person.
    public struct Item: Sendable {
        public var `case`: Case
        /// Geodesic metres and the bearing (degrees from north) from the given position to the
        /// case's centroid; nil without a position.
        public var distanceMetres: Double?
        public var bearingDegrees: Double?
        /// The case's centroid (lon/lat), for a `geo:` link.
        public var centroid: Coordinate?
    }

    /// The cells (codes) where the person with `phone` is head or staff on `day`, with that role.
    public func cells(of phone: String, on day: Day) async throws -> [(code: String, role: String)] {
        try await duty(of: phone, on: day).cells
    }

    /// Who the person with `phone` is on `day`: their name as the grid's assignments write it (nil
    /// when no assignment in force names them) and the cells where they are head or staff.
    public func duty(of phone: String, on day: Day) async throws -> (name: String?, cells: [(code: String, role: String)]) {
        var name: String?, cells: [(code: String, role: String)] = []
        for a in try await grid.assignments(asOf: day) {
            if a.head.phone == phone {
                name = name ?? a.head.name
                cells.append((a.cellCode, "head"))
            } else if let member = a.staff.first(where: { $0.phone == phone }) {
                name = name ?? member.name
                cells.append((a.cellCode, "staff"))
            }
        }
        return (name, cells.sorted { $0.code < $1.code })
    }

    /// The cases of those cells (open ones unless `includeClosed`), sorted by due day, then
    /// distance from `position` when given, then number.
    public func items(of phone: String, on day: Day, from position: Coordinate?, includeClosed: Bool = false) async throws -> [Item] {
        var seen = Set<Int64>(), items: [Item] = []
        for cell in try await cells(of: phone, on: day) {
            for c in try await cases.cases(CaseFilter(cellCode: cell.code)) where (includeClosed || c.status.isOpen) && seen.insert(c.id).inserted {
                items.append(Self.item(c, from: position))
            }
        }
        return items.sorted {
            ($0.case.dueOn, $0.distanceMetres ?? 0, $0.case.number) < ($1.case.dueOn, $1.distanceMetres ?? 0, $1.case.number)
        }
    }

    /// A case with its centroid and, given a position, the distance and bearing to it.
    public static func item(_ c: Case, from position: Coordinate?) -> Item {
        let centroid = centroid(of: c)
        guard let position, let centroid else { return Item(case: c, centroid: centroid) }
        let way = Geometry.geodesicDistanceAndBearing(position, centroid)
        return Item(case: c, distanceMetres: way.metres, bearingDegrees: way.bearing, centroid: centroid)
    }

    /// The case's centroid (lon/lat); nil when its outline has none (empty).
    public static func centroid(of c: Case) -> Coordinate? {
        guard case .point(let p)? = try? c.geometry.centroid() else { return nil }
        return p
    }

    /// The `geo:` URI (RFC 5870) of a lon/lat position, which phones open in their map app.
    public static func geoURI(_ p: Coordinate) -> String {
        "geo:\((p.y * 1e6).rounded() / 1e6),\((p.x * 1e6).rounded() / 1e6)"
    }
}
