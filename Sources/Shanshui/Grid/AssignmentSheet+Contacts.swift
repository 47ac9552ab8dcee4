import Foundation

extension AssignmentSheet {
    /// The notification contacts a one-row-per-person sheet gives in its optional `channel`
    /// (webhook, email, sms; 通知方式), `address` (通知地址) and `digest` (汇总: yes/no, 是/否) columns:
    /// one per row that names a channel.
    /// - Throws: `DomainError` naming the file, row and what is wrong.
    public static func contacts(_ bytes: [UInt8], source: String) throws -> [Contact] {
        let names: [String: [String]] = [
            "person": ["person", "name", "姓名"], "phone": ["phone", "电话", "联系电话", "手机"],
            "channel": ["channel", "通知方式", "渠道"], "address": ["address", "通知地址", "地址"],
            "digest": ["digest", "汇总", "每日汇总"],
        ]
        var header: [String: Int]?
        var contacts: [Contact] = []
        var row = 0
        try CSV.forEachRecord(bytes) { line, fields in
            guard let header else {
                var found: [String: Int] = [:]
                for (i, f) in fields.enumerated() {
                    let name = f.trimmingCharacters(in: .whitespaces).lowercased()
                    if let key = names.first(where: { $0.value.contains(name) })?.key, found[key] == nil { found[key] = i }
                }
                header = found
                return
            }
            row += 1
            guard let c = header["channel"], let p = header["person"], let ph = header["phone"] else { return }
            func value(_ i: Int?) -> String? {
                i.flatMap { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let text = value(c) else { return }
            do {
                guard let channel = Contact.Channel(rawValue: text.lowercased()) ?? ["短信": .sms, "邮件": .email, "邮箱": .email][text] else {
                    throw DomainError.invalidValue("channel '\(text)' is not webhook, email or sms")
                }
                let person = try Person(name: value(p) ?? "", phone: value(ph) ?? "")
                contacts.append(try Contact(name: person.name, phone: person.phone, channel: channel, address: value(header["address"]),
                                            digest: try Contact.digestChoice(value(header["digest"]))))
            } catch {
                throw DomainError.invalidInput("\(source), row \(row) (line \(line)): \(error)")
            }
        }
        return contacts
    }
}
