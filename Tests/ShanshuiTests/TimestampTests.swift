import Foundation
import Shanshui
import Testing

/// Timestamps are written and read one way (ISO 8601, UTC, to the second), and a fixed clock
/// fixes both the moment and the day.
@Suite("Timestamps and the clock")
struct TimestampTests {
    @Test func writesISO8601InUTCAsFoundationDoes() throws {
        for seconds in [0.0, 1_751_358_600.9, 951_782_400, -86_401, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp(date).description == ISO8601DateFormatter().string(from: date))
        }
        #expect(Timestamp(secondsSince1970: 1_751_358_600).description == "2025-07-01T08:30:00Z")
    }

    @Test func readsWhatItWritesAndOffsets() throws {
        let t = try Timestamp("2026-07-01T08:30:00Z")
        #expect(t.description == "2026-07-01T08:30:00Z")
        #expect(try Timestamp("2026-07-01T16:30:00.250+08:00") == t)
        #expect(try Timestamp(t.description) == t)
        #expect(t.day == (try Day("2026-07-01")))
        #expect(try Timestamp("1969-12-31T23:59:59Z").day == (try Day("1969-12-31")))
        #expect(t.adding(seconds: 3600) > t)
    }

    @Test(arguments: ["2026-07-01", "2026-07-01 08:30:00Z", "2026-07-01T25:00:00Z", "2026-07-01T08:30:00", "2026-02-30T00:00:00Z", ""])
    func refusesMalformedTimestamps(text: String) {
        #expect { try Timestamp(text) } throws: { "\($0)".contains("ISO 8601") }
    }

    @Test func aFixedClockFixesTheMomentAndTheDay() throws {
        let clock = WallClock.fixed(try Timestamp("2026-12-31T23:59:59Z"))
        #expect(clock.now.description == "2026-12-31T23:59:59Z")
        #expect(clock.today == (try Day("2026-12-31")))
        #expect(WallClock.system.now > (try Timestamp("2026-01-01T00:00:00Z")))
    }
}
