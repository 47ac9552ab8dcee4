import Foundation
import GeoKit

extension SupervisionNotice {
    /// The files a notice is written as.
    public struct Files: Sendable {
        /// The page, printable from any browser.
        public var html: String
        /// Nil when no browser is installed (the HTML can still be printed by hand).
        public var pdf: String?
        /// The editable form: one sheet of 项目/内容 rows.
        public var xlsx: String
        /// The print chip, nil when the case has no readable imagery.
        public var chip: String?
        /// Why a part is missing, one line each.
        public var notes: [String]
    }

    /// Writes the notice into `directory` (created if needed): `NUMBER-交办单.html`, `.pdf` (headless
    /// browser), `.xlsx` (one sheet of 项目/内容 rows to edit) and the print chip `NUMBER-print.png`.
    /// - Throws: `GDALError`/`DomainError` for files that cannot be written.
    public func write(to directory: String) throws -> Files {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: directory).appendingPathComponent("\(record.number)-交办单").path
        var notes: [String] = []
        var chip: String?
        if let before, let after {
            do {
                chip = try PrintChip.render(self, before: try ChipImagery(epoch: before, bands: before.bands),
                                            after: try ChipImagery(epoch: after, bands: before.bands), to: directory)
            } catch {
                notes.append("no imagery on the notice: \(error)")
            }
        } else {
            notes.append("no imagery on the notice: the case was not found by a scan")
        }
        let html = base + ".html"
        try Data(self.html(chip: chip.map { URL(fileURLWithPath: $0).lastPathComponent }, qrSVG: try QRCode(caseURL).svg).utf8)
            .write(to: URL(fileURLWithPath: html), options: .atomic)
        var pdf: String? = base + ".pdf"
        do {
            try HeadlessBrowser.printPDF(html, to: pdf!)
        } catch {
            notes.append("no PDF: \(error)")
            pdf = nil
        }
        let xlsx = base + ".xlsx"
        try VectorSink.writeSheets([("问题交办单", rows.map { Feature(geometry: nil, properties: ["项目": .string($0.field), "内容": .string($0.value)]) })],
                                   to: xlsx)
        return Files(html: html, pdf: pdf, xlsx: xlsx, chip: chip, notes: notes)
    }
}
