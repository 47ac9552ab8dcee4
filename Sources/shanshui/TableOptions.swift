import ArgumentParser
import GeoKit
import Shanshui

/// How exports write tables for spreadsheets: `--no-bom`, `--wkt`; XLSX gets Chinese headers.
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

    /// Writes `features` to `output` and prints the sink's warnings.
    func write(_ features: [Feature], to output: String, layerName: String? = nil) throws {
        for warning in try VectorSink.write(features, to: output, layerName: layerName, options: sinkOptions(for: output)) {
            printError("warning: \(warning)")
        }
    }
}
