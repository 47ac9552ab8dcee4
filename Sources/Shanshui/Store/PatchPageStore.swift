import GeoKit

/// Pages through stored patches without loading them all, for map layers that may hold
/// hundreds of thousands of patches.
public protocol PatchPageStore: Sendable {
    /// How many patches match.
    func patchCount(_ query: PatchQuery) async throws -> Int
    /// The matching patches ordered by id, `limit` of them after skipping `offset`.
    func patches(_ query: PatchQuery, offset: Int, limit: Int) async throws -> [ScanPatch]
    /// One patch by id.
    func patch(id: Int64) async throws -> ScanPatch?
}

/// Which patches a page holds.
public struct PatchQuery: Sendable, Hashable {
    /// Only patches of this scan.
    public var scanID: Int64?
    /// Only patches whose outline meets this lon/lat box (not merely its bounding box).
    public var box: Envelope?
    /// Only patches of scans whose after-epoch was taken on or before this day (an as-of view).
    public var asOf: Day?

    /// Every patch, optionally of one scan and inside a box.
    public init(scanID: Int64? = nil, box: Envelope? = nil) {
        self.scanID = scanID
        self.box = box
    }
}
