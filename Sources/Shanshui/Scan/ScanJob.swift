import Foundation
import GeoKit

/// One unit of a distributed scan's work, claimed by one worker at a time under a lease.
///
/// Per protected area: a `plan` job fits the change model; each `tile` job (claimable once the
/// area is planned) analyses a rectangle of whole blocks and stores their components; the
/// `stitch` job (claimable once every tile is done) joins the components across tile edges into
/// patches, flags the cases once and cuts the new cases into `chips` jobs, batches of cases whose
/// before/after evidence chips any worker may render.
public struct ScanJob: Sendable, Hashable {
    /// What a job does.
    public enum Kind: String, Sendable, CaseIterable { case plan, tile, stitch, chips }
    /// Where a job is.
    public enum State: String, Sendable, CaseIterable { case pending, running, done, failed }

    public var id: Int64
    public var scanID: Int64
    public var areaID: Int64
    public var kind: Kind
    /// The tile's (or chip batch's) number within its area; 0 for plan and stitch jobs.
    public var tile: Int
    public var state: State
    /// The worker holding (or last holding) the job.
    public var worker: String?
    /// Times the job was claimed; more than one means a worker died or failed on it.
    public var attempts: Int
    /// The plan's result for the area's other jobs (the change model as JSON), once planned.
    public var payload: String?
    /// Something the user should know (e.g. the area lies outside the imagery).
    public var note: String?
    /// The last failure.
    public var error: String?

    /// Makes a job value.
    public init(id: Int64 = 0, scanID: Int64, areaID: Int64, kind: Kind, tile: Int = 0, state: State = .pending, worker: String? = nil,
                attempts: Int = 0, payload: String? = nil, note: String? = nil, error: String? = nil) {
        self.id = id
        self.scanID = scanID
        self.areaID = areaID
        self.kind = kind
        self.tile = tile
        self.state = state
        self.worker = worker
        self.attempts = attempts
        self.payload = payload
        self.note = note
        self.error = error
    }
}

extension ScanJob {
    /// An area's `cases` new cases (in map order) cut into chips jobs: batches of `size`, the
    /// last `TileLayout.halvedTail` cut in halves (as an area's last tiles are), so the workers finish the area's chips together rather than all
    /// but one waiting on the last whole batch. Both the stitch (counting the jobs) and each
    /// chips job (taking its cases) cut the same way.
    static func chipBatches(cases: Int, size: Int) -> [Range<Int>] {
        let size = max(1, size)
        let whole = stride(from: 0, to: max(0, cases), by: size).map { $0..<min(cases, $0 + size) }
        return whole.enumerated().flatMap { k, batch -> [Range<Int>] in
            guard k >= whole.count - TileLayout.halvedTail, batch.count >= 2 else { return [batch] }
            let middle = batch.lowerBound + (batch.count + 1) / 2
            return [batch.lowerBound..<middle, middle..<batch.upperBound]
        }
    }
}

/// What a plan job found for its area: the change model for the tiles, how many tiles, or a
/// reason there is nothing to detect.
struct AreaPlan: Sendable {
    var model: String?
    var tiles: Int
    var warning: String?

    var json: String {
        JSONValue.object([("model", model.map(JSONValue.string) ?? .null), ("tiles", .int(Int64(tiles))),
                          ("warning", warning.map(JSONValue.string) ?? .null)]).serialized()
    }

    init(model: String?, tiles: Int, warning: String?) {
        self.model = model
        self.tiles = tiles
        self.warning = warning
    }

    init(json: String) throws {
        let value = try JSONValue.parse(Array(json.utf8))
        model = value["model"]?.stringValue
        tiles = Int(value["tiles"]?.intValue ?? 0)
        warning = value["warning"]?.stringValue
    }
}

/// A scan's jobs counted by kind and state, with the workers on them, for progress reports.
public struct ScanJobProgress: Sendable {
    /// Every job of the scan (payloads left out).
    public var jobs: [ScanJob]

    /// Makes a report from the scan's jobs.
    public init(jobs: [ScanJob]) { self.jobs = jobs }

    /// Jobs of a kind in a state.
    public func count(_ kind: ScanJob.Kind, _ state: ScanJob.State? = nil) -> Int {
        jobs.filter { $0.kind == kind && (state == nil || $0.state == state) }.count
    }

    /// One line per kind, e.g. `tiles 7/9 done, 2 running (host-a:12, host-b:40), 1 retried`.
    public var lines: [String] {
        ScanJob.Kind.allCases.compactMap { kind in
            let all = jobs.filter { $0.kind == kind }
            guard !all.isEmpty else { return nil }
            let running = all.filter { $0.state == .running }
            var line = "\(kind.rawValue) jobs: \(all.filter { $0.state == .done }.count)/\(all.count) done"
            if !running.isEmpty { line += ", \(running.count) running (\(Set(running.compactMap(\.worker)).sorted().joined(separator: ", ")))" }
            let retried = all.filter { $0.attempts > 1 }.count
            if retried > 0 { line += ", \(retried) retried" }
            let failed = all.filter { $0.state == .failed }
            if !failed.isEmpty { line += ", \(failed.count) FAILED (\(failed[0].error ?? "?"))" }
            return line
        }
    }
}
