import Foundation

/// An uploaded body written to a private temporary file for readers that need a path (GDAL),
/// removed afterwards; errors name "the upload", never the server's own path.
enum UploadFile {
    /// Writes `bytes` to a temporary `.ext` file, runs `body` with its path and removes the file.
    /// An error whose text mentions the path is answered as a problem saying "the upload" instead.
    static func with<T>(_ bytes: [UInt8], ext: String, _ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-upload-\(UUID().uuidString).\(ext)")
        try Data(bytes).write(to: url, options: .withoutOverwriting)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            return try await body(url.path)
        } catch {
            let problem = Problem.from(error)
            let stem = url.deletingPathExtension().lastPathComponent
            guard problem.detail.contains(stem) else { throw error }
            var named = problem
            named.detail = problem.detail.replacingOccurrences(of: " (layer '\(stem)')", with: "")
                .replacingOccurrences(of: url.path, with: "the upload")
                .replacingOccurrences(of: stem, with: "the upload")
            throw named
        }
    }
}
