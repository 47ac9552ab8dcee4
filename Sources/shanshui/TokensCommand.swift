import ArgumentParser
import Foundation
import Shanshui
import ShanshuiServer

/// `shanshui tokens create|list|revoke`: bearer tokens for the HTTP service.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Create, list and revoke API bearer tokens.",
                                                    subcommands: [TokensCreate.self, TokensList.self, TokensRevoke.self])
}

struct TokensCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token; its secret is printed once.")
    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
    @Option(help: "Who holds it (recorded in case audit logs).") var name: String

    func run() async throws {
        try await reportingFailure {
            let (token, secret) = try await TokenService(store: try workspace.open(), clock: try workspace.clock).create(name: name, role: try Role(parsing: role))
            printError("token \(token.id) for \(token.name) (\(token.role.rawValue)); keep the secret, it is not shown again:")
            print(secret)
        }
    }
}

struct TokensList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never their secrets).")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await reportingFailure {
            if json { return JSONOutput.print(try await workspace.open().tokens().map(TokenShape.init)) }
            var table = TextTable("id", "name", "role", "created", "revoked")
            for t in try await workspace.open().tokens() { table.add(String(t.id), t.name, t.role.rawValue, t.createdAt, t.revokedAt ?? "–") }
            print(table.text)
        }
    }
}

struct TokensRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by id.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The token id.") var id: Int64
    func run() async throws {
        try await reportingFailure {
            guard try await workspace.open().revokeToken(id: id, at: try workspace.clock.now.description) else {
                throw ValidationError("no live token \(id); see `shanshui tokens list`")
            }
            print("revoked token \(id)")
        }
    }
}
