import ArgumentParser
import GeoKit
import Shanshui

/// How exports write tables for spreadsheets: `--no-bom`, `--wkt`; XLSX gets Chinese headers and words.
struct TableOptions: ParsableArguments {
    @Flag(name: .customLong("no-bom"), help: "CSV: no UTF-8 byte-order mark (Excel needs it; some programs do not want it).") var noBOM = false
    @Flag(help: "CSV: also write each shape as WKT in a first column (cells over 32,767 characters are cut by Excel).") var wkt = false

    /// The sink options for `output`.
    func sinkOptions(for output: String) -> VectorSink.Options {
        var options = VectorSink.Options()
        options.byteOrderMark = !noBOM
        options.wkt = wkt
        if output.lowercased().hasSuffix(".xlsx") { options.headers = FieldLabels.chinese }
        return options
    }

    /// Writes `features` to `output` (an XLSX in Chinese words) and prints the sink's warnings.
    func write(_ features: [Feature], to output: String, layerName: String? = nil) throws {
        let rows = output.lowercased().hasSuffix(".xlsx") ? features.map(FieldLabels.chineseValues) : features
        for warning in try VectorSink.write(rows, to: output, layerName: layerName, options: sinkOptions(for: output)) {
            printError("warning: \(warning)")
        }
    }
}
