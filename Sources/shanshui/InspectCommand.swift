import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui inspect ...`: double-random inspection draws (双随机).
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Double-random inspection draws: draw, list, show, verify (see docs/inspection-draw.md).",
        subcommands: [InspectDraw.self, InspectList.self, InspectShow.self, InspectVerify.self])
}

extension WorkspaceOptions {
    /// Targets gathered from the workspace.
    func inspectionTargets() throws -> InspectionTargets {
        let store = try open()
        return InspectionTargets(ledger: Ledger(store: store, clock: try clock), registry: Registry(store: store), grid: Grid(store: store))
    }
}

struct InspectDraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw", abstract: "Draw targets and inspectors reproducibly from a seed, and store the draw.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "What to draw: cases, cells or reserves.") var targets: String
    @Option(help: "KEY=VALUE, repeatable. cases: status, reserve, cell, supervised, overdue; cells: level, within; reserves: kind.")
    var filter: [String] = []
    @Option(help: "How many targets to draw.") var n: Int
    @Option(help: "The inspector roster: name,phone,unit[,cells], as CSV or an .xlsx, .xls or .ods workbook.") var inspectors: String
    @Option(help: "Inspectors per target.") var perTarget: Int = 2
    @Option(help: "The seed (publish it before the draw, e.g. the day's lottery number).") var seed: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            guard let kind = DrawTargetKind(rawValue: targets) else {
                throw ValidationError("unknown targets '\(targets)'; accepted: cases, cells, reserves")
            }
            let sheet = try SheetFile.read(inspectors)
            if let note = sheet.note { printError(note) }
            let roster = try InspectorRoster.parse(sheet.csv, source: inspectors)
            let found = try await workspace.inspectionTargets().gather(kind, filter: filter, on: try workspace.clock.today)
            let inputs = try DrawInputs(kind: kind, targets: found, inspectors: roster, count: n, perTarget: perTarget)
            let pairs = try InspectionTargets.parseFilter(filter, kind: kind).map { "\($0.key)=\($0.value)" }
            var draw = try DoubleRandomDraw.draw(inputs, seed: seed, filter: pairs, inspectorSource: URL(fileURLWithPath: inspectors).path,
                                                 at: try workspace.clock.now.description)
            draw.id = try await workspace.open().addDraw(draw)
            json ? JSONOutput.print(DrawShape(draw)) : print(InspectionJSON.text(draw))
        }
    }
}

struct InspectList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored draws, newest first.")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            if json { return JSONOutput.print(try await workspace.open().draws().map(DrawShape.init)) }
            var table = TextTable("id", "at", "targets", "filter", "drawn", "seed", "inputs sha256")
            for d in try await workspace.open().draws() {
                table.add(String(d.id), d.createdAt, d.kind.rawValue, d.filter.joined(separator: " ").ifEmpty("–"), String(d.picks.count),
                          d.seed, String(d.inputsHash.prefix(16)) + "…")
            }
            print(table.text)
        }
    }
}

struct InspectShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a stored draw; optionally write its canonical inputs.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The draw id.") var id: Int64
    @Option(help: "Write the canonical inputs to this file (`sha256sum` of it is the inputs' hash).") var inputs: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let draw = try await InspectVerify.find(id, workspace)
            if let inputs { try Data(draw.inputs.utf8).write(to: URL(fileURLWithPath: inputs), options: .atomic) }
            json ? JSONOutput.print(DrawShape(draw)) : print(InspectionJSON.text(draw))
        }
    }
}

struct InspectVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Re-run a stored draw from its recorded inputs and seed, and compare with today's inputs.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The draw id.") var id: Int64
    @Option(help: "The inspector roster to compare with (default: the file the draw read).") var inspectors: String?
    @Flag(help: "Also fail when today's workspace and roster give other inputs than the recorded ones.") var strict = false

    static func find(_ id: Int64, _ workspace: WorkspaceOptions) async throws -> InspectionDraw {
        guard let d = try await workspace.open().draw(id: id) else {
            throw DomainError.notFound("no inspection draw \(id); see `shanshui inspect list`")
        }
        return d
    }

    func run() async throws {
        try await reportingFailure {
            let draw = try await Self.find(id, workspace)
            if let problem = try DoubleRandomDraw.replay(draw) {
                print("draw \(draw.id): NOT reproduced: \(problem)")
                throw ExitCode.failure
            }
            print("draw \(draw.id): reproduced from its recorded inputs (sha256 \(draw.inputsHash)) and seed '\(draw.seed)'")
            let recorded = try DrawInputs(canonicalText: draw.inputs)
            let roster = try InspectorRoster.read(inspectors ?? draw.inspectorSource)
            let found = try await workspace.inspectionTargets().gather(draw.kind, filter: draw.filter, on: try workspace.clock.today)
            let current = try DrawInputs(kind: draw.kind, targets: found, inspectors: roster, count: recorded.count, perTarget: recorded.perTarget)
            if current.hash == draw.inputsHash {
                print("today's workspace and roster give the same inputs: the draw re-runs identically")
            } else {
                print("today's inputs differ (sha256 \(current.hash)): \(Self.difference(recorded, current))")
                if strict { throw ExitCode.failure }
            }
        }
    }

    private static func difference(_ a: DrawInputs, _ b: DrawInputs) -> String {
        let ta = Set(a.targets.map(\.id)), tb = Set(b.targets.map(\.id))
        let ia = Set(a.inspectors.map(\.key)), ib = Set(b.inspectors.map(\.key))
        var parts: [String] = []
        if ta != tb { parts.append("\(tb.subtracting(ta).count) target(s) added, \(ta.subtracting(tb).count) gone") }
        if ia != ib { parts.append("\(ib.subtracting(ia).count) inspector(s) added, \(ia.subtracting(ib).count) gone") }
        return parts.isEmpty ? "responsibilities or units changed" : parts.joined(separator: "; ")
    }
}

/// The text form of draws (`--json` prints `DrawShape`).
enum InspectionJSON {

    static func text(_ d: InspectionDraw) -> String {
        var table = TextTable("#", "target", "inspectors")
        for (i, p) in d.picks.enumerated() {
            table.add(String(i + 1), p.target, p.inspectors.map { "\($0.name) (\($0.unit))" }.joined(separator: ", "))
        }
        return "draw \(d.id): \(d.picks.count) \(d.kind.rawValue), seed '\(d.seed)', inputs sha256 \(d.inputsHash)\n" + table.text
    }
}
