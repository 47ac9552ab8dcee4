/// What a token holder may do through the HTTP service.
///
/// Every role reads every layer with personal data; writes need the role of their concern:
/// analysts import areas, register epochs and run scans, grid administrators change the grid,
/// officers move cases; an admin may do everything.
public enum Role: String, CaseIterable, Sendable, Codable {
    case viewer, analyst
    case gridAdmin = "grid_admin"
    case officer, admin

    /// True when a holder of this role may do what `required` allows.
    public func allows(_ required: Role) -> Bool {
        self == required || self == .admin || required == .viewer
    }

    /// Parses a role name.
    /// - Throws: `DomainError.invalidValue` listing the roles.
    public init(parsing text: String) throws {
        guard let role = Role(rawValue: text) else {
            throw DomainError.invalidValue("unknown role '\(text)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }
}
