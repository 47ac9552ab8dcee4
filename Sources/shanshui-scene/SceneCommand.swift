import ArgumentParser
import Foundation
import GeoKit
import Shanshui
import ShanshuiScenes

/// `shanshui-scene`: writes synthetic epoch pairs with known changes for the benchmarks and the
/// detection evaluation harness. Not part of the service: scenes are test material.
@main
struct SceneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shanshui-scene",
        abstract: "Write synthetic epoch pairs with planted changes (for benchmarks and evaluation).",
        subcommands: [BenchScene.self, TrapSceneCommand.self])
}

/// `shanshui-scene bench`: the benchmark pair (planted changes and clouds, boxes as truth).
struct BenchScene: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Write the benchmark pair.")

    @Option(help: "Width and height in pixels.") var size: Int = 6000
    @Option(help: "Bands: 4 or 6.") var bands: Int = 4
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Earlier epoch GeoTIFF.") var before: String
    @Option(help: "Later epoch GeoTIFF.") var after: String
    @Option(help: "Planted objects as GeoJSON.") var truth: String?

    func validate() throws {
        guard size >= 300, bands == 4 || bands == 6 else { throw ValidationError("--size must be at least 300 and --bands 4 or 6") }
    }

    func run() throws {
        let scene = SyntheticScene(width: size, height: size, bandCount: bands, seed: seed)
        try scene.write(before: before, after: after)
        if let truth { try VectorSink.write(scene.truthFeatures(), to: truth) }
        print("wrote \(size)x\(size)x\(bands) pair with \(scene.objects.count) planted changes and \(scene.clouds.count) clouds")
    }
}

/// `shanshui-scene traps`: a trap scene (every activity, every trap of real imagery, each switchable).
struct TrapSceneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traps", abstract: "Write a trap scene: planted activities and the traps of real imagery.",
        discussion: "Traps: \(TrapScene.Trap.allCases.map(\.rawValue).joined(separator: ", ")). "
            + "Activities: \(TrapScene.activities.map(\.rawValue).joined(separator: ", ")).")

    @Option(help: "Width and height in pixels (10 m).") var size: Int = 1500
    @Option(help: "Bands: 4 or 6.") var bands: Int = 6
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Traps: all, none, or a comma-separated list.") var traps: String = "all"
    @Option(help: "Activities: all, none, or a comma-separated list.") var activities: String = "all"
    @Option(name: .shortAndLong, help: "Folder to write into (made if missing).") var output: String

    func run() throws {
        let chosenTraps: Set<TrapScene.Trap> = try Set(parse(traps, all: TrapScene.Trap.allCases, name: "trap"))
        let chosenActivities: [Activity] = try parse(activities, all: TrapScene.activities, name: "activity")
        guard size >= 300, bands == 4 || bands == 6 else { throw ValidationError("--size must be at least 300 and --bands 4 or 6") }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let scene = TrapScene(size: size, bandCount: bands, seed: seed, activities: chosenActivities, traps: chosenTraps)
        let files = try scene.write(to: output)
        let damage = scene.damage.count, traps = scene.items.count - damage
        print("wrote \(size)x\(size)x\(bands) trap scene to \(output): \(damage) damage items, \(traps) trap items"
              + (files.afterMask != nil ? ", cloud masks" : "") + (files.area != nil ? ", area.geojson" : ""))
    }

    private func parse<T: RawRepresentable>(_ text: String, all: [T], name: String) throws -> [T] where T.RawValue == String {
        switch text {
        case "all": return all
        case "none", "": return []
        default:
            return try text.split(separator: ",").map { word in
                let key = word.trimmingCharacters(in: .whitespaces)
                guard let value = all.first(where: { $0.rawValue == key }) else {
                    throw ValidationError("unknown \(name) '\(key)'; known: \(all.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
        }
    }
}
