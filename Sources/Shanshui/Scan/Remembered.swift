import Foundation

/// A value a scan works out once and every protected area (and every thread of one worker
/// process) then shares: the epoch pair's change model, fitted once on the whole overlap so each
/// area is decided by the same model whatever its box, and the epochs' alignment, read from the
/// files' headers once instead of once per area.
final class Remembered<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Result<Value, any Error>?

    /// The value, made by `make` on first use (other callers wait for it). A failure is
    /// remembered too when `failures` is true, for work that fails the same way on the same
    /// files (a degenerate fit); without it the next caller tries again (opening imagery by URL
    /// can fail for a moment, and a worker's retry of the job must not inherit that).
    func value(rememberingFailure failures: Bool = true, _ make: () throws -> Value) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return try made.get() }
        let result = Result { try make() }
        if case .success = result { made = result } else if failures { made = result }
        return try result.get()
    }

    /// True once the value is made (or failed) or adopted in this process.
    var isSettled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return made != nil
    }

    /// Takes a value another process made from the same inputs (a distributed scan's stored
    /// model), unless this process has one already: the same numbers, without working it out again.
    func adopt(_ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if made == nil { made = .success(value) }
    }
}
