import Foundation

/// Where the project's fixture files live, found from this source file (never ../shared),
/// and scratch folders for files the tests create.
public enum Fixture {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Tests/Fixtures.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative).path
    }

    /// A file under data/ (the bundled demo data, also used by tests).
    public static func data(_ relative: String) -> String {
        root.appendingPathComponent("data").appendingPathComponent(relative).path
    }

    /// A fresh empty directory under the system temporary directory; remove it when done.
    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `body` with a fresh scratch directory that is removed afterwards.
    public static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }
}
