import Foundation
import ShanshuiTestSupport
import Testing

/// The architecture as the README's layout states it: every target under `Sources/` has a row
/// saying what it may import, and no source file imports anything else, so a layer cannot
/// quietly start depending on one above it (the domain on the store, the store on the server).
@Suite("package layout")
struct LayoutTests {
    /// The README's layout table: target → the modules it may import (besides the standard ones).
    static func allowedImports() throws -> (targets: [String: Set<String>], standard: Set<String>) {
        let readme = try String(contentsOf: Fixture.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Layout\n").dropFirst().first?
            .components(separatedBy: "\n## ").first, "README.md has no '## Layout' section")
        var targets: [String: Set<String>] = [:]
        var standard: Set<String> = []
        for line in section.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Any target may also import ") {
                standard = Self.names(String(line.dropFirst("Any target may also import ".count)))
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5, cells[1].hasPrefix("`Sources/") else { continue }
            let target = cells[1].dropFirst("`Sources/".count).dropLast()
            targets[String(target)] = cells[3] == "nothing" ? [] : Self.names(cells[3])
        }
        return (targets, standard)
    }

    /// Module names in a cell such as "`GeoKit`, `Crypto` (SHA-256)": the back-quoted words.
    static func names(_ text: String) -> Set<String> {
        Set(text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
    }

    /// The modules `file` imports (`import X`, `@testable import X`, `public import X`, `import struct X.Y`).
    static func imports(of file: URL) throws -> Set<String> {
        var modules: Set<String> = []
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "private", "fileprivate"].contains(first) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            let path = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(words[1]) && words.count >= 3
                ? words[2] : words[1]
            modules.insert(String(path.split(separator: ".")[0]))
        }
        return modules
    }

    @Test func everyTargetIsListedAndImportsOnlyWhatTheLayoutAllows() throws {
        let (allowed, standard) = try Self.allowedImports()
        #expect(standard.contains("Foundation"), "the layout section should say which standard modules any target may import")
        let sources = Fixture.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(targets.count >= 10)
        for target in targets {
            guard let may = allowed[target] else {
                Issue.record("Sources/\(target) has no row in README.md's layout table (say what it holds and what it may import)")
                continue
            }
            let files = FileManager.default.enumerator(at: sources.appendingPathComponent(target), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            if may.isEmpty { #expect(files.isEmpty, "Sources/\(target) is listed as importing nothing but holds Swift files") }
            for file in files {
                for module in try Self.imports(of: file) where !may.contains(module) && !standard.contains(module) && module != target {
                    Issue.record("Sources/\(target)/\(file.lastPathComponent) imports \(module), which README.md's layout does not allow \(target)")
                }
            }
        }
        for listed in allowed.keys where !targets.contains(listed) {
            Issue.record("README.md's layout lists Sources/\(listed), which does not exist")
        }
    }

    @Test func theCheckReadsEveryFormOfImport() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Sample.swift")
        try Data("import Foundation\n@testable import Shanshui\npublic import NIOCore\nimport struct GRDB.Row\n// import Nothing\nlet important = 1\n"
            .utf8).write(to: file)
        #expect(try Self.imports(of: file) == ["Foundation", "Shanshui", "NIOCore", "GRDB"])
        #expect(Self.names("`GeoKit`, `Crypto` (SHA-256)") == ["GeoKit", "Crypto"])
    }
}
