/// A person's signed-in session in the web app. The cookie holds a random id; only its SHA-256
/// is stored, so a copy of the database cannot be replayed as cookies.
public struct Session: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the cookie's session id.
    public var idHash: String
    public var userName: String
    /// The token the browser sends back in `X-CSRF-Token` on every unsafe request.
    public var csrfToken: String
    public var createdAt: Timestamp
    /// The last request made with the session (for the idle limit).
    public var lastSeenAt: Timestamp

    /// Makes a session record.
    public init(idHash: String, userName: String, csrfToken: String, createdAt: Timestamp, lastSeenAt: Timestamp) {
        self.idHash = idHash
        self.userName = userName
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// The failed sign-ins of one user name within the current window, and the lockout they caused.
public struct SignInFailures: Sendable, Hashable {
    public var userName: String
    public var count: Int
    /// When the counting window began (the first failure in it).
    public var firstFailedAt: Timestamp
    /// Until when sign-in is refused, once the limit was reached.
    public var lockedUntil: Timestamp?

    /// Makes a failure record.
    public init(userName: String, count: Int, firstFailedAt: Timestamp, lockedUntil: Timestamp? = nil) {
        self.userName = userName
        self.count = count
        self.firstFailedAt = firstFailedAt
        self.lockedUntil = lockedUntil
    }
}
