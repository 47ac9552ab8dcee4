import Foundation

/// Where "now" comes from: the system clock in a running service, a fixed or stepped moment in
/// tests. Passed to whatever stamps events, scans, tokens and notifications, so a test fixes the
/// time as it fixes the day.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Timestamp

    /// A clock that reads `read` for the current moment.
    public init(_ read: @escaping @Sendable () -> Timestamp) {
        self.read = read
    }

    /// The system's clock.
    public static let system = WallClock { Timestamp(Date()) }

    /// A clock stopped at `moment`.
    public static func fixed(_ moment: Timestamp) -> WallClock { WallClock { moment } }

    /// The current moment.
    public var now: Timestamp { read() }

    /// The current moment in seconds since 1970 (the outbox's leases and waits count in these).
    public var seconds: Double { Double(now.secondsSince1970) }

    /// Today in UTC.
    public var today: Day { now.day }
}
