import Foundation

// The libFuzzer entry point of scripts/fuzz (not part of the SwiftPM package): one binary for
// every target, chosen by SHANSHUI_FUZZ_TARGET (json, geojson, csv, query, raster).

nonisolated(unsafe) private var target: FuzzTarget = .json

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["SHANSHUI_FUZZ_TARGET"] ?? "json"
    guard let chosen = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("unknown SHANSHUI_FUZZ_TARGET '\(name)'; targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    target = chosen
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}
