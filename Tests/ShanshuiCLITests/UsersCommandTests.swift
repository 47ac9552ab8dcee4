import Foundation
import ShanshuiTestSupport
import Testing

/// `shanshui users` as an administrator uses it (passwords from standard input, never argv),
/// and `serve`'s TLS options.
@Suite("shanshui users and serve --tls")
struct UsersCommandTests {
    @Test func addListPasswdDisable() throws {
        try Fixture.withTemporaryDirectory { dir in
            let db = dir.appendingPathComponent("ws.db").path
            func run(_ arguments: [String], input: String? = nil) throws -> ShanshuiCommand.Result {
                try ShanshuiCommand.run(arguments, in: dir, environment: ["SHANSHUI_DB": db], input: input)
            }
            #expect(try run(["init"]).status == 0)
            let added = try run(["users", "add", "zhou", "--role", "officer", "--person", "13812345678", "--password-stdin"],
                                input: "a long password 1\n")
            #expect(added.status == 0, "\(added.stderr)")
            let again = try run(["users", "add", "zhou", "--role", "viewer", "--password-stdin"], input: "a long password 2\n")
            #expect(again.status == 1 && again.stderr.contains("exists already"), "\(again.stderr)")
            let short = try run(["users", "add", "li", "--role", "viewer", "--password-stdin"], input: "short\n")
            #expect(short.status == 1 && short.stderr.contains("at least"), "\(short.stderr)")
            let noTerminal = try run(["users", "add", "li", "--role", "viewer"], input: "")
            #expect(noTerminal.status != 0 && noTerminal.stderr.contains("--password-stdin"), "\(noTerminal.stderr)")
            #expect(try run(["users", "passwd", "zhou", "--password-stdin"], input: "a newer password\n").status == 0)
            #expect(try run(["users", "disable", "zhou"]).status == 0)
            let list = try run(["users", "list"])
            #expect(list.stdout.contains("zhou") && list.stdout.contains("officer") && list.stdout.contains("disabled"))
            #expect(list.stdout.contains("13812345678"))
            #expect(!list.stdout.contains("$y$") && !list.stdout.contains("password"), "no hashes or passwords listed")
            #expect(try run(["users", "disable", "nobody"]).status == 1)
        }
    }

    @Test func serveNeedsBothTLSFilesAndNamesABadOne() throws {
        try Fixture.withTemporaryDirectory { dir in
            let env = ["SHANSHUI_DB": dir.appendingPathComponent("ws.db").path]
            #expect(try ShanshuiCommand.run(["init"], in: dir, environment: env).status == 0)
            let half = try ShanshuiCommand.run(["serve", "--port", "0", "--tls-cert", "cert.pem"], in: dir, environment: env)
            #expect(half.status != 0 && half.stderr.contains("--tls-cert and --tls-key go together"), "\(half.stderr)")
            let missing = try ShanshuiCommand.run(["serve", "--port", "0", "--tls-cert", "none.pem", "--tls-key", "none.key"], in: dir, environment: env)
            #expect(missing.status != 0 && missing.stderr.contains("none.pem"), "\(missing.stderr)")
        }
    }
}
