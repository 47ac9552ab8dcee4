import GeoKit

/// A cell where a grid person is on duty on a day, with their role there (`head` or `staff`):
/// the cells of a signed-in person and of their "my cases" answer.
public struct DutyCellShape: Shape {
    public var code: String
    public var role: String

    /// Shapes one of `MyCases.duty(of:on:)`'s cells.
    public init(_ cell: (code: String, role: String)) { (code, role) = (cell.code, cell.role) }
}

/// The grid person linked to an account as the web app shows them: phone, name as the grid's
/// assignments write it (null when no assignment in force names them) and the cells where they
/// are on duty that day.
public struct PersonDutyShape: Shape {
    public var phone: String
    public var name: String?
    public var cells: [DutyCellShape]

    /// Shapes what `MyCases.duty(of:on:)` found for the person with `phone`.
    public init(phone: String, name: String?, cells: [(code: String, role: String)]) {
        (self.phone, self.name) = (phone, name)
        self.cells = cells.map(DutyCellShape.init)
    }
}

/// Who is signed in: user name, role, the linked grid person (null when linked to nobody, and
/// for bearer tokens) and, for a cookie session only, its CSRF token and when it ends at the latest.
public struct SessionShape: Shape {
    public var user: String
    public var role: Role
    public var person: PersonDutyShape?
    /// Nil (left out) without a cookie session.
    public var csrfToken: String?
    /// Nil (left out) without a cookie session.
    public var expiresAt: String?

    /// A cookie session of `user`, which ends at the latest `policy.absoluteSeconds` after it began.
    public init(_ user: User, _ session: Session, person: PersonDutyShape?, policy: SignInPolicy) {
        (self.user, role, self.person) = (user.name, user.role, person)
        csrfToken = session.csrfToken
        expiresAt = session.createdAt.adding(seconds: policy.absoluteSeconds).description
    }

    /// A caller known by a bearer token: a name and a role, no grid person, no session.
    public init(name: String, role: Role) {
        (user, self.role) = (name, role)
    }

    enum CodingKeys: CodingKey { case user, role, person, csrfToken, expiresAt }

    /// `person` always (null when absent); the session's members only under a session.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user, forKey: .user)
        try c.encode(role, forKey: .role)
        try c.encode(person, forKey: .person)
        if let csrfToken { try c.encode(csrfToken, forKey: .csrfToken) }
        if let expiresAt { try c.encode(expiresAt, forKey: .expiresAt) }
    }
}
