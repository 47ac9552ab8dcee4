import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// The server side of the desk view over real HTTP: the search, the ledger table's filters,
/// order and pages done by the server, the downloads holding exactly what the table shows
/// (CSV for Excel with its byte-order mark, GeoPackage for QGIS), and map layers as of a day.
@Suite("Desk API")
struct DeskAPITests {
    @Test func searchAnswersCaseNumbersCellsAndReservesWithTheirBoxes() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let officer = try await server.token(.officer)
            let first = try #require(try await server.send("GET", "/api/v1/cases?limit=1&sort=number", token: officer).json["cases"]?.arrayValue?.first)
            let number = try #require(first["number"]?.stringValue), id = try #require(first["id"]?.intValue)
            let found = try await server.send("GET", "/api/v1/search?q=\(number)", token: officer)
            #expect(found.status == 200)
            let hit = try #require(found.json["hits"]?.arrayValue?.first)
            #expect(hit["kind"] == "case" && hit["key"]?.stringValue == String(id) && hit["label"]?.stringValue == number)
            #expect(hit["code"] == "测试保护区", "a case hit names its reserve")
            let box = (hit["bbox"]?.arrayValue ?? []).compactMap { $0.doubleValue }
            #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3])

            for (text, kind, key, label) in [("西北村", "cell", "321202001001", "西北村"), ("321202001003", "cell", "321202001003", "西南村")] {
                let hits = try #require(try await server.send("GET", "/api/v1/search?q=" + Self.encoded(text), token: officer).json["hits"]?.arrayValue)
                #expect(hits.first?["kind"]?.stringValue == kind && hits.first?["key"]?.stringValue == key && hits.first?["label"]?.stringValue == label,
                        "\(text): \(hits)")
            }
            let reserve = try #require(try await server.send("GET", "/api/v1/search?q=" + Self.encoded("保护区"), token: officer).json["hits"]?.arrayValue)
            #expect(reserve.map { $0["kind"]?.stringValue } == ["area"] && reserve.first?["code"] == "NR-T"
                        && reserve.first?["detail"] == "national_nature_reserve" && reserve.first?["label"] == "测试保护区", "\(reserve)")
            // As of a day before the reserve existed, it is not found.
            let early = try await server.send("GET", "/api/v1/search?q=" + Self.encoded("保护区") + "&as_of=1999-01-01", token: officer)
            #expect(early.json["hits"]?.arrayValue?.isEmpty == true)

            let missing = try await server.send("GET", "/api/v1/search", token: officer)
            #expect(missing.status == 400 && missing.isProblem && missing.json["detail"]?.stringValue?.contains("'q'") == true)
            #expect(try await server.send("GET", "/api/v1/search?q=x&as_of=someday", token: officer).status == 400)
            #expect(try await server.send("GET", "/api/v1/search?q=x").status == 401, "a private service answers only callers it knows")
        }
    }

    @Test func theLedgerTableFiltersSortsAndPagesOnTheServer() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let officer = try await server.token(.officer)
            func page(_ query: String) async throws -> (items: [JSONValue], total: Int64) {
                let answer = try await server.send("GET", "/api/v1/cases?" + query, token: officer)
                #expect(answer.status == 200, "\(query): \(answer.json)")
                return (answer.json["cases"]?.arrayValue ?? [], answer.json["total"]?.intValue ?? -1)
            }
            let all = try await page("limit=1000").items
            #expect(all.count >= 3, "the county's scan flags several cases")
            // Sorted by overlap, largest first, a page at a time: the pages in order are the whole sorted list.
            let bySize = all.sorted { ($0["overlap_m2"]?.doubleValue ?? 0, $1["id"]?.intValue ?? 0) > ($1["overlap_m2"]?.doubleValue ?? 0, $0["id"]?.intValue ?? 0) }
            var walked: [JSONValue] = []
            for offset in stride(from: 0, to: all.count, by: 2) {
                let p = try await page("sort=-overlap_m2&limit=2&offset=\(offset)")
                #expect(p.total == Int64(all.count))
                walked += p.items
            }
            #expect(walked.map { $0["number"] } == bySize.map { $0["number"] })
            let byNumber = try await page("sort=number&limit=1000").items.map { $0["number"]?.stringValue ?? "" }
            #expect(byNumber == byNumber.sorted() && byNumber.count == all.count)

            let activity = try #require(all.first?["activity"]?.stringValue), severity = try #require(all.first?["severity"]?.stringValue)
            let narrowed = try await page("activity=\(activity)&severity=\(severity)&limit=1000")
            let expected = all.filter { $0["activity"]?.stringValue == activity && $0["severity"]?.stringValue == severity }
            #expect(narrowed.total == Int64(expected.count) && Set(narrowed.items.map { $0["number"] }) == Set(expected.map { $0["number"] }))
            let dues = all.compactMap { $0["due_on"]?.stringValue }.sorted()
            let due = try #require(dues.first)
            #expect(try await page("due_by=\(due)").total == Int64(all.filter { ($0["due_on"]?.stringValue ?? "") <= due }.count))
            #expect(try await page("as_of=2000-01-01").total == 0, "nothing was detected by 2000")
            #expect(try await page("as_of=2026-06-20").total == Int64(all.count))
            #expect(try await page("confidence=0").total == Int64(all.count))
            #expect(try await page("confidence=1").total < Int64(all.count))

            for (query, name) in [("sort=size", "sort"), ("activity=fishing", "activity"), ("severity=huge", "severity"),
                                  ("confidence=2", "confidence"), ("due_by=soon", "due_by")] {
                let bad = try await server.send("GET", "/api/v1/cases?" + query, token: officer)
                #expect(bad.status == 400 && bad.json["detail"]?.stringValue?.contains("'\(name)'") == true, "\(query): \(bad.json)")
            }
        }
    }

    @Test func downloadsHoldWhatTheTableShowsAsCSVForExcelAndGeoPackageForQGIS() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let officer = try await server.token(.officer)
            let all = try #require(try await server.send("GET", "/api/v1/cases?limit=1000", token: officer).json["cases"]?.arrayValue)
            let activity = try #require(all.first?["activity"]?.stringValue)
            let filters = "activity=\(activity)&sort=-number"
            let table = try await server.send("GET", "/api/v1/cases?limit=1000&" + filters, token: officer).json
            let numbers = (table["cases"]?.arrayValue ?? []).compactMap { $0["number"]?.stringValue }
            #expect(!numbers.isEmpty)

            let csv = try await server.send("GET", "/api/v1/downloads/cases?format=csv&" + filters, token: officer)
            #expect(csv.status == 200)
            #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            #expect(csv.header("Content-Disposition")?.contains("attachment") == true)
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark, as Excel on Chinese Windows needs")
            let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            let header = try #require(lines.first)
            #expect(header.contains("问题编号") && header.contains("状态") && header.contains("整改期限"), "\(header)")
            #expect(!header.contains("overlap_m2") && !header.contains("due_on"))
            #expect(lines.count - 1 == numbers.count)
            #expect(lines.dropFirst().map { $0.split(separator: ",").contains { $0.contains(numbers[0]) } }.first == true, "rows in the table's order")
            #expect(lines.dropFirst().allSatisfy { !$0.contains(",flagged,") }, "statuses in words")
            #expect(lines.dropFirst().contains { $0.contains(FieldLabels.activity(activity)) })

            let english = try await server.send("GET", "/api/v1/downloads/cases?format=csv&lang=en&" + filters, token: officer)
            #expect(String(decoding: english.body.dropFirst(3), as: UTF8.self).hasPrefix("id,number,"))

            let gpkg = try await server.send("GET", "/api/v1/downloads/cases?format=gpkg&" + filters, token: officer)
            #expect(gpkg.status == 200 && gpkg.header("Content-Type") == "application/geopackage+sqlite3")
            let dir = try Fixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("cases.gpkg")
            try gpkg.body.write(to: file)
            let features = try VectorSource(path: file.path).layer("cases").features()
            #expect(features.map { $0.properties["number"]?.stringValue ?? "" } == numbers, "the GeoPackage holds the table's rows in its order")
            #expect(features.allSatisfy { $0.geometry != nil && $0.properties["activity"]?.stringValue == activity })

            #expect(try await server.send("GET", "/api/v1/downloads/cases?format=xls", token: officer).status == 400)
            #expect(try await server.send("GET", "/api/v1/downloads/cases?lang=fr", token: officer).status == 400)
            #expect(try await server.send("GET", "/api/v1/downloads/cases?sort=bogus", token: officer).status == 400)
            #expect(try await server.send("GET", "/api/v1/downloads/cases").status == 401)
        }
    }

    @Test func casesAndPatchesOnTheMapFollowTheAsOfDay() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let viewer = try await server.token(.viewer)
            for layer in ["cases", "patches"] {
                func matched(_ query: String) async throws -> Int64 {
                    try #require(try await server.send("GET", "/ogc/collections/\(layer)/items?limit=1" + query, token: viewer).json["numberMatched"]?.intValue)
                }
                let now = try await matched("")
                #expect(now > 0, "\(layer)")
                #expect(try await matched("&datetime=2026-06-20") == now, "\(layer): the after-epoch's day shows them")
                #expect(try await matched("&datetime=2026-06-19") == 0, "\(layer): the day before, nothing was seen yet")
            }
        }
    }

    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
}
