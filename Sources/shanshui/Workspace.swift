import ArgumentParser
import Foundation
import Shanshui
import ShanshuiPostGIS
import ShanshuiStore

/// `--db PATH`, shared by every command that uses the workspace; `SHANSHUI_DB` or `./shanshui.db` otherwise.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace database: a SpatiaLite file, or postgresql://user@host:port/db (default: $SHANSHUI_DB, else ./shanshui.db).")
    var db: String?

    /// The path chosen by flag, environment or default.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["SHANSHUI_DB"] ?? "shanshui.db"
    }

    /// Opens the existing workspace: PostGIS for a `postgresql://` URL, else the SpatiaLite file.
    func open() throws -> any WorkspaceStore {
        PostGISLocation.isURL(path) ? try PostGISStore(url: path) : try SpatiaLiteStore(path: path)
    }

    /// The job queue of distributed scans: the shared PostGIS workspace's.
    /// - Throws: a clear error for a SpatiaLite file, which serves one machine.
    func openJobQueue() throws -> PostGISStore {
        guard PostGISLocation.isURL(path) else {
            throw StoreError.unusable("distributed scans need a shared PostGIS workspace (--db postgresql://user@host:port/db); "
                + "'\(path)' is a SpatiaLite file on one machine: run `shanshui scan` without --distributed")
        }
        return try PostGISStore(url: path)
    }

    /// The workspace for messages: a PostgreSQL URL without its password.
    var redactedPath: String { (try? PostGISLocation(path).redacted) ?? path }

    /// Where case evidence (chips, photos) is kept: a folder beside the database file, or named
    /// after the PostGIS database in the current folder.
    var evidenceDirectory: String {
        if let database = try? PostGISLocation(path).database { return database + "-evidence" }
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-evidence").path
    }

    /// The clock of this command (`WallClock.command()`): every stamp and "today" it makes comes from it.
    var clock: WallClock {
        get throws { try WallClock.command() }
    }

    /// The problem ledger over the workspace, on the command's clock.
    func ledger() throws -> Ledger {
        Ledger(store: try open(), clock: try clock)
    }

    /// The registry over the workspace.
    func registry() throws -> Registry {
        Registry(store: try open())
    }
}

extension WallClock {
    /// The clock a command reads: the system's, or stopped at the UTC moment `SHANSHUI_NOW`
    /// names (e.g. 2026-07-01T08:00:00Z), for reproducible runs and tests.
    /// - Throws: a clear error when `SHANSHUI_NOW` is not such a moment.
    static func command() throws -> WallClock {
        guard let text = ProcessInfo.processInfo.environment["SHANSHUI_NOW"], !text.isEmpty else { return .system }
        do { return .fixed(try Timestamp(text)) } catch {
            throw ValidationError("SHANSHUI_NOW '\(text)' is not a UTC moment such as 2026-07-01T08:00:00Z; set one or unset it")
        }
    }
}

/// `shanshui init`: creates (or migrates) a workspace.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the workspace database (SpatiaLite file or PostGIS schema), or migrate an existing one.")

    @OptionGroup var workspace: WorkspaceOptions

    func run() async throws {
        try await reportingFailure {
            if PostGISLocation.isURL(workspace.path) {
                let store = try PostGISStore(url: workspace.path, create: true)
                let schema = try await store.appliedMigrations().joined(separator: ", ")
                print("workspace is ready: \(store.location) (schema: \(schema); PostGIS \(try await store.postGISVersion()))")
                await store.shutdown()
                return
            }
            let existed = FileManager.default.fileExists(atPath: workspace.path)
            let store = try SpatiaLiteStore(path: workspace.path, create: true)
            let schema = try store.appliedMigrations().joined(separator: ", ")
            print("\(existed ? "workspace is up to date" : "created workspace"): \(workspace.path) (schema: \(schema); SpatiaLite \(try store.spatiaLiteVersion()))")
        }
    }
}
