/// Where double-random draws are kept. Draws are append-only: a stored draw is never changed,
/// so what was drawn can be audited later.
public protocol InspectionStore: Sendable {
    /// Stores a draw. - Returns: its id.
    func addDraw(_ draw: InspectionDraw) async throws -> Int64
    /// Every draw, newest first.
    func draws() async throws -> [InspectionDraw]
    /// The draw with this id, if any.
    func draw(id: Int64) async throws -> InspectionDraw?
}

/// A draw's pick as the stores keep it (JSON): the target and each inspector's name, phone and unit.
public struct DrawPickRecord: Codable, Sendable {
    /// An inspector as stored.
    public struct Person: Codable, Sendable {
        var name: String
        var phone: String
        var unit: String
    }

    var target: String
    var inspectors: [Person]

    /// The record of a pick.
    public init(_ p: DrawPick) {
        target = p.target
        inspectors = p.inspectors.map { Person(name: $0.name, phone: $0.phone, unit: $0.unit) }
    }

    /// The pick again. - Throws: when a stored phone or name no longer validates.
    public func pick() throws -> DrawPick {
        DrawPick(target: target, inspectors: try inspectors.map { try Inspector(name: $0.name, phone: $0.phone, unit: $0.unit) })
    }
}
