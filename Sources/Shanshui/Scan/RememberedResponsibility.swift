import Foundation
import GeoKit

/// A resolver's answers remembered for one scan run, by outline and day: a patch flagged in a
/// reserve and again in a red line inside it has the same outline, so a resolver given to the
/// scan (a grid service elsewhere) is asked once. The workspace's own grid remembers the cell of
/// each outline itself (`GridResponsibility`).
/// The answer depends on nothing else, so remembering it changes no case.
final class RememberedResponsibility: ResponsibilityResolver, @unchecked Sendable {
    private let resolver: any ResponsibilityResolver
    private let lock = NSLock()
    private var answers: [Question: ResponsibilitySnapshot?] = [:]

    private struct Question: Hashable {
        let geometry: Geometry
        let day: Day
    }

    /// Remembers `resolver`'s answers.
    init(_ resolver: any ResponsibilityResolver) {
        self.resolver = resolver
    }

    /// The resolver's answer, asked once per outline and day.
    func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot? {
        let question = Question(geometry: geometry, day: day)
        if let known = lock.withLock({ answers[question] }) { return known }
        let answer = try await resolver.responsibility(for: geometry, on: day)
        lock.withLock { answers[question] = answer }
        return answer
    }
}
