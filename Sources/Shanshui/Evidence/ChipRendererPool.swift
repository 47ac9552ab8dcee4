import Foundation

/// Chip renderers of one epoch pair, kept open between chip batches in a process: a distributed
/// scan's worker draws an area's chips batch by batch in map order, so the imagery tiles one batch
/// decoded are still in GDAL's block cache (which holds them per open dataset) for the next,
/// instead of every batch opening the files again and decoding its tiles afresh.
final class ChipRendererPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [ChipRenderer] = []

    /// Runs `body` with a renderer no other thread holds meanwhile: an idle one, else a new one
    /// over `before` and `after` (always the same pair for one pool).
    func with<T>(before: ChipImagery, after: ChipImagery, _ body: (ChipRenderer) throws -> T) throws -> T {
        let renderer = try lock.withLock { idle.popLast() } ?? ChipRenderer(before: before, after: after)
        defer { lock.withLock { idle.append(renderer) } }
        return try body(renderer)
    }
}
