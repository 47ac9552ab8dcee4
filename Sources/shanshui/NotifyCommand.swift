import ArgumentParser
import Foundation
import GeoKit
import Shanshui
import ShanshuiNotify

/// `shanshui notify`: delivers the notification outbox; `notify status` counts it.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Deliver notifications from the outbox (webhook, email, SMS gateway); `notify status` counts them.",
        subcommands: [NotifyRun.self, NotifyStatus.self], defaultSubcommand: NotifyRun.self)
}

/// The channel settings `notify` and `serve` share.
struct NotifyOptions: ParsableArguments {
    @Option(help: "Key of the webhooks' X-Shanshui-Signature HMAC-SHA256 header (default: $SHANSHUI_WEBHOOK_SECRET).") var webhookSecret: String?
    @Option(help: "SMTP server for email contacts, HOST:PORT.") var smtp: String?
    @Option(help: "Sender address of emails.") var smtpFrom = "shanshui@localhost"
    @Option(help: "SMS gateway URL (a webhook taking {id, to, text}).") var smsGateway: String?
    @Option(help: "Channel for people without a contact: sms (to their phone, through --sms-gateway).") var defaultChannel: String?
    @Option(help: "Tries before a notice becomes a dead letter.") var maxAttempts = 5
    @Option(help: "Seconds before the second try; each further wait doubles.") var backoff: Double = 30
    @Option(help: "Seconds a worker holds a notice it is delivering (a dead worker's notices go out again after it).") var lease: Double = 60
    @Option(help: "Days before a due day that reminders go out.") var dueWithin = 3
    @Option(help: "Seconds one delivery may take before it counts as failed.") var timeout: Double = 15
    @Flag(help: "Send everyone one daily digest (the UTC day's notices, after it ends) instead of each notice on its own.")
    var digest = false

    /// The worker over `store` with these settings.
    func worker(_ store: any WorkspaceStore, clock: WallClock) throws -> NotificationWorker {
        var channels = NotificationChannels()
        channels.webhookSecret = webhookSecret ?? ProcessInfo.processInfo.environment["SHANSHUI_WEBHOOK_SECRET"]
        if let smtp {
            let parts = smtp.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--smtp is HOST:PORT, got '\(smtp)'") }
            channels.smtp = (String(parts[0]), port, smtpFrom)
        }
        channels.smsGateway = smsGateway
        channels.timeout = timeout
        if let defaultChannel {
            guard defaultChannel == "sms" else { throw ValidationError("--default-channel can only be sms (people's phones); others need an address") }
            channels.defaultChannel = .sms
        }
        var worker = NotificationWorker(outbox: store, cases: store, channels: channels)
        worker.clock = clock
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        worker.maxAttempts = maxAttempts
        worker.backoff = backoff
        worker.lease = lease
        worker.dueWithin = dueWithin
        worker.digestEveryone = digest
        return worker
    }
}

struct NotifyRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Deliver notifications until stopped (or, with --once, until none is due).")
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var options: NotifyOptions
    @Flag(help: "Deliver what is due now, then exit.") var once = false
    @Option(help: "Seconds between looks at the outbox.") var poll: Double = 1
    @Flag(help: "No line per delivery.") var quiet = false

    func run() async throws {
        try await reportingFailure {
            let worker = try options.worker(try workspace.open(), clock: try workspace.clock)
            let quiet = quiet
            let s = try await worker.run(poll: poll, once: once) { if !quiet { printError($0) } }
            print("notify: \(s.sent) sent, \(s.retried) to try again, \(s.dead) dead, \(s.reminders) reminder(s) and \(s.digests) digest(s) queued")
        }
    }
}

struct NotifyStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Count the outbox: pending, failed (waiting to retry), sending, sent, dead, digested.")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let all = try await workspace.open().outbox(state: nil)
            let counts: [(String, Int)] = [
                ("pending", all.filter { $0.state == .pending && !$0.isFailed }.count), ("failed", all.filter(\.isFailed).count),
                ("sending", all.filter { $0.state == .sending }.count), ("sent", all.filter { $0.state == .sent }.count),
                ("dead", all.filter { $0.state == .dead }.count), ("digested", all.filter { $0.state == .digested }.count),
            ]
            let problems = all.filter { $0.isFailed || $0.state == .dead }
            if json {
                let listed: [JSONValue] = problems.map { e in
                    let members: [(key: String, value: JSONValue)] = [
                        ("id", .string(e.notice.id)), ("state", .string(e.isFailed ? "failed" : e.state.rawValue)),
                        ("kind", .string(e.notice.kind.rawValue)), ("recipient", .string(e.notice.recipient)),
                        ("attempts", .int(Int64(e.attempts))), ("error", e.lastError.map(JSONValue.string) ?? .null),
                    ]
                    return .object(members)
                }
                var members: [(key: String, value: JSONValue)] = counts.map { ($0.0, JSONValue.int(Int64($0.1))) }
                members.append(("problems", .array(listed)))
                print(JSONValue.object(members).serialized(pretty: true))
                return
            }
            print(counts.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
            var table = TextTable("id", "state", "kind", "case", "recipient", "attempts", "error")
            for e in problems {
                table.add(e.notice.id, e.isFailed ? "failed" : e.state.rawValue, e.notice.kind.rawValue, String(e.notice.caseID),
                          e.notice.recipient, String(e.attempts), e.lastError ?? "")
            }
            if !problems.isEmpty { print(table.text) }
        }
    }
}

struct GridContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contact", abstract: "Set how a grid person is notified: webhook, email or sms, with an address.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The person's phone, as in the assignments.") var phone: String
    @Option(help: "The person's name (default: the phone).") var name: String?
    @Option(help: "webhook, email or sms.") var channel: String
    @Option(help: "The URL (webhook), email address (email) or number (sms; default: the phone).") var address: String?
    @Flag(help: "Gather the person's notices of a (UTC) day into one digest sent after the day ends.") var digest = false

    func run() async throws {
        try await reportingFailure {
            guard let kind = Contact.Channel(rawValue: channel) else { throw ValidationError("unknown --channel '\(channel)'; accepted: webhook, email, sms") }
            let person = try Person(name: name ?? "联系人", phone: phone)
            let contact = try Contact(name: name ?? person.phone, phone: person.phone, channel: kind, address: address, digest: digest)
            try await workspace.open().setContacts([contact])
            print("\(contact.name) (\(contact.phone)): \(contact.channel.rawValue) \(contact.address)\(digest ? ", daily digest" : "")")
        }
    }
}
