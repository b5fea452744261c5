import ArgumentParser

struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "Not yet built.")
    func run() throws { throw CLIError.input("ls: not built yet") }
}
