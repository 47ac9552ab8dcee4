import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// `/metrics` over real HTTP: Hummingbird's request counter under its route pattern, and the
/// ledger's gauges from the store's counts (cases by status, cases overdue on the service's day).
@Suite("Prometheus metrics")
struct MetricsTests {
    /// The value of the series `name{labels}` in a Prometheus text, if present.
    static func value(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    @Test func aScrapeCountsRequestsByRouteAndGaugesCasesByStatus() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SpatiaLiteStore(path: db)
        let counts = try await Dictionary(uniqueKeysWithValues: CaseStatus.allCases.asyncMap { ($0, try await store.caseCount(CaseFilter(status: $0))) })
        // The service's clock stands years after the scan: every case still waiting for action is overdue.
        let clock = WallClock.fixed(try Timestamp("2031-03-01T08:00:00Z"))
        let overdue = try await store.cases(CaseFilter()).filter { $0.isOverdue(on: clock.today) }.count
        try await LiveServer.with(db: db, evidence: evidence, configure: { $0.clock = clock }) { server in
            let viewer = try await server.token(.viewer)
            // Request counters are the process's (one swift-metrics backend), so other tests may add to this one too.
            let series = "shanshui_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{id}\",status=\"404\"}"
            let before = Self.value(String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self), series) ?? 0
            for _ in 0..<3 { #expect(try await server.send("GET", "/api/v1/cases/SS-nonexistent-metrics", token: viewer).status == 404) }
            // The counter is written once each response has gone out; a few scrapes wait for the last one.
            var text = "", seen = before
            for _ in 0..<50 where seen < before + 3 {
                text = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
                seen = Self.value(text, series) ?? 0
                if seen < before + 3 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(seen >= before + 3, "\(series) went from \(before) to \(seen) after three requests")
            #expect(text.contains("# TYPE shanshui_http_request_duration_seconds histogram"))
            #expect(text.contains("shanshui_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/cases/{id}\",status=\"404\"}"))
            for (status, n) in counts {
                #expect(Self.value(text, "shanshui_cases{status=\"\(status.rawValue)\"}") == Double(n), "cases \(status.rawValue)")
            }
            #expect(counts.values.reduce(0, +) > 0, "the scanned county has cases")
            #expect(overdue > 0 && Self.value(text, "shanshui_cases_overdue") == Double(overdue), "\(overdue) overdue")
            #expect(Self.value(text, "shanshui_scans_running") == 0)
            #expect(Self.value(text, "shanshui_outbox_notices{state=\"dead\"}") == 0)
            // A transition moves one case from one gauge to the next on the next scrape.
            let officer = try await server.token(.officer)
            let flagged = try #require(try await store.cases(CaseFilter(status: .flagged), offset: 0, limit: 1).first)
            let answer = try await server.send("POST", "/api/v1/cases/\(flagged.id)/transitions", token: officer,
                                               headers: ["If-Match": "\"\(flagged.revision)\""], json: .object([("action", "dispatch")]))
            #expect(answer.status == 200)
            let after = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
            #expect(Self.value(after, "shanshui_cases{status=\"flagged\"}") == Double(counts[.flagged]! - 1))
            #expect(Self.value(after, "shanshui_cases{status=\"dispatched\"}") == Double(counts[.dispatched]! + 1))
            // Dispatching keeps the due day: the case stays overdue.
            #expect(Self.value(after, "shanshui_cases_overdue") == Double(overdue))
        }
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
