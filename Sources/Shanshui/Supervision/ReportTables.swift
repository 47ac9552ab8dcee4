import Foundation

/// The tables of a period report, made from the period's cases and patches.
struct ReportTables {
    let cases: [Case]
    let patches: [ScanPatch]
    let areaNames: [Int64: ProtectedArea]
    let totals: ReportTotals
    let today: Day

    var all: [ReportTable] {
        [summary, newPatches, byStatus, byArea, overdue, supervised, transfers]
    }

    private static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0.0%" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
    }

    private var summary: ReportTable {
        let closed = totals.byStatus[.closed, default: 0], transferred = totals.byStatus[.transferred, default: 0]
        let rows: [[String]] = [
            ["cases detected in the period", String(totals.cases)], ["closed (销号)", String(closed)],
            ["transferred (移送)", String(transferred)], ["still open", String(totals.cases - closed - transferred)],
            ["closure rate (closed ÷ cases)", Self.percent(closed, of: totals.cases)], ["overdue", String(totals.overdue)],
            ["under supervised listing (挂牌督办)", String(totals.supervised)], ["new patches", String(totals.newPatches)],
        ]
        return ReportTable(id: "summary", title: "Summary", header: ["figure", "value"], rows: rows)
    }

    private var newPatches: ReportTable {
        struct Key: Hashable { var area: Int64; var activity: String }
        var counts: [Key: (new: Int, expanded: Int, m2: Double)] = [:]
        for p in patches where p.lineage == .new || p.lineage == .expanded {
            var entry = counts[Key(area: p.areaID, activity: p.activity), default: (0, 0, 0)]
            if p.lineage == .new { entry.new += 1 } else { entry.expanded += 1 }
            entry.m2 += p.areaM2
            counts[Key(area: p.areaID, activity: p.activity)] = entry
        }
        let rows = counts.sorted { ($0.key.area, $0.key.activity) < ($1.key.area, $1.key.activity) }.map { key, v in
            [areaNames[key.area]?.code ?? String(key.area), areaNames[key.area]?.name ?? "", key.activity,
             String(v.new), String(v.expanded), String(format: "%.2f", v.m2 / 10_000)]
        }
        return ReportTable(id: "new_patches", title: "New patches by protected area and activity",
                           header: ["area_code", "area_name", "activity", "new", "expanded", "area_ha"], rows: rows)
    }

    private var byStatus: ReportTable {
        var rows = CaseStatus.allCases.map { s in
            [s.rawValue, s.chineseName, String(totals.byStatus[s, default: 0]), Self.percent(totals.byStatus[s, default: 0], of: totals.cases)]
        }
        rows.append(["total", "合计", String(totals.cases), totals.cases == 0 ? "0.0%" : "100.0%"])
        return ReportTable(id: "cases_by_status", title: "Cases by status", header: ["status", "状态", "cases", "share"], rows: rows)
    }

    private var byArea: ReportTable {
        let grouped = Dictionary(grouping: cases, by: \.area.code)
        let rows = grouped.keys.sorted().map { code -> [String] in
            let list = grouped[code]!
            let closed = list.filter { $0.status == .closed }.count
            return [code, list[0].area.name, String(list.count), String(closed), String(list.filter { $0.status == .transferred }.count),
                    String(list.filter(\.status.isOpen).count), String(list.filter { $0.isOverdue(on: today) }.count),
                    Self.percent(closed, of: list.count)]
        }
        return ReportTable(id: "cases_by_area", title: "Cases by protected area",
                           header: ["area_code", "area_name", "cases", "closed", "transferred", "open", "overdue", "closure_rate"], rows: rows)
    }

    private var overdue: ReportTable {
        let rows = cases.filter { $0.isOverdue(on: today) }.sorted { $0.dueOn < $1.dueOn }.map { c in
            [c.number, c.area.code, c.area.zone?.rawValue ?? "", c.activity, c.status.rawValue, c.dueOn.description,
             String(today.ordinal - c.dueOn.ordinal), c.responsibility?.unit ?? "", c.responsibility?.cell?.code ?? ""]
        }
        return ReportTable(id: "overdue_cases", title: "Overdue cases and the responsible unit",
                           header: ["number", "area_code", "zone", "activity", "status", "due_on", "days_overdue", "responsible_unit", "cell_code"],
                           rows: rows)
    }

    private var supervised: ReportTable {
        let rows = cases.compactMap { c in
            c.supervision.map { s in
                [c.number, c.area.code, c.activity, c.status.rawValue, s.level, s.by, s.since.description, c.isOverdue(on: today) ? "yes" : "no"]
            }
        }
        return ReportTable(id: "supervised_cases", title: "Cases under supervised listing (挂牌督办)",
                           header: ["number", "area_code", "activity", "status", "level", "listed_by", "since", "overdue"], rows: rows)
    }

    private var transfers: ReportTable {
        let rows = cases.compactMap { c in
            c.transfer.map { [c.number, c.area.code, c.activity, c.detectedOn.description, $0.department, $0.receipt] }
        }
        return ReportTable(id: "transfers", title: "Transfers to other departments (移送)",
                           header: ["number", "area_code", "activity", "detected_on", "department", "receipt"], rows: rows)
    }
}
