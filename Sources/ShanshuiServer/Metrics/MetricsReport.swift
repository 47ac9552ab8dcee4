import Shanshui

/// The `/metrics` text: request series plus scans running and cases by status.
enum MetricsReport {
    static func text(_ services: Services) async throws -> String {
        let cases = try await services.store.cases(CaseFilter())
        let byStatus = CaseStatus.allCases.map { status in
            (labels: "status=\"\(status.rawValue)\"", value: Double(cases.filter { $0.status == status }.count))
        }
        return services.metrics.exposition(gauges: [
            (name: "shanshui_scans_running", help: "Scans running in this service.", values: [(labels: "", value: Double(services.scans.count))]),
            (name: "shanshui_cases", help: "Cases in the ledger by status.", values: byStatus),
        ])
    }
}
