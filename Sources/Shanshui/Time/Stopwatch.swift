/// Elapsed time on the monotonic clock, for durations (how long a job or a benchmark took):
/// moments that are stamped or shown come from a `WallClock` instead.
public struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    /// A stopwatch started now.
    public init() {}

    /// Seconds since the stopwatch started.
    public var seconds: Double { Self.seconds(ContinuousClock.now - start) }

    /// A duration in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
