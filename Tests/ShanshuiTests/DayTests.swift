import Shanshui
import Testing

@Suite("Calendar days")
struct DayTests {
    @Test func parsesAndPrints() throws {
        #expect(try Day("2026-06-30").description == "2026-06-30")
        #expect(try Day("2024-02-29").month == 2)
    }

    @Test(arguments: ["2026-6-30", "2026-13-01", "2025-02-29", "30/06/2026", "", "2026-06-31"])
    func rejectsMalformedDates(text: String) {
        #expect { try Day(text) } throws: { "\($0)".contains("YYYY-MM-DD") }
    }

    @Test func arithmeticAcrossMonthsAndLeapYears() throws {
        #expect(try Day("2026-01-31").adding(days: 30) == Day("2026-03-02"))
        #expect(try Day("2024-02-28").adding(days: 1) == Day("2024-02-29"))
        #expect(try Day("1970-01-01").ordinal == 0)
        #expect(try Day("2026-11-22") < Day("2026-11-23"))
    }
}
