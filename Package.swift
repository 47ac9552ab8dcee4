// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Shanshui",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GeoKit", targets: ["GeoKit"]),
        .library(name: "Shanshui", targets: ["Shanshui"]),
        .library(name: "ShanshuiStore", targets: ["ShanshuiStore"]),
        .library(name: "ShanshuiServer", targets: ["ShanshuiServer"]),
        .library(name: "ShanshuiPostGIS", targets: ["ShanshuiPostGIS"]),
        .executable(name: "shanshui", targets: ["shanshui"]),
        .executable(name: "shanshui-scene", targets: ["shanshui-scene"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // SHA-256 (fingerprints, audit chain, draws) and HMAC-SHA256 (webhooks); already built for postgres-nio.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Request metrics (Hummingbird's MetricsMiddleware records through swift-metrics) written out by swift-prometheus.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // C libraries from Debian (scripts/setup installs them); nothing but a module map and a shim each.
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CSpatiaLite", pkgConfig: "spatialite",
                       providers: [.apt(["libspatialite-dev", "libsqlite3-mod-spatialite"])]),
        // libxcrypt: yescrypt password hashes for user accounts (HTTP Basic sign-in).
        .systemLibrary(name: "CCrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),
        // FreeType: anti-aliased text, Chinese included, on chips and overview maps.
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libtiff (GDAL's own GeoTIFF codec): whole tiles decoded straight into the detection's buffers.
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        // glibc's posix_spawn extensions (chdir, closefrom) for running child programs without Foundation's Process.
        .systemLibrary(name: "CSpawn"),
        // Swift over the C libraries: geometry, CRS, rasters, vectors, GeoJSON.
        .target(name: "GeoKit", dependencies: ["CGDAL", "CGEOS", "CPROJ", "CSpatiaLite", "CQRencode", "CFreeType", "CZlib", "CSpawn", "CTIFF"]),
        // The domain: registry, detection, grid, cases, and the store protocols they define.
        .target(name: "Shanshui", dependencies: ["GeoKit", "CCrypt", .product(name: "Crypto", package: "swift-crypto")]),
        // Store implementations: SpatiaLite (one file, the default); SQL dialect kept per store, its
        // schema as one SQL file per migration in Schema/ (the PostGIS store's beside it).
        .target(name: "ShanshuiStore", dependencies: [
            "Shanshui", "GeoKit",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], resources: [.copy("Schema")]),
        // The HTTP service: REST API, OGC API Features, roles, the map page, the web app's static files in WebApp/ (Hummingbird).
        .target(name: "ShanshuiServer", dependencies: [
            "GeoKit", "Shanshui", "ShanshuiStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.copy("WebApp")]),
        // The shared store: PostgreSQL + PostGIS through postgres-nio, same behaviour as SpatiaLite.
        .target(name: "ShanshuiPostGIS", dependencies: [
            "Shanshui", "GeoKit",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ], resources: [.copy("Schema")]),
        // libqrencode: QR codes (GeoKit's QRCode) for the supervision notice's link to its case.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Notification delivery: the outbox worker and its channels (webhook, SMTP, SMS gateway).
        .target(name: "ShanshuiNotify", dependencies: [
            "Shanshui", "GeoKit",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The command-line tool, thin over the libraries.
        .executableTarget(name: "shanshui", dependencies: [
            "GeoKit", "Shanshui", "ShanshuiStore", "ShanshuiServer", "ShanshuiPostGIS", "ShanshuiNotify",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Synthetic epoch pairs with planted changes and traps, for tests, benchmarks and the evaluation
        // harness only (never linked into the service or the CLI): imports GeoKit and Shanshui.
        .target(name: "ShanshuiScenes", dependencies: ["GeoKit", "Shanshui"]),
        // Writes synthetic scenes to files for scripts/bench, scripts/eval-detect and scripts/bench-workers.
        .executableTarget(name: "shanshui-scene", dependencies: [
            "GeoKit", "Shanshui", "ShanshuiScenes",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Fixture paths and helpers shared by every test target (re-exports ShanshuiScenes).
        .target(name: "ShanshuiTestSupport", dependencies: ["GeoKit", "Shanshui", "ShanshuiScenes"], path: "Tests/ShanshuiTestSupport"),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "CGDAL", "ShanshuiTestSupport"]),
        .testTarget(name: "ShanshuiTests", dependencies: [
            "Shanshui", "GeoKit", "ShanshuiTestSupport", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "ShanshuiStoreTests", dependencies: [
            "ShanshuiStore", "ShanshuiPostGIS", "Shanshui", "ShanshuiNotify", "GeoKit", "ShanshuiTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "ShanshuiServerTests", dependencies: [
            "ShanshuiServer", "ShanshuiStore", "ShanshuiPostGIS", "Shanshui", "GeoKit", "ShanshuiTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ShanshuiCLITests", dependencies: [
            "shanshui", "GeoKit", "Shanshui", "ShanshuiStore", "ShanshuiPostGIS", "ShanshuiTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
