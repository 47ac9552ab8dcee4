import Foundation
import GeoKit

/// One table of a period report, with the file stem its CSV is written under.
public struct ReportTable: Sendable, Hashable {
    /// File stem and anchor, e.g. `cases_by_status`.
    public var id: String
    public var title: String
    public var header: [String]
    public var rows: [[String]]

    /// Makes a table.
    public init(id: String, title: String, header: [String], rows: [[String]] = []) {
        self.id = id
        self.title = title
        self.header = header
        self.rows = rows
    }
}

/// The headline figures of a period report.
public struct ReportTotals: Sendable, Hashable {
    /// Cases detected in the period (in scope).
    public var cases: Int
    /// Cases by status as they stand now.
    public var byStatus: [CaseStatus: Int]
    public var overdue: Int
    public var supervised: Int
    /// Patches of scans whose after-epoch falls in the period, change class new.
    public var newPatches: Int
    /// Closed (销号) ÷ cases, 0 when there are none.
    public var closureRate: Double { cases == 0 ? 0 : Double(byStatus[.closed, default: 0]) / Double(cases) }
}

/// The periodic statistics report (the county's quarterly report to the city): tables over the
/// cases and patches of one period, optionally of one county (grid cell) or protected area.
///
/// Membership: a case belongs to the period holding its detection day; a patch to the period
/// holding its scan's after-epoch date. Case statuses are counted as they stand on `generatedOn`,
/// from the same ledger listing `shanshui cases list` prints, so the figures match it.
public struct PeriodReport: Sendable {
    public var period: ReportPeriod
    public var generatedOn: Day
    /// `all protected areas`, `county 321202`, `NR1 溱湖`...
    public var scope: String
    public var totals: ReportTotals
    public var tables: [ReportTable]
    /// The cases of the period in scope, for the map.
    public var cases: [Case]
    /// The protected areas in scope as they stood at the end of the period (or today), for the map.
    public var areas: [AreaVersion]
}

/// Builds period reports from the ledger, the scans and the registry (and the grid for a county).
public struct PeriodReportBuilder: Sendable {
    public let ledger: Ledger
    public let scans: any ScanStore
    public let registry: Registry
    public let grid: Grid

    /// A builder over the workspace's services.
    public init(ledger: Ledger, scans: any ScanStore, registry: Registry, grid: Grid) {
        self.ledger = ledger
        self.scans = scans
        self.registry = registry
        self.grid = grid
    }

    /// Builds the report.
    /// - Parameters:
    ///   - county: a grid cell code: only cases whose responsibility chain holds it, patches touching it.
    ///   - reserve: a protected-area id or code.
    public func build(period: ReportPeriod, county: String? = nil, reserve: String? = nil, today: Day) async throws -> PeriodReport {
        var filter = CaseFilter(cellCode: county)
        var scope: [String] = []
        var reserveArea: ProtectedArea?
        if let reserve {
            reserveArea = try await registry.area(reserve)
            filter.areaID = reserveArea?.id
            scope.append("\(reserveArea!.code) \(reserveArea!.name)")
        }
        var countyCell: GridCell?
        if let county { countyCell = try await grid.cell(county) }
        if let countyCell { scope.append("\(countyCell.level) \(countyCell.code) \(countyCell.name)") }
        filter.detectedFrom = period.first
        filter.detectedBy = period.last
        let cases = try await ledger.list(filter, today: today)
        let asOf = min(today, period.last)
        let countyShape = try countyCell.map { try PreparedGeometry($0.geometry) }
        let areas = try await registry.list(asOf: asOf).filter { a in
            guard reserveArea == nil || a.area.id == reserveArea?.id else { return false }
            guard let countyShape, let g = a.version.geometry else { return true }
            return try countyShape.intersects(g)
        }
        let patches = try await periodPatches(period, areaID: reserveArea?.id, county: countyShape)
        var totals = ReportTotals(cases: cases.count, byStatus: [:], overdue: 0, supervised: 0, newPatches: 0)
        for c in cases {
            totals.byStatus[c.status, default: 0] += 1
            if c.isOverdue(on: today) { totals.overdue += 1 }
            if c.supervision != nil { totals.supervised += 1 }
        }
        totals.newPatches = patches.filter { $0.lineage == PatchLineage.new }.count
        let names = Dictionary(try await registry.store.protectedAreas(kind: nil).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let tables = ReportTables(cases: cases, patches: patches, areaNames: names, totals: totals, today: today).all
        return PeriodReport(period: period, generatedOn: today, scope: scope.isEmpty ? "全部保护地" : scope.joined(separator: "，"),
                            totals: totals, tables: tables, cases: cases, areas: areas)
    }

    /// Patches of scans whose after epoch falls in the period, in scope.
    private func periodPatches(_ period: ReportPeriod, areaID: Int64?, county: PreparedGeometry?) async throws -> [ScanPatch] {
        let epochDays = Dictionary(try await scans.epochs().map { ($0.id, $0.date) }, uniquingKeysWith: { a, _ in a })
        let inPeriod = Set(try await scans.scans().filter { epochDays[$0.afterEpoch].map(period.contains) ?? false }.map(\.id))
        return try await scans.patches(scanID: nil).filter { p in
            guard inPeriod.contains(p.scanID), areaID == nil || p.areaID == areaID else { return false }
            return try county?.intersects(p.geometry) ?? true
        }
    }
}
