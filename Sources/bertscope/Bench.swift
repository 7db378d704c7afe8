import ArgumentParser

/// Benchmarks (owned by the lead).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Time the forward pass.")
    func run() throws { throw ValidationError("bench is not built yet") }
}
