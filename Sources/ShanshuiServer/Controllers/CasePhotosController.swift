import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `POST /api/v1/cases/{id}/photos`: a field photo uploaded from the web app (the image bytes as the
/// body), attached like `shanshui cases attach` (sniffed, stored under its hash, EXIF GPS distance).
/// With If-Match (the case revision the photo was taken against, as the app's offline queue sends
/// it) a case changed since is 412 and the photo is not filed. `lat`/`lon` give the device's position,
/// used when the photo carries no EXIF GPS.
struct CasePhotosController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/cases", tag: "cases", publicMode: services.configuration.isPublic)
        let ledger = services.ledger, configuration = services.configuration
        e.on(.post, "{id}/photos", "Attach a field photo (JPEG, PNG, WebP or HEIC bytes as the body); answers the case; "
             + "with If-Match, 412 when the case changed since that revision; lat/lon: the device's position for a photo without EXIF GPS",
             access: .role(.officer), body: PhotoType.allCases.map(\.mediaType).joined(separator: ", "), query: ["lat", "lon"]) { request, context, caller in
            var request = request
            let bytes = Array(try await request.collectBody(upTo: PhotoType.maximumBytes + 1).readableBytesView)
            guard !bytes.isEmpty else { throw Problem.badRequest("the upload is empty: send the photo's bytes as the body") }
            let type = PhotoType.sniff(bytes)?.fileExtension ?? "bin"
            let id = try Params.path(context, "id"), revision = try CasesController.ifMatch(request)
            let device = try Params.position(request)
            let (attachment, warning) = try await UploadFile.with(bytes, ext: type) { path in
                try await ledger.attach(photo: path, to: id, by: caller.actor, evidenceDirectory: configuration.evidenceDirectory,
                                  expectedRevision: revision, reportedPosition: device)
            }
            let (c, events, attachments) = try await ledger.history(String(attachment.caseID))
            var headers: HTTPFields = [.eTag: "\"\(c.revision)\""]
            if let warning { headers[.init("Warning")!] = "199 - \"\(warning)\"" }
            return Reply.json(CaseDetailShape(c, events: events, attachments: attachments, audience: Audience(personal: caller.personal),
                                              evidence: configuration.evidenceDirectory, today: configuration.clock.today),
                              status: .created, headers: headers)
        }
        return e
    }
}
