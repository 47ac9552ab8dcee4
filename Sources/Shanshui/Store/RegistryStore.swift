/// Where protected areas and their boundary history are kept. The domain defines it; the
/// SpatiaLite and PostGIS stores implement it with the same behaviour.
public protocol RegistryStore: Sendable {
    /// All protected areas (withdrawn ones too), optionally of one kind, ordered by id.
    func protectedAreas(kind: ProtectedAreaKind?) async throws -> [ProtectedArea]
    /// The area with this id, if any.
    func protectedArea(id: Int64) async throws -> ProtectedArea?
    /// The area with this code, if any.
    func protectedArea(code: String) async throws -> ProtectedArea?
    /// Every boundary version of an area with its zones, oldest first.
    func versions(areaID: Int64) async throws -> [BoundaryVersion]
    /// The version of every area in force on `day`, with zones (areas withdrawn by then are left out).
    func versions(asOf day: Day) async throws -> [AreaVersion]
    /// Applies every change of the batch in one transaction: all or nothing.
    /// - Returns: the ids of the areas created, in batch order.
    @discardableResult
    func commit(_ batch: RegistryBatch) async throws -> [Int64]
}

/// An area with one of its boundary versions.
public struct AreaVersion: Sendable, Hashable {
    public var area: ProtectedArea
    public var version: BoundaryVersion

    /// Pairs an area with a version.
    public init(area: ProtectedArea, version: BoundaryVersion) {
        self.area = area
        self.version = version
    }
}

/// Registry changes to apply together.
public struct RegistryBatch: Sendable {
    /// New areas with their first version.
    public var newAreas: [AreaVersion] = []
    /// New versions of existing areas (`areaID` set); the version in force is closed on the
    /// new version's first day.
    public var newVersions: [BoundaryVersion] = []
    /// Attribute updates (name, kind, level, authority) of existing areas.
    public var updatedAreas: [ProtectedArea] = []
    /// How many boundary versions each area (by code; 0 for a new one) had when the batch was
    /// validated: the store checks it inside the writing transaction and throws
    /// `ConcurrentChangeError` if another writer changed it.
    public var expectedVersionCounts: [String: Int] = [:]

    /// An empty batch.
    public init() {}

    /// True when there is nothing to write.
    public var isEmpty: Bool { newAreas.isEmpty && newVersions.isEmpty && updatedAreas.isEmpty }
}
