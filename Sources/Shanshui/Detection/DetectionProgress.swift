import Foundation
import Synchronization

/// Where a detection run is: the phase, blocks done out of all, and time so far. Handed to the
/// caller's progress callback from worker threads, a few times per second at most.
public struct DetectionProgress: Sendable {
    /// What is running.
    public enum Phase: String, Sendable {
        case sampling = "fitting"
        case detecting = "detecting"
        case outlining = "outlining"
    }

    /// The current phase.
    public var phase: Phase
    /// Blocks (or patches, when outlining) done.
    public var done: Int
    /// Blocks (or patches) in the phase.
    public var total: Int
    /// Seconds since detection started.
    public var elapsed: Double
    /// Seconds since the phase started.
    public var phaseElapsed: Double

    /// Items per second in this phase.
    public var rate: Double { phaseElapsed > 0 ? Double(done) / phaseElapsed : 0 }

    /// Estimated seconds left in this phase; nil until something is done.
    public var remaining: Double? { done > 0 && rate > 0 ? Double(total - done) / rate : nil }

    /// One line for a terminal: "detecting 120/576 blocks, 48.2/s, 9 s left".
    public var line: String {
        let unit = phase == .outlining ? "patches" : "blocks"
        let left = remaining.map { String(format: ", %.0f s left", $0) } ?? ""
        return String(format: "%@ %d/%d %@, %.1f/s%@", phase.rawValue, done, total, unit, rate, left)
    }
}

/// Throttles progress reports to one per `interval` seconds (and always the last of a phase).
final class ProgressMeter: Sendable {
    private let callback: (@Sendable (DetectionProgress) -> Void)?
    private let start = Date()
    private let state = Mutex((phase: DetectionProgress.Phase.sampling, started: Date(), done: 0, total: 0, last: Date.distantPast))
    private let interval: Double

    init(_ callback: (@Sendable (DetectionProgress) -> Void)?, interval: Double = 0.5) {
        self.callback = callback
        self.interval = interval
    }

    var elapsed: Double { Date().timeIntervalSince(start) }

    func begin(_ phase: DetectionProgress.Phase, total: Int) {
        state.withLock { $0 = (phase, Date(), 0, total, Date.distantPast) }
    }

    func advance() {
        guard let callback else { return }
        let report: DetectionProgress? = state.withLock { s in
            s.done += 1
            let now = Date()
            guard s.done == s.total || now.timeIntervalSince(s.last) >= interval else { return nil }
            s.last = now
            return DetectionProgress(phase: s.phase, done: s.done, total: s.total, elapsed: now.timeIntervalSince(start),
                                     phaseElapsed: now.timeIntervalSince(s.started))
        }
        if let report { callback(report) }
    }
}
