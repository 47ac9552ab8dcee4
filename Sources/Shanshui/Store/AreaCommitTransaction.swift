/// The few primitives a store supplies so that `AreaCommit` can store one area's scan result
/// inside one of its transactions: each is one statement or two of the store's SQL dialect and
/// its row mapping, nothing more. The order, the checks and the rules live in `AreaCommit`.
/// The case primitives (`caseRevision`, `insertEvent`) are those of `CaseChangeTransaction`.
public protocol AreaCommitTransaction: CaseChangeTransaction {
    /// The status of the area's row in the scan (`pending`, `done`), locked until the
    /// transaction ends where the store has row locks; nil when there is none.
    func areaStatus(scanID: Int64, areaID: Int64) async throws -> String?
    /// Takes a case out of the ledger (`replaced_by` the scan, revision raised, patch links cut).
    func markReplaced(caseID: Int64, by scanID: Int64, revision: Int) async throws
    /// Deletes a replaced scan's patches in the area, cutting links to them, and zeroes its totals.
    func deletePatches(scanID: Int64, areaID: Int64) async throws
    /// Stores patches in order (in a few statements where each statement is a round trip to a
    /// database server). - Returns: their ids, in order.
    func insertPatches(_ patches: [ScanPatch]) async throws -> [Int64]
    /// Makes other writers that number cases wait until this transaction ends (nothing to do
    /// where the store has a single writer).
    func lockCaseNumbering() async throws
    /// How many stored case numbers match `CaseNumber.pattern(year:)`.
    func countCaseNumbers(matching pattern: String) async throws -> Int
    /// Stores a new case with its number and cell-code index. - Returns: its id.
    func insertCase(_ c: Case, number: String, cellCodes: String, scanID: Int64) async throws -> Int64
    /// Stores a case's new extent (expanded flag, overlap, revision, outline).
    func extendCase(_ c: Case) async throws
    /// Links a case to a patch (both ways).
    func link(caseID: Int64, patchID: Int64) async throws
    /// Stores new cases in order, each with its number, cell-code index, patch links and first
    /// event (in a few statements where each statement is a round trip to a database server: a
    /// stitch stores hundreds of cases). - Returns: their ids, in order.
    func insertNewCases(_ cases: [NewCase], scanID: Int64) async throws -> [Int64]
    /// Marks the area done with its patch count and damage.
    func finishArea(scanID: Int64, areaID: Int64, patches: Int, damageM2: Double) async throws
}

/// A case an area's commit opens: numbered, with the ids of its stored patches and its first event.
public struct NewCase: Sendable {
    public var `case`: Case
    public var number: String
    /// `CellCodeIndex.text` of its responsibility.
    public var cellCodes: String
    public var patchIDs: [Int64]
    /// Its first event (the case id is filled in when stored).
    public var event: CaseEvent

    /// Makes a new-case row.
    public init(case c: Case, number: String, cellCodes: String, patchIDs: [Int64], event: CaseEvent) {
        self.case = c
        self.number = number
        self.cellCodes = cellCodes
        self.patchIDs = patchIDs
        self.event = event
    }
}

extension AreaCommitTransaction {
    /// Case by case: the case, one link per patch, its first event.
    public func insertNewCases(_ cases: [NewCase], scanID: Int64) async throws -> [Int64] {
        var ids: [Int64] = []
        for item in cases {
            let id = try await insertCase(item.case, number: item.number, cellCodes: item.cellCodes, scanID: scanID)
            for patchID in item.patchIDs { try await link(caseID: id, patchID: patchID) }
            var event = item.event
            event.caseID = id
            try await insertEvent(event, chainedTo: "")  // a case stored in this transaction has no earlier event
            ids.append(id)
        }
        return ids
    }
}
