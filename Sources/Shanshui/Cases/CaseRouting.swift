/// Routing (who a case goes to): the people responsible for the case's cell *now*, while the
/// detection day's people stay on the case for the record. A case with no grid head in force
/// for its cell, or lying outside every cell, is unrouted: summaries name it and dispatch refuses it.
public enum CaseRouting {
    /// The cases with nobody to route to among some cases (a scan's, an import's, the ledger's open ones).
    public struct Unrouted: Sendable, Hashable {
        /// How many open cases have nobody to route to.
        public var count: Int
        /// Their cells (codes, sorted, each once): cells with no grid head in force.
        public var cells: [String]
        /// How many of them lie outside every grid cell.
        public var outsideCells: Int

        /// One line for a summary, nil when every case is routed.
        public var message: String? {
            guard count > 0 else { return nil }
            var parts: [String] = []
            if !cells.isEmpty {
                let shown = cells.prefix(10).joined(separator: ", ") + (cells.count > 10 ? " and \(cells.count - 10) more" : "")
                parts.append("no grid head in force today for cell(s) \(shown): assign them with `shanshui grid assign CODE ...` or `--csv SHEET`")
            }
            if outsideCells > 0 { parts.append("\(outsideCells) lie outside every grid cell: import the cells with `shanshui grid import`") }
            return "\(count) case(s) have nobody to route to; " + parts.joined(separator: "; ")
                + " (list them with `shanshui cases list --unrouted`)"
        }
    }

    /// Counts the open cases with nobody to route to and names their cells.
    public static func unrouted(_ cases: [Case]) -> Unrouted {
        let open = cases.filter { $0.status.isOpen && !$0.isRouted }
        let cells = Set(open.compactMap { cell(of: $0)?.code })
        return Unrouted(count: open.count, cells: cells.sorted(), outsideCells: open.filter { cell(of: $0) == nil }.count)
    }

    /// The cell a case is routed through: its routing chain's, else its detection chain's.
    public static func cell(of c: Case) -> CellReference? {
        c.routing?.cell ?? c.responsibility?.cell
    }

    /// Why a case cannot be dispatched to its responsible people, and the command that fixes it.
    public static func refusal(_ c: Case) -> DomainError {
        guard let cell = cell(of: c) else {
            return .conflict("case \(c.number) has nobody responsible: it lies outside every grid cell; import the cells with "
                + "`shanshui grid import` (the case is routed when its cell is assigned), or dispatch it with --to NAME")
        }
        return .conflict("case \(c.number) has nobody responsible: cell \(cell.code) (\(cell.name)) has no grid head in force today; assign one with "
            + "`shanshui grid assign \(cell.code) --unit UNIT --head NAME:PHONE --staff NAME:PHONE,NAME:PHONE` (or dispatch it with --to NAME)")
    }

    /// The note of a `reroute` event: who the case goes to now, and who before.
    static func note(from old: ResponsibilitySnapshot?, to new: ResponsibilitySnapshot?, on day: Day) -> String {
        func who(_ r: ResponsibilitySnapshot?) -> String {
            guard let r, let head = r.head else { return "nobody" + (r?.cell.map { " (cell \($0.code) unassigned)" } ?? "") }
            return "\(r.unit ?? "–"), head \(head)" + (r.staff.isEmpty ? "" : ", staff \(r.staff.joined(separator: ", "))")
        }
        return "routed on \(day) to \(who(new)); was \(who(old))"
    }
}
