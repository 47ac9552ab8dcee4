import Prometheus
import Shanshui

/// The `/metrics` text: the process's request series (`ProcessMetrics`) and this service's
/// gauges — scans running, cases by status, cases overdue, notifications waiting in the outbox —
/// set on each scrape from counts the store makes (no case is loaded).
public final class ServiceMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let scansRunning: Gauge
    private let cases: [(CaseStatus, Gauge)]
    private let casesOverdue: Gauge
    private let outbox: [(OutboxEntry.State, Gauge)]

    /// Gauges at zero; reading `ProcessMetrics.registry` installs the request metrics' backend.
    public init() {
        _ = ProcessMetrics.registry
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        scansRunning = registry.makeGauge(descriptor: Self.name("scans_running", "Scans running in this service."))
        cases = CaseStatus.allCases.map { status in
            (status, registry.makeGauge(descriptor: Self.name("cases", "Cases in the ledger by status."), labels: [("status", status.rawValue)]))
        }
        casesOverdue = registry.makeGauge(descriptor: Self.name("cases_overdue", "Cases past their due day and still waiting for action (Case.isOverdue(on:) today)."))
        outbox = [OutboxEntry.State.pending, .sending, .dead].map { state in
            (state, registry.makeGauge(descriptor: Self.name("outbox_notices", "Notifications in the outbox by state (pending and sending: not yet delivered; dead: given up)."),
                                       labels: [("state", state.rawValue)]))
        }
    }

    /// `shanshui_NAME` with its help line.
    private static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "shanshui", metricName: name, unitName: "", helpText: help)
    }

    /// Sets the gauges from the store's counts (cases overdue on `today`, counted in SQL) and
    /// writes every series in Prometheus text format.
    func exposition(store: any WorkspaceStore, scansRunning running: Int, today: Day) async throws -> String {
        scansRunning.set(Int64(running))
        for (status, gauge) in cases { gauge.set(Int64(try await store.caseCount(CaseFilter(status: status)))) }
        var overdue = CaseFilter()
        overdue.overdueOn = today
        casesOverdue.set(Int64(try await store.caseCount(overdue)))
        let waiting = try await store.outboxCounts()
        for (state, gauge) in outbox { gauge.set(Int64(waiting[state] ?? 0)) }
        return ProcessMetrics.registry.emitToString() + registry.emitToString()
    }
}
