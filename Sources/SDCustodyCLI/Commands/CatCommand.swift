import ArgumentParser

struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cat", abstract: "Not yet built.")
    func run() throws { throw CLIError.input("cat: not built yet") }
}
