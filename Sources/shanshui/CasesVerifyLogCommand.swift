import ArgumentParser
import Foundation
import Shanshui

/// `shanshui cases verify-log`: recomputes the hash chain of every case's audit log.
struct CasesVerifyLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-log",
                                                    abstract: "Check every case's audit log against its hash chain (exit 1 when one was changed).")
    @OptionGroup var workspace: WorkspaceOptions

    func run() async throws {
        try await reportingFailure {
            let check = try await workspace.ledger().verifyLog()
            for found in check.breaks { printError("shanshui: \(found)") }
            let older = check.unchained > 0 ? " (\(check.unchained) events from before the chain are not covered)" : ""
            if check.breaks.isEmpty {
                print("audit log intact: \(check.events) events in \(check.cases) cases\(older)")
            } else {
                print("audit log CHANGED in \(check.breaks.count) of \(check.cases) cases\(older)")
                throw ExitCode.failure
            }
        }
    }
}
