import ArgumentParser
import Foundation
import GeoKit
import Shanshui

struct GridLookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Find the cell and responsible people for a point, a polygon (cells it overlaps, largest first), or a file of them.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "Longitude and latitude (WGS84 unless --from-gcj02/--from-bd09).") var position: [Double] = []
    @Option(help: "A polygon as WKT: list the finest cells it overlaps with the overlap area.") var wkt: String?
    @Option(help: "A CSV or workbook (.xlsx, .xls, .ods) with lon,lat columns, or any OGR layer of points or polygons.") var file: String?
    @Option(name: .shortAndLong, help: "Output for --file: .csv (UTF-8 with a byte-order mark), .geojson, .gpkg or .shp.") var output: String?
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Option(help: "CRS of --file when it declares none, e.g. EPSG:4549.") var sourceCRS: String?
    @OptionGroup var datum: DatumOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(name: .customLong("no-bom"), help: "CSV output: no UTF-8 byte-order mark (Excel needs it to read UTF-8).") var noBOM = false

    func validate() throws {
        let modes = [!position.isEmpty, wkt != nil, file != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give LON LAT, --wkt POLYGON or --file FILE -o OUT (one of them)") }
        guard position.isEmpty || position.count == 2 else { throw ValidationError("give a position as two numbers: LON LAT") }
        guard file == nil || output != nil else { throw ValidationError("--file needs -o OUT.csv or OUT.geojson") }
    }

    func run() async throws {
        try await reportingFailure {
            let day = try asOf.map(Day.init) ?? workspace.clock.today
            let snapshot = try await workspace.grid().snapshot(on: day)
            if let file, let output {
                let started = Stopwatch()
                let table = try LookupTable.read(file, datum: try datum.datum(), sourceCRS: try sourceCRS.map { try CRS($0) })
                if let note = table.note { printError(note) }
                let rows = try LookupOutput.write(table, snapshot: snapshot, to: output, byteOrderMark: !noBOM)
                print("\(table.rows.count) record(s) looked up, \(rows) row(s) written to \(output) in \(String(format: "%.2f", started.seconds)) s")
                return
            }
            let index = try GridIndex(snapshot)
            if let wkt {
                let overlaps = try index.overlaps(try Geometry(wkt: wkt).converted(from: try datum.datum()))
                if json {
                    return JSONOutput.print(overlaps.map { CellOverlapShape($0, responsibility: snapshot.responsibility($0.index)) })
                }
                var table = TextTable("code", "name", "level", "overlap m²", "share", "unit")
                for o in overlaps {
                    table.add(o.cell.code, o.cell.name, o.cell.level.name, String(format: "%.1f", o.areaM2),
                              String(format: "%.1f%%", o.share * 100), snapshot.assignments[o.cell.code]?.unit ?? "–")
                }
                print(overlaps.isEmpty ? "the polygon overlaps no cell" : table.text)
                return
            }
            let point = ChinaOffset.toWGS84(Coordinate(position[0], position[1]), from: try datum.datum())
            let found = try index.responsibility(at: point)
            if json {
                if let found { JSONOutput.print(ResponsibilityShape(found, audience: .signedIn)) } else { print("null") }
            } else {
                print(found.map(GridJSON.text) ?? String(format: "no cell covers %.6f %.6f", point.x, point.y))
            }
        }
    }
}

/// Writes bulk lookup results: each input record with the cell and responsibility columns
/// (points), or one row per record and overlapped cell with the overlap (polygons).
enum LookupOutput {
    /// - Returns: the number of rows written.
    static func write(_ table: LookupTable, snapshot: GridSnapshot, to path: String, byteOrderMark: Bool = true) throws -> Int {
        let bom = byteOrderMark ? "\u{FEFF}" : ""
        let points = table.points
        let header = table.header + ResponsibilityColumns.cell + ResponsibilityColumns.assignment
        let csv = path.lowercased().hasSuffix(".csv")
        guard points.allSatisfy({ $0 != nil }) else { return try writeOverlaps(table, snapshot: snapshot, header: header, to: path, bom: bom) }
        let answers = try GridLookup.cells(at: points, in: snapshot)
        // Each cell's columns are made once, however many points fall in it.
        var columns: [Int: [String]] = [:]
        func values(_ found: Int?) -> [String] {
            guard let i = found else { return ResponsibilityColumns.values(Optional<CellResponsibility>.none) }
            if let known = columns[i] { return known }
            let made = ResponsibilityColumns.values(snapshot.responsibility(i))
            columns[i] = made
            return made
        }
        if csv {
            var suffixes: [Int: String] = [:]
            let none = "," + CSV.line(values(nil)) + "\n"
            var text = bom + CSV.line(header) + "\n"
            text.reserveCapacity(table.rows.count * 96)
            for (k, found) in answers.enumerated() {
                text += CSV.line(table.rows[k])
                if let i = found {
                    if suffixes[i] == nil { suffixes[i] = "," + CSV.line(values(i)) + "\n" }
                    text += suffixes[i]!
                } else {
                    text += none
                }
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return answers.count
        }
        try VectorSink.write(answers.enumerated().map { k, found in
            feature(header, table.rows[k] + values(found), table.geometries[k])
        }, to: path)
        return answers.count
    }

    /// One row per polygon and cell it overlaps, with the overlap's area and share; the geometry is the overlap.
    private static func writeOverlaps(_ table: LookupTable, snapshot: GridSnapshot, header: [String], to path: String, bom: String) throws -> Int {
        let index = try GridIndex(snapshot)
        var rows: [[String]] = []
        var geometries: [Geometry?] = []
        for (k, geometry) in table.geometries.enumerated() {
            guard let geometry, geometry.isPolygonal else {
                throw DomainError.invalidInput("record \(k + 1) of the input is a \(geometry?.typeName ?? "feature without geometry"); give points or polygons, not a mix")
            }
            for o in try index.overlaps(geometry) {
                rows.append(table.rows[k] + ResponsibilityColumns.values(snapshot.responsibility(o.index))
                    + [String(format: "%.2f", o.areaM2), String(format: "%.6f", o.share)])
                geometries.append(try geometry.intersection(o.cell.geometry))
            }
        }
        let columns = header + ["overlap_m2", "share"]
        if path.lowercased().hasSuffix(".csv") {
            let text = bom + ([columns] + rows).map { CSV.line($0) + "\n" }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } else {
            try VectorSink.write(zip(rows, geometries).map { feature(columns, $0, $1) }, to: path)
        }
        return rows.count
    }

    private static func feature(_ header: [String], _ row: [String], _ geometry: Geometry?) -> Feature {
        Feature(geometry: geometry, properties: Properties(zip(header, row).map { (key: $0, value: JSONValue.string($1)) }))
    }
}
