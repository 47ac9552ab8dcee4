import Foundation

/// The ledger number of a case: the detection year and the case's place among that year's
/// cases, `YYYY-NNNNNN` (e.g. `2026-000042`). Numbers are given on commit, one writer at a time.
public enum CaseNumber {
    /// The number of the `sequence`th case of `year` (1 for the first).
    public static func make(year: Int, sequence: Int) -> String {
        String(format: "%04d-%06d", year, sequence)
    }

    /// The SQL `LIKE` pattern that matches every number of `year`.
    public static func pattern(year: Int) -> String {
        String(format: "%04d-%%", year)
    }
}
