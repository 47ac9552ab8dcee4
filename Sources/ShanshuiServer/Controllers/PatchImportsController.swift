import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/patch-imports`: interpreted patches (下发图斑) uploaded as GeoJSON become a scan of
/// their own, validated like `shanshui patches import` (analysts).
struct PatchImportsController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1", tag: "scans", publicMode: services.configuration.isPublic)
        let runner = services.scans.runner, maxUpload = services.configuration.maxUploadBytes
        e.on(.post, "patch-imports", "Import interpreted patches from an uploaded GeoJSON file as a scan of their own (like `patches import`)",
             access: .role(.analyst), body: "application/geo+json", query: ["before", "after", "id_field", "activity_field", "source"],
             success: 201) { request, _, _ in
            var request = request
            guard let before = request.query("before"), let after = request.query("after") else {
                throw Problem.badRequest("give the epochs: ?before=EPOCH&after=EPOCH")
            }
            var options = PatchImport.Options(before: before, after: after)
            options.idField = request.query("id_field")
            options.activityField = request.query("activity_field")
            options.source = request.query("source")
            let bytes = Array(try await request.collectBody(upTo: maxUpload).readableBytesView)
            guard !bytes.isEmpty else { throw Problem.badRequest("the upload is empty: send a GeoJSON FeatureCollection") }
            let chosen = options
            let summary = try await BlockingExecutor.run {
                try await UploadFile.with(bytes, ext: "geojson") { path in
                    let (rows, fingerprint, _) = try PatchImport.read(path, options: chosen)  // GeoJSON: WGS 84, no datum to cross
                    return try await runner.importPatches(rows, fingerprint: fingerprint, options: chosen, file: "upload")
                }
            }
            return Reply.json(PatchImportShape(summary), status: summary.unchanged ? .ok : .created,
                              headers: [.location: "/api/v1/scans/\(summary.scanID)"])
        }
        return e
    }
}
