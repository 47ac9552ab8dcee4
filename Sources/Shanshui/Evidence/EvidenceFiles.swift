import Foundation

/// What a case's evidence folder holds and who may fetch it: before/after chips (PNG, cut from
/// public imagery, anyone) and field photos (`photo-…`, with GPS and people in them: token holders only).
public enum EvidenceFiles {
    /// The name prefix of field photos.
    public static let photoPrefix = "photo-"

    /// True for a plain file name (no folders, not hidden).
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.contains("\\") && !name.hasPrefix(".")
    }

    /// True for a before/after chip, which public outputs may show.
    public static func isChip(_ name: String) -> Bool {
        isPlainName(name) && name.hasSuffix(".png") && !isPhoto(name)
    }

    /// True for a field photo, which needs a signed-in caller.
    public static func isPhoto(_ name: String) -> Bool { name.hasPrefix(photoPrefix) }

    /// The media type of an evidence file by its name.
    public static func mediaType(_ name: String) -> String {
        PhotoType.allCases.first { name.hasSuffix("." + $0.fileExtension) }?.mediaType ?? "application/octet-stream"
    }
}

/// The image types accepted as field photos, recognised by their first bytes (never by the
/// file name), so `cases attach /etc/passwd` is refused.
public enum PhotoType: String, CaseIterable, Sendable {
    case jpeg, png, webp, heic

    /// The largest photo accepted, bytes: phone photos are a few megabytes.
    public static let maximumBytes = 40 << 20

    /// The extension photos of this type are stored under.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// The media type served.
    public var mediaType: String { "image/\(rawValue)" }

    /// The type the bytes start with, or nil when they are none of the accepted images.
    public static func sniff(_ bytes: some Collection<UInt8>) -> PhotoType? {
        let head = Array(bytes.prefix(16))
        func at(_ offset: Int, _ magic: [UInt8]) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if at(0, [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if at(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if at(0, Array("RIFF".utf8)), at(8, Array("WEBP".utf8)) { return .webp }
        if at(4, Array("ftyp".utf8)), head.count >= 12 {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return nil
    }
}
