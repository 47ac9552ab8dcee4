import GeoKit
import Shanshui

/// `--json` output: every list and show command prints the shapes the REST API answers with
/// (`Sources/Shanshui/Shapes`), pretty-printed.
enum JSONOutput {
    /// Prints one shape.
    static func print(_ shape: some Shape) {
        Swift.print(shape.json.serialized(pretty: true))
    }

    /// Prints a list of shapes as a JSON array.
    static func print(_ shapes: [some Shape]) {
        Swift.print(JSONValue.array(shapes.map(\.json)).serialized(pretty: true))
    }
}
