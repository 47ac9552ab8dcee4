import Foundation
import GeoKit
import Shanshui

/// Says on stderr, in one line, when a CSV file is not UTF-8 and is read as GB18030 (GBK); the
/// library's readers decode it the same way on their own.
func noteTextEncoding(of path: String) {
    guard path.lowercased().hasSuffix(".csv"), let note = (try? SheetFile.read(path))?.note else { return }
    printError(note)
}
