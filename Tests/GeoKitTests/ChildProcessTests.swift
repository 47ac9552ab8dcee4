import Foundation
import GeoKit
import Testing

@Suite("Child processes run to their end")
struct ChildProcessTests {
    @Test func outputStatusAndInputComeBack() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "cat; echo 出错 >&2; exit 3"], input: Data("输入\n".utf8))
        #expect(run.status == 3 && !run.timedOut)
        #expect(run.stdout == "输入\n")
        #expect(run.stderr == "出错\n")
    }

    @Test func aChildOutlastingItsTimeoutIsKilled() throws {
        let run = try ChildProcess.run("/bin/sleep", ["60"], timeout: 0.5)
        #expect(run.timedOut)
        #expect(run.status == SIGKILL)
    }

    /// A grandchild keeping the output open (as Chromium's helpers do) does not hold the caller once the child is gone.
    @Test func aGrandchildHoldingTheOutputDoesNotHoldTheCaller() throws {
        let started = Date()
        let run = try ChildProcess.run("/bin/sh", ["-c", "sleep 600 & echo $!"], timeout: 900)
        let grandchild = try #require(Int32(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(grandchild, SIGKILL) }
        #expect(run.status == 0 && !run.timedOut)
        #expect(Date().timeIntervalSince(started) < 300, "returned when the child ended, not when the grandchild did")
    }

    @Test func everyWaiterOfAnEndedProcessReturns() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        let end = ProcessEnd(of: process)
        try process.run()
        #expect(end.wait(timeout: 60))
        #expect(end.wait(timeout: 0), "an ended process stays ended for a second waiter")
        #expect(process.terminationStatus == 0)
    }
}
