import Foundation
import Hummingbird
import Synchronization

/// Request counts and latencies per route, written out in Prometheus text format at `/metrics`
/// together with gauges the caller supplies (scans running, cases by status).
public final class ServiceMetrics: Sendable {
    /// Latency histogram bucket bounds, seconds.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Series {
        var count = 0
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: ServiceMetrics.buckets.count)
    }

    struct Key: Hashable, Comparable {
        var method: String
        var route: String
        var status: Int
        static func < (a: Key, b: Key) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private let series = Mutex<[Key: Series]>([:])

    /// Empty metrics.
    public init() {}

    /// Records one request.
    func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { all in
            var s = all[Key(method: method, route: route, status: status), default: Series()]
            s.count += 1
            s.sum += seconds
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.buckets[i] += 1 }
            all[Key(method: method, route: route, status: status)] = s
        }
    }

    /// The exposition text.
    /// - Parameter gauges: extra gauges as (name, help, [(labels, value)]).
    public func exposition(gauges: [(name: String, help: String, values: [(labels: String, value: Double)])]) -> String {
        var out = "# HELP shanshui_http_requests_total HTTP requests by method, route and status.\n# TYPE shanshui_http_requests_total counter\n"
        let snapshot = series.withLock { $0 }.sorted { $0.key < $1.key }
        for (k, s) in snapshot { out += "shanshui_http_requests_total{\(labels(k))} \(s.count)\n" }
        out += "# HELP shanshui_http_request_duration_seconds HTTP request latency.\n# TYPE shanshui_http_request_duration_seconds histogram\n"
        for (k, s) in snapshot {
            for (i, bound) in Self.buckets.enumerated() {
                out += "shanshui_http_request_duration_seconds_bucket{\(labels(k)),le=\"\(bound)\"} \(s.buckets[i])\n"
            }
            out += "shanshui_http_request_duration_seconds_bucket{\(labels(k)),le=\"+Inf\"} \(s.count)\n"
            out += "shanshui_http_request_duration_seconds_sum{\(labels(k))} \(s.sum)\n"
            out += "shanshui_http_request_duration_seconds_count{\(labels(k))} \(s.count)\n"
        }
        for g in gauges {
            out += "# HELP \(g.name) \(g.help)\n# TYPE \(g.name) gauge\n"
            for v in g.values { out += "\(g.name)\(v.labels.isEmpty ? "" : "{\(v.labels)}") \(v.value)\n" }
        }
        return out
    }

    private func labels(_ k: Key) -> String {
        "method=\"\(k.method)\",route=\"\(k.route.replacingOccurrences(of: "\"", with: "\\\""))\",status=\"\(k.status)\""
    }
}

/// Times every request and counts it under its route pattern (not its concrete path, which
/// would make one series per case id).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code,
                       seconds: seconds)
        return response
    }
}
