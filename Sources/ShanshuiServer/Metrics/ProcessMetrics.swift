import Metrics
import Prometheus

/// The process's Prometheus registry, installed as swift-metrics' backend on first use, so
/// Hummingbird's `MetricsMiddleware` counts and times every request into it under our names:
/// `shanshui_http_requests_total` and `shanshui_http_request_duration_seconds` by method, route
/// pattern (never the concrete path, which would make one series per case) and status.
/// swift-metrics has one backend per process: a program embedding the service must not
/// bootstrap another one before it.
enum ProcessMetrics {
    /// The registry request metrics go to (bootstrapped into swift-metrics the first time it is read).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            let renamed = labels.map { (labelNames[$0.0] ?? $0.0, $0.1) }
                .sorted { (labelOrder.firstIndex(of: $0.0) ?? labelOrder.count) < (labelOrder.firstIndex(of: $1.0) ?? labelOrder.count) }
            return (names[name] ?? name, renamed)
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Hummingbird's metric names and ours.
    static let names = [
        "hb.requests": "shanshui_http_requests_total",
        "hb.request.errors": "shanshui_http_request_errors_total",
        "http.server.request.duration": "shanshui_http_request_duration_seconds",
        "http.server.active_requests": "shanshui_http_active_requests",
    ]

    /// Hummingbird's label names (OpenTelemetry's) and ours.
    static let labelNames = ["http.request.method": "method", "http.route": "route", "http.response.status_code": "status", "error.type": "status"]
    static let labelOrder = ["method", "route", "status"]
}
