/// Where user accounts are kept, with password hashes only.
public protocol UserStore: Sendable {
    /// Records a new user. - Returns: its id. - Throws: `StoreError.constraint` when the name is taken.
    func addUser(_ user: User) async throws -> Int64
    /// The user with this name, disabled or not.
    func user(name: String) async throws -> User?
    /// Every user, oldest first.
    func users() async throws -> [User]
    /// Stores a changed user (role, person, disabled flag, password hash) by id.
    /// - Returns: false when there is no such user.
    func updateUser(_ user: User) async throws -> Bool

    /// Records a new web session.
    func addSession(_ session: Session) async throws
    /// The session whose cookie id hashes to `idHash`, expired or not.
    func session(idHash: String) async throws -> Session?
    /// Marks a session used at `at` (the idle limit counts from here).
    func touchSession(idHash: String, at: Timestamp) async throws
    /// Ends one session (logout, expiry).
    func removeSession(idHash: String) async throws
    /// Ends every session of a user (disabled, password changed).
    func removeSessions(userName: String) async throws
    /// The failed sign-ins recorded for a user name, if any.
    func signInFailures(userName: String) async throws -> SignInFailures?
    /// Records a user name's failed sign-ins (replacing the previous record), or clears them when nil.
    func setSignInFailures(_ failures: SignInFailures?, userName: String) async throws

    /// Records a device a user has just signed in from, and forgets that user's devices trusted
    /// before `expiredBefore` (their cookies have run out) and all but the newest `keep`.
    func addTrustedDevice(_ device: TrustedDevice, expiredBefore: Timestamp, keep: Int) async throws
    /// The device whose cookie id hashes to `idHash`, expired or not.
    func trustedDevice(idHash: String) async throws -> TrustedDevice?
    /// Records a device's failed sign-ins (replacing the previous record), or clears them when nil.
    func setTrustedDeviceFailures(_ failures: SignInFailures?, idHash: String) async throws
    /// Forgets one device (its cookie has run out).
    func removeTrustedDevice(idHash: String) async throws
    /// Forgets every device of a user (disabled, password changed).
    func removeTrustedDevices(userName: String) async throws
}
