import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The web app's field flow in real headless Chromium, driven by `Tests/Browser/webapp_flow.py`
/// (WebDriver through Debian's chromium-driver, the DevTools protocol for offline): a grid staff
/// member signs in, opens cases, the chips load, verifies with a photo carrying EXIF GPS, queues an
/// action offline that is applied once back online, meets a conflict on a stale revision; on a case
/// being rectified switches the imagery and reports progress offline, then meets a conflict with a
/// photo held back; phone and desk screenshots; no script errors.
@Suite("Web app in a real browser")
struct WebAppBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Browser/webapp_flow.py").standardized.path
    static let ready = MapPageBrowserTests.chromium != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/selenium")

    @Test(.enabled(if: ready, "chromium, chromium-driver or python3-selenium is not installed (scripts/setup installs them); the browser flow is skipped"))
    func gridStaffVerifyOnlineOfflineAndMeetAConflict() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let officer = try await server.token(.officer)
            // Three cases ready to verify (dispatched here when still only flagged), the first with chips.
            var ready: [(id: Int64, detail: JSONValue)] = []
            for c in try await server.send("GET", "/api/v1/cases?limit=100", token: officer).json["cases"]?.arrayValue ?? [] where ready.count < 3 {
                let id = try #require(c["id"]?.intValue)
                var answer = try await server.send("GET", "/api/v1/cases/\(id)", token: officer)
                if answer.json["allowed_actions"]?.arrayValue?.contains(.string("dispatch")) == true {
                    answer = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: officer,
                                                   headers: ["If-Match": answer.header("ETag") ?? ""], json: .object([("action", .string("dispatch"))]))
                }
                guard answer.json["allowed_actions"]?.arrayValue?.contains(.string("verify")) == true else { continue }
                if ready.isEmpty && (answer.json["chips"]?.arrayValue ?? []).isEmpty { continue }
                ready.append((id, answer.json))
            }
            try #require(ready.count == 3, "the scanned county has fewer than three cases to verify")
            // A fourth case being rectified, for the progress form and the imagery switches.
            let flagged = try await server.send("GET", "/api/v1/cases?status=flagged&limit=100", token: officer).json["cases"]?.arrayValue ?? []
            let fourth = try #require(flagged.compactMap { $0["id"]?.intValue }.first { id in !ready.contains { $0.id == id } })
            _ = try await FieldActionsAPITests.rectifying(server, fourth, token: officer)
            // A grid staff member: an account linked to the person on duty for the first case's cell.
            // The record's head and staff are NAME:PHONE text (staff joined by ", ").
            let onDuty = ready[0].detail["head"]?.stringValue ?? ready[0].detail["staff"]?.stringValue ?? ""
            let phone = onDuty.split(separator: ",").first?.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
            let password = "pass-\(UUID().uuidString.prefix(8))"
            _ = try await Accounts(store: server.store).add(name: "grid.staff", role: .officer, password: password, personPhone: phone)
            let vertex = try #require(CasePhotosAPITests.firstPoint(ready[0].detail["geometry"]))
            let photo = try Photo.make(in: dir, name: "site.jpg", at: Coordinate(vertex.0, vertex.1), time: "2026:06:21 09:30:05")

            let run = try await ExternalTool.run("/usr/bin/python3", [Self.script, server.base.absoluteString, "grid.staff", password] + ready.map { String($0.id) }
                                   + [photo, dir.path, String(vertex.1 + 0.001), String(vertex.0), String(fourth)])
            let out = try #require(try? JSONValue.parse(Array(run.stdout.utf8)), "the browser flow printed no result: \(run.stderr.suffix(2000))")
            print("web app flow: \(run.stdout)")
            // SHANSHUI_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
            if let keep = ProcessInfo.processInfo.environment["SHANSHUI_SCREENSHOTS"] {
                try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".png") {
                    let target = URL(fileURLWithPath: keep).appendingPathComponent(file)
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(at: dir.appendingPathComponent(file), to: target)
                }
            }
            #expect(out["exception"] == nil, "the browser flow stopped: \(out["exception"] ?? .null)\n\(run.stderr.suffix(2000))")
            #expect(out["signin_form"] == .bool(true) && out["chinese"] == .bool(true))
            #expect(out["signout_shown"] == .bool(true), "not signed in: \(out["after_signin"] ?? .null)")
            let widths = out["chip_widths"]?.arrayValue?.compactMap(\.intValue) ?? []
            #expect(!widths.isEmpty && widths.allSatisfy { $0 > 0 }, "chips did not load: \(widths)")
            #expect(out["geo_link"]?.stringValue?.hasPrefix("geo:") == true)
            // About 110 m north of the patch (the position the browser was given).
            #expect(out["my_distance"]?.stringValue?.contains(" 米") == true, "my distance: \(out["my_distance"] ?? .null)")
            // My cases: once the server lists them (`GET /api/v1/me/cases`, from the sign-in work), the list shows.
            if try await server.send("GET", "/api/v1/openapi.json").json["paths"]?["/api/v1/me/cases"] != nil {
                #expect(out["after_signin"] == .string("cases"))
                let myCases = out["my_cases"]?.arrayValue ?? []
                #expect(myCases.count > 0, "my cases are empty")
                #expect(out["kept_offline"]?["kept"] == out["kept_offline"]?["cases"] && out["kept_offline"]?["kept"] != .int(0),
                        "my cases and their chips are not all kept for offline use: \(out["kept_offline"] ?? .null)")
            }
            #expect(out["a_status"] == .string("verified"), "verify with a photo was not applied")
            #expect((out["a_attachments"]?.intValue ?? 0) >= 1, "the photo was not attached")
            #expect(out["a_history"]?.stringValue?.contains("拍摄于 2026年6月21日 09:30") == true, "the photo's time: \(out["a_history"] ?? .null)")
            #expect((out["a_photos"]?.intValue ?? 0) >= 1, "the case page shows no photo")
            #expect(out["queued_offline"] == .bool(true), "the offline action was not queued")
            #expect(out["net_badge_offline"] == .bool(true))
            #expect(out["queue_emptied"] == .bool(true) && out["b_status"] == .string("verified"), "the queued action was not sent once online")
            #expect(out["other_change"]?.intValue == 200, "the other person's change: \(out["other_change"] ?? .null)")
            #expect(out["conflict_shown"] == .bool(true), "no conflict shown for a stale revision")
            #expect(out["c_verdict"] == .string("false_positive"), "the stale action overwrote the server's state")
            #expect(out["conflict_discarded"] == .bool(true), "discarding the stale action did not empty the queue")
            // Who is signed in, by name; the rectifying case's imagery switches and progress through the queue.
            #expect(out["who"]?.stringValue?.isEmpty == false && out["who"] != "grid.staff", "the bar names the person: \(out["who"] ?? .null)")
            #expect(out["style_switched"] == .bool(true), "the false-colour switch did not change the tiles")
            if out["epoch_switched"] != nil { #expect(out["epoch_switched"] == .bool(true), "the before/after switch did not work") }
            #expect(out["progress_form"] == .bool(true), "no progress form on a rectifying case")
            #expect(out["rectify_layout"]?["overflow"] == .bool(false))
            #expect((out["rectify_layout"]?["buttons"]?.arrayValue ?? []).allSatisfy { ($0.intValue ?? 0) >= 44 }, "touch targets: \(out["rectify_layout"] ?? .null)")
            #expect(out["progress_queued"] == .bool(true) && out["progress_sent"] == .bool(true), "progress was not queued offline and sent online")
            #expect(out["d_progress"]?.intValue == 60)
            #expect(out["offline_unknown_page"]?.stringValue?.contains("未保存在本机") == true, "offline, an unknown page: \(out["offline_unknown_page"] ?? .null)")
            #expect(out["offline_list"] == .bool(true) && out["offline_case"] == .bool(true), "offline, my list and a kept case did not show")
            #expect(out["other_progress"]?.intValue == 200)
            #expect(out["progress_conflict"] == .bool(true) && out["progress_conflict_boxes"]?.intValue == 1, "\(out["progress_conflict_text"] ?? .null)")
            #expect(out["d_after_conflict"]?["progress"]?.intValue == 80 && out["d_after_conflict"]?["attachments"]?.intValue == 0,
                    "the stale 'rectified' or its photo reached the server: \(out["d_after_conflict"] ?? .null)")
            for (layout, chipAtLeast) in [("phone_layout", 300.0), ("desk_layout", 300.0)] {
                #expect(out[layout]?["overflow"] == .bool(false), "\(layout): the page is wider than the screen")
                #expect((out[layout]?["chip"]?.doubleValue ?? 0) >= chipAtLeast, "\(layout): chips too small")
                #expect((out[layout]?["map"]?.doubleValue ?? 0) >= 200, "\(layout): no map")
            }
            #expect(out["phone_english"]?["overflow"] == .bool(false) && (out["phone_english"]?["bar"]?.intValue ?? 999) < 70,
                    "the English bar does not fit a phone: \(out["phone_english"] ?? .null)")
            #expect(out["english_labels"] == .array([]), "Chinese left in the English labels: \(out["english_labels"] ?? .null)")
            #expect(out["device_cookie"] == .bool(true), "no HttpOnly device cookie on the sign-in path")
            #expect(out["stranger_guesses"] == .array(Array(repeating: .int(401), count: 5)) && out["stranger_right_password"] == .int(429),
                    "a stranger's five guesses did not lock the name: \(out["stranger_guesses"] ?? .null), then \(out["stranger_right_password"] ?? .null)")
            #expect(out["signin_while_locked"] == .string("cases"), "the phone with its device cookie was locked out too: \(out["signin_while_locked"] ?? .null)")
            #expect(out["script_errors"]?.intValue == 0)
            let console = out["console"]?.arrayValue?.compactMap(\.stringValue) ?? []
            // Refused requests (the 401 before signing in, the 412, offline fetches) are logged as failed
            // resources by Chromium; anything else is a script error.
            #expect(console.filter { !$0.contains("Failed to load resource") && !$0.contains("Failed to fetch") }.isEmpty, "console: \(console)")
            #expect(out["chinese_labels_in_english"] == .array([]), "English words on the Chinese page: \(out["chinese_labels_in_english"] ?? .null)")
            // The desk screenshot shows imagery on the map and in the chip, not the empty grey of a map without tiles.
            let desk = try Raster.open(dir.appendingPathComponent("desk-case.png").path)
            let pixels = try desk.read(bands: [1, 2, 3], as: UInt8.self)
            for element in ["map_box", "chip_box"] {
                let box = (out["desk_layout"]?[element]?.arrayValue ?? []).compactMap { $0.intValue.map(Int.init) }
                try #require(box.count == 4, "\(element): \(out["desk_layout"] ?? .null)")
                var colours = Set<Int>(), grey = 0, counted = 0
                for y in stride(from: max(box[1], 0), to: min(box[1] + box[3], pixels.height), by: 3) {
                    for x in stride(from: max(box[0], 0), to: min(box[0] + box[2], pixels.width), by: 3) {
                        let i = y * pixels.width + x, n = pixels.pixelsPerBand
                        let (r, g, b) = (Int(pixels.values[i]), Int(pixels.values[n + i]), Int(pixels.values[2 * n + i]))
                        colours.insert(r << 16 | g << 8 | b)
                        if abs(r - 0xdd) < 4 && abs(g - 0xdd) < 4 && abs(b - 0xdd) < 4 { grey += 1 }
                        counted += 1
                    }
                }
                #expect(counted > 1000 && colours.count > 200 && grey < counted / 4,
                        "\(element) in the desk screenshot: \(colours.count) colours, \(grey) of \(counted) samples map-grey")
            }
            for shot in ["phone-case.png", "desk-case.png"] {
                let raster = try Raster.open(dir.appendingPathComponent(shot).path)
                let rgb = try raster.read(bands: [1, 2, 3], as: UInt8.self)
                let n = rgb.pixelsPerBand, row = 5 * rgb.width
                let bar = (row..<(row + rgb.width)).filter { abs(Int(rgb.values[$0]) - 0x2f) + abs(Int(rgb.values[n + $0]) - 0x5d) < 30 }.count
                #expect(bar > rgb.width * 2 / 3, "\(shot): no app bar")
            }
        }
    }
}
