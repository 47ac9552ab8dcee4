import Foundation
import ShanshuiTestSupport

extension ScannedCounty {
    /// A private copy of the shared scanned county in a fresh folder, for a test that changes
    /// cases or files; the test removes `dir` when done.
    static func copy() async throws -> (dir: URL, db: String, evidence: String) {
        let world = try await shared.value
        let dir = try Fixture.temporaryDirectory()
        let (db, evidence) = try PrivacyCrawlTests.copy(world: world, to: dir)
        return (dir, db, evidence)
    }
}
