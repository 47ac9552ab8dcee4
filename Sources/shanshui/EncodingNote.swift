import Foundation
import GeoKit

/// Says on stderr, in one line, when a CSV file is not UTF-8 and is read as GB18030 (GBK); the
/// library's readers decode it the same way on their own.
func noteTextEncoding(of path: String) {
    guard path.lowercased().hasSuffix(".csv"), let data = FileManager.default.contents(atPath: path),
          let note = (try? DecodedText.decode([UInt8](data), source: path))?.note(for: path) else { return }
    printError(note)
}
