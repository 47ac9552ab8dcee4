import Foundation

/// User accounts: create, change password, disable, and check a sign-in. Shared by the CLI
/// (`shanshui users`), the HTTP service's Basic sign-in, and the web app's sign-in.
public struct Accounts: Sendable {
    public let store: any UserStore
    /// Where the creation time of accounts comes from.
    public let clock: WallClock
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Accounts over `store`, stamped by `clock`.
    public init(store: any UserStore, clock: WallClock = .system) {
        self.store = store
        self.clock = clock
    }

    /// Creates a user.
    /// - Parameter personPhone: links the account to the grid person with this phone.
    /// - Throws: `DomainError` for a bad name or password, or a name already taken.
    @discardableResult
    public func add(name: String, role: Role, password: String, personPhone: String? = nil) async throws -> User {
        let name = try Self.validName(name)
        if try await store.user(name: name) != nil {
            throw DomainError.conflict("user '\(name)' exists already; change its password with `shanshui users passwd \(name)`")
        }
        var user = User(name: name, role: role, personPhone: try personPhone.map { try Person.normalizedPhone($0, of: name) },
                        passwordHash: try PasswordHash.make(try Self.validPassword(password)),
                        createdAt: clock.now.description)
        user.id = try await store.addUser(user)
        return user
    }

    /// Sets a new password (and enables nothing else); clears a sign-in lockout, ends the user's
    /// web sessions and forgets their trusted browsers (a password changed because it leaked must
    /// leave neither open).
    public func setPassword(name: String, password: String) async throws {
        var user = try await existing(name)
        user.passwordHash = try PasswordHash.make(try Self.validPassword(password))
        _ = try await store.updateUser(user)
        try await store.setSignInFailures(nil, userName: user.name)
        try await store.removeSessions(userName: user.name)
        try await store.removeTrustedDevices(userName: user.name)
    }

    /// Disables (or enables again) a user: a disabled user cannot sign in, their web sessions end
    /// at once and their browsers are no longer trusted; enabling clears a sign-in lockout.
    public func setDisabled(name: String, _ disabled: Bool) async throws {
        var user = try await existing(name)
        user.disabled = disabled
        _ = try await store.updateUser(user)
        if disabled {
            try await store.removeSessions(userName: user.name)
            try await store.removeTrustedDevices(userName: user.name)
        } else {
            try await store.setSignInFailures(nil, userName: user.name)
        }
    }

    /// The enabled user whose password this is, else nil (unknown name, wrong password, disabled).
    /// An unknown or disabled name is checked against a decoy hash, so the answer takes as long
    /// as a wrong password and its time does not tell which names exist.
    public func authenticate(name: String, password: String) async throws -> User? {
        guard let user = try await store.user(name: name), !user.disabled else {
            _ = Self.decoy.map { PasswordHash.verify(password, against: $0) }
            return nil
        }
        return PasswordHash.verify(password, against: user.passwordHash) ? user : nil
    }

    /// A hash no password matches.
    private static let decoy = try? PasswordHash.make(UUID().uuidString)

    private func existing(_ name: String) async throws -> User {
        guard let user = try await store.user(name: name) else {
            throw DomainError.notFound("no user '\(name)'; see `shanshui users list`")
        }
        return user
    }

    /// A trimmed sign-in name: not empty, no colon (HTTP Basic splits on it), no whitespace or control characters.
    static func validName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else { throw DomainError.invalidValue("a user name needs 1 to 64 characters") }
        guard !name.contains(where: { $0 == ":" || $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
            throw DomainError.invalidValue("user name '\(name)' may not contain ':' or spaces (HTTP Basic sign-in cannot carry them)")
        }
        return name
    }

    /// A password long enough to resist guessing.
    static func validPassword(_ password: String) throws -> String {
        guard password.count >= minimumPasswordLength else {
            throw DomainError.invalidValue("a password needs at least \(minimumPasswordLength) characters")
        }
        return password
    }
}
