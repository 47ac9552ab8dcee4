import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on stderr naming the problem and exit status 1,
/// never a stack trace.
func reportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("shanshui: \(error)")
        throw ExitCode.failure
    }
}

/// Prints a line on stderr (warnings, progress).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
