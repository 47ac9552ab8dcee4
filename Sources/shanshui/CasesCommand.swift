import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui cases ...`: the problem ledger.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Follow cases: list, show, dispatch, verify, rectify, accept, close, transfer, supervise, attach, evidence.",
        subcommands: [CasesList.self, CasesShow.self, CasesDispatch.self, CasesVerify.self, CasesRectify.self, CasesProgress.self, CasesAccept.self,
                      CasesClose.self, CasesTransfer.self, CasesSupervise.self, CasesAttach.self, CasesEvidence.self,
                      CasesNotice.self, CasesVerifyLog.self, CasesEscalate.self])
}

struct CasesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases, newest first.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Only this status: \(CaseFilter.statusWords.joined(separator: ", ")).") var status: String?
    @Option(help: "Only cases in this protected area (id or code).") var reserve: String?
    @Option(help: "Only cases in this grid cell (any level).") var cell: String?
    @Option(help: "Only cases of this scan.") var scan: Int64?
    @Flag(help: "Only overdue cases.") var overdue = false
    @Flag(help: "Only open cases with nobody to route to (no grid head in force for their cell, or outside every cell).") var unrouted = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            var filter = CaseFilter(cellCode: cell, scanID: scan)
            filter.unrouted = unrouted
            if let status { try filter.status(parsing: status) }
            if let reserve { filter.areaID = try await workspace.registry().area(reserve).id }
            let today = try workspace.clock.today
            let cases = try await workspace.ledger().list(filter, overdueOnly: overdue, today: today)
            if json {
                JSONOutput.print(cases.map { CaseRecordShape($0, today: today) })
                return
            }
            var table = TextTable("number", "status", "severity", "area", "zone", "activity", "m²", "cell", "routed to", "due", "")
            for c in cases {
                let marks = [c.isOverdue(on: today) ? "OVERDUE" : nil, c.supervision != nil ? "supervised" : nil, c.expanded ? "expanded" : nil]
                table.add(c.number, c.status.rawValue, c.severity.rawValue, c.area.code, c.area.zone?.rawValue ?? "–", c.activity,
                          String(Int(c.overlapM2.rounded())), CaseRouting.cell(of: c)?.code ?? "–",
                          c.routing?.head.map { "\(c.routing?.unit ?? "–"), \($0)" } ?? "nobody", c.dueOn.description,
                          marks.compactMap { $0 }.joined(separator: " "))
            }
            print(table.text)
            print("\n\(cases.count) case(s)")
            if let message = CaseRouting.unrouted(cases).message, !unrouted { print(message) }
        }
    }
}

/// `shanshui cases escalate`: puts long-overdue cases under supervised listing, saying so in
/// their history. Listings only read; this (and `serve`, hourly) is where escalation happens.
struct CasesEscalate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Put cases overdue by more than --after days under supervised listing (recorded in their history).")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Days past due after which an overdue case is put under supervised listing.") var after: Int = 30
    @Option(help: "The day to judge by (YYYY-MM-DD); today when left out.", transform: { try Day($0) }) var today: Day?

    func run() async throws {
        try await reportingFailure {
            var ledger = try workspace.ledger()
            ledger.escalateAfterDays = after
            let escalated = try await ledger.escalateOverdue(today: today)
            for c in escalated { print("\(c.number): supervised (escalated), due \(c.dueOn)") }
            print("\(escalated.count) case(s) escalated")
        }
    }
}

struct CasesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a case with its full history.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The case id or number.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let (c, events, attachments) = try await workspace.ledger().history(id)
            if json {
                JSONOutput.print(CaseDetailShape(c, events: events, attachments: attachments, audience: .signedIn, evidence: workspace.evidenceDirectory,
                                                  today: try workspace.clock.today))
                return
            }
            print("case \(c.number): \(c.status.rawValue) (\(c.status.chineseName)), severity \(c.severity.rawValue)\(c.expanded ? ", expanded" : "")")
            print("area: \(c.area.name) [\(c.area.code)] \(c.area.kind.rawValue)\(c.area.zone.map { ", zone \($0.rawValue)" } ?? "")")
            print("damage: \(c.activity), \(Int(c.overlapM2.rounded())) m² inside, detected \(c.detectedOn), due \(c.dueOn)")
            if let r = c.responsibility {
                print("grid: " + r.chain.map { "\($0.name) \($0.code)" }.joined(separator: " → "))
                print("responsible on \(c.detectedOn) (detection): \(r.unit ?? "–"); head \(r.head ?? "–"); staff \(r.staff.joined(separator: ", ").ifEmpty("–"))")
            }
            if let r = c.routing, r.head != nil {
                print("routed on \(c.routedOn?.description ?? "?") to: \(r.unit ?? "–"); head \(r.head ?? "–"); staff \(r.staff.joined(separator: ", ").ifEmpty("–"))")
            } else {
                print("routed to: nobody (\(CaseRouting.refusal(c).description.components(separatedBy: ": ").dropFirst().joined(separator: ": ")))")
            }
            if let old = c.recurrenceOf { print("recurrence (复发) of case \(old.number)") }
            if let v = c.verdict { print("verdict: \(v.name)") }
            if let t = c.transfer { print("transferred to \(t.department), receipt \(t.receipt)") }
            if let s = c.supervision { print("supervised: \(s.level) by \(s.by) since \(s.since)") }
            print("allowed next: \(CaseLifecycle.allowedActions(for: c).joined(separator: ", ").ifEmpty("none"))")
            var table = TextTable("at", "actor", "action", "from", "to", "note")
            for e in events { table.add(e.at, e.actor, e.action, e.from?.rawValue ?? "–", e.to.rawValue, e.note ?? "") }
            print("\nhistory:\n" + table.text)
            for a in attachments {
                print("attachment: \(a.path) sha256 \(a.sha256) by \(a.by)" + (a.distanceM.map { String(format: ", %.0f m from the damage", $0) } ?? ""))
            }
        }
    }
}

/// Options every transition takes.
struct TransitionOptions: ParsableArguments {
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The case id or number.") var id: String
    @Option(help: "Who acts (recorded in the audit log).") var by: String
    @Option(help: "A note for the audit log.") var note: String?

    func perform(_ action: CaseAction) async throws {
        let c = try await workspace.ledger().perform(action, on: id, by: by, note: note)
        print("case \(c.number): \(c.status.rawValue)\(c.supervision != nil ? " (supervised)" : "")")
    }
}

struct CasesDispatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispatch", abstract: "Send the case to the grid staff for field verification.")
    @OptionGroup var t: TransitionOptions
    @Option(help: "Send to someone other than the responsible grid staff.") var to: String?
    func run() async throws { try await reportingFailure { try await t.perform(.dispatch(to: to)) } }
}

struct CasesVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Record the field verification verdict.")
    @OptionGroup var t: TransitionOptions
    @Option(help: "confirmed, false_positive or permitted.") var verdict: String
    @Option(help: "For false_positive: \(FalsePositiveReason.allCases.map(\.rawValue).joined(separator: ", ")).") var reason: String?
    @Option(help: "For false_positive: free text.") var text: String?
    @Option(help: "For permitted: the permit reference.") var permit: String?
    func run() async throws {
        try await reportingFailure {
            try await t.perform(.verify(try Verdict(parsing: verdict, reason: reason, text: text, permit: permit)))
        }
    }
}

struct CasesRectify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rectify", abstract: "Record the rectification plan and its due day.")
    @OptionGroup var t: TransitionOptions
    @Option(help: "The plan.") var plan: String
    @Option(help: "Due day, YYYY-MM-DD.") var due: String
    func run() async throws { try await reportingFailure { try await t.perform(.rectify(plan: plan, dueOn: try Day(due))) } }
}

struct CasesProgress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Report rectification progress from the field (100: rectified).")
    @OptionGroup var t: TransitionOptions
    @Option(help: "Percent done, 0 to 100.") var percent: Int
    func run() async throws { try await reportingFailure { try await t.perform(.progress(percent: percent)) } }
}

struct CasesAccept: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept the rectification.")
    @OptionGroup var t: TransitionOptions
    func run() async throws { try await reportingFailure { try await t.perform(.accept(note: t.note)) } }
}

struct CasesClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close the case (销号).")
    @OptionGroup var t: TransitionOptions
    func run() async throws { try await reportingFailure { try await t.perform(.close) } }
}

struct CasesTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfer the case to another department (移送).")
    @OptionGroup var t: TransitionOptions
    @Option(help: "The receiving department.") var department: String
    @Option(help: "The receipt number.") var receipt: String
    func run() async throws { try await reportingFailure { try await t.perform(.transfer(Transfer(department: department, receipt: receipt))) } }
}

struct CasesSupervise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "supervise", abstract: "Put the case under supervised listing (挂牌督办).")
    @OptionGroup var t: TransitionOptions
    @Option(help: "Level: provincial, municipal, county...") var level: String
    func run() async throws { try await reportingFailure { try await t.perform(.supervise(level: level)) } }
}

struct CasesAttach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach a field photo (SHA-256 and EXIF GPS distance recorded).")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The case id or number.") var id: String
    @Argument(help: "The photo.") var photo: String
    @Option(help: "Who attaches it.") var by: String
    func run() async throws {
        try await reportingFailure {
            let (a, warning) = try await workspace.ledger().attach(photo: photo, to: id, by: by, evidenceDirectory: workspace.evidenceDirectory)
            if let warning { printError("warning: \(warning)") }
            print("attached \(a.path) (sha256 \(a.sha256))" + (a.distanceM.map { String(format: ", %.0f m from the damage", $0) } ?? ", no GPS in the photo"))
        }
    }
}

struct CasesEvidence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evidence", abstract: "Copy a case's chips and photos to a folder.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The case id or number.") var id: String
    @Option(name: .shortAndLong, help: "The folder to copy into.") var output: String
    func run() async throws {
        try await reportingFailure {
            let c = try await workspace.ledger().find(id)
            let source = URL(fileURLWithPath: workspace.evidenceDirectory).appendingPathComponent(c.number)
            // Hidden names are temporary files of a write in progress or interrupted: never evidence.
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: source.path).sorted()) ?? []).filter(EvidenceFiles.isPlainName)
            guard !files.isEmpty else { throw DomainError.notFound("case \(c.number) has no evidence files yet") }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for f in files {
                let target = URL(fileURLWithPath: output).appendingPathComponent(f)
                _ = try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: target)
                print(target.path)
            }
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
