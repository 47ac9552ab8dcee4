import Crypto
import Foundation

/// Web sign-in for people: a user name and password start a session (a random cookie id, kept
/// only as its SHA-256, with a CSRF token), sessions end by logout, idle or absolute limits, or
/// the account being disabled, and repeated wrong passwords lock the name for a cool-down.
public struct SignIns: Sendable {
    public let accounts: Accounts
    public let policy: SignInPolicy
    var store: any UserStore { accounts.store }
    var clock: WallClock { accounts.clock }

    /// Sign-in over `accounts` (their store and clock) with `policy`'s limits.
    public init(accounts: Accounts, policy: SignInPolicy = SignInPolicy()) {
        self.accounts = accounts
        self.policy = policy
    }

    /// Why a sign-in was refused.
    public enum Refusal: Error, Sendable, Equatable {
        /// Unknown name, wrong password or a disabled account (deliberately not told apart).
        case wrongCredentials
        /// Too many failures: try again after this many seconds.
        case lockedOut(retryAfterSeconds: Int64)
    }

    /// A started session: the user, the session record and the cookie's id (seen only now).
    public struct Started: Sendable {
        public var user: User
        public var session: Session
        public var secret: String
    }

    /// Checks the password and starts a session.
    /// - Throws: `Refusal.lockedOut` while the name is locked (the password is not even checked),
    ///   `Refusal.wrongCredentials` otherwise on failure (counted: the limit's failure locks the
    ///   attempts after it).
    public func signIn(name: String, password: String) async throws -> Started {
        let user = try await verify(name: name, password: password), now = clock.now
        let secret = Secret.randomHex(), session = Session(idHash: Self.hash(secret), userName: user.name, csrfToken: Secret.randomHex(),
                                                         createdAt: now, lastSeenAt: now)
        try await store.addSession(session)
        return Started(user: user, session: session, secret: secret)
    }

    /// Checks a password under the lockout (web sign-in and HTTP Basic alike, so Basic cannot be
    /// used to guess around it): refused unchecked while locked, a failure counted, a success
    /// resetting the count. - Throws: `Refusal`.
    public func verify(name: String, password: String) async throws -> User {
        let now = clock.now
        let failures = try await store.signInFailures(userName: name)
        if let wait = policy.lockedFor(failures, at: now) { throw Refusal.lockedOut(retryAfterSeconds: wait) }
        let accounts = accounts
        guard let user = try await BlockingExecutor.run({ try await accounts.authenticate(name: name, password: password) }) else {
            try await store.setSignInFailures(policy.failing(failures, name: name, at: now), userName: name)
            throw Refusal.wrongCredentials
        }
        if failures != nil { try await store.setSignInFailures(nil, userName: name) }
        return user
    }

    /// The live session of a cookie id and its enabled user, marked used now; nil for an unknown,
    /// expired (then removed) or disabled user's session.
    public func session(secret: String) async throws -> (user: User, session: Session)? {
        let hash = Self.hash(secret), now = clock.now
        guard var session = try await store.session(idHash: hash) else { return nil }
        guard !policy.hasExpired(session, at: now), let user = try await store.user(name: session.userName), !user.disabled else {
            try await store.removeSession(idHash: hash)
            return nil
        }
        if now > session.lastSeenAt {
            try await store.touchSession(idHash: hash, at: now)
            session.lastSeenAt = now
        }
        return (user, session)
    }

    /// Ends the session of a cookie id (nothing happens for an unknown one).
    public func signOut(secret: String) async throws {
        try await store.removeSession(idHash: Self.hash(secret))
    }

    /// Lowercase hex SHA-256 of a cookie id.
    public static func hash(_ secret: String) -> String { SHA256.hex(secret.utf8) }
}
