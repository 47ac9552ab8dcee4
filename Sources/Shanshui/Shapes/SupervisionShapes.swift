import GeoKit

/// An inspector drawn for a target.
public struct InspectorShape: Shape {
    public var name: String
    public var phone: String
    public var unit: String
}

/// One target of a draw and the inspectors drawn for it.
public struct DrawPickShape: Shape {
    public var target: String
    public var inspectors: [InspectorShape]
}

/// A published inspection draw (双随机): what was drawn from, the seed, the inputs' hash and the picks.
public struct DrawShape: Shape {
    public var id: Int64
    public var createdAt: String
    public var targets: DrawTargetKind
    public var filter: [String]
    public var inspectorsFile: String
    public var seed: String
    public var inputsSha256: String
    public var algorithm: String
    public var picks: [DrawPickShape]

    /// Shapes the domain value(s) given.
    public init(_ d: InspectionDraw) {
        (id, createdAt, targets, filter, inspectorsFile, seed) = (d.id, d.createdAt, d.kind, d.filter, d.inspectorSource, d.seed)
        inputsSha256 = d.inputsHash
        algorithm = "shanshui-draw-v1"
        picks = d.picks.map { p in
            DrawPickShape(target: p.target, inspectors: p.inspectors.map { InspectorShape(name: $0.name, phone: $0.phone, unit: $0.unit) })
        }
    }
}

/// An API token, never its secret.
public struct TokenShape: Shape {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: String
    public var revokedAt: String?

    /// Shapes the domain value(s) given.
    public init(_ t: APIToken) {
        (id, name, role, createdAt, revokedAt) = (t.id, t.name, t.role, t.createdAt, t.revokedAt)
    }
}

/// A user account, never its password hash.
public struct UserShape: Shape {
    public var id: Int64
    public var name: String
    public var role: Role
    public var personPhone: String?
    public var disabled: Bool
    public var createdAt: String

    /// Shapes the domain value(s) given.
    public init(_ u: User) {
        (id, name, role, personPhone, disabled, createdAt) = (u.id, u.name, u.role, u.personPhone, u.disabled, u.createdAt)
    }
}
