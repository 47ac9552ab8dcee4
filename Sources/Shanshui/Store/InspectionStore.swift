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
