/// A browser a person has signed in from before, remembered by a long-lived device cookie (a
/// random id; only its SHA-256 is stored), so that strangers guessing at a user name cannot lock
/// that person out: wrong passwords sent without the user's device cookie lock the name for
/// untrusted clients only, and those sent with it count against that one device.
/// (OWASP's "device cookies" against online guessing.)
public struct TrustedDevice: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the device cookie's id.
    public var idHash: String
    /// The user who signed in on it: the cookie vouches for this name only.
    public var userName: String
    public var createdAt: Timestamp
    /// The device's own failed sign-ins and lockout (`userName` is the user's), nil when none.
    public var failures: SignInFailures?

    /// Makes a device record.
    public init(idHash: String, userName: String, createdAt: Timestamp, failures: SignInFailures? = nil) {
        self.idHash = idHash
        self.userName = userName
        self.createdAt = createdAt
        self.failures = failures
    }
}
