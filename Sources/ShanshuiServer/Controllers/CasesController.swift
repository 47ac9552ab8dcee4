import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/cases`: the problem ledger: list with filters and paging, one case with its history
/// (ETag = revision), transitions guarded by If-Match, and the case's evidence files.
struct CasesController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/cases", tag: "cases", publicMode: services.configuration.isPublic)
        let ledger = services.ledger, registry = services.registry, configuration = services.configuration, store = services.store
        let evidence = FileFolder(configuration.evidenceDirectory,
                                  mediaTypes: Dictionary(uniqueKeysWithValues: PhotoType.allCases.map { ($0.fileExtension, $0.mediaType) }))
        e.get("", "Cases with filters (status, area, cell, scan, overdue, activity, severity, as_of = detected by, due_by, confidence), "
              + "sorted by `sort` (a column, '-' before it for descending; newest first by default) and paged",
              query: CaseListQuery.parameters + ["limit", "offset"]) { request, _, caller in
            let today = configuration.clock.today
            let filter = try await CaseListQuery.filter(request, registry: registry, today: today)
            let paging = try Paging(request, defaultLimit: 100, maximumLimit: 1000)
            let limit = paging.limit, offset = paging.offset
            let query = filter  // filtered, sorted, counted and paged by the store
            async let matched = store.caseCount(query)
            let (page, total) = (try await store.cases(query, offset: offset, limit: limit), try await matched)
            let next = paging.next(request, total: total)
            return Reply.json(PageShape.cases(page, audience: Audience(personal: caller.personal), today: today, total: total,
                                              limit: limit, offset: offset, next: next))
        }
        e.get("{id}", "One case with its history, allowed actions and evidence; ETag is its revision") { _, context, caller in
            let (c, events, attachments) = try await ledger.history(try Params.path(context, "id"))
            return Self.detail(c, events, attachments, caller: caller, evidence: configuration.evidenceDirectory,
                               today: configuration.clock.today)
        }
        e.on(.post, "{id}/transitions", "Act on a case: {action, note?, ...fields}; needs If-Match with the case's ETag",
             access: .role(Self.transitionRole), body: "application/json") { request, context, caller in
            guard let revision = try Self.ifMatch(request) else {
                throw Problem(.preconditionRequired, "send If-Match with the case's ETag (GET the case first), so nobody's change is overwritten")
            }
            var request = request
            let body = try await request.decode(CaseTransitionBody.self, limit: configuration.maxBodyBytes)
            let c = try await ledger.perform(try body.caseAction(), on: try Params.path(context, "id"), by: caller.actor,
                                             note: body.note, expectedRevision: revision)
            let (_, events, attachments) = try await ledger.history(String(c.id))
            return Self.detail(c, events, attachments, caller: caller, evidence: configuration.evidenceDirectory,
                               today: configuration.clock.today)
        }
        e.get("{id}/evidence/{file}", "An evidence file of a case: before/after chips (PNG); field photos need a token") { request, context, caller in
            let c = try await ledger.find(try Params.path(context, "id"))
            let file = try Params.path(context, "file")
            guard EvidenceFiles.isPlainName(file) else { throw Problem.notFound("no evidence file '\(file)'") }
            guard EvidenceFiles.isChip(file) || caller.personal else {
                // Photos carry GPS and faces: anonymous callers are sent to sign in, whether or not the file exists.
                throw Endpoints.unauthorized
            }
            return try await evidence.response(c.number + "/" + file, to: request, context: context,
                                               missing: Problem.notFound("case \(c.number) has no file '\(file)'"))
        }
        return e
    }

    /// The case revision named by the request's If-Match (`"3"` or `W/"3"`), nil without the header.
    /// - Throws: 400 for a value that is not a case ETag.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let tag = request.headers[.ifMatch] else { return nil }
        guard let revision = Int(tag.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))) else {
            throw Problem.badRequest("If-Match '\(tag)' is not a case ETag such as \"3\"")
        }
        return revision
    }

    /// The role that may act on cases (transitions).
    static let transitionRole = Role.officer

    /// A case as the API shows it (the same shape as `shanshui cases show --json`), with the
    /// actions this caller may take now: the state machine's, if their role may move cases.
    static func detail(_ c: Case, _ events: [CaseEvent], _ attachments: [Attachment], caller: Caller, evidence: String, today: Day) -> Response {
        let mayAct = caller.identity?.role.allows(transitionRole) == true
        return Reply.json(CaseDetailShape(c, events: events, attachments: attachments, audience: Audience(personal: caller.personal),
                                          evidence: evidence, mayAct: mayAct, today: today),
                          headers: [.eTag: "\"\(c.revision)\""])
    }
}

/// The JSON body of a transition: `{"action": "verify", "verdict": "confirmed"}` and so on;
/// each action reads the fields it needs.
struct CaseTransitionBody: Decodable {
    var action: String
    var note: String?
    var to: String?
    var verdict: String?
    var permit: String?
    var reason: String?
    var text: String?
    var plan: String?
    var dueOn: String?
    var percent: Int?
    var department: String?
    var receipt: String?
    var level: String?

    /// The action the body names, with its fields.
    /// - Throws: 400 naming the missing field, 422 naming a field whose value is refused, or listing the actions.
    func caseAction() throws -> CaseAction {
        func required(_ value: String?, _ name: String) throws -> String {
            guard let value else { throw BodyField.problem(.badRequest, name, "is required for '\(action)'") }
            return value
        }
        switch action {
        case "dispatch": return .dispatch(to: to)
        case "verify":
            let name = try required(verdict, "verdict")
            return .verify(try BodyField.parse("verdict", name) { try Verdict(parsing: $0, reason: reason, text: text, permit: permit) })
        case "rectify":
            let plan = try required(plan, "plan")
            return .rectify(plan: plan, dueOn: try BodyField.parse("due_on", try required(dueOn, "due_on")) { try Day($0) })
        case "progress":
            guard let percent else { throw BodyField.problem(.badRequest, "percent", "is required for 'progress' (0 to 100; 100: rectified)") }
            return .progress(percent: percent)
        case "accept": return .accept(note: note)
        case "close": return .close
        case "transfer": return .transfer(Transfer(department: try required(department, "department"), receipt: try required(receipt, "receipt")))
        case "supervise": return .supervise(level: try required(level, "level"))
        case let other:
            throw BodyField.problem(.badRequest, "action", "'\(other)' is not an action; actions: \(CaseAction.names.joined(separator: ", "))")
        }
    }
}
