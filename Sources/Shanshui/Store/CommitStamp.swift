import Synchronization

/// A store that tells at once, without waiting on anything, a number that changes whenever any
/// connection or process has committed a write to it since the last look (SQLite's
/// `PRAGMA data_version`), so what was read from it can be kept until then.
public protocol CommitStamp: Sendable {
    /// The current stamp; equal stamps mean nothing was committed in between. Inside
    /// `CommitStamps.sharing`, the first stamp read is the answer for the rest of that work.
    func commitStamp() throws -> Int64
}

/// One stamp read shared by every cache one piece of work asks (a request's token check and its
/// grid lookup), so the store is asked once per request instead of once per cache. The work then
/// sees the store as of its start, and the next piece of work reads the stamp again: a commit by
/// any process is seen by the next request, as without sharing.
public enum CommitStamps {
    /// The stamp read so far in this task's work, if it shares one.
    public final class Memo: Sendable {
        let value = Mutex<Int64?>(nil)

        /// The kept stamp, or `read()`'s, kept.
        public func stamp(_ read: () throws -> Int64) rethrows -> Int64 {
            if let kept = value.withLock({ $0 }) { return kept }
            let read = try read()
            value.withLock { $0 = $0 ?? read }
            return read
        }
    }

    /// The memo of the work this task is part of.
    @TaskLocal public static var memo: Memo?

    /// Runs `body` with one stamp shared by every `commitStamp()` inside it (nested calls join the outer one).
    public static func sharing<T>(_ body: () async throws -> T) async rethrows -> T {
        if memo != nil { return try await body() }
        return try await $memo.withValue(Memo()) { try await body() }
    }

    /// Runs `body` outside any shared stamp: for work a request starts that outlives it (a scan
    /// run in the background), whose tasks would otherwise inherit the request's stamp.
    public static func unshared<T>(_ body: () async throws -> T) async rethrows -> T {
        try await $memo.withValue(nil) { try await body() }
    }
}
