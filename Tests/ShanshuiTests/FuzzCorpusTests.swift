import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The in-suite part of the fuzz harness (scripts/fuzz runs libFuzzer itself): every file of
/// Tests/Fixtures/fuzz/<target>/ — seeds and the inputs that once crashed — goes through the
/// same entry points, and a few hundred seeded mutations of them follow. A trap fails the run.
@Suite struct FuzzCorpusTests {
    static func corpus(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let dir = Fixture.path("fuzz/\(target.rawValue)")
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))))
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusFilesAndMutationsRunCleanThrough(_ target: FuzzTarget) throws {
        let files = try Self.corpus(target)
        #expect(files.count >= 2, "the \(target.rawValue) corpus holds its seeds")
        for file in files { target.run(file.bytes) }
        // A short smoke run: byte flips, cuts, splices and repeats of the corpus files.
        var random = SplitMix64(seed: 19)
        let rounds = target == .raster ? 40 : 400
        for _ in 0..<rounds {
            var bytes = files[Int(random.next() % UInt64(files.count))].bytes
            switch random.next() % 4 {
            case 0 where !bytes.isEmpty:
                for _ in 0...(random.next() % 4) { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            case 1 where !bytes.isEmpty: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
            case 2: bytes += files[Int(random.next() % UInt64(files.count))].bytes
            default:
                let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: Int(random.next() % 600)), at: at)
            }
            target.run(bytes)
        }
    }

    @Test func hostileCorpusInputsAreRefusedNotTakenIn() throws {
        // The strict JSON rules the seeds stand for: a leading zero, a duplicate key, bad UTF-8.
        for name in ["leading-zero.json", "duplicate-key.json", "invalid-utf8.json"] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path("fuzz/json/\(name)"))))
            #expect(throws: JSONError.self, "\(name)") { try JSONValue.parse(bytes, refuseDuplicateKeys: true) }
        }
        // A header whose map info gives a 0 m pixel, and one claiming 2³¹×2³¹ pixels, are refused.
        for name in ["envi-zero-pixel.hdr", "envi-huge.hdr"] {
            try Fixture.withTemporaryDirectory { dir in
                try FileManager.default.copyItem(atPath: Fixture.path("fuzz/raster/\(name)"), toPath: dir.appendingPathComponent("x.hdr").path)
                try Data(repeating: 7, count: 4096).write(to: dir.appendingPathComponent("x.dat"))
                #expect(throws: (any Error).self, "\(name)") { try Raster.open(dir.appendingPathComponent("x.dat").path).checkPlausible() }
            }
        }
    }
}
