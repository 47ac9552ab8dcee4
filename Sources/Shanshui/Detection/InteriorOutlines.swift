import Foundation

/// Patches outlined by the assemblies of one scan run, kept so that another area's assembly
/// need not outline them again. Only components touching none of their layout's outer edges are
/// kept: such a component is whole (no block outside the layout holds a part of it), and with
/// the scene's blocks and model every assembly in which it also lies wholly inside outlines it
/// to exactly the same patch (same runs and statistics in the same order), as long as the
/// minimum mapping unit and pixel size, which follow from the pixel area, are the same.
final class InteriorOutlines: @unchecked Sendable {
    private let lock = NSLock()
    /// By the component's first run (`ComponentRun.key`): the pixel area it was outlined with and
    /// its patch (nil for natural change, which is not reported).
    private var patches: [Int64: (pixelArea: Double, patch: Patch?)] = [:]

    /// Keeps patches outlined with `pixelArea` (m²), by their component's first run.
    func keep(_ outlined: [Int64: Patch?], pixelArea: Double) {
        lock.withLock { for (key, patch) in outlined where patches[key] == nil { patches[key] = (pixelArea, patch) } }
    }

    /// The patches kept for components of `keys` outlined with `pixelArea`.
    func patches(_ keys: [Int64], pixelArea: Double) -> [Int64: Patch?] {
        lock.withLock {
            var found: [Int64: Patch?] = [:]
            for key in keys { if let kept = patches[key], kept.pixelArea == pixelArea { found[key] = kept.patch } }
            return found
        }
    }

    /// The first runs of the components kept (tests).
    var keys: [Int64] { lock.withLock { Array(patches.keys) } }

    /// How many components are kept (tests).
    var count: Int { lock.withLock { patches.count } }
}
