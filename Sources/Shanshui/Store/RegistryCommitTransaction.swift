/// The few primitives a store supplies so that `RegistryCommit` can store a registry batch
/// inside one of its transactions: each one statement or two of the store's SQL dialect.
public protocol RegistryCommitTransaction: Sendable {
    /// How many boundary versions each of these areas (by code) has, after making other writers
    /// of the same areas wait until this transaction ends (nothing to do with one writer).
    func versionCounts(areaCodes: [String]) async throws -> [String: Int]
    /// Stores a new area (without versions). - Returns: its id.
    func insertArea(_ area: ProtectedArea) async throws -> Int64
    /// Replaces a stored area's name, kind, level and authority (by id).
    func updateArea(_ area: ProtectedArea) async throws
    /// Ends on `day` the version of the area in force that began before it.
    func closeVersions(areaID: Int64, on day: Day) async throws
    /// Stores a version of its area. - Returns: its id.
    func insertVersion(_ version: BoundaryVersion) async throws -> Int64
    /// Stores a zone of a version.
    func insertZone(_ zone: Zone, versionID: Int64) async throws
}

/// The order of a registry batch's commit, the same on every store: check that nobody changed
/// the areas' versions since the batch was validated, store new areas with their first version,
/// update attributes, then store each new version after closing the one in force.
public enum RegistryCommit {
    /// Stores `batch` through `tx`. - Returns: the ids of the new areas, in order.
    /// - Throws: `ConcurrentChangeError` when another writer changed an area's versions meanwhile.
    public static func run(_ batch: RegistryBatch, in tx: some RegistryCommitTransaction) async throws -> [Int64] {
        let found = try await tx.versionCounts(areaCodes: batch.expectedVersionCounts.keys.sorted())
        try ConcurrentChangeError.check(expected: batch.expectedVersionCounts, found: found, noun: "protected area")
        var created: [Int64] = []
        for item in batch.newAreas {
            let id = try await tx.insertArea(item.area)
            created.append(id)
            var version = item.version
            version.areaID = id
            try await insert(version, tx)
        }
        for area in batch.updatedAreas { try await tx.updateArea(area) }
        for version in batch.newVersions {
            try await tx.closeVersions(areaID: version.areaID, on: version.validFrom)
            try await insert(version, tx)
        }
        return created
    }

    private static func insert(_ version: BoundaryVersion, _ tx: some RegistryCommitTransaction) async throws {
        let id = try await tx.insertVersion(version)
        for zone in version.zones { try await tx.insertZone(zone, versionID: id) }
    }
}
