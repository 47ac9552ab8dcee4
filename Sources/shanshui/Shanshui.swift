import ArgumentParser

@main
struct Shanshui: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shanshui", abstract: "Shanshui")
}
