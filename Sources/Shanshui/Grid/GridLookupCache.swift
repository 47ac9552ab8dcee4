import Foundation
import GeoKit
import Synchronization

/// The grid's lookup index kept between requests (`GET /api/v1/grid/lookup`): built once per
/// as-of day and reused while the store's grid version (`GridStore.gridVersion`) stays the same.
/// Any write to cells, assignments or people, by any process, bumps the version, and the next
/// lookup builds the index again, so answers always equal a fresh `Grid.cell(at:on:)`.
///
/// GEOS objects belong to the thread that made them: the snapshot and its interior tree are
/// shared, and each thread keeps its own `GridIndex` over them.
public final class GridLookupCache: @unchecked Sendable {
    /// A built snapshot and the store version it was read at.
    final class Entry: Sendable {
        let version: Int64
        let snapshot: GridSnapshot
        let interior: InteriorTree?
        /// Answers made from this snapshot (`answer(at:on:variant:make:)`), by cell and variant.
        let answers = Mutex<[AnswerKey: any Sendable]>([:])

        init(version: Int64, snapshot: GridSnapshot, interior: InteriorTree?) {
            self.version = version
            self.snapshot = snapshot
            self.interior = interior
        }
    }

    /// A kept answer's cell (snapshot position), variant and type.
    struct AnswerKey: Hashable {
        let cell: Int
        let variant: Int
        let type: ObjectIdentifier
    }

    /// One thread's indexes, by day, with the entry each was built for.
    private final class Slot {
        var indexes: [Day: (entry: Entry, index: GridIndex)] = [:]
    }

    public let grid: Grid
    /// How many as-of days are kept.
    public let capacity: Int
    private let lock = NSLock()
    private var entries: [Day: Entry] = [:]
    private var building: [Day: (version: Int64, task: Task<Entry, any Error>)] = [:]
    private var builds = 0
    private let slots = ThreadLocal { Slot() }

    /// A cache over `grid`'s store keeping up to `capacity` as-of days.
    public init(grid: Grid, capacity: Int = 8) {
        self.grid = grid
        self.capacity = max(1, capacity)
    }

    /// Who answered for the land at `point` on `day`: the same answer as `Grid.cell(at:on:)`.
    public func responsibility(at point: Coordinate, on day: Day) async throws -> CellResponsibility? {
        let entry = try await entry(for: day)
        return try index(entry, day).responsibility(at: point)
    }

    /// Who answered for the land at `point` on `day`, made into an answer by `make` once per cell,
    /// day and `variant` and kept with the day's index, so it is made again only after the grid
    /// changes (the lookup endpoint keeps its JSON bytes, one variant per audience). Nil outside
    /// every cell.
    public func answer<Answer: Sendable>(at point: Coordinate, on day: Day, variant: Int,
                                         make: (CellResponsibility) throws -> Answer) async throws -> Answer? {
        let entry = try await entry(for: day)
        guard let cell = try index(entry, day).cellIndex(at: point) else { return nil }
        let key = AnswerKey(cell: cell, variant: variant, type: ObjectIdentifier(Answer.self))
        if let kept = entry.answers.withLock({ $0[key] }) as? Answer { return kept }
        let made = try make(entry.snapshot.responsibility(cell))
        entry.answers.withLock { $0[key] = made }
        return made
    }

    /// How many times an index was built (the first lookup of a day, and after each change).
    public var buildCount: Int { lock.withLock { builds } }

    /// The current entry of `day`, read again when the store's version moved on; lookups that
    /// arrive while it is being read wait for that one read. The version is read before the
    /// snapshot, so a write in between only makes the next lookup build again.
    private func entry(for day: Day) async throws -> Entry {
        let version = try await grid.store.gridVersion()
        let found: Found = lock.withLock {
            if let cached = entries[day], cached.version == version { return .ready(cached) }
            if let pending = building[day], pending.version == version { return .pending(pending.task) }
            let task = Task { [grid] in
                let snapshot = try await grid.snapshot(on: day)
                let interior = try GridIndex(snapshot, accelerated: true).interior
                return Entry(version: version, snapshot: snapshot, interior: interior)
            }
            building[day] = (version, task)
            return .pending(task)
        }
        let task: Task<Entry, any Error>
        switch found {
        case .ready(let entry): return entry
        case .pending(let pending): task = pending
        }
        let entry: Entry
        do {
            entry = try await task.value
        } catch {
            lock.withLock { if building[day]?.version == version { building[day] = nil } }  // the next lookup tries again
            throw error
        }
        lock.withLock {
            if building[day]?.version == version { building[day] = nil }
            guard (entries[day]?.version ?? .min) < version else { return }
            if entries[day] == nil, entries.count >= capacity, let oldest = entries.keys.min() { entries[oldest] = nil }
            entries[day] = entry
            builds += 1
        }
        return entry
    }

    /// What the cache holds for a day: a current entry, or a build under way.
    private enum Found {
        case ready(Entry)
        case pending(Task<Entry, any Error>)
    }

    /// This thread's index over `entry`, made on first use.
    private func index(_ entry: Entry, _ day: Day) throws -> GridIndex {
        let slot = slots.value
        if let kept = slot.indexes[day], kept.entry === entry { return kept.index }
        let index = try GridIndex(entry.snapshot, interior: entry.interior)
        slot.indexes = slot.indexes.filter { day2, kept in day2 == day ? false : lock.withLock { entries[day2] === kept.entry } }
        slot.indexes[day] = (entry, index)
        return index
    }
}
