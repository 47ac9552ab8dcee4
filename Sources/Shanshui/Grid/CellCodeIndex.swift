/// How a case's cell chain is kept for filtering by cell: every code of the chain between
/// spaces (` 321202001001 321202 `), so a store finds a cell's cases with one substring search
/// for `term(code)` and a code never matches inside a longer one.
public enum CellCodeIndex {
    /// The stored index of a responsibility chain (empty when the case has no cell).
    public static func text(_ responsibility: ResponsibilitySnapshot?) -> String {
        responsibility.map { " " + $0.chain.map(\.code).joined(separator: " ") + " " } ?? ""
    }

    /// What to search for in the index to find one cell's cases.
    public static func term(_ code: String) -> String {
        " " + code + " "
    }
}
