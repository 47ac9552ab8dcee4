import Crypto
import Foundation
import GeoKit

extension Ledger {
    /// Attaches a field photo: checks it is a real image (JPEG, PNG, WebP or HEIC by its first
    /// bytes, at most `PhotoType.maximumBytes`), copies it into the case's evidence folder under
    /// its content hash (`photo-SHA256.jpg`: no user-chosen names on the server), records its
    /// SHA-256 and, when the photo has EXIF GPS, its distance to the damage (a warning beyond 200 m);
    /// the audit log's event names the EXIF time it was taken, when the camera wrote one.
    /// `expectedRevision` is the case revision the photo was taken against (HTTP If-Match): a photo
    /// of a case that changed since is refused, so it is never filed under a state its taker did not see.
    /// `reportedPosition` is where the uploading device was (lon/lat), used when the photo has no
    /// EXIF GPS (browsers often strip it from camera pictures); the event says which was used.
    /// - Returns: the record and a warning, if any.
    /// - Throws: `DomainError.invalidInput` naming the file for anything that is not a photo;
    ///   `StaleCaseError` when the case's revision is no longer `expectedRevision`.
    public func attach(photo: String, to idOrNumber: String, by actor: String, evidenceDirectory: String,
                       expectedRevision: Int? = nil, reportedPosition: Coordinate? = nil) async throws -> (Attachment, String?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: photo, isDirectory: &isDirectory), !isDirectory.boolValue,
              let attributes = try? FileManager.default.attributesOfItem(atPath: photo),
              attributes[.type] as? FileAttributeType == .typeRegular else {
            throw DomainError.invalidInput("cannot read photo '\(photo)': give a photo file")
        }
        if let size = attributes[.size] as? Int, size > PhotoType.maximumBytes {
            throw DomainError.invalidInput("photo '\(photo)' has \(size) bytes, more than the \(PhotoType.maximumBytes >> 20) MB accepted")
        }
        guard FileManager.default.isReadableFile(atPath: photo), let bytes = FileManager.default.contents(atPath: photo) else {
            throw DomainError.invalidInput("cannot read photo '\(photo)'")
        }
        guard bytes.count <= PhotoType.maximumBytes else {
            throw DomainError.invalidInput("photo '\(photo)' is larger than the \(PhotoType.maximumBytes >> 20) MB accepted")
        }
        guard let type = PhotoType.sniff(bytes) else {
            throw DomainError.invalidInput("'\(photo)' is not a photo: attach a JPEG, PNG, WebP or HEIC image")
        }
        let c = try await find(idOrNumber)
        if let expectedRevision, expectedRevision != c.revision {
            throw StaleCaseError(number: c.number, expected: expectedRevision, actual: c.revision)
        }
        let hash = SHA256.hex(bytes)
        let folder = URL(fileURLWithPath: evidenceDirectory).appendingPathComponent(c.number)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = "\(EvidenceFiles.photoPrefix)\(hash).\(type.fileExtension)"
        let target = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: target.path) { try bytes.write(to: target, options: .atomic) }
        let exif = PhotoLocation.position(of: photo), taken = PhotoLocation.time(of: photo)
        let position = exif ?? reportedPosition
        var distance: Double?
        if let position {
            distance = try Self.distance(from: position, to: c.geometry)
        }
        let warning = distance.flatMap { $0 > 200 ? String(format: "the photo was taken %.0f m from the damage (more than 200 m): check it shows the right place", $0) : nil }
        let attachment = Attachment(caseID: c.id, path: "\(c.number)/\(name)", sha256: hash, by: actor, at: Self.timestamp(clock),
                                    position: position, distanceM: distance)
        let event = CaseEvent(caseID: c.id, at: attachment.at, actor: actor, action: "attach", from: c.status, to: c.status,
                              note: "photo \(name) sha256 \(hash)" + (taken.map { ", taken \($0)" } ?? "") + (distance.map { String(format: ", %.0f m from the damage", $0) } ?? ", no GPS")
                                  + (exif == nil && position != nil ? " (position from the device, not the photo)" : ""))
        try await store.attach(attachment, to: c, expectedRevision: expectedRevision, event: event)  // checked again in its transaction
        return (attachment, warning)
    }

    /// Metres from a lon/lat point to a lon/lat geometry (0 inside), measured in the local UTM zone.
    static func distance(from point: Coordinate, to geometry: Geometry) throws -> Double {
        let utm = try CRS.utm(longitude: point.x, latitude: point.y)
        let t = try Transformer(from: .wgs84, to: utm)
        return try t.transform(Geometry.point(point)).distance(to: t.transform(geometry))
    }
}
