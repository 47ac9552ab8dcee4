/// A reporting period: a quarter (`2026Q3`), a half year (`2026H1`) or a year (`2026`).
///
/// A case belongs to the period whose days hold its detection day; a patch to the period that
/// holds its scan's after-epoch date. Statuses are counted as they stand when the report is made.
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    /// As written: `2026Q3`, `2026H1`, `2026`.
    public let label: String
    public let first: Day
    public let last: Day

    /// Parses `YYYYQn`, `YYYYHn` or `YYYY`.
    /// - Throws: `DomainError.invalidValue` showing the accepted forms.
    public init(parsing text: String) throws {
        let t = text.uppercased()
        let wrong = DomainError.invalidValue("'\(text)' is not a period: use 2026Q3 (quarter), 2026H1 (half year) or 2026 (year)")
        guard t.count >= 4, let year = Int(t.prefix(4)), year >= 1900 else { throw wrong }
        let rest = t.dropFirst(4)
        let months: ClosedRange<Int>
        switch (rest.first, rest.dropFirst().first.flatMap { Int(String($0)) }, rest.count) {
        case (nil, _, 0): months = 1...12
        case ("Q", let q?, 2) where (1...4).contains(q): months = (q * 3 - 2)...(q * 3)
        case ("H", let h?, 2) where (1...2).contains(h): months = (h * 6 - 5)...(h * 6)
        default: throw wrong
        }
        label = t
        first = Day(year: year, month: months.lowerBound, day: 1)
        let next = months.upperBound == 12 ? Day(year: year + 1, month: 1, day: 1) : Day(year: year, month: months.upperBound + 1, day: 1)
        last = next.adding(days: -1)
    }

    /// The period as Chinese reports name it: 2026年第三季度, 2026年上半年, 2026年度.
    public var chineseLabel: String {
        let year = label.prefix(4), rest = label.dropFirst(4)
        switch (rest.first, rest.last) {
        case ("Q"?, let q?): return "\(year)年第\(["1": "一", "2": "二", "3": "三", "4": "四"][String(q)] ?? String(q))季度"
        case ("H"?, let h?): return "\(year)年\(h == "1" ? "上" : "下")半年"
        default: return "\(year)年度"
        }
    }

    /// True when `day` falls in the period.
    public func contains(_ day: Day) -> Bool { first <= day && day <= last }

    /// `2026Q3 (2026-07-01 – 2026-09-30)`.
    public var description: String { "\(label) (\(first) – \(last))" }
}
