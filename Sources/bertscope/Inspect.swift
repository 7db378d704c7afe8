import ArgumentParser

/// What a notebook user would print (owned by the lead).
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Print the model's outputs.")
    func run() throws { throw ValidationError("inspect is not built yet") }
}
