/// A user account: signs in to the web app and, with HTTP Basic, to the OGC API from QGIS or GDAL.
/// The role says what the user may do, as for bearer tokens.
public struct User: Sendable, Hashable {
    public var id: Int64
    /// The sign-in name (unique; no colon, which HTTP Basic cannot carry).
    public var name: String
    public var role: Role
    /// The phone number of the grid person this account belongs to, if any (grid people are
    /// known by name and phone in assignments).
    public var personPhone: String?
    /// A disabled account cannot sign in; it stays for the audit trail.
    public var disabled: Bool
    /// The password's yescrypt hash (`$y$…`, libxcrypt), never the password.
    public var passwordHash: String
    /// UTC ISO 8601.
    public var createdAt: String

    /// Makes a user record.
    public init(id: Int64 = 0, name: String, role: Role, personPhone: String? = nil, disabled: Bool = false,
                passwordHash: String, createdAt: String) {
        self.id = id
        self.name = name
        self.role = role
        self.personPhone = personPhone
        self.disabled = disabled
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
