import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui

/// The delivery channels and their settings: webhooks (JSON POST signed with HMAC-SHA256 under
/// `webhookSecret`), email over SMTP, and an SMS gateway (the webhook profile with `to` and `text`).
public struct NotificationChannels: Sendable {
    /// The key of the `X-Shanshui-Signature: sha256=HEX` header (HMAC-SHA256 of the body).
    public var webhookSecret: String?
    /// The SMTP server (host, port) and the sender address.
    public var smtp: (host: String, port: Int, from: String)?
    /// The SMS gateway's URL.
    public var smsGateway: String?
    /// The channel of people without a contact (`sms` to their phone), if any.
    public var defaultChannel: Contact.Channel?
    /// Seconds a delivery may take.
    public var timeout: Double = 15

    /// No channel configured.
    public init() {}

    /// How to reach the notice's person: their contact, else the default channel.
    /// - Throws: `UndeliverableError` saying how to give the person a channel.
    func contact(for n: Notice, in contacts: [String: Contact]) throws -> Contact {
        let (name, phone) = n.person
        if let c = contacts[phone] { return c }
        if defaultChannel == .sms { return try Contact(name: name, phone: phone, channel: .sms, address: phone) }
        throw UndeliverableError("no channel for \(name) (\(phone)): give one with `shanshui grid contact \(phone) --channel webhook|email|sms --address ...` "
            + "or the sheet's channel/address columns, or run notify with --default-channel sms --sms-gateway URL")
    }

    /// Sends one notice through the contact's channel: `subject` and `text` as every channel shows
    /// them, `details` as extra members of the webhook's JSON (the case, or a digest's items).
    /// `now` dates an email.
    func deliver(_ n: Notice, subject: String, text: String, details: [(key: String, value: JSONValue)], to contact: Contact,
                 at now: Timestamp) async throws {
        switch contact.channel {
        case .webhook:
            let body = JSONValue.object([
                ("id", .string(n.id)), ("kind", .string(n.kind.rawValue)), ("subject", .string(subject)), ("text", .string(text)),
                ("recipient", .object([("name", .string(n.person.name)), ("phone", .string(n.person.phone)), ("role", .string(n.role))])),
            ] + details)
            try await post(body, to: contact.address, id: n.id)
        case .sms:
            guard let gateway = smsGateway else { throw UndeliverableError("no SMS gateway: run notify with --sms-gateway URL") }
            try await post(.object([("id", .string(n.id)), ("to", .string(contact.address)), ("text", .string(subject + "\n" + text))]),
                           to: gateway, id: n.id)
        case .email:
            guard let smtp else { throw UndeliverableError("no SMTP server: run notify with --smtp HOST:PORT --smtp-from ADDRESS") }
            let message = SMTPMessage(from: smtp.from, to: contact.address, subject: subject, text: text, id: n.id, date: now)
            let timeout = timeout
            try await BlockingExecutor.run { try SMTPClient.send(message, host: smtp.host, port: smtp.port, timeout: timeout) }
        }
    }

    /// The signature header's value for `body`: `sha256=` and the hex HMAC-SHA256 under the secret.
    public static func signature(_ body: Data, secret: String) -> String {
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    private func post(_ json: JSONValue, to address: String, id: String) async throws {
        guard let url = URL(string: address) else { throw UndeliverableError("'\(address)' is not a URL") }
        let body = Data(json.serialized().utf8)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(id, forHTTPHeaderField: "Idempotency-Key")
        request.setValue(id, forHTTPHeaderField: "X-Shanshui-Id")
        if let webhookSecret { request.setValue(Self.signature(body, secret: webhookSecret), forHTTPHeaderField: "X-Shanshui-Signature") }
        let response: URLResponse
        do {
            (_, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw DeliveryError("POST \(address): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw DeliveryError("POST \(address): HTTP \(status)") }
    }
}
