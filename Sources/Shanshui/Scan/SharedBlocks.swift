import Foundation
import GeoKit

/// The analysed blocks of one scan run, shared by the protected areas whose boxes overlap: every
/// area is detected with the scene's model on blocks of the scene's block grid, so a block's
/// components are the same whichever area asks, and a red line inside a reserve costs no second
/// read of its pixels. Each block is kept only until the last area expected to use it has had it.
final class SharedBlocks: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [Window: BlockComponents] = [:]
    private var uses: [Window: Int] = [:]

    /// Counts one more use of each block in `windows` (one area's blocks).
    func expect(_ windows: [Window]) {
        lock.withLock { for w in windows { uses[w, default: 0] += 1 } }
    }

    /// The components of the blocks in `windows`, in order: those kept are taken, the others made
    /// by `analyse` (given their positions in `windows`) and kept while another use is expected.
    func components(_ windows: [Window], analyse: ([Int]) throws -> [BlockComponents]) throws -> [BlockComponents] {
        var found = lock.withLock { windows.map { kept[$0] } }
        let missing = found.indices.filter { found[$0] == nil }
        if !missing.isEmpty {
            for (k, components) in zip(missing, try analyse(missing)) { found[k] = components }
        }
        return lock.withLock {
            zip(windows, found).map { window, components in
                let left = (uses[window] ?? 1) - 1
                uses[window] = left > 0 ? left : nil
                kept[window] = left > 0 ? components : nil
                return components!
            }
        }
    }

    /// How many blocks are held now (tests).
    var count: Int { lock.withLock { kept.count } }
}
