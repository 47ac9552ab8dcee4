import Shanshui
import Synchronization

/// A clock a test moves forward by hand (session expiry, lockout cool-downs).
public final class StepClock: Sendable {
    private let seconds: Mutex<Int64>

    /// A clock standing at `start` (ISO 8601).
    public init(_ start: String) throws { seconds = Mutex(try Timestamp(start).secondsSince1970) }

    /// The clock to hand to what is tested.
    public var clock: WallClock { WallClock { [self] in Timestamp(secondsSince1970: Double(seconds.withLock { $0 })) } }

    /// Moves the clock forward by `by` seconds.
    public func advance(_ by: Int64) { seconds.withLock { $0 += by } }
}
