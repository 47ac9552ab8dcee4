import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui cases notice`: the supervision notice (问题交办单) of a case, to sign and send.
struct CasesNotice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Write a case's supervision notice (问题交办单) as PDF, HTML and XLSX, with its print chip.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The case's number or id.") var number: String
    @Option(name: .shortAndLong, help: "The folder to write into (created if needed).") var output: String
    @Option(help: "The service's address for the QR code's link to the case page.") var baseURL = "http://127.0.0.1:8080"
    @Option(help: "The issuing office (交办单位), printed in the header.") var issuer: String?
    @Option(help: "The issue day, YYYY-MM-DD (default: today).") var date: String?

    func run() async throws {
        try await reportingFailure {
            let store = try workspace.open()
            let c = try await workspace.ledger().find(number)
            let notice = try await SupervisionNotice.make(c, scans: store, baseURL: baseURL,
                                                          issuedOn: try date.map(Day.init) ?? workspace.clock.today, issuer: issuer)
            let files = try notice.write(to: output)
            for note in files.notes { printError("note: \(note)") }
            for path in [files.pdf, files.html, files.xlsx, files.chip].compactMap({ $0 }) { print("wrote \(path)") }
        }
    }
}
