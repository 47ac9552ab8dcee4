import ArgumentParser
import Foundation
import Shanshui

/// `shanshui users add|list|passwd|disable|enable`: user accounts for HTTP Basic sign-in (QGIS,
/// GDAL) and the web app. Passwords are read from the terminal, or from standard input with
/// `--password-stdin`, never from the command line (where `ps` and shell history would show them).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Add, list, change and disable user accounts.",
                                                    subcommands: [UsersAdd.self, UsersList.self, UsersPasswd.self, UsersDisable.self,
                                                                  UsersEnable.self])
}

/// How a command gets a new password.
struct PasswordOptions: ParsableArguments {
    @Flag(help: "Read the password from the first line of standard input (scripts) instead of the terminal.")
    var passwordStdin = false

    /// The password, asked twice on a terminal.
    func read(for name: String) throws -> String {
        if passwordStdin {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: standard input holds no password line")
            }
            return line
        }
        guard isatty(STDIN_FILENO) != 0 else {
            throw ValidationError("no terminal to ask the password on; pipe it with --password-stdin")
        }
        let first = String(cString: getpass("password for \(name): "))
        let second = String(cString: getpass("again: "))
        guard first == second else { throw ValidationError("the two passwords differ; nothing changed") }
        return first
    }
}

struct UsersAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a user with a role and a password.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The sign-in name (no ':' or spaces).") var name: String
    @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
    @Option(help: "The phone of the grid person this account belongs to.") var person: String?
    @OptionGroup var password: PasswordOptions

    func run() async throws {
        try await reportingFailure {
            let role = try Role(parsing: role)
            let user = try await Accounts(store: try workspace.open(), clock: try workspace.clock).add(name: name, role: role, password: try password.read(for: name),
                                                                            personPhone: person)
            print("user \(user.name) (\(user.role.rawValue)) created")
        }
    }
}

struct UsersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users (never their passwords).")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await reportingFailure {
            if json { return JSONOutput.print(try await workspace.open().users().map(UserShape.init)) }
            var table = TextTable("name", "role", "person", "state", "created")
            for u in try await workspace.open().users() {
                table.add(u.name, u.role.rawValue, u.personPhone ?? "–", u.disabled ? "disabled" : "active", u.createdAt)
            }
            print(table.text)
        }
    }
}

struct UsersPasswd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The user.") var name: String
    @OptionGroup var password: PasswordOptions
    func run() async throws {
        try await reportingFailure {
            try await Accounts(store: try workspace.open(), clock: try workspace.clock).setPassword(name: name, password: try password.read(for: name))
            print("password of \(name) changed")
        }
    }
}

struct UsersDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a user from signing in (the account stays).")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The user.") var name: String
    func run() async throws {
        try await reportingFailure {
            try await Accounts(store: try workspace.open(), clock: try workspace.clock).setDisabled(name: name, true)
            print("user \(name) disabled")
        }
    }
}

struct UsersEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let a disabled user sign in again.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The user.") var name: String
    func run() async throws {
        try await reportingFailure {
            try await Accounts(store: try workspace.open(), clock: try workspace.clock).setDisabled(name: name, false)
            print("user \(name) enabled")
        }
    }
}
