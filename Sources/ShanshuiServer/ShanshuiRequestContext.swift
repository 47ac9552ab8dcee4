import Hummingbird
import Shanshui

/// The request context of every route: the core storage plus who is calling.
public struct ShanshuiRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token holder, or nil for an anonymous request.
    public var identity: Identity?
    /// The web session when the caller signed in by cookie (nil for tokens, Basic and anonymous).
    public var session: Session?

    /// Makes the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The body limit for decoded requests (uploads have their own, larger limit).
    public var maxUploadSize: Int { 1 << 20 }
}

/// Who is calling: the token's holder and role.
public struct Identity: Sendable, Hashable {
    public var name: String
    public var role: Role

    /// Makes an identity.
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}
