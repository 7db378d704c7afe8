import ArgumentParser

/// The full-screen explorer (owned by the UI work; this file is its entry point).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore", abstract: "Open the full-screen explorer (the default command).")
    @OptionGroup var modelOptions: ModelOptions
    @Argument(help: "The sentence to start with.") var sentence: String = "Hello, my dog is cute"
    func run() throws { throw ValidationError("the explorer is not built yet") }
}
