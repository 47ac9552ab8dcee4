import Crypto
import Foundation

/// Web sign-in for people: a user name and password start a session (a random cookie id, kept
/// only as its SHA-256, with a CSRF token), sessions end by logout, idle or absolute limits, or
/// the account being disabled, and repeated wrong passwords lock the name for a cool-down, except
/// on browsers the person signed in from before (`TrustedDevice`), which have a lockout of their own.
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
        /// The id of a new device cookie for the browser (seen only now), nil when it sent one
        /// that already vouches for this user.
        public var device: String?
    }

    /// Checks the password and starts a session.
    /// - Parameter device: the id in the browser's device cookie, if it sent one.
    /// - Throws: `Refusal.lockedOut` while locked (the password is not even checked),
    ///   `Refusal.wrongCredentials` otherwise on failure (counted: the limit's failure locks the
    ///   attempts after it). The lockout is that of the trusted `device`, else the user name's.
    public func signIn(name: String, password: String, device: String? = nil) async throws -> Started {
        let checked = try await check(name: name, password: password, device: device), now = clock.now
        let secret = Secret.randomHex(), session = Session(idHash: Self.hash(secret), userName: checked.user.name, csrfToken: Secret.randomHex(),
                                                         createdAt: now, lastSeenAt: now)
        try await store.addSession(session)
        var issued: String?
        if !checked.trusted {
            let id = Secret.randomHex()
            try await store.addTrustedDevice(TrustedDevice(idHash: Self.hash(id), userName: checked.user.name, createdAt: now),
                                             expiredBefore: now.adding(seconds: -policy.trustedDeviceSeconds), keep: policy.trustedDevicesPerUser)
            issued = id
        }
        return Started(user: checked.user, session: session, secret: secret, device: issued)
    }

    /// Checks a password under the user name's lockout (web sign-in without a trusted device and
    /// HTTP Basic alike, so Basic cannot be used to guess around it): refused unchecked while
    /// locked, a failure counted, a success resetting the count. - Throws: `Refusal`.
    public func verify(name: String, password: String) async throws -> User {
        try await check(name: name, password: password, device: nil).user
    }

    /// Checks a password under the lockout that applies: the device's own when `device` is the
    /// id of a browser trusted for `name`, else the name's, which every other client shares.
    private func check(name: String, password: String, device: String?) async throws -> (user: User, trusted: Bool) {
        let now = clock.now, store = store
        if let trusted = try await trustedDevice(device, of: name, at: now) {
            let user = try await counted(name: name, password: password, failures: trusted.failures, at: now) {
                try await store.setTrustedDeviceFailures($0, idHash: trusted.idHash)
            }
            return (user, true)
        }
        let user = try await counted(name: name, password: password, failures: try await store.signInFailures(userName: name), at: now) {
            try await store.setSignInFailures($0, userName: name)
        }
        return (user, false)
    }

    /// A password checked under one count of failures (a trusted device's or the name's): refused
    /// unchecked while it locks, a failure counted, a success clearing it; `record` stores the count.
    private func counted(name: String, password: String, failures: SignInFailures?, at now: Timestamp,
                         record: (SignInFailures?) async throws -> Void) async throws -> User {
        if let wait = policy.lockedFor(failures, at: now) { throw Refusal.lockedOut(retryAfterSeconds: wait) }
        let accounts = accounts
        // Off the cooperative pool: the hash is slow on purpose.
        guard let user = try await BlockingExecutor.run({ try await accounts.authenticate(name: name, password: password) }) else {
            try await record(policy.failing(failures, name: name, at: now))
            throw Refusal.wrongCredentials
        }
        if failures != nil { try await record(nil) }
        return user
    }

    /// The device of a device cookie id when it vouches for `name` and is still trusted (an
    /// expired one is forgotten); nil otherwise.
    private func trustedDevice(_ secret: String?, of name: String, at now: Timestamp) async throws -> TrustedDevice? {
        guard let secret, !secret.isEmpty, let device = try await store.trustedDevice(idHash: Self.hash(secret)),
              device.userName == name else { return nil }
        guard !policy.hasExpired(device, at: now) else {
            try await store.removeTrustedDevice(idHash: device.idHash)
            return nil
        }
        return device
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
