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
            ["本期发现问题", String(totals.cases)], ["已销号", String(closed)],
            ["已移送", String(transferred)], ["尚在办理", String(totals.cases - closed - transferred)],
            ["销号率（已销号 ÷ 问题数）", Self.percent(closed, of: totals.cases)], ["逾期", String(totals.overdue)],
            ["挂牌督办", String(totals.supervised)], ["新增图斑", String(totals.newPatches)],
        ]
        return ReportTable(id: "summary", title: "总体情况", header: ["指标", "数值"], rows: rows)
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
            [areaNames[key.area]?.code ?? String(key.area), areaNames[key.area]?.name ?? "", FieldLabels.activity(key.activity),
             String(v.new), String(v.expanded), String(format: "%.2f", v.m2 / 10_000)]
        }
        return ReportTable(id: "new_patches", title: "新增图斑（按保护地和活动类型）",
                           header: ["保护地代码", "保护地名称", "活动类型", "新增", "扩大", "面积（公顷）"], rows: rows)
    }

    private var byStatus: ReportTable {
        var rows = CaseStatus.allCases.map { s in
            [s.rawValue, s.chineseName, String(totals.byStatus[s, default: 0]), Self.percent(totals.byStatus[s, default: 0], of: totals.cases)]
        }
        rows.append(["total", "合计", String(totals.cases), totals.cases == 0 ? "0.0%" : "100.0%"])
        return ReportTable(id: "cases_by_status", title: "问题办理状态", header: ["状态代码", "状态", "问题数", "占比"], rows: rows)
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
        return ReportTable(id: "cases_by_area", title: "各保护地问题办理情况",
                           header: ["保护地代码", "保护地名称", "问题数", "已销号", "已移送", "办理中", "逾期", "销号率"], rows: rows)
    }

    private var overdue: ReportTable {
        let rows = cases.filter { $0.isOverdue(on: today) }.sorted { $0.dueOn < $1.dueOn }.map { c in
            [c.number, c.area.code, c.area.zone?.chineseName ?? "", FieldLabels.activity(c.activity), c.status.chineseName, c.dueOn.description,
             String(today.ordinal - c.dueOn.ordinal), c.responsibility?.unit ?? "", c.responsibility?.cell?.code ?? ""]
        }
        return ReportTable(id: "overdue_cases", title: "逾期问题及责任单位",
                           header: ["问题编号", "保护地代码", "功能区", "活动类型", "状态", "办理期限", "逾期天数", "责任单位", "网格编码"],
                           rows: rows)
    }

    private var supervised: ReportTable {
        let rows = cases.compactMap { c in
            c.supervision.map { s in
                [c.number, c.area.code, FieldLabels.activity(c.activity), c.status.chineseName, s.level, s.by, s.since.description, c.isOverdue(on: today) ? "是" : "否"]
            }
        }
        return ReportTable(id: "supervised_cases", title: "挂牌督办问题",
                           header: ["问题编号", "保护地代码", "活动类型", "状态", "督办级别", "督办单位", "督办日期", "是否逾期"], rows: rows)
    }

    private var transfers: ReportTable {
        let rows = cases.compactMap { c in
            c.transfer.map { [c.number, c.area.code, FieldLabels.activity(c.activity), c.detectedOn.description, $0.department, $0.receipt] }
        }
        return ReportTable(id: "transfers", title: "移送其他部门问题",
                           header: ["问题编号", "保护地代码", "活动类型", "发现日期", "移送部门", "移送回执"], rows: rows)
    }
}
