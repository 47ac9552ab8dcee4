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
        e.get("", "Cases, newest first, with filters and paging",
              query: ["status", "area", "cell", "scan", "overdue", "limit", "offset"]) { request, _, caller in
            var filter = CaseFilter(cellCode: request.query("cell"), scanID: try Params.parse(request, "scan") { try ScansController.int($0) })
            if let status = request.query("status") {
                if status == "supervised" { filter.supervised = true } else {
                    guard let s = CaseStatus(rawValue: status) else {
                        throw Problem.badRequest("unknown status '\(status)'; accepted: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")), supervised")
                    }
                    filter.status = s
                }
            }
            if let area = request.query("area") { filter.areaID = try await registry.area(area).id }
            let overdue = try Params.parse(request, "overdue") { text -> Bool in
                guard let b = Bool(text) else { throw DomainError.invalidValue("'\(text)' is not true or false") }
                return b
            } ?? false
            let paging = try Paging(request, defaultLimit: 100, maximumLimit: 1000)
            let limit = paging.limit, offset = paging.offset
            let today = configuration.clock.today
            if overdue { filter.overdueOn = today }  // filtered, counted and paged by the store
            async let matched = store.caseCount(filter)
            let (page, total) = (try await store.cases(filter, offset: offset, limit: limit), try await matched)
            var members: [(key: String, value: JSONValue)] = [
                ("cases", .array(page.map { .object(CaseFields.properties($0, today: today, includePersonal: caller.personal).members) })),
                ("total", .int(Int64(total))), ("limit", .int(Int64(limit))), ("offset", .int(Int64(offset))),
            ]
            if paging.hasMore(total: total) {
                members.append(("next", .string(Self.link(request, replacing: "offset", with: String(paging.nextOffset)))))
            }
            return Reply.json(.object(members))
        }
        e.get("{id}", "One case with its history, allowed actions and evidence; ETag is its revision") { _, context, caller in
            let (c, events, attachments) = try await ledger.history(try Params.path(context, "id"))
            return Reply.json(Self.detail(c, events, attachments, caller: caller, evidence: configuration.evidenceDirectory),
                              headers: [.eTag: "\"\(c.revision)\""])
        }
        e.on(.post, "{id}/transitions", "Act on a case: {action, note?, ...fields}; needs If-Match with the case's ETag",
             access: .role(Self.transitionRole), body: "application/json") { request, context, caller in
            guard let tag = request.headers[.ifMatch] else {
                throw Problem(.preconditionRequired, "send If-Match with the case's ETag (GET the case first), so nobody's change is overwritten")
            }
            guard let revision = Int(tag.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))) else {
                throw Problem.badRequest("If-Match '\(tag)' is not a case ETag such as \"3\"")
            }
            var request = request
            let body = try await request.jsonObject(limit: configuration.maxBodyBytes)
            let action = try CaseActionBody.action(body)
            let c = try await ledger.perform(action, on: try Params.path(context, "id"), by: caller.actor,
                                             note: try body.optionalString("note"), expectedRevision: revision)
            let (_, events, attachments) = try await ledger.history(String(c.id))
            return Reply.json(Self.detail(c, events, attachments, caller: caller, evidence: configuration.evidenceDirectory),
                              headers: [.eTag: "\"\(c.revision)\""])
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

    /// The request's own URL with one query parameter replaced (for `next` links).
    static func link(_ request: Request, replacing name: String, with value: String) -> String {
        var items = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != name }
        items.append((name, value))
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        return request.uri.path + "?" + query.joined(separator: "&")
    }

    /// The role that may act on cases (transitions).
    static let transitionRole = Role.officer

    /// A case as the API shows it: fields, damage outline, history, allowed actions (and those of
    /// this caller), evidence links, the `geo:` link of its centroid.

    static func detail(_ c: Case, _ events: [CaseEvent], _ attachments: [Attachment], caller: Caller, evidence: String) -> JSONValue {
        var members = CaseFields.properties(c, includePersonal: caller.personal).members
        members.append(("revision", .int(Int64(c.revision))))
        members.append(("geometry", c.geometry.geoJSONValue))
        let allowed = CaseLifecycle.allowedActions(for: c)
        members.append(("allowed_actions", .array(allowed.map(JSONValue.string))))
        // What this caller may do now: the state machine's actions if their role may move cases.
        let mine = caller.identity?.role.allows(transitionRole) == true ? allowed : []
        members.append(("your_actions", .array(mine.map(JSONValue.string))))
        if let centroid = MyCases.item(c, from: nil).centroid { members.append(("geo_uri", .string(MyCases.geoURI(centroid)))) }
        members.append(("history", .array(events.map { Shapes.caseEvent($0, caller: caller) })))
        members.append(("chips", Shapes.chips(c, evidence: evidence)))
        if let attachments = Shapes.attachments(attachments, caller: caller) { members.append(("attachments", attachments)) }
        return .object(members)
    }
}

/// The JSON body of a transition: `{"action": "verify", "verdict": "confirmed"}` and so on.
enum CaseActionBody {
    /// The action the body names, with its fields.
    /// - Throws: 400 naming the missing or wrong field, or listing the actions.
    static func action(_ body: JSONBody) throws -> CaseAction {
        switch try body.string("action") {
        case "dispatch": return .dispatch(to: try body.optionalString("to"))
        case "verify":
            switch try body.string("verdict") {
            case "confirmed": return .verify(.confirmed)
            case "permitted": return .verify(.permitted(permit: try body.string("permit")))
            case "false_positive":
                let reason = try FalsePositiveReason(parsing: try body.string("reason"))
                return .verify(.falsePositive(reason: reason, text: try body.optionalString("text")))
            case let other: throw Problem.badRequest("unknown verdict '\(other)'; accepted: confirmed, false_positive, permitted")
            }
        case "rectify":
            let due = try body.string("due_on")
            do { return .rectify(plan: try body.string("plan"), dueOn: try Day(due)) } catch let e as DomainError {
                throw Problem.badRequest("field 'due_on': \(e)")
            }
        case "accept": return .accept(note: try body.optionalString("note"))
        case "close": return .close
        case "transfer": return .transfer(Transfer(department: try body.string("department"), receipt: try body.string("receipt")))
        case "supervise": return .supervise(level: try body.string("level"))
        case let other: throw Problem.badRequest("unknown action '\(other)'; actions: \(CaseAction.names.joined(separator: ", "))")
        }
    }
}
