import Foundation

/// Where the CJK font for text on images is: `SHANSHUI_FONT` when set, else the first of the
/// usual Debian/macOS paths that exists, else what fontconfig's `fc-match` picks for Chinese.
/// `scripts/setup` installs `fonts-wqy-zenhei`. With none found, text falls back to the 5×7
/// Latin dot font and one warning goes to standard error.
public enum FontFile {
    /// Font files tried in order (TrueType or OpenType, collections too).
    static let knownPaths = [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
    ]

    /// The font text is drawn with, nil when none is installed (found once per process).
    public static let cjk: String? = {
        let found = locate()
        if found == nil {
            FileHandle.standardError.write(Data("warning: no CJK font found (install fonts-wqy-zenhei or set SHANSHUI_FONT); text on images falls back to a Latin dot font\n".utf8))
        }
        return found
    }()

    private static func locate() -> String? {
        let files = FileManager.default
        if let chosen = ProcessInfo.processInfo.environment["SHANSHUI_FONT"], files.fileExists(atPath: chosen) { return chosen }
        if let known = knownPaths.first(where: { files.fileExists(atPath: $0) }) { return known }
        return fcMatch()
    }

    /// `fc-match -f %{file} sans-serif:lang=zh-cn`, when fontconfig's tool is installed.
    private static func fcMatch() -> String? {
        guard let tool = ["/usr/bin/fc-match", "/usr/local/bin/fc-match", "/opt/homebrew/bin/fc-match"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        guard let run = try? ChildProcess.run(tool, ["-f", "%{file}", "sans-serif:lang=zh-cn"], timeout: 60) else { return nil }
        let path = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return run.status == 0 && FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
