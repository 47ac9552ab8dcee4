/// A write refused because what it was validated against changed before it could commit: another
/// writer won the race. Nothing was written; validating again against the new state decides.
public struct ConcurrentChangeError: Error, CustomStringConvertible, Sendable {
    public var description: String

    /// Makes the error.
    public init(_ description: String) { self.description = description }

    /// Throws for the first key whose count, as found inside the writing transaction, differs from
    /// the count the batch was validated against (a missing key counts 0). Both stores call this
    /// with the counts they read under their write lock.
    /// - Parameter noun: what the keys name, for the message ("cell", "protected area").
    public static func check(expected: [String: Int], found: [String: Int], noun: String) throws {
        for key in expected.keys.sorted() where expected[key] != (found[key] ?? 0) {
            throw ConcurrentChangeError("\(noun) \(key) was changed by another writer meanwhile")
        }
    }
}

/// Runs `body` — validate, then commit a batch carrying the state it validated against — again
/// when another writer changed that state first, so every rule is checked against what is really
/// stored when the write commits.
/// - Parameter what: the write, for the message if the state keeps changing.
/// - Throws: `body`'s errors, or `DomainError.conflict` after five lost races.
func retryingConcurrentChanges<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
    var attempt = 0
    while true {
        attempt += 1
        do {
            return try await body()
        } catch let e as ConcurrentChangeError {
            if attempt >= 5 { throw DomainError.conflict("\(e.description) while \(what) was written, five times in a row; try again") }
        }
    }
}
