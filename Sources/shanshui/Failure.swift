import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on stderr naming the problem and exit status 1,
/// never a stack trace.
func reportingFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("shanshui: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
