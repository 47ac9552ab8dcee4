/// Where API bearer tokens are kept: only a SHA-256 hash of each secret, never the secret.
public protocol TokenStore: Sendable {
    /// Records a new token. - Returns: its id.
    func addToken(_ token: APIToken) async throws -> Int64
    /// The live (not revoked) token whose secret hashes to `hash`.
    func token(hash: String) async throws -> APIToken?
    /// Every token, revoked ones too, oldest first.
    func tokens() async throws -> [APIToken]
    /// Revokes a token by id. - Returns: false when there is no live token with that id.
    func revokeToken(id: Int64, at: String) async throws -> Bool
}

/// A bearer token's record: who it is for, its role, and the hash of its secret.
public struct APIToken: Sendable, Hashable {
    public var id: Int64
    /// Who holds it (a person or a service), for audit logs.
    public var name: String
    public var role: Role
    /// Lowercase hex SHA-256 of the secret.
    public var hash: String
    /// UTC ISO 8601.
    public var createdAt: String
    public var revokedAt: String?

    /// Makes a token record.
    public init(id: Int64 = 0, name: String, role: Role, hash: String, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
