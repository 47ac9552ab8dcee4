import Hummingbird
import Shanshui

/// The filters and order of a case listing, read from the query by one rule for the ledger
/// table (`GET /api/v1/cases`) and its downloads (`GET /api/v1/downloads/cases`), so a download
/// holds exactly what the table shows. Each bad value is a 400 naming the parameter.
enum CaseListQuery {
    /// The query parameters read here.
    static let parameters = ["status", "area", "cell", "scan", "overdue", "activity", "severity", "as_of", "due_by", "confidence", "sort"]

    /// The case filter the request asks for; `overdue=true` is judged on `today`.
    static func filter(_ request: Request, registry: Registry, today: Day) async throws -> CaseFilter {
        var filter = CaseFilter(cellCode: request.query("cell"), scanID: try Params.parse(request, "scan") { try ScansController.int($0) })
        if let status = request.query("status") {
            do { try filter.status(parsing: status) } catch { throw Problem.badRequest("query parameter 'status': \(error)") }
        }
        if let area = request.query("area") { filter.areaID = try await registry.area(area).id }
        if try Params.parse(request, "overdue", { try Bool(parsingFlag: $0) }) ?? false { filter.overdueOn = today }
        filter.activity = try Params.parse(request, "activity") { text in
            guard Activity(rawValue: text) != nil else {
                throw DomainError.invalidValue("unknown activity '\(text)'; accepted: \(Activity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return text
        }
        filter.severity = try Params.parse(request, "severity") { text in
            guard let s = Severity(rawValue: text) else {
                throw DomainError.invalidValue("unknown severity '\(text)'; accepted: \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return s
        }
        filter.detectedBy = try Params.parse(request, "as_of") { try Day($0) }
        filter.dueBy = try Params.parse(request, "due_by") { try Day($0) }
        filter.minConfidence = try Params.parse(request, "confidence") { text in
            guard let c = Double(text), (0...1).contains(c) else { throw DomainError.invalidValue("'\(text)' is not a confidence from 0 to 1") }
            return c
        }
        filter.sort = try Params.parse(request, "sort") { try CaseSort(parsing: $0) }
        return filter
    }
}
