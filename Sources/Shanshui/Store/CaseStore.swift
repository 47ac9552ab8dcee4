import GeoKit

/// Where the problem ledger is kept: cases, their append-only audit log and attachments.
public protocol CaseStore: Sendable {
    /// Cases matching the filter, newest first.
    func cases(_ filter: CaseFilter) async throws -> [Case]
    /// One case by id or ledger number.
    func `case`(_ idOrNumber: String) async throws -> Case?
    /// The audit log of a case, oldest first.
    func events(caseID: Int64) async throws -> [CaseEvent]
    /// Stores a changed case and its event together, only if nobody changed the case since
    /// `expectedRevision` was read.
    /// - Throws: `StaleCaseError` when the stored revision differs.
    func update(_ c: Case, expectedRevision: Int, event: CaseEvent) async throws
    /// The files attached to a case.
    func attachments(caseID: Int64) async throws -> [Attachment]
    /// Records an attachment and its event together; when `expectedRevision` is given, only if the case
    /// `c` the photo belongs to is still at that revision, checked in the same transaction.
    /// - Throws: `StaleCaseError` when the stored revision differs.
    func attach(_ attachment: Attachment, to c: Case, expectedRevision: Int?, event: CaseEvent) async throws
}

/// Which cases to list.
public struct CaseFilter: Sendable {
    public var status: CaseStatus?
    /// Only cases under supervised listing.
    public var supervised: Bool = false
    public var areaID: Int64?
    /// Cases whose responsibility chain holds this cell code.
    public var cellCode: String?
    public var scanID: Int64?
    /// Only open cases with nobody to route to (no grid head in force for their cell, or no cell).
    public var unrouted: Bool = false
    /// Only cases whose outline meets this lon/lat box (pages of `LayerPageStore`).
    public var box: Envelope?
    /// Only the case with this id (one item by key).
    public var id: Int64?
    /// Only cases overdue on this day (`Case.isOverdue(on:)`).
    public var overdueOn: Day?
    /// Only cases of this activity type (`mining`, `road`...).
    public var activity: String?
    /// Only cases of this severity.
    public var severity: Severity?
    /// Only cases detected on or before this day (an as-of view: later cases did not exist yet).
    public var detectedBy: Day?
    /// Only cases detected on or after this day (with `detectedBy`, a report's period).
    public var detectedFrom: Day?
    /// Only cases due on or before this day.
    public var dueBy: Day?
    /// Only cases with a patch of at least this confidence (0...1).
    public var minConfidence: Double?
    /// The order of a page; newest first (by id, descending) when nil.
    public var sort: CaseSort?

    /// No filter.
    public init(status: CaseStatus? = nil, areaID: Int64? = nil, cellCode: String? = nil, scanID: Int64? = nil) {
        self.status = status
        self.areaID = areaID
        self.cellCode = cellCode
        self.scanID = scanID
    }
}

/// A file attached to a case (field photo), with its fingerprint and where it was taken.
public struct Attachment: Sendable, Hashable {
    public var caseID: Int64
    /// Where the copy is kept, relative to the workspace's evidence folder.
    public var path: String
    public var sha256: String
    public var by: String
    /// UTC ISO 8601.
    public var at: String
    /// The photo's EXIF GPS position, if it had one.
    public var position: Coordinate?
    /// Distance from the position to the damage outline, metres.
    public var distanceM: Double?

    /// Makes an attachment record.
    public init(caseID: Int64, path: String, sha256: String, by: String, at: String, position: Coordinate?, distanceM: Double?) {
        self.caseID = caseID
        self.path = path
        self.sha256 = sha256
        self.by = by
        self.at = at
        self.position = position
        self.distanceM = distanceM
    }
}

/// Someone else changed the case since it was read: reload and try again.
public struct StaleCaseError: Error, CustomStringConvertible, Sendable {
    public var number: String
    public var expected: Int
    public var actual: Int

    /// Makes the error.
    public init(number: String, expected: Int, actual: Int) {
        self.number = number
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "case \(number) was changed by someone else (revision \(actual), you had \(expected)); reload it and try again"
    }
}

import GeoKit
