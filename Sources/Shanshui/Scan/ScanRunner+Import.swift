import Foundation
import GeoKit

extension ScanRunner {
    /// What a patch import did.
    public struct ImportSummary: Sendable {
        /// The import's scan (for a file imported before, that earlier scan).
        public var scanID: Int64
        /// True when the same file (and options) was imported before: nothing changed.
        public var unchanged: Bool
        /// Patches stored, per protected area they touch.
        public var patches: Int
        /// Source ids of patches in no protected area in force on the after day (not stored).
        public var outside: [String]
        /// The scan's cases.
        public var cases: [Case]
        /// Chips that could not be drawn (the cases are stored all the same).
        public var warnings: [String]
    }

    /// Enters interpreted patches (read and checked by `PatchImport.read`) into the ledger as a
    /// scan of their own between two epochs: each protected area in force on the after day gets
    /// the patches touching it, which go through lineage, flagging, severity and routing exactly as
    /// detected ones (one transaction per area), then chips are drawn from the epochs. The same
    /// file again changes nothing (also when imported twice at once: one makes the scan, the other
    /// then finds it); an interrupted import is finished by importing it again.
    public func importPatches(_ rows: [PatchImport.Row], fingerprint: String, options: PatchImport.Options,
                              file: String) async throws -> ImportSummary {
        try await retryingConcurrentChanges("the patch import") {
            try await importPatchesOnce(rows, fingerprint: fingerprint, options: options, file: file)
        }
    }

    private func importPatchesOnce(_ rows: [PatchImport.Row], fingerprint: String, options: PatchImport.Options,
                                   file: String) async throws -> ImportSummary {
        let catalog = EpochCatalog(store: scans)
        let before = try await catalog.epoch(options.before), after = try await catalog.epoch(options.after)
        guard before.date < after.date else {
            throw DomainError.invalidValue("the before epoch (\(before.name), \(before.date)) must be older than the after epoch (\(after.name), \(after.date))")
        }
        let areas = try await registry.list(asOf: after.date)
        guard !areas.isEmpty else { throw try await nothingToScan(on: after.date) }
        var members: [Int64: [Int]] = [:]
        var inside: Set<Int> = []
        for area in areas {
            guard let boundary = area.version.geometry else { continue }
            let prepared = try PreparedGeometry(boundary)
            for (i, row) in rows.enumerated() where try prepared.intersects(row.geometry) {
                members[area.area.id, default: []].append(i)
                inside.insert(i)
            }
        }
        let outside = rows.indices.filter { !inside.contains($0) }.map { rows[$0].sourceID }
        let id: Int64
        let known = try await scans.scans()
        if let earlier = known.first(where: { $0.parameters["source_hash"]?.stringValue == fingerprint }) {
            if earlier.status == .finished {
                return ImportSummary(scanID: earlier.id, unchanged: true, patches: 0, outside: outside,
                                     cases: try await cases.cases(CaseFilter(scanID: earlier.id)), warnings: [])
            }
            id = earlier.id  // interrupted: finish its pending areas
        } else {
            guard !members.isEmpty else {
                throw DomainError.invalidInput("\(file): no patch lies in a protected area in force on \(after.date) (the after epoch's date); nothing was imported")
            }
            let parameters = JSONValue.object([
                ("before", .string(before.name)), ("after", .string(after.name)), ("imported", .string(file)),
                ("source", options.source.map(JSONValue.string) ?? .null), ("source_hash", .string(fingerprint)),
                ("id_field", options.idField.map(JSONValue.string) ?? .null), ("activity_field", options.activityField.map(JSONValue.string) ?? .null),
                ("block_size", .int(Int64(detection.blockSize))),
            ])
            id = try await scans.createScan(ScanRecord(beforeEpoch: before.id, afterEpoch: after.id, startedAt: Ledger.timestamp(clock), parameters: parameters,
                                                       areas: members.keys.sorted().map { ScanAreaProgress(areaID: $0) }),
                                            expectedScansOfPair: known.filter { $0.beforeEpoch == before.id && $0.afterEpoch == after.id }.count)
        }
        let context = try await ScanContext.load(id, runner: self)
        var stored = 0, warnings: [String] = []
        for part in context.scan.areas where !part.done {
            guard let area = context.area(part.areaID) else { continue }
            let patches = (members[part.areaID] ?? []).map { i in
                let row = rows[i], measures = row.geometry.geodesicAreaAndPerimeter
                return ScanPatch(scanID: id, areaID: part.areaID, geometry: row.geometry, activity: row.activity, lineage: .new,
                                 areaM2: measures.area, perimeterM: measures.perimeter, confidence: 1,
                                 properties: .object([("source_id", .string(row.sourceID)), ("source", options.source.map(JSONValue.string) ?? .string(file))]))
            }
            do {
                _ = try await context.commit(area, patches: patches, restored: [])
            } catch {
                // Another import of the same file, running beside this one, committed the area first.
                if try await scans.scan(id)?.areas.first(where: { $0.areaID == part.areaID })?.done == true { continue }
                throw error
            }
            stored += patches.count
        }
        if let evidenceDirectory {
            for part in context.scan.areas {
                guard let area = context.area(part.areaID) else { continue }
                do {
                    try await context.renderChips(try await context.newCases(in: area), into: evidenceDirectory)
                } catch {
                    warnings.append("no chips for \(area.area.code): \(error)")
                }
            }
        }
        try await scans.finishScan(id, status: .finished, at: Ledger.timestamp(clock))
        return ImportSummary(scanID: id, unchanged: false, patches: stored, outside: outside,
                             cases: try await cases.cases(CaseFilter(scanID: id)), warnings: warnings)
    }
}
