import Foundation

/// Where a store keeps each schema migration: one SQL file per migration in its module's
/// `Schema/` resources, named after the migration (`v01-registry.sql` for "v1 registry"), so the
/// two dialects' schemas read side by side.
public enum SchemaFile {
    /// The file name (without `.sql`) of a migration: its number on two digits, then its words.
    public static func name(of migration: String) -> String {
        let words = migration.split(separator: " ")
        let number = Int(words[0].dropFirst()) ?? 0
        return String(format: "v%02d-", number) + words.dropFirst().joined(separator: "-")
    }

    /// The SQL text of a migration from a module's resources.
    /// - Throws: `StoreError.unusable` when the file is missing (a broken installation).
    public static func text(of migration: String, in bundle: Bundle) throws -> String {
        let file = name(of: migration)
        guard let url = bundle.url(forResource: file, withExtension: "sql", subdirectory: "Schema"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw StoreError.unusable("the schema file Schema/\(file).sql is missing from \(bundle.bundlePath); reinstall Shanshui")
        }
        return text
    }
}
