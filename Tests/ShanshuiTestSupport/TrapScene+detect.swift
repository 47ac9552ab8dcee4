import GeoKit
import Shanshui
import ShanshuiScenes

extension TrapScene {
    /// The patches `ChangeDetector` finds in the scene written to a temporary folder, with its
    /// cloud masks; with `region`, on the box of the scene's small protected area only.
    public func detectedPatches(region: Bool = false) throws -> [Patch] {
        try Fixture.withTemporaryDirectory { dir in
            let files = try write(to: dir.path)
            var area: Envelope?
            if let path = files.area {
                area = try VectorSource(path: path).layer().features().first?.geometry?.envelope
            }
            let result = try ChangeDetector().detect(before: EpochSource(files: [files.before], mask: files.beforeMask),
                                                     after: EpochSource(files: [files.after], mask: files.afterMask),
                                                     region: region ? area : nil)
            return result.patches
        }
    }
}
