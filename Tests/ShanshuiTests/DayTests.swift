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

    @Test(arguments: [("2026/7/1", "2026-07-01"), ("2026-07-01", "2026-07-01"), ("2026-7-1", "2026-07-01"), ("2026.07.1", "2026-07-01"),
                      ("2026年7月1日", "2026-07-01"), ("2026/7/1 0:00", "2026-07-01"), ("2024/2/29 13:05:00", "2024-02-29"),
                      ("2026-07-01T00:00:00", "2026-07-01"), (" 2026/12/31 ", "2026-12-31"), ("２０２６／７／１", "2026-07-01"),
                      ("２０２６年７月１日", "2026-07-01")])
    func readsDatesAsSpreadsheetsWriteThem(text: String, day: String) throws {
        #expect(try Day.fromSpreadsheet(text) == Day(day))
    }

    @Test(arguments: ["01/07/2026", "7/1/2026", "2026/13/1", "2025/2/29", "2026/7", "2026/7-1", "26/7/1", "2026/7/1 noon", "", "2026/007/1"])
    func refusesSheetDatesThatReadTwoWaysOrAreNoDate(text: String) {
        #expect { try Day.fromSpreadsheet(text) } throws: { "\($0)".contains("YYYY-MM-DD") && "\($0)".contains("2026/6/30") }
    }

    @Test func namesTheDateBehindAnExcelSerialNumber() {
        #expect { try Day.fromSpreadsheet("46204") } throws: { "\($0)".contains("serial number for 2026-07-01") }
    }

    @Test func arithmeticAcrossMonthsAndLeapYears() throws {
        #expect(try Day("2026-01-31").adding(days: 30) == Day("2026-03-02"))
        #expect(try Day("2024-02-28").adding(days: 1) == Day("2024-02-29"))
        #expect(try Day("1970-01-01").ordinal == 0)
        #expect(try Day("2026-11-22") < Day("2026-11-23"))
    }
}
