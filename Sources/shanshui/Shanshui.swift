import ArgumentParser
import GeoKit

/// The `shanshui` command: ecological-protection supervision from orbit to the grid cell.
@main
struct Shanshui: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shanshui",
        abstract: "Protected-area change detection and grid-supervision toolkit.",
        version: ShanshuiVersion.string,
        subcommands: [VersionCommand.self, InfoCommand.self, InitCommand.self, ReservesCommand.self, GridCommand.self,
                      DetectCommand.self, EpochsCommand.self, ScanCommand.self, ScansCommand.self, CasesCommand.self,
                      ExportCommand.self, InspectCommand.self, ReportCommand.self,
                      ServeCommand.self, TokensCommand.self, UsersCommand.self, WorkerCommand.self])
}

/// Shanshui's own version.
enum ShanshuiVersion {
    static let string = "0.1.0"
}
