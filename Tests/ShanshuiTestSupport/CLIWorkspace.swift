import Foundation
import GeoKit
import Testing

/// A workspace folder driven through the `shanshui` command line, as end-to-end tests use it:
/// the database (`ws.db` inside the folder unless given) is passed through `SHANSHUI_DB`.
public struct CLIWorkspace: Sendable {
    /// The folder holding the database and every file a test writes.
    public let dir: URL
    /// The database: a file path or a PostgreSQL URL.
    public let db: String

    /// A workspace in `dir` (nothing is created until a command runs), in `db` when given.
    public init(dir: URL, db: String? = nil) {
        self.dir = dir
        self.db = db ?? dir.appendingPathComponent("ws.db").path
    }

    /// A file in the folder.
    public func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Runs `shanshui` on the workspace, recording a test issue when it fails unexpectedly.
    @discardableResult
    public func run(_ args: [String], expectSuccess: Bool = true) throws -> ShanshuiCommand.Result {
        let r = try ShanshuiCommand.run(args, in: dir, environment: ["SHANSHUI_DB": db])
        if expectSuccess && r.status != 0 { Issue.record("\(args.joined(separator: " ")) failed: \(r.stderr)") }
        return r
    }

    /// `shanshui cases list --json`, parsed.
    public func cases() throws -> [JSONValue] {
        try JSONValue.parse(Array(try run(["cases", "list", "--json"]).stdout.utf8)).arrayValue ?? []
    }
}

extension CLIWorkspace {
    /// Creates the workspace and loads what the end-to-end tests share: `reserve.geojson` (a
    /// national nature reserve with `code`/`zone` fields), `county.geojson` and `villages.geojson`
    /// (with `code`, `name`, `parent`), and one assignment per village with two fixed staff.
    public func loadReserveAndGrid(villages: [(code: String, name: String, head: String)]) throws {
        try run(["init"])
        try run(["reserves", "import", path("reserve.geojson"), "--code-field", "code", "--zone-field", "zone",
                 "--kind", "national_nature_reserve", "--effective", "2020-01-01"])
        try run(["grid", "import", path("county.geojson"), "--level", "county", "--code-field", "code", "--name-field", "name"])
        try run(["grid", "import", path("villages.geojson"), "--level", "village", "--code-field", "code", "--name-field", "name",
                 "--parent-field", "parent"])
        for v in villages {
            try run(["grid", "assign", v.code, "--unit", "\(v.name)村委会", "--head", v.head, "--staff", "赵甲:13900000001,钱乙:13900000002",
                     "--effective", "2020-01-01"])
        }
    }
}
