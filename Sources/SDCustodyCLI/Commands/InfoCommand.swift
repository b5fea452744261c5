import ArgumentParser

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Not yet built.")
    func run() throws { throw CLIError.input("info: not built yet") }
}
